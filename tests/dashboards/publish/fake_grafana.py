"""A fake Grafana HTTP API for tests, following Grafana's documented status codes and bodies.

Serves on 127.0.0.1 (a free port) from a thread: /api/health, folders,
dashboards/db with Grafana's save rules (version check unless overwrite,
412 name-exists on a same-title dashboard in the folder), get/delete by uid,
versions (every save kept), and search by type, tag and folder. Bearer
tokens map to roles; a Viewer gets 403 on writes. Faults are queued per
method and path: a status (e.g. 500 twice), or a hang past the client's
timeout, before or after the request takes effect.
"""

from __future__ import annotations

import json
import re
import threading
import time
from dataclasses import dataclass, field
from http.server import ThreadingHTTPServer
from typing import Any

Json = dict[str, Any]
Reply = tuple[int, Any]


@dataclass
class Fault:
    """Injected misbehaviour for requests matching method and path (a regex, full match)."""

    method: str
    path: str
    times: int = 1
    status: int | None = None  # answer this instead
    body: Any = None
    hang: float = 0.0  # seconds to hold the answer
    after: bool = False  # hang after the request took effect (the save landed)


@dataclass
class Stored:
    """One dashboard as Grafana keeps it, with every saved version."""

    id: int
    folder_uid: str
    model: Json
    versions: list[Json] = field(default_factory=list)
    plugin_id: str = ""


class FakeGrafana:
    """State and routing; `start()` serves it over HTTP."""

    def __init__(self, tokens: dict[str, str]) -> None:
        self.tokens = tokens  # token -> role: Admin, Editor, Viewer
        self.folders: dict[str, Json] = {}
        self.dashboards: dict[str, Stored] = {}
        self.faults: list[Fault] = []
        self.requests: list[tuple[str, str, int]] = []  # method, path, status; when answered
        self.arrivals: list[tuple[str, str]] = []  # method, path; when received
        self.lock = threading.Lock()
        self._next_id = 1
        self._server: ThreadingHTTPServer | None = None
        self.release = threading.Event()

    # -- lifecycle ---------------------------------------------------------

    def start(self) -> str:
        """Serve on a free loopback port; returns the base URL."""
        from tests.dashboards.publish.fake_grafana_http import handler_for  # the HTTP half; imports this module

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), handler_for(self))
        self._server.daemon_threads = True
        threading.Thread(target=self._server.serve_forever, args=(0.05,), daemon=True).start()
        return f"http://127.0.0.1:{self._server.server_address[1]}"

    def stop(self) -> None:
        """Release hung requests and stop serving."""
        self.release.set()
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()

    # -- seeding and inspection ------------------------------------------

    def add_folder(self, uid: str, title: str) -> None:
        """A folder that exists before the test."""
        self.folders[uid] = {"id": self._new_id(), "uid": uid, "title": title, "version": 1}

    def add_dashboard(self, model: Json, folder_uid: str, plugin_id: str = "") -> None:
        """A dashboard that exists before the test (someone else's, typically)."""
        status, body = self.save({"dashboard": model, "folderUid": folder_uid, "message": "seeded", "overwrite": True})
        assert status == 200, body
        self.dashboards[model["uid"]].plugin_id = plugin_id

    def version_count(self, uid: str) -> int:
        """How many versions Grafana holds for a dashboard (0 when it does not exist)."""
        stored = self.dashboards.get(uid)
        return len(stored.versions) if stored else 0

    def count(self, method: str, path: str) -> int:
        """How many requests matching method and path (regex) arrived, answered or not."""
        return sum(1 for m, p in self.arrivals if m == method and re.fullmatch(path, p))

    def statuses(self, method: str, path: str) -> list[int]:
        """The statuses answered to requests matching method and path (regex), in order."""
        return [s for m, p, s in self.requests if m == method and re.fullmatch(path, p)]

    # -- API -----------------------------------------------------------------

    def handle(self, method: str, path: str, query: dict[str, list[str]], body: Any, role: str | None) -> Reply:
        """Route one request; auth as Grafana does (health needs no token)."""
        if path == "/api/health" and method == "GET":
            return 200, {"commit": "fake", "database": "ok", "version": "11.3.0"}
        if role is None:
            return 401, {"message": "Unauthorized"}
        if method in ("POST", "PUT", "DELETE") and role == "Viewer":
            return 403, {"message": "Access denied"}
        with self.lock:
            return self._route(method, path, query, body)

    def _route(self, method: str, path: str, query: dict[str, list[str]], body: Any) -> Reply:
        if m := re.fullmatch(r"/api/folders/([^/]+)", path):
            folder = self.folders.get(m[1])
            if method == "GET":
                return (200, folder) if folder else (404, {"message": "folder not found"})
        if path == "/api/folders" and method == "POST":
            return self._create_folder(body)
        if path == "/api/dashboards/db" and method == "POST":
            return self.save(body)
        if path in ("/api/search", "/api/search/") and method == "GET":
            return 200, self._search(query)
        if m := re.fullmatch(r"/api/dashboards/uid/([^/]+)/versions", path):
            stored = self.dashboards.get(m[1])
            if stored is None:
                return 404, {"message": "Dashboard not found"}
            return 200, {
                "continueToken": "",
                "versions": [{k: v for k, v in ver.items() if k != "data"} for ver in reversed(stored.versions)],
            }
        if m := re.fullmatch(r"/api/dashboards/uid/([^/]+)", path):
            return self._dashboard_by_uid(method, m[1])
        return 404, {"message": "Not found"}

    def _create_folder(self, body: Any) -> Reply:
        if not isinstance(body, dict) or not body.get("title"):
            return 400, {"message": "folder title cannot be empty"}
        uid = body.get("uid") or f"f{self._next_id}"
        if uid in self.folders:
            return 409, {"message": "a folder with the same uid already exists"}
        if any(f["title"] == body["title"] for f in self.folders.values()):
            return 409, {"message": "a folder with the same name already exists"}
        self.add_folder(uid, body["title"])
        return 200, self.folders[uid]

    def save(self, body: Any) -> Reply:
        """POST /api/dashboards/db, with Grafana's checks in Grafana's order."""
        if not isinstance(body, dict) or not isinstance(body.get("dashboard"), dict):
            return 400, {"message": "bad request data"}
        dash, overwrite = dict(body["dashboard"]), bool(body.get("overwrite"))
        folder_uid = str(body.get("folderUid") or "")
        if not dash.get("title"):
            return 400, {"message": "Dashboard title cannot be empty", "status": "empty-name"}
        if folder_uid and folder_uid not in self.folders:
            return 400, {"message": "folder not found", "status": "not-found"}
        uid = str(dash.get("uid") or f"gen{self._next_id}")
        existing = self.dashboards.get(uid)
        if existing is not None:
            if int(dash.get("version") or 0) != existing.model["version"] and not overwrite:
                return 412, {"message": "The dashboard has been changed by someone else", "status": "version-mismatch"}
            if existing.plugin_id and not overwrite:
                return 412, {
                    "message": f"The dashboard belongs to plugin {existing.plugin_id}.",
                    "status": "plugin-dashboard",
                }
        clash = next(
            (
                s
                for u, s in self.dashboards.items()
                if u != uid and s.folder_uid == folder_uid and s.model.get("title") == dash["title"]
            ),
            None,
        )
        if clash is not None:
            if not overwrite:
                return 412, {
                    "message": "A dashboard with the same name in the folder already exists",
                    "status": "name-exists",
                }
            # Grafana takes the clashing dashboard over: its id, uid and version win.
            uid, existing = clash.model["uid"], clash
        return 200, self._store(uid, dash, folder_uid, existing, str(body.get("message") or ""))

    def _store(self, uid: str, dash: Json, folder_uid: str, existing: Stored | None, message: str) -> Json:
        if existing is None:
            existing = Stored(self._new_id(), folder_uid, {"version": 0})
            self.dashboards[uid] = existing
        version = existing.model["version"] + 1
        dash.update(id=existing.id, uid=uid, version=version)
        existing.model, existing.folder_uid = dash, folder_uid
        existing.versions.append(
            {
                "id": self._new_id(),
                "dashboardId": existing.id,
                "uid": uid,
                "parentVersion": version - 1,
                "restoredFrom": 0,
                "version": version,
                "created": _now(),
                "createdBy": "sa",
                "message": message,
                "data": json.loads(json.dumps(dash)),
            }
        )
        slug = _slug(dash["title"])
        return {
            "id": existing.id,
            "uid": uid,
            "url": f"/d/{uid}/{slug}",
            "status": "success",
            "version": version,
            "slug": slug,
        }

    def _dashboard_by_uid(self, method: str, uid: str) -> Reply:
        stored = self.dashboards.get(uid)
        if stored is None:
            return 404, {"message": "Dashboard not found"}
        if method == "DELETE":
            del self.dashboards[uid]
            title = stored.model["title"]
            return 200, {"title": title, "message": f"Dashboard {title} deleted", "id": stored.id}
        if method != "GET":
            return 405, {"message": "Method not allowed"}
        folder = self.folders.get(stored.folder_uid, {})
        slug = _slug(stored.model["title"])
        meta = {
            "isStarred": False,
            "url": f"/d/{uid}/{slug}",
            "slug": slug,
            "folderId": folder.get("id", 0),
            "folderUid": stored.folder_uid,
            "folderTitle": folder.get("title", "General"),
            "version": stored.model["version"],
            "provisioned": False,
            "canSave": True,
        }
        return 200, {"dashboard": json.loads(json.dumps(stored.model)), "meta": meta}

    def _search(self, query: dict[str, list[str]]) -> list[Json]:
        kinds = query.get("type", ["dash-db", "dash-folder"])
        tags = query.get("tag", [])
        folders = [u for v in query.get("folderUIDs", []) for u in v.split(",") if u]
        text = query.get("query", [""])[0].lower()
        hits: list[Json] = []
        if "dash-db" in kinds:
            for uid, s in sorted(self.dashboards.items()):
                model_tags = s.model.get("tags") or []
                if (
                    all(t in model_tags for t in tags)
                    and (not folders or s.folder_uid in folders)
                    and text in s.model["title"].lower()
                ):
                    hits.append(
                        {
                            "id": s.id,
                            "uid": uid,
                            "title": s.model["title"],
                            "url": f"/d/{uid}/{_slug(s.model['title'])}",
                            "type": "dash-db",
                            "tags": model_tags,
                            "isStarred": False,
                            "folderUid": s.folder_uid,
                        }
                    )
        return hits

    def _new_id(self) -> int:
        self._next_id += 1
        return self._next_id - 1

    def take_fault(self, method: str, path: str) -> Fault | None:
        """The first queued fault that matches, used up by one."""
        with self.lock:
            for fault in self.faults:
                if fault.times > 0 and fault.method == method and re.fullmatch(fault.path, path):
                    fault.times -= 1
                    return fault
        return None


def _slug(title: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")


def _now() -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
