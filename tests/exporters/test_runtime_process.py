"""The exporter as a process: ``python -m exporters.replication`` and ``jivsmon exporter replication``.

Checks what only a real process shows: passwords absent from logs, metrics and
the landing page (a wrong password makes PostgreSQL's error land in the logs),
exit 0 on SIGTERM, exit 2 on bad input.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests

from jivsmon.services.ports import free_port, wait_for_port
from jivsmon.services.postgres import PostgresServer, owned_workdir

pytestmark = pytest.mark.service
REPO = Path(__file__).resolve().parents[2]
GOOD_PW, BAD_PW = "good-Pw-4711", "wrong-Pw-0815"


@pytest.fixture(scope="module")
def server() -> Iterator[PostgresServer]:
    root = owned_workdir("jivs-exp-proc-")
    pg = PostgresServer(root / "pg", "pg-primary").init().start()
    pg.execute(f"CREATE ROLE mon LOGIN PASSWORD '{GOOD_PW}' IN ROLE pg_monitor")
    yield pg
    pg.stop()
    import shutil

    shutil.rmtree(root, ignore_errors=True)


def _env(server: PostgresServer) -> dict[str, str]:
    return {
        **os.environ,
        "JIVS_REPLICATION_DSN_GOOD": f"postgresql://mon:{GOOD_PW}@127.0.0.1:{server.port}/postgres",
        "JIVS_REPLICATION_DSN_BAD": server.dsn(user="mon", password=BAD_PW),
    }


def test_passwords_never_leave_the_process_and_sigterm_stops_cleanly(server: PostgresServer) -> None:
    port = free_port()
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "exporters.replication",
            f"--web.listen-address=127.0.0.1:{port}",
            "--target",
            "good",
            "--target",
            "bad",
            "--replicas.expected",
            "r1",
            "--log.format",
            "json",
            "--scrape.timeout",
            "3s",
        ],
        cwd=REPO,
        env=_env(server),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert wait_for_port(port)
        metrics = requests.get(f"http://127.0.0.1:{port}/metrics", timeout=10).text
        landing = requests.get(f"http://127.0.0.1:{port}/", timeout=10).text
        assert requests.get(f"http://127.0.0.1:{port}/healthz", timeout=10).status_code == 200
        assert 'jivs_replication_up{target="good"} 1.0' in metrics
        assert 'jivs_replication_up{target="bad"} 0.0' in metrics
        assert "password authentication failed" in landing  # the error is shown ...
    finally:
        proc.send_signal(signal.SIGTERM)
        out, err = proc.communicate(timeout=15)
    assert proc.returncode == 0
    assert '"msg": "stopped"' in err and "password authentication failed" in err
    for text in (metrics, landing, out, err):  # ... but never the passwords
        assert GOOD_PW not in text and BAD_PW not in text


@pytest.mark.parametrize(
    ("argv", "env", "message"),
    [
        (["--target", "x"], {}, "JIVS_REPLICATION_DSN_X"),
        (["--target", "x", "--scrape.timeout", "-1"], {"JIVS_REPLICATION_DSN": "host=127.0.0.1"}, "must be positive"),
        (
            ["--target", "x", "--web.config.file", "/nonexistent/web.yml"],
            {"JIVS_REPLICATION_DSN": "host=h"},
            "nonexistent",
        ),
        (
            ["--target", "x"],
            {"JIVS_REPLICATION_DSN": "host=h password=leak-me-123", "JIVS_REPLICATION_DSN_FILE": "/x"},
            "both JIVS_REPLICATION_DSN",
        ),
    ],
    ids=["no-dsn", "bad-timeout", "missing-web-config", "dsn-twice"],
)
def test_bad_input_exits_2_with_a_clear_message(argv: list[str], env: dict[str, str], message: str) -> None:
    done = subprocess.run(
        [
            str(REPO / ".venv/bin/jivsmon"),
            "--config",
            "/nonexistent.yaml",
            "exporter",
            "replication",
            f"--web.listen-address=127.0.0.1:{free_port()}",
            *argv,
        ],
        cwd=REPO,
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert done.returncode == 2, done.stderr
    assert message in done.stderr and "leak-me-123" not in done.stderr
