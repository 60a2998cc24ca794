"""Publishing run: health, folder, one plan-and-save per dashboard, optional prune, a summary.

The client and the output function are passed in; flags and environment are
read by the CLI only. A dashboard that cannot be published is counted as
failed and the run goes on with the next; only an unreachable Grafana or a
refused token stops the run, since every further request would fail the same way.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from dashboards.publish.client import (
    GrafanaClient,
    GrafanaError,
    GrafanaUnreachable,
    PreconditionFailed,
    TokenRefused,
)
from dashboards.publish.planner import (
    Kind,
    Step,
    comparable,
    diff,
    explain_412,
    is_managed,
    payload,
    plan_one,
)
from jivsmon.errors import JivsmonError
from jivsmon.naming import MANAGED_TAG

Json = dict[str, Any]
Out = Callable[[str], None]


@dataclass(frozen=True)
class Options:
    """What the user asked for."""

    folder_uid: str
    folder_title: str
    message: str
    dry_run: bool = False
    force: bool = False
    prune: bool = False


@dataclass
class Summary:
    """Counts per outcome, and the failure reasons in order."""

    created: int = 0
    updated: int = 0
    unchanged: int = 0
    failed: int = 0
    pruned: int = 0
    problems: list[str] = field(default_factory=list)

    def line(self, dry_run: bool) -> str:
        """The closing line of a run."""
        text = (
            f"{self.created} created, {self.updated} updated, {self.unchanged} unchanged, "
            f"{self.failed} failed, {self.pruned} pruned"
        )
        return f"publish (dry run, nothing changed): {text}" if dry_run else f"publish: {text}"


def publish(client: GrafanaClient, models: Sequence[Json], options: Options, out: Out) -> Summary:
    """Publish every model to Grafana as the options say; returns the counts."""
    _check_models(models)
    _check_health(client, out)
    folder_exists = _ensure_folder(client, options, out)
    in_folder = client.search_dashboards(folder_uid=options.folder_uid) if folder_exists else []
    summary = Summary()
    for model in models:
        _publish_one(client, model, in_folder, options, summary, out)
    if options.prune and folder_exists:
        _prune(client, {str(m["uid"]) for m in models}, options, summary, out)
    out(summary.line(options.dry_run))
    return summary


def _check_models(models: Sequence[Json]) -> None:
    seen: set[str] = set()
    for model in models:
        uid = model.get("uid")
        if not isinstance(uid, str) or not uid:
            raise JivsmonError(f"dashboard {model.get('title')!r} has no uid; nothing published")
        if uid in seen:
            raise JivsmonError(f"two dashboards share the uid {uid!r}; nothing published")
        if not is_managed(model):
            raise JivsmonError(f"dashboard {uid!r} lacks the {MANAGED_TAG!r} tag; nothing published")
        seen.add(uid)


def _check_health(client: GrafanaClient, out: Out) -> None:
    health = client.health()
    if health.get("database") != "ok":
        raise GrafanaError(f"Grafana at {client.base_url} reports database {health.get('database')!r}")
    out(f"grafana {client.base_url}: version {health.get('version', '?')}, database ok")


def _ensure_folder(client: GrafanaClient, options: Options, out: Out) -> bool:
    """Make sure the folder exists (by UID); in a dry run only say it would be created."""
    if client.get_folder(options.folder_uid) is not None:
        return True
    if options.dry_run:
        out(f"  would create folder {options.folder_uid} ({options.folder_title})")
        return False
    client.create_folder(options.folder_uid, options.folder_title)
    out(f"  created folder {options.folder_uid} ({options.folder_title})")
    return True


def _publish_one(
    client: GrafanaClient,
    model: Json,
    in_folder: list[Json],
    options: Options,
    summary: Summary,
    out: Out,
) -> None:
    uid, title = str(model["uid"]), str(model.get("title", ""))
    try:
        stored = client.get_dashboard(uid)
        clashes = [h for h in in_folder if h.get("title") == title and h.get("uid") != uid]
        step = plan_one(model, stored, clashes, options.folder_uid, options.force)
        if options.dry_run:
            _report_dry(step, stored.folder_uid if stored else None, options, summary, out)
        else:
            _apply(client, step, options, summary, out)
    except (TokenRefused, GrafanaUnreachable):
        raise  # every further request would fail the same way
    except PreconditionFailed as exc:
        _fail(summary, out, uid, explain_412(exc.status, uid, title, options.folder_uid))
    except GrafanaError as exc:
        _fail(summary, out, uid, str(exc))


def _report_dry(step: Step, stored_folder: str | None, options: Options, summary: Summary, out: Out) -> None:
    if step.kind is Kind.REFUSE:
        _fail(summary, out, step.uid, step.reason)
        return
    if step.kind is Kind.UNCHANGED:
        summary.unchanged += 1
        out(f"  unchanged  {step.uid}")
        return
    if step.replace_uid:
        out(f"  would delete {step.replace_uid} (same title, --force)")
    verb = "create" if step.kind is Kind.CREATE else "update"
    summary.created += step.kind is Kind.CREATE
    summary.updated += step.kind is Kind.UPDATE
    out(f"  would {verb} {step.uid}  {step.title}")
    out(diff(step, options.folder_uid, stored_folder).rstrip("\n"))


def _apply(client: GrafanaClient, step: Step, options: Options, summary: Summary, out: Out) -> None:
    if step.kind is Kind.REFUSE:
        _fail(summary, out, step.uid, step.reason)
        return
    if step.kind is Kind.UNCHANGED:
        summary.unchanged += 1
        out(f"  unchanged  {step.uid}  (version {step.version})")
        return
    if step.replace_uid:
        client.delete_dashboard(step.replace_uid)
        out(f"  deleted    {step.replace_uid}  (same title as {step.uid}, --force)")
    try:
        result = client.save_dashboard(payload(step), options.folder_uid, options.message, overwrite=step.overwrite)
    except PreconditionFailed as exc:
        landed = _landed_anyway(client, step, options, exc)
        if landed is None:
            raise
        result = {"version": landed}
    verb = "created" if step.kind is Kind.CREATE else "updated"
    summary.created += step.kind is Kind.CREATE
    summary.updated += step.kind is Kind.UPDATE
    out(f"  {verb:<10} {step.uid}  (version {result.get('version', '?')})")


def _landed_anyway(client: GrafanaClient, step: Step, options: Options, exc: PreconditionFailed) -> int | None:
    """After a retried save, 412 version-mismatch can mean our own first attempt landed.

    A save whose answer timed out may still have been stored; the retry then
    carries a stale version. If Grafana now holds exactly what we meant to
    publish, the save did its job: its version is returned, else None.
    """
    if exc.status != "version-mismatch":
        return None
    stored = client.get_dashboard(step.uid)
    if (
        stored is not None
        and stored.folder_uid == options.folder_uid
        and comparable(stored.dashboard) == comparable(step.desired)
    ):
        return stored.version
    return None


def _prune(client: GrafanaClient, wanted: set[str], options: Options, summary: Summary, out: Out) -> None:
    """Delete managed dashboards in our folder that are no longer defined."""
    hits = client.search_dashboards(tag=MANAGED_TAG, folder_uid=options.folder_uid)
    for hit in sorted(hits, key=lambda h: str(h.get("uid"))):
        uid = str(hit.get("uid"))
        if uid in wanted or MANAGED_TAG not in (hit.get("tags") or []):
            continue
        if options.dry_run:
            out(f"  would prune {uid}  {hit.get('title', '')}")
        else:
            try:
                client.delete_dashboard(uid)
            except (TokenRefused, GrafanaUnreachable):
                raise
            except GrafanaError as exc:
                _fail(summary, out, uid, f"prune failed: {exc}")
                continue
            out(f"  pruned     {uid}  {hit.get('title', '')}")
        summary.pruned += 1


def _fail(summary: Summary, out: Out, uid: str, reason: str) -> None:
    summary.failed += 1
    summary.problems.append(f"{uid}: {reason}")
    out(f"  FAILED     {uid}: {reason}")
