"""The CLI edge: flags and environment to sources, and the exporter served over HTTP for real."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest
import requests

from exporters.backup.plugin import PLUGIN, make_targets
from exporters.runtime.cli import main, parser
from exporters.runtime.secrets import Redactor
from jivsmon.services.ports import LOOPBACK, free_port, wait_for_port

REPO = Path(__file__).resolve().parents[3]


def _targets(argv: list[str], env: dict[str, str] | None = None) -> dict[str, str]:
    env = env or {}
    args = parser(PLUGIN, env).parse_args(argv)
    return {t.name: t.describe() for t in make_targets(args, None, env, Redactor())}


def test_each_source_is_switched_on_by_its_own_setting(tmp_path: Path) -> None:
    targets = _targets(
        [
            "--pgbackrest.stanza=main",
            "--pgbackrest.command=sudo -u postgres pgbackrest",
            "--walg.json-command=wal-g backup-list --detail --json",
            f"--basebackup.dir={tmp_path}",
            "--redis.address=127.0.0.1:6379",
            f"--redis.rdb-path={tmp_path}",
            f"--restore-test.status-file={tmp_path / 's.json'}",
        ],
        {"JIVS_BACKUP_ARCHIVER_DSN": "host=db user=monitor password=hunter22 dbname=postgres"},
    )
    assert sorted(targets) == ["archiver", "basebackup_dir", "pgbackrest", "redis", "restore_test", "walg"]
    assert targets["pgbackrest"].startswith("sudo -u postgres pgbackrest --stanza=main")
    assert targets["pgbackrest"].endswith("info --output=json")
    assert "hunter22" not in targets["archiver"]


def test_settings_also_come_from_the_environment(tmp_path: Path) -> None:
    env = {
        "JIVS_BACKUP_PGBACKREST_STANZA": "all",
        "JIVS_BACKUP_BASEBACKUP_DIR": f"{tmp_path}/a:{tmp_path}/b",
        "JIVS_BACKUP_RESTORE_TEST_STATUS_FILE": str(tmp_path / "s.json"),
    }
    targets = _targets([], env)
    assert "--stanza" not in targets["pgbackrest"]  # all stanzas
    assert targets["basebackup_dir"] == f"{tmp_path}/a, {tmp_path}/b"
    assert targets["restore_test"] == str(tmp_path / "s.json")


@pytest.mark.parametrize(
    ("argv", "env"),
    [
        pytest.param([], {}, id="no-source"),
        pytest.param(["--redis.address=nohost"], {}, id="address-without-port"),
        pytest.param(["--basebackup.dir=/x", "--cache.max-age=-1s"], {}, id="negative-duration"),
        pytest.param(
            [], {"JIVS_BACKUP_ARCHIVER_DSN": "x", "JIVS_BACKUP_ARCHIVER_DSN_FILE": "/y"}, id="dsn-and-dsn-file"
        ),
    ],
)
def test_bad_configuration_exits_2(argv: list[str], env: dict[str, str]) -> None:
    assert main(PLUGIN, ["--web.listen-address", f"{LOOPBACK}:{free_port()}", *argv], env) == 2


def test_served_over_http_and_stopped_by_sigterm(tmp_path: Path) -> None:
    (tmp_path / "backups").mkdir()
    status = tmp_path / "restore.json"
    status.write_text(json.dumps({"finished_at": "2026-12-01T03:00:00Z", "success": True}))
    port = free_port()
    argv = [
        sys.executable,
        "-m",
        "jivsmon",
        "exporter",
        "backup",
        f"--web.listen-address={LOOPBACK}:{port}",
        f"--basebackup.dir={tmp_path / 'backups'}",
        f"--restore-test.status-file={status}",
    ]
    proc = subprocess.Popen(
        argv, cwd=REPO, stderr=subprocess.PIPE, text=True, env={**os.environ, "PYTHONPATH": str(REPO)}
    )
    try:
        assert wait_for_port(port), "not listening"
        body = requests.get(f"http://{LOOPBACK}:{port}/metrics", timeout=10).text
        assert 'jivs_backup_up{source="basebackup_dir"} 1.0' in body
        assert 'jivs_backup_up{source="restore_test"} 1.0' in body
        assert "jivs_backup_restore_test_last_success_timestamp_seconds 1.796094e+09" in body
        assert "jivs_backup_collector_success" not in body  # not in the contract
    finally:
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(timeout=20) == 0
