"""The WAL archiving source against a real PostgreSQL with archive_mode=on, read by a pg_monitor-only role."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from typing import Any

import pytest

from exporters.backup.archiver import ArchiverTarget
from exporters.runtime.postgres import PgConnection
from jivsmon.services.ports import free_port
from jivsmon.services.postgres import PostgresServer

PASSWORD = "arch1ver-secret"


def _until(check: Callable[[], bool], what: str, limit: float = 60.0) -> None:
    """Poll a condition that the server reaches on its own (the archiver runs asynchronously)."""
    deadline = time.monotonic() + limit
    while not check():
        if time.monotonic() > deadline:
            raise AssertionError(f"never happened: {what}")
        time.sleep(0.2)


def _wal_segments(server: PostgresServer, count: int) -> None:
    for _ in range(count):
        server.execute("INSERT INTO churn SELECT g FROM generate_series(1, 100) g")
        server.execute("SELECT pg_switch_wal()")


@pytest.fixture(scope="module")
def target(archiving_pg: PostgresServer) -> Iterator[ArchiverTarget]:
    archiving_pg.execute(f"CREATE ROLE monitor LOGIN PASSWORD '{PASSWORD}' IN ROLE pg_monitor")
    archiving_pg.execute("CREATE TABLE churn (x int)")
    conn = PgConnection(archiving_pg.dsn(user="monitor", password=PASSWORD))
    yield ArchiverTarget(conn, "monitor@primary")
    conn.close()


def test_archiving_is_counted_and_the_backlog_is_empty(archiving_pg: PostgresServer, target: Any, scrape: Any) -> None:
    before = scrape(target)
    assert before.value("jivs_backup_up", source="archiver") == 1
    started = time.time()
    _wal_segments(archiving_pg, 2)
    _until(
        lambda: (
            scrape(target).value("jivs_backup_wal_archived_total") >= before.value("jivs_backup_wal_archived_total") + 2
        ),
        "two segments archived",
    )
    after = scrape(target)
    assert after.value("jivs_backup_wal_last_archived_timestamp_seconds") >= started - 1
    assert after.value("jivs_backup_wal_ready_segments") == 0
    assert after.value("jivs_backup_wal_failed_total") == 0
    assert after.value("jivs_backup_wal_last_failed_timestamp_seconds") == 0  # never failed


def test_a_failing_archive_command_moves_failures_and_grows_the_backlog(
    archiving_pg: PostgresServer, target: Any, scrape: Any
) -> None:
    good_command = archiving_pg.execute("SHOW archive_command")[0][0]
    before = scrape(target)
    archiving_pg.execute("ALTER SYSTEM SET archive_command = 'false'")
    archiving_pg.execute("SELECT pg_reload_conf()")
    time.sleep(0.5)  # let the archiver pick up the reload before new segments arrive
    broke_at = time.time()
    _wal_segments(archiving_pg, 3)
    _until(lambda: scrape(target).value("jivs_backup_wal_ready_segments") >= 3, "three segments waiting")
    _until(
        lambda: scrape(target).value("jivs_backup_wal_failed_total") > before.value("jivs_backup_wal_failed_total"),
        "a failure counted",
    )
    broken = scrape(target)
    assert broken.value("jivs_backup_wal_last_failed_timestamp_seconds") >= broke_at - 1
    assert broken.value("jivs_backup_wal_archived_total") == before.value("jivs_backup_wal_archived_total")
    _wal_segments(archiving_pg, 2)
    _until(lambda: scrape(target).value("jivs_backup_wal_ready_segments") >= 5, "the backlog grows")

    archiving_pg.execute(f"ALTER SYSTEM SET archive_command = '{good_command}'")
    archiving_pg.execute("SELECT pg_reload_conf()")
    _wal_segments(archiving_pg, 1)  # a new segment wakes the archiver at once
    _until(lambda: scrape(target).value("jivs_backup_wal_ready_segments") == 0, "the backlog drains")
    healed = scrape(target)
    assert healed.value("jivs_backup_wal_archived_total") >= before.value("jivs_backup_wal_archived_total") + 6
    assert (
        healed.value("jivs_backup_wal_last_archived_timestamp_seconds")
        > broken.value("jivs_backup_wal_last_failed_timestamp_seconds") - 1
    )


def test_a_server_that_is_not_there_is_down(scrape: Any) -> None:
    conn = PgConnection(f"host=127.0.0.1 port={free_port()} user=monitor password={PASSWORD} dbname=postgres")
    samples = scrape(ArchiverTarget(conn, "nowhere"))
    assert samples.value("jivs_backup_up", source="archiver") == 0
    assert samples.names() == {"jivs_backup_up"}
