"""Pure publish planning: what to do with each dashboard, given what Grafana holds now.

No I/O here. The runner fetches the current state, this module decides
(create, update, unchanged, or refuse) and renders the diff a dry run prints.
Comparison ignores the keys Grafana manages itself, so a dashboard that only
differs in ``id`` or ``version`` is unchanged and is not posted again.
"""

from __future__ import annotations

import difflib
import enum
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

from dashboards.publish.client import StoredDashboard
from jivsmon.naming import MANAGED_TAG

Json = dict[str, Any]

# Set by Grafana on every save (id, version) or by the (old) frontend; not ours to compare.
SERVER_KEYS = frozenset({"id", "version", "iteration"})


class Kind(enum.Enum):
    """What publishing does with one dashboard."""

    CREATE = "create"
    UPDATE = "update"
    UNCHANGED = "unchanged"
    REFUSE = "refuse"


@dataclass(frozen=True)
class Step:
    """The decision for one dashboard, with everything the runner needs to carry it out.

    ``version`` is the version Grafana holds (sent back so a concurrent edit
    gives 412 version-mismatch); ``overwrite`` is set only under --force;
    ``replace_uid`` names a same-title dashboard that --force deletes first.
    """

    kind: Kind
    uid: str
    title: str
    desired: Json
    current: Json | None = None
    version: int | None = None
    overwrite: bool = False
    replace_uid: str | None = None
    reason: str = ""


def comparable(dashboard: Mapping[str, Any]) -> Json:
    """The dashboard without server-managed keys, for equality and diffs."""
    return {k: v for k, v in dashboard.items() if k not in SERVER_KEYS}


def is_managed(dashboard: Mapping[str, Any]) -> bool:
    """True when the dashboard carries our managing tag."""
    tags = dashboard.get("tags")
    return isinstance(tags, list) and MANAGED_TAG in tags


def plan_one(
    desired: Json,
    stored: StoredDashboard | None,
    same_title: Sequence[Json],
    folder_uid: str,
    force: bool,
) -> Step:
    """Decide what to do with one dashboard.

    ``same_title`` are search hits in the target folder with the same title
    and another UID: Grafana would refuse the save with 412 name-exists.
    """
    uid, title = str(desired["uid"]), str(desired.get("title", ""))
    base = Step(Kind.CREATE, uid, title, desired)
    clash = same_title[0] if same_title else None
    if clash is not None and not force:
        owner = "one of ours (managed)" if is_managed(clash) else "not managed by jivs-monitoring"
        return replace(
            base,
            kind=Kind.REFUSE,
            reason=(
                f"another dashboard in folder {folder_uid!r} already has the title {title!r} "
                f"(uid {clash.get('uid')!r}, {owner}); Grafana would refuse it with 412 name-exists. "
                "Rename or delete that dashboard, or re-run with --force to replace it"
            ),
        )
    replace_uid = str(clash.get("uid")) if clash is not None else None
    if stored is None:
        return replace(base, replace_uid=replace_uid)
    current = stored.dashboard
    if not is_managed(current) and not force:
        return replace(
            base,
            kind=Kind.REFUSE,
            current=current,
            reason=(
                f"Grafana already has a dashboard with uid {uid!r} (title "
                f"{current.get('title')!r}) that jivs-monitoring does not manage (no "
                f"{MANAGED_TAG!r} tag); it is left as it is. Re-run with --force to overwrite it"
            ),
        )
    same = comparable(current) == comparable(desired) and stored.folder_uid == folder_uid
    if same and replace_uid is None:
        return replace(base, kind=Kind.UNCHANGED, current=current, version=stored.version)
    return replace(
        base,
        kind=Kind.UPDATE,
        current=current,
        version=stored.version,
        overwrite=not is_managed(current),
        replace_uid=replace_uid,
    )


def payload(step: Step) -> Json:
    """The dashboard model to POST: no id, and the version Grafana holds for updates."""
    body = {k: v for k, v in step.desired.items() if k not in SERVER_KEYS}
    if step.kind is Kind.UPDATE and step.version is not None:
        body["version"] = step.version
    return body


def diff(step: Step, folder_uid: str, stored_folder: str | None = None) -> str:
    """A unified diff from what Grafana holds to what we would publish ('' when equal)."""
    before = _lines(comparable(step.current)) if step.current is not None else []
    after = _lines(comparable(step.desired))
    text = "".join(difflib.unified_diff(before, after, fromfile=f"grafana/{step.uid}", tofile=f"build/{step.uid}"))
    if stored_folder is not None and stored_folder != folder_uid:
        text += f"folder: {stored_folder or '(root)'} -> {folder_uid}\n"
    return text


def _lines(model: Json) -> list[str]:
    return (json.dumps(model, indent=2, sort_keys=True, ensure_ascii=False) + "\n").splitlines(keepends=True)


def explain_412(status: str, uid: str, title: str, folder_uid: str) -> str:
    """Grafana's 412 reasons in plain words, with what to do about each."""
    if status == "version-mismatch":
        return (
            f"someone changed {uid!r} in Grafana while we were publishing (412 "
            "version-mismatch), so nothing was overwritten; look at its version history, "
            "then re-run `make dashboards` to publish over the newer version"
        )
    if status == "name-exists":
        return (
            f"another dashboard in folder {folder_uid!r} already has the title {title!r} "
            "(412 name-exists); rename or delete it, or re-run with --force to replace it"
        )
    if status == "plugin-dashboard":
        return f"{uid!r} belongs to a Grafana plugin (412 plugin-dashboard) and is only replaced with --force"
    return f"Grafana refused to save {uid!r} (412 {status})"
