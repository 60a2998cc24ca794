"""WAL-G's listing parser, on JSON in WAL-G's own format (BackupTime + ExtendedMetadataDto; wal-g
is not installable here), and the cached command around it, run for real."""

from __future__ import annotations

import json
import shlex
import sys
from pathlib import Path
from typing import Any

import pytest

from exporters.backup.cache import CachedRead, CommandError, run_command
from exporters.backup.walg import WalgTarget, parse_backup_list

# `wal-g backup-list --detail --json`: internal.BackupTime {backup_name, time, wal_file_name} plus
# postgres.ExtendedMetadataDto {start_time, finish_time, date_fmt, hostname, data_dir, pg_version,
# start_lsn, finish_lsn, is_permanent, system_identifier, uncompressed_size, compressed_size, user_data}.
DETAIL = [
    {
        "backup_name": "base_000000010000000000000004",
        "time": "2026-12-02T02:00:31.52Z",
        "wal_file_name": "000000010000000000000004",
        "start_time": "2026-12-02T02:00:01.102733Z",
        "finish_time": "2026-12-02T02:00:30.981221Z",
        "date_fmt": "%Y-%m-%dT%H:%M:%S.%fZ",
        "hostname": "pg-primary",
        "data_dir": "/var/lib/postgresql/15/main",
        "pg_version": 150010,
        "start_lsn": 67108904,
        "finish_lsn": 67109208,
        "is_permanent": False,
        "system_identifier": 7315263405532346000,
        "uncompressed_size": 3204448256,
        "compressed_size": 511705088,
    },
    {
        "backup_name": "base_000000010000000000000010_D_000000010000000000000004",
        "time": "2026-12-03T02:00:09.7Z",
        "wal_file_name": "000000010000000000000010",
        "start_time": "2026-12-03T02:00:01.500000001Z",
        "finish_time": "2026-12-03T02:00:09.25Z",
        "date_fmt": "%Y-%m-%dT%H:%M:%S.%fZ",
        "hostname": "pg-primary",
        "data_dir": "/var/lib/postgresql/15/main",
        "pg_version": 150010,
        "start_lsn": 268435496,
        "finish_lsn": 268435800,
        "is_permanent": False,
        "system_identifier": 7315263405532346000,
        "uncompressed_size": 104857600,
        "compressed_size": 20971520,
        "user_data": {"job": "nightly"},
    },
    {
        "backup_name": "base_000000010000000000000020",
        "time": "2026-12-04T02:00:40Z",
        "wal_file_name": "000000010000000000000020",
        "start_time": "2026-12-04T02:00:02Z",
        "finish_time": "2026-12-04T02:00:39Z",
        "is_permanent": True,
        "uncompressed_size": 3300000000,
        "compressed_size": 520000000,
    },
]
FULL = {"source": "walg", "repository": "s3-eu", "type": "full"}
DELTA = {**FULL, "type": "delta"}


def test_parses_full_and_delta_backups() -> None:
    backups = parse_backup_list(json.dumps(DETAIL), "s3-eu")
    assert [(b.type, b.completed) for b in backups] == [("full", True), ("delta", True), ("full", True)]
    delta = backups[1]
    assert delta.start == pytest.approx(1796263201.5)
    assert delta.stop == pytest.approx(1796263209.25)
    assert delta.size == 20971520
    assert delta.repository == "s3-eu"


@pytest.mark.parametrize(
    ("text", "count"),
    [
        pytest.param("", 0, id="no-backups-empty-output"),
        pytest.param("null\n", 0, id="no-backups-null"),
        pytest.param("[]", 0, id="no-backups-empty-list"),
        # Newer WAL-G: modification_time instead of time, storage_name names the storage.
        pytest.param(
            '[{"backup_name": "base_1", "creation_time": "0001-01-01T00:00:00Z", '
            '"modification_time": "2026-12-04T01:01:01.000000001Z", "wal_file_name": "1", "storage_name": "default"}]',
            1,
            id="without-detail-newer-format",
        ),
    ],
)
def test_other_shapes_of_the_listing(text: str, count: int) -> None:
    backups = parse_backup_list(text, "fallback")
    assert len(backups) == count
    if backups:
        assert backups[0].repository == "default" and backups[0].start == backups[0].stop


@pytest.mark.parametrize(
    ("text", "error"),
    [
        pytest.param("{", "not JSON", id="truncated"),
        pytest.param('{"backups": []}', "expected a JSON list", id="object"),
        pytest.param('[{"backup_name": "base_2"}]', "no start_time", id="no-times"),
        pytest.param('[{"backup_name": "b", "start_time": "2026-12-04 02:00:00"}]', "without a zone", id="naive"),
    ],
)
def test_bad_listings_are_errors(text: str, error: str) -> None:
    with pytest.raises(ValueError, match=error):
        parse_backup_list(text, "x")


def test_the_target_runs_the_listing_command(tmp_path: Path, scrape: Any) -> None:
    listing = tmp_path / "list.json"
    listing.write_text(json.dumps(DETAIL))
    target = WalgTarget(f"cat {shlex.quote(str(listing))}", "s3-eu", timeout=10, max_age=0, wait=10)
    samples = scrape(target)
    assert samples.value("jivs_backup_up", source="walg") == 1
    assert samples.value("jivs_backup_last_success_start_timestamp_seconds", **FULL) == pytest.approx(1796349602)
    assert samples.value("jivs_backup_last_success_size_bytes", **FULL) == 520000000
    assert samples.value("jivs_backup_last_success_duration_seconds", **DELTA) == pytest.approx(7.75)
    listing.write_text("")  # every backup deleted by retention
    assert scrape(target).value("jivs_backup_last_success_finish_timestamp_seconds", **FULL) == 0
    failing = WalgTarget("sh -c 'echo storage unreachable >&2; exit 1'", "s3-eu", 10, 0, 10)
    assert scrape(failing).value("jivs_backup_up", source="walg") == 0


def test_run_command_errors_name_the_problem() -> None:
    with pytest.raises(CommandError, match="exited with 3: boom"):
        run_command(["sh", "-c", "echo boom >&2; exit 3"], timeout=10)
    with pytest.raises(CommandError, match=r"no answer within 0\.5s"):
        run_command(["sh", "-c", "sleep 30 & wait"], timeout=0.5)
    with pytest.raises(CommandError, match="cannot run"):
        run_command(["/nonexistent/wal-g"], timeout=1)


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_cache_serves_until_max_age_and_then_reads_again() -> None:
    clock, calls = Clock(), []

    def read() -> int:
        calls.append(clock.now)
        return len(calls)

    cache = CachedRead(read, max_age=60, wait=5, clock=clock)
    assert cache.get() == (1, 1000.0)
    clock.now += 59
    assert cache.get() == (1, 1000.0)
    clock.now += 1
    assert cache.get() == (2, 1060.0)
    assert cache.reads == 2


def test_a_slow_refresh_serves_the_old_result_and_a_failed_one_raises(tmp_path: Path) -> None:
    clock, gate = Clock(), tmp_path / "gate"
    script = f"while [ ! -f {gate} ]; do sleep 0.05; done; cat {gate}"
    cache = CachedRead(lambda: run_command(["sh", "-c", script], 30), max_age=60, wait=0.2, clock=clock)
    with pytest.raises(TimeoutError, match="first read still running"):
        cache.get()
    gate.write_text("v1")
    cache.wait = 30
    assert cache.get() == ("v1", 1000.0)
    gate.unlink()
    clock.now += 61
    cache.wait = 0.2
    assert cache.get() == ("v1", 1000.0)  # stale but served while the refresh runs
    gate.write_text("v2")
    cache.wait = 30
    assert cache.get() == ("v2", 1061.0)
    failing = CachedRead(lambda: run_command([sys.executable, "-c", "raise SystemExit(4)"], 30), 60, 30, clock)
    with pytest.raises(CommandError, match="exited with 4"):
        failing.get()
