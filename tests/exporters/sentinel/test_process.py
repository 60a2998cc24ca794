"""The exporter as a process with the documented minimal ACL; a user short of it; Sentinels that disagree."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests

from exporters.runtime.exporter import Exporter
from exporters.sentinel.exporter import Options, build
from exporters.sentinel.reference import MINIMAL_ACL
from exporters.sentinel.resp import RespClient
from jivsmon.services.ports import free_port, wait_for_port
from jivsmon.services.redis import RedisServer, Sentinel

pytestmark = pytest.mark.service
REPO = Path(__file__).resolve().parents[3]
ADMIN_PW, EXPORTER_PW, SHORT_PW = "admin-Pw-0815", "exporter-Pw-4711", "short-Pw-1234"
SHORT_ACL = MINIMAL_ACL.replace("jivs-exporter", "short").replace(" +sentinel|ckquorum", "")


@pytest.fixture
def secured(tmp_path: Path) -> Iterator[Sentinel]:
    """One master and a Sentinel that requires AUTH and knows the exporter's ACL user."""
    with RedisServer(tmp_path / "redis") as master:
        users = [f"{MINIMAL_ACL} >{EXPORTER_PW}", f"{SHORT_ACL} >{SHORT_PW}"]
        with Sentinel(
            tmp_path / "sentinel", "mymaster", master.port, quorum=1, requirepass=ADMIN_PW, extra=users
        ) as sentinel:
            yield sentinel


def samples(exporter: Exporter) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    return {(s.name, tuple(sorted(s.labels.items()))): s.value for f in exporter.scrape() for s in f.samples}


def test_minimal_acl_user_via_cli_keeps_its_password_secret(secured: Sentinel, tmp_path: Path) -> None:
    secret = tmp_path / "password"
    secret.write_text(EXPORTER_PW + "\n")
    port, sentinel = free_port(), f"127.0.0.1:{secured.port}"
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "jivsmon",
            "--config",
            "/nonexistent.yaml",
            "exporter",
            "sentinel",
            f"--web.listen-address=127.0.0.1:{port}",
            f"--sentinel.addresses={sentinel}",
            "--sentinel.user=jivs-exporter",
            "--log.format=json",
        ],
        cwd=REPO,
        env={**os.environ, "JIVS_SENTINEL_PASSWORD_FILE": str(secret)},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert wait_for_port(port)
        metrics = requests.get(f"http://127.0.0.1:{port}/metrics", timeout=10).text
        landing = requests.get(f"http://127.0.0.1:{port}/", timeout=10).text
        admin = RespClient("127.0.0.1", secured.port, timeout=2, password=ADMIN_PW)
        clients = str(admin.call("CLIENT", "LIST"))
        admin.close()
    finally:
        proc.send_signal(signal.SIGTERM)
        out, err = proc.communicate(timeout=15)
    assert proc.returncode == 0
    assert f'jivs_sentinel_up{{sentinel="{sentinel}"}} 1.0' in metrics
    assert f'jivs_sentinel_master_ckquorum{{master="mymaster",sentinel="{sentinel}"}} 1.0' in metrics
    assert "collector_success" in metrics and "} 0.0\njivs_sentinel_tilt" not in metrics
    assert all(line.endswith(" 1.0") for line in metrics.splitlines() if line.startswith("jivs_sentinel_collector"))
    assert "cmd=subscribe user=jivs-exporter" in clients  # the +switch-master watcher got in too
    assert "jivs-exporter" in landing
    for text in (metrics, landing, out, err):
        assert EXPORTER_PW not in text


def test_a_user_short_of_the_acl_fails_one_collector_not_the_target(secured: Sentinel) -> None:
    exporter = build([f"127.0.0.1:{secured.port}"], Options(timeout=1.0, username="short", password=SHORT_PW), 2.0)
    try:
        got = samples(exporter)
    finally:
        exporter.close()
    sentinel = ("sentinel", f"127.0.0.1:{secured.port}")
    assert got[("jivs_sentinel_up", (sentinel,))] == 1
    success = {dict(k[1])["collector"]: v for k, v in got.items() if k[0] == "jivs_sentinel_collector_success"}
    assert success == {"sentinel": 1, "masters": 1, "master:mymaster": 0}


def test_wrong_password_is_up_0_and_not_leaked(secured: Sentinel) -> None:
    exporter = build(
        [f"127.0.0.1:{secured.port}"], Options(timeout=1.0, username="jivs-exporter", password="wrong-Pw-9999"), 2.0
    )
    try:
        got = samples(exporter)
        status = exporter.status()
    finally:
        exporter.close()
    assert got[("jivs_sentinel_up", (("sentinel", f"127.0.0.1:{secured.port}"),))] == 0
    assert "AUTH refused" in status[0][2] and "wrong-Pw-9999" not in str(status)


def test_sentinels_that_disagree_on_the_master(tmp_path: Path) -> None:
    with (
        RedisServer(tmp_path / "a") as a,
        RedisServer(tmp_path / "b") as b,
        Sentinel(tmp_path / "sa", "mymaster", a.port, quorum=1) as sa,
        Sentinel(tmp_path / "sb", "mymaster", b.port, quorum=1) as sb,
    ):
        exporter = build([f"127.0.0.1:{sa.port}", f"127.0.0.1:{sb.port}"], Options(timeout=1.0, watch=False), 2.0)
        try:
            assert samples(exporter)[("jivs_sentinel_masters_agree", (("master", "mymaster"),))] == 0
            sb.process.pause() if sb.process else None
            try:  # the unreachable Sentinel has no say: the one left agrees with itself
                assert samples(exporter)[("jivs_sentinel_masters_agree", (("master", "mymaster"),))] == 1
            finally:
                sb.process.resume() if sb.process else None
        finally:
            exporter.close()
