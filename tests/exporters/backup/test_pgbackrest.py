"""The pgBackRest source against a real stanza on a local repository (pgbackrest runs as postgres)."""

from __future__ import annotations

import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from exporters.backup.pgbackrest import PgBackRestTarget, info_command, parse_info
from jivsmon.services.postgres import PG_BIN, PostgresServer, postgres_argv

FULL = {"source": "pgbackrest", "repository": "main/repo1", "type": "full"}
INCR = {**FULL, "type": "incr"}
START = "jivs_backup_last_success_start_timestamp_seconds"
FINISH = "jivs_backup_last_success_finish_timestamp_seconds"


@dataclass
class Stanza:
    server: PostgresServer
    config: Path

    def backup(self, as_postgres: Any, *extra: str, check: bool = True) -> Any:
        return as_postgres(["pgbackrest", f"--config={self.config}", "--stanza=main", "backup", *extra], check=check)

    def target(self, max_age: float = 0.0) -> PgBackRestTarget:
        argv = info_command(postgres_argv(["pgbackrest"]), str(self.config), "main")
        return PgBackRestTarget(argv, timeout=60, max_age=max_age, wait=30)


@pytest.fixture(scope="module")
def stanza(workdir: Path, pg_folder: Any, as_postgres: Any) -> Iterator[Stanza]:
    repo = pg_folder("repo")
    server = PostgresServer(workdir / "pgbr", "primary")
    server._prepare_root()
    config = workdir / "pgbackrest.conf"
    config.write_text(
        f"[global]\nrepo1-path={repo}\nrepo1-retention-full=100\nlog-path={workdir}\nlock-path={workdir}/lock\n"
        "log-level-console=warn\nlog-level-file=off\nstart-fast=y\narchive-timeout=20\ncompress-type=none\n"
        f"[main]\npg1-path={server.data}\npg1-port={server.port}\npg1-socket-path={server.root / 'run'}\n"
    )
    push = f"'pgbackrest --config={config} --stanza=main archive-push %p'"
    server.settings = {"archive_mode": "on", "archive_command": push}
    server.init()
    as_postgres([str(PG_BIN / "pg_checksums"), "--enable", "-D", str(server.data)])  # to corrupt a page later
    server.start()
    as_postgres(["pgbackrest", f"--config={config}", "--stanza=main", "stanza-create"])
    yield Stanza(server, config)
    server.stop("immediate")


def test_full_and_incremental_backups_with_times_and_sizes(stanza: Stanza, as_postgres: Any, scrape: Any) -> None:
    target = stanza.target()
    empty = scrape(target)
    assert empty.value("jivs_backup_up", source="pgbackrest") == 1
    assert empty.value(FINISH, **FULL) == 0  # stanza without backups: never
    before = time.time()
    stanza.backup(as_postgres, "--type=full")
    stanza.server.execute("CREATE TABLE t AS SELECT g FROM generate_series(1, 20000) g")
    stanza.backup(as_postgres, "--type=incr")
    after = time.time()
    samples = scrape(target)
    for labels in (FULL, INCR):
        assert before - 1 <= samples.value(START, **labels) <= samples.value(FINISH, **labels) <= after + 1
        assert samples.value("jivs_backup_last_attempt_success", **labels) == 1
        assert samples.value("jivs_backup_last_success_size_bytes", **labels) > 0
    assert samples.value(START, **FULL) < samples.value(START, **INCR)
    assert samples.value("jivs_backup_cache_timestamp_seconds", source="pgbackrest") >= after - 1


def test_an_errored_backup_is_an_attempt_but_never_a_success(stanza: Stanza, as_postgres: Any, scrape: Any) -> None:
    target = stanza.target()
    good = scrape(target)
    # A backup that fails outright (no server at that port) is not listed at all.
    failed = stanza.backup(as_postgres, "--type=full", "--pg1-port=1", check=False)
    assert failed.returncode != 0
    assert scrape(target).value(FINISH, **FULL) == good.value(FINISH, **FULL)
    # A backup that finds a page checksum error completes with "error": true.
    stanza.server.execute("CHECKPOINT")
    page_file = stanza.server.data / stanza.server.execute("SELECT pg_relation_filepath('t')")[0][0]
    with page_file.open("r+b") as handle:
        handle.seek(4000)
        handle.write(b"\xde\xad\xbe\xef" * 8)
    time.sleep(1.1)  # pgBackRest labels and timestamps have 1 s resolution
    stanza.backup(as_postgres, "--type=full")
    errored = scrape(target)
    assert errored.value(START, **FULL) == good.value(START, **FULL)
    assert errored.value(FINISH, **FULL) == good.value(FINISH, **FULL)
    assert errored.value("jivs_backup_last_attempt_success", **FULL) == 0
    assert errored.value("jivs_backup_last_attempt_timestamp_seconds", **FULL) > good.value(START, **FULL)


def test_the_listing_is_cached_up_to_its_max_age(stanza: Stanza, as_postgres: Any, scrape: Any) -> None:
    cached = stanza.target(max_age=3600)
    first = scrape(cached)
    stanza.server.execute("INSERT INTO t VALUES (1)")
    stanza.backup(as_postgres, "--type=incr")
    second = scrape(cached)
    assert cached.cache.reads == 1
    attempt = "jivs_backup_last_attempt_timestamp_seconds"
    assert second.value(attempt, **INCR) == first.value(attempt, **INCR)
    assert second.value("jivs_backup_cache_timestamp_seconds", source="pgbackrest") == first.value(
        "jivs_backup_cache_timestamp_seconds", source="pgbackrest"
    )
    # (the new incremental copies the corrupted table again, so it too is only an attempt)
    assert scrape(stanza.target(max_age=0)).value(attempt, **INCR) > first.value(attempt, **INCR)


def test_a_repository_that_cannot_be_read_fails_the_source(stanza: Stanza, scrape: Any, tmp_path: Path) -> None:
    broken = PgBackRestTarget(
        info_command(postgres_argv(["pgbackrest"]), str(tmp_path / "no-such.conf"), "main"), 30, 0, 30
    )
    assert scrape(broken).value("jivs_backup_up", source="pgbackrest") == 0
    with pytest.raises(ValueError, match="stanza main repo1: missing stanza path"):
        parse_info('[{"name": "main", "repo": [{"key": 1, "status": {"code": 1, "message": "missing stanza path"}}]}]')
