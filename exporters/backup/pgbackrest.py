"""pgBackRest: ``pgbackrest info --output=json`` parsed into backup records, per stanza and repository.

The repository label is ``<stanza>/repo<key>``. A backup with ``"error": true``
(pgBackRest 2.36+: page checksum errors found while copying) is an attempt,
not a success. A backup that failed outright is never listed by pgBackRest at
all, so the last success simply stays where it was. The size is the bytes the
backup itself added to the repository (``info.repository.delta``), after
compression and deduplication. A repository whose status is anything but
"ok" or "no valid backups" makes the source fail: its listing cannot be trusted.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from exporters.backup.cache import CachedRead, run_command
from exporters.backup.contract import put
from exporters.backup.records import Backup, emit
from exporters.runtime.target import Scrape, Target

READABLE = (0, 2)  # ok, no valid backups


def _repo_name(stanza: str, key: object) -> str:
    return f"{stanza}/repo{key}"


def parse_info(text: str) -> tuple[list[Backup], list[str]]:
    """(backups, repositories) from the JSON; ValueError naming what is wrong."""
    try:
        stanzas = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ValueError(f"pgbackrest info: not JSON: {exc}") from None
    if not isinstance(stanzas, list):
        raise ValueError("pgbackrest info: expected a JSON list of stanzas")
    backups: list[Backup] = []
    repositories: list[str] = []
    for stanza in stanzas:
        name = str(stanza["name"])
        for repo in stanza.get("repo", []):
            status = repo.get("status", {})
            if status.get("code") not in READABLE:
                raise ValueError(f"stanza {name} repo{repo.get('key')}: {status.get('message', 'unknown status')}")
            repositories.append(_repo_name(name, repo["key"]))
        backups.extend(_backup(name, b) for b in stanza.get("backup", []))
    return backups, repositories


def _backup(stanza: str, raw: dict[str, Any]) -> Backup:
    stamps = raw["timestamp"]
    info = raw.get("info", {})
    size = info.get("repository", {}).get("delta", info.get("size"))
    return Backup(
        name=str(raw["label"]),
        repository=_repo_name(stanza, raw.get("database", {}).get("repo-key", 1)),
        type=str(raw["type"]),
        start=float(stamps["start"]),
        stop=None if stamps.get("stop") is None else float(stamps["stop"]),
        size=None if size is None else float(size),
        completed=not raw.get("error", False),
    )


def info_command(command: Sequence[str], config: str | None, stanza: str | None) -> list[str]:
    """The info call's argv: ``<command> [--config=..] [--stanza=..] info --output=json``."""
    argv = list(command)
    if config:
        argv.append(f"--config={config}")
    if stanza:
        argv.append(f"--stanza={stanza}")
    return [*argv, "--log-level-console=error", "info", "--output=json"]


class PgBackRestTarget(Target):
    """The ``pgbackrest`` source: one info call (all stanzas, or one), cached."""

    def __init__(self, argv: Sequence[str], timeout: float, max_age: float, wait: float) -> None:
        super().__init__("pgbackrest")
        self.argv = list(argv)
        self.cache: CachedRead[str] = CachedRead(lambda: run_command(self.argv, timeout), max_age, wait)

    def collect(self, scrape: Scrape) -> None:
        """Read (or reuse) the listing; raise if pgBackRest cannot be read."""
        text, read_at = self.cache.get()
        backups, repositories = parse_info(text)
        put(scrape, "jivs_backup_cache_timestamp_seconds", read_at, source=self.name)
        emit(scrape, backups, repositories)

    def describe(self) -> str:
        """The command it runs."""
        return " ".join(self.argv)
