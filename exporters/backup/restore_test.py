"""Restore tests: the status file a verification job writes (scripts/restore-test.sh), and its reader.

Format (JSON object, UTF-8, written atomically: temp file then rename)::

    {"version": 1,
     "started_at": "2026-12-04T03:00:00Z",     # RFC 3339 or Unix seconds
     "finished_at": "2026-12-04T03:07:12Z",    # required
     "success": true,                           # required
     "last_success_at": "2026-12-04T03:07:12Z", # the newest passing run, carried over by the job
     "backup": "/backups/pg/2026-12-04",         # what was verified
     "method": "pg_verifybackup+restore",
     "detail": "free text: the failing step's message"}

A missing file means no verification has ever run: every timestamp is 0, so
the staleness alert fires. A file that is not valid fails the source.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from exporters.backup.contract import put
from exporters.backup.records import unix_time
from exporters.runtime.target import Scrape, Target


@dataclass(frozen=True)
class Status:
    """One verification result."""

    finished_at: float
    success: bool
    last_success_at: float


def parse_status(text: str) -> Status:
    """The status, or ValueError naming the bad field."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ValueError(f"restore-test status: not JSON: {exc}") from None
    if not isinstance(data, dict):
        raise ValueError("restore-test status: expected a JSON object")
    finished = unix_time(data.get("finished_at"))
    if finished is None:
        raise ValueError("restore-test status: finished_at is missing")
    success = data.get("success")
    if not isinstance(success, bool):
        raise ValueError("restore-test status: success must be true or false")
    last_ok = finished if success else (unix_time(data.get("last_success_at")) or 0.0)
    return Status(finished, success, last_ok)


class RestoreTestTarget(Target):
    """The ``restore_test`` source: one status file."""

    def __init__(self, path: Path) -> None:
        super().__init__("restore_test")
        self.path = path

    def collect(self, scrape: Scrape) -> None:
        """Read the file; missing = never ran (0), invalid = source down."""
        try:
            status = parse_status(self.path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            status = Status(0.0, False, 0.0)
        put(scrape, "jivs_backup_restore_test_last_timestamp_seconds", status.finished_at)
        put(scrape, "jivs_backup_restore_test_last_success", 1 if status.success else 0)
        put(scrape, "jivs_backup_restore_test_last_success_timestamp_seconds", status.last_success_at)

    def describe(self) -> str:
        """The status file."""
        return str(self.path)
