"""The HTTP half of the fake Grafana: parses requests, applies queued faults, answers JSON."""

from __future__ import annotations

import json
from http.server import BaseHTTPRequestHandler
from typing import Any
from urllib.parse import parse_qs, urlsplit

from tests.dashboards.publish.fake_grafana import FakeGrafana


def handler_for(fake: FakeGrafana) -> type[BaseHTTPRequestHandler]:
    """A request handler class bound to one fake Grafana."""

    class Handler(_Handler):
        grafana = fake

    return Handler


class _Handler(BaseHTTPRequestHandler):
    grafana: FakeGrafana

    def log_message(self, format: str, *args: Any) -> None:
        """Silence the default stderr access log."""

    def do_GET(self) -> None:
        self._serve("GET")

    def do_POST(self) -> None:
        self._serve("POST")

    def do_DELETE(self) -> None:
        self._serve("DELETE")

    def _serve(self, method: str) -> None:
        fake = self.grafana
        parts = urlsplit(self.path)
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length) if length else b""
        fake.arrivals.append((method, parts.path))
        fault = fake.take_fault(method, parts.path)
        if fault is not None and fault.hang and not fault.after:
            fake.release.wait(fault.hang)
        if fault is not None and fault.status is not None:
            status, body = fault.status, fault.body if fault.body is not None else {"message": "Internal Server Error"}
        else:
            try:
                data = json.loads(raw) if raw else None
            except ValueError:
                status, body = 400, {"message": "bad request data"}
            else:
                status, body = fake.handle(method, parts.path, parse_qs(parts.query), data, self._role())
        if fault is not None and fault.hang and fault.after:
            fake.release.wait(fault.hang)
        fake.requests.append((method, parts.path, status))
        self._reply(status, body)

    def _role(self) -> str | None:
        header = self.headers.get("Authorization", "")
        if not header.startswith("Bearer "):
            return None
        return self.grafana.tokens.get(header.removeprefix("Bearer "))

    def _reply(self, status: int, body: Any) -> None:
        data = json.dumps(body).encode()
        try:
            self.send_response(status)
            self.send_header("Content-Type", "application/json; charset=UTF-8")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up (timeout test)
