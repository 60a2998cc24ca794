"""Restore tests: the status file format, and scripts/restore-test.sh run for real on real backups."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from exporters.backup.restore_test import RestoreTestTarget, parse_status
from jivsmon.services.postgres import PostgresServer

SCRIPT = Path(__file__).resolve().parents[3] / "scripts" / "restore-test.sh"


@pytest.mark.parametrize(
    ("text", "finished", "success", "last_ok"),
    [
        pytest.param(
            '{"finished_at": "2026-12-04T03:07:12Z", "success": true}', 1796353632, True, 1796353632, id="passed"
        ),
        pytest.param(
            '{"finished_at": 1796353632, "success": false, "last_success_at": "2026-11-04T03:00:00Z"}',
            1796353632,
            False,
            1793761200,
            id="failed-after-an-earlier-pass",
        ),
        pytest.param('{"finished_at": 1796353632, "success": false}', 1796353632, False, 0, id="never-passed"),
    ],
)
def test_status_file_format(text: str, finished: float, success: bool, last_ok: float) -> None:
    status = parse_status(text)
    assert (status.finished_at, status.success, status.last_success_at) == (finished, success, last_ok)


@pytest.mark.parametrize(
    ("text", "error"),
    [
        pytest.param("[]", "expected a JSON object", id="list"),
        pytest.param('{"success": true}', "finished_at is missing", id="no-finish"),
        pytest.param('{"finished_at": 1, "success": "yes"}', "success must be true or false", id="string-success"),
        pytest.param("{", "not JSON", id="truncated"),
    ],
)
def test_bad_status_files_are_errors(text: str, error: str) -> None:
    with pytest.raises(ValueError, match=error):
        parse_status(text)


def test_no_file_means_never_and_a_bad_file_is_down(tmp_path: Path, scrape: Any) -> None:
    path = tmp_path / "status.json"
    never = scrape(RestoreTestTarget(path))
    assert never.value("jivs_backup_up", source="restore_test") == 1
    assert never.value("jivs_backup_restore_test_last_timestamp_seconds") == 0
    assert never.value("jivs_backup_restore_test_last_success_timestamp_seconds") == 0
    path.write_text("{")
    assert scrape(RestoreTestTarget(path)).value("jivs_backup_up", source="restore_test") == 0


def test_the_job_verifies_restores_and_keeps_the_last_success(
    archiving_pg: PostgresServer, pg_folder: Any, basebackup: Any, as_postgres: Any, scrape: Any
) -> None:
    backups, state = pg_folder("rt-backups"), pg_folder("rt-state")
    status = state / "restore-test.json"
    basebackup(archiving_pg, backups / "b1")
    passed = as_postgres(["bash", str(SCRIPT), "--backup", str(backups), "--restore", "--status-file", str(status)])
    data = json.loads(status.read_text())
    assert data["success"] is True and data["backup"] == str(backups / "b1"), passed.stdout
    assert data["method"] == "pg_verifybackup+restore" and "databases answer" in data["detail"]
    good = scrape(RestoreTestTarget(status))
    assert good.value("jivs_backup_restore_test_last_success") == 1
    ok_at = good.value("jivs_backup_restore_test_last_success_timestamp_seconds")
    assert ok_at == good.value("jivs_backup_restore_test_last_timestamp_seconds") > 0

    # Corrupt a data file of the backup: pg_verifybackup must catch it, the last success stays.
    victim = max((p for p in (backups / "b1" / "base").rglob("*") if p.is_file()), key=lambda p: p.stat().st_size)
    with victim.open("r+b") as handle:
        handle.write(b"corrupt!")
    failed = as_postgres(
        ["bash", str(SCRIPT), "--backup", str(backups / "b1"), "--status-file", str(status)], check=False
    )
    assert failed.returncode == 1
    data = json.loads(status.read_text())
    assert data["success"] is False and "checksum mismatch" in data["detail"]
    bad = scrape(RestoreTestTarget(status))
    assert bad.value("jivs_backup_restore_test_last_success") == 0
    assert bad.value("jivs_backup_restore_test_last_success_timestamp_seconds") == ok_at
    assert bad.value("jivs_backup_restore_test_last_timestamp_seconds") >= ok_at
    assert not list(state.glob(".restore-test.*"))  # the temp file was renamed, not left behind


def test_the_job_refuses_bad_usage(tmp_path: Path, as_postgres: Any) -> None:
    done = as_postgres(
        ["bash", str(SCRIPT), "--backup", str(tmp_path / "missing"), "--status-file", "/tmp/x"], check=False
    )
    assert done.returncode == 2 and "not a folder" in done.stderr
