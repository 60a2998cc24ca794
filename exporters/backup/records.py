"""Base backups as one record type, and how a list of them becomes freshness metrics.

pgBackRest, WAL-G and a pg_basebackup folder all reduce to ``Backup`` records.
Per (repository, type), the newest *completed* backup gives the
``last_success_*`` series and the newest attempt, completed or not, gives
``last_attempt_*``: an errored or half-written backup moves the attempt but
never the success, so it can never make the data look fresh. A repository
with no completed backup of a required type exports start and finish 0
("never"), which makes every ``time() - x`` freshness alert fire.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from exporters.backup.contract import put
from exporters.runtime.target import Scrape


@dataclass(frozen=True)
class Backup:
    """One backup or backup attempt; times in Unix seconds, size in bytes (None when unknown)."""

    name: str
    repository: str
    type: str
    start: float
    stop: float | None
    size: float | None
    completed: bool


def unix_time(text: object) -> float | None:
    """Unix seconds from RFC 3339 / ISO 8601 text or a number; None for null, empty or Go's zero time."""
    if text is None or text == "":
        return None
    if isinstance(text, bool):
        raise ValueError(f"not a time: {text!r}")
    if isinstance(text, int | float):
        return float(text)
    if not isinstance(text, str):
        raise ValueError(f"not a time: {text!r}")
    stamp = datetime.fromisoformat(text.strip().replace("Z", "+00:00").replace(" UTC", "+00:00"))
    if stamp.tzinfo is None:
        raise ValueError(f"time without a zone: {text!r}")
    seconds = stamp.astimezone(UTC).timestamp()
    return None if stamp.year <= 1 else seconds


def emit(
    scrape: Scrape,
    backups: Iterable[Backup],
    repositories: Sequence[str] = (),
    required_types: Sequence[str] = ("full",),
) -> None:
    """The freshness series of one source; ``repositories`` lists those that must appear even when empty."""
    groups: dict[tuple[str, str], list[Backup]] = {(r, t): [] for r in repositories for t in required_types}
    for backup in backups:
        groups.setdefault((backup.repository, backup.type), []).append(backup)
    for (repository, kind), members in sorted(groups.items()):
        labels = {"source": scrape.target, "repository": repository, "type": kind}
        members.sort(key=lambda b: (b.start, b.name))
        if members:
            attempt = members[-1]
            put(scrape, "jivs_backup_last_attempt_timestamp_seconds", attempt.start, **labels)
            put(scrape, "jivs_backup_last_attempt_success", 1 if attempt.completed else 0, **labels)
        done = [b for b in members if b.completed]
        if not done:
            put(scrape, "jivs_backup_last_success_start_timestamp_seconds", 0, **labels)
            put(scrape, "jivs_backup_last_success_finish_timestamp_seconds", 0, **labels)
            continue
        last = done[-1]
        put(scrape, "jivs_backup_last_success_start_timestamp_seconds", last.start, **labels)
        if last.stop is not None:
            put(scrape, "jivs_backup_last_success_finish_timestamp_seconds", last.stop, **labels)
            put(scrape, "jivs_backup_last_success_duration_seconds", max(0.0, last.stop - last.start), **labels)
        if last.size is not None:
            put(scrape, "jivs_backup_last_success_size_bytes", last.size, **labels)
