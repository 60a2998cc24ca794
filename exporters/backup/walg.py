"""WAL-G: ``wal-g backup-list --detail --json`` parsed into backup records.

The format is WAL-G's ``BackupTime`` (``backup_name``, ``time`` or
``modification_time``, ``wal_file_name``, newer versions ``storage_name``)
extended by ``ExtendedMetadataDto`` with ``--detail`` (``start_time``,
``finish_time``, ``compressed_size``, ``uncompressed_size``, ``is_permanent``
...). A name with ``_D_`` is a delta backup (type ``delta``), any other
``full``. WAL-G uploads a backup's sentinel last and lists only backups that
have one, so every listed backup completed; a failed backup-push shows as no
new backup. No backups at all is an empty answer (or ``[]``/``null``).
The size is ``compressed_size``, the bytes in storage.
"""

from __future__ import annotations

import json
import shlex
from collections.abc import Sequence
from typing import Any

from exporters.backup.cache import CachedRead, run_command
from exporters.backup.contract import put
from exporters.backup.records import Backup, emit, unix_time
from exporters.runtime.target import Scrape, Target

DEFAULT_COMMAND = "wal-g backup-list --detail --json"


def parse_backup_list(text: str, repository: str) -> list[Backup]:
    """Backups from the JSON; ``repository`` names the storage when WAL-G does not (``storage_name``)."""
    if not text.strip():
        return []
    try:
        items = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ValueError(f"wal-g backup-list: not JSON: {exc}") from None
    if items is None:
        return []
    if not isinstance(items, list):
        raise ValueError("wal-g backup-list: expected a JSON list of backups")
    return [_backup(item, repository) for item in items]


def _backup(item: dict[str, Any], repository: str) -> Backup:
    name = str(item["backup_name"])
    listed = unix_time(item.get("time")) or unix_time(item.get("modification_time"))
    start = unix_time(item.get("start_time")) or listed
    if start is None:
        raise ValueError(f"wal-g backup {name}: no start_time, time or modification_time")
    stop = unix_time(item.get("finish_time")) or listed
    size = item.get("compressed_size")
    return Backup(
        name=name,
        repository=str(item.get("storage_name") or repository),
        type="delta" if "_D_" in name else "full",
        start=start,
        stop=stop,
        size=None if size is None else float(size),
        completed=True,
    )


class WalgTarget(Target):
    """The ``walg`` source: the listing command's JSON, cached."""

    def __init__(self, command: str | Sequence[str], repository: str, timeout: float, max_age: float, wait: float):
        super().__init__("walg")
        self.argv = shlex.split(command) if isinstance(command, str) else list(command)
        self.repository = repository
        self.cache: CachedRead[str] = CachedRead(lambda: run_command(self.argv, timeout), max_age, wait)

    def collect(self, scrape: Scrape) -> None:
        """Read (or reuse) the listing; raise if WAL-G cannot be read."""
        text, read_at = self.cache.get()
        backups = parse_backup_list(text, self.repository)
        put(scrape, "jivs_backup_cache_timestamp_seconds", read_at, source=self.name)
        emit(scrape, backups, [self.repository] if not backups else [])

    def describe(self) -> str:
        """The command it runs."""
        return " ".join(self.argv)
