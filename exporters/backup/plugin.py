"""The backup exporter's flags, environment and sources: the CLI edge.

Each source is switched on by its own setting; a flag can also come from
``JIVS_BACKUP_<FLAG>`` (e.g. ``JIVS_BACKUP_BASEBACKUP_DIR``, several folders
separated by ``:``). Secrets come only from the environment or files.
"""

from __future__ import annotations

import argparse
import shlex
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path

from exporters.backup.archiver import ArchiverTarget
from exporters.backup.basebackup import BasebackupDirTarget
from exporters.backup.pgbackrest import PgBackRestTarget, info_command
from exporters.backup.redis_rdb import RedisTarget
from exporters.backup.restore_test import RestoreTestTarget
from exporters.backup.walg import DEFAULT_COMMAND, WalgTarget
from exporters.runtime.cli import Plugin, env_name, listen_address, seconds
from exporters.runtime.exporter import ExporterSpec
from exporters.runtime.postgres import PgConnection
from exporters.runtime.secrets import Redactor, env_or_file
from exporters.runtime.target import Target
from jivsmon.config_model import StackConfig

SPEC = ExporterSpec(
    name="backup",
    namespace="jivs_backup",
    target_label="source",
    default_port=9561,
    description="Backup freshness: pgBackRest, WAL-G, pg_basebackup folders, WAL archiving, Redis RDB, restore tests.",
    scrape_duration=False,
    collector_success=False,
)
ENV_HELP = """environment:
  JIVS_BACKUP_ARCHIVER_DSN[_FILE]   libpq DSN of the server whose WAL archiving to watch (role: pg_monitor)
  JIVS_BACKUP_REDIS_PASSWORD[_FILE] Redis password (AUTH), if any
  JIVS_BACKUP_<FLAG>                any of its flags, e.g. JIVS_BACKUP_PGBACKREST_STANZA
Slow sources (pgbackrest, walg) are cached for --cache.max-age; a scrape waits at most
half of --scrape.timeout for a refresh and otherwise serves the cache (see
jivs_backup_cache_timestamp_seconds)."""

FLAGS: tuple[tuple[str, str | None, str], ...] = (
    ("--pgbackrest.stanza", None, "watch pgBackRest: this stanza, or 'all'"),
    ("--pgbackrest.config", None, "pgBackRest config file (--config)"),
    (
        "--pgbackrest.command",
        "pgbackrest",
        "pgBackRest command, split like a shell ('sudo -u postgres pgbackrest')",
    ),
    ("--walg.json-command", None, f"watch WAL-G: the listing command, e.g. '{DEFAULT_COMMAND}'"),
    ("--walg.repository", "default", "repository label for WAL-G backups (when WAL-G gives no storage_name)"),
    ("--basebackup.dir", None, "watch a folder of pg_basebackup backups (repeatable)"),
    ("--redis.address", None, "watch Redis persistence at host:port"),
    ("--redis.rdb-path", None, "RDB file, folder of *.rdb files, or glob: the newest file's mtime"),
    ("--restore-test.status-file", None, "watch restore tests: the status file scripts/restore-test.sh writes"),
    ("--cache.max-age", "2m", "how old a pgbackrest/walg listing may be before it is read again"),
    ("--command.timeout", "60s", "kill a pgbackrest/walg command after this long"),
)


def add_flags(p: argparse.ArgumentParser) -> None:
    """The backup exporter's own flags."""
    for flag, default, text in FLAGS:
        var = env_name(SPEC, flag)
        if flag == "--basebackup.dir":
            p.add_argument(flag, action="append", default=[], help=f"{text} (env {var}, ':'-separated)")
        else:
            shown = f"default {default}; " if default else ""
            p.add_argument(flag, default=None, help=f"{text} ({shown}env {var})")


def _setting(args: argparse.Namespace, env: Mapping[str, str], flag: str) -> str | None:
    given = getattr(args, flag.lstrip("-").replace("-", "_"))
    if given is not None:
        return str(given)
    default = dict((f, d) for f, d, _ in FLAGS)[flag]
    return env.get(env_name(SPEC, flag), default)


def make_targets(
    args: argparse.Namespace, config: StackConfig | None, env: Mapping[str, str], redactor: Redactor
) -> Sequence[Target]:
    """One target per configured source; ValueError if none is configured or one is malformed."""
    get: Callable[[str], str | None] = lambda flag: _setting(args, env, flag)  # noqa: E731
    scrape_timeout = seconds(getattr(args, "scrape.timeout"))
    max_age, timeout = seconds(get("--cache.max-age") or "2m"), seconds(get("--command.timeout") or "60s")
    wait = scrape_timeout / 2
    targets: list[Target] = []
    stanza = get("--pgbackrest.stanza")
    if stanza:
        command = shlex.split(get("--pgbackrest.command") or "pgbackrest")
        argv = info_command(command, get("--pgbackrest.config"), None if stanza == "all" else stanza)
        targets.append(PgBackRestTarget(argv, timeout, max_age, wait))
    walg = get("--walg.json-command")
    if walg:
        targets.append(WalgTarget(walg, get("--walg.repository") or "default", timeout, max_age, wait))
    folders = list(getattr(args, "basebackup.dir")) or [
        d for d in env.get(env_name(SPEC, "--basebackup.dir"), "").split(":") if d
    ]
    if folders:
        targets.append(BasebackupDirTarget([Path(f) for f in folders]))
    dsn = env_or_file(env, "JIVS_BACKUP_ARCHIVER_DSN")
    if dsn:
        shown = redactor.add_dsn(dsn)
        conn = PgConnection(
            dsn,
            application_name="jivs-backup-exporter",
            statement_timeout_ms=int(scrape_timeout * 750),
            connect_timeout=max(2, int(scrape_timeout * 0.75)),
        )
        targets.append(ArchiverTarget(conn, shown))
    address = get("--redis.address")
    if address:
        host, port = listen_address(address)
        password = env_or_file(env, "JIVS_BACKUP_REDIS_PASSWORD")
        redactor.add(password)
        targets.append(RedisTarget(host, port, password, get("--redis.rdb-path"), scrape_timeout * 0.75))
    status = get("--restore-test.status-file")
    if status:
        targets.append(RestoreTestTarget(Path(status)))
    if not targets:
        raise ValueError(
            "no backup source configured: give --pgbackrest.stanza, --walg.json-command, --basebackup.dir, "
            "--redis.address, --restore-test.status-file or JIVS_BACKUP_ARCHIVER_DSN"
        )
    return targets


PLUGIN = Plugin(spec=SPEC, add_flags=add_flags, targets=make_targets, env_help=ENV_HELP)
