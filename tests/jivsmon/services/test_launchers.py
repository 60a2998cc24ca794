from __future__ import annotations

import socket
from pathlib import Path

import pytest

from jivsmon.services.ports import LOOPBACK, free_port, wait_for_port
from jivsmon.services.process import Process, ServiceError
from jivsmon.services.prometheus import PrometheusServer
from jivsmon.services.redis import RedisServer, Sentinel, ping


def _redis_command(port: int, *words: str) -> bytes:
    with socket.create_connection((LOOPBACK, port), timeout=2) as sock:
        sock.sendall((" ".join(words) + "\r\n").encode())
        return sock.recv(4096)


def test_prometheus_starts_on_loopback_and_answers_queries(tmp_path: Path) -> None:
    with PrometheusServer(tmp_path, scrape_targets={"self": []}) as prom:
        assert prom.url.startswith(f"http://{LOOPBACK}:")
        assert prom.query("vector(42)")[0]["value"][1] == "42"
        with pytest.raises(ValueError, match="parse error"):
            prom.query("sum(")
    assert prom.process is not None and not prom.process.alive()


def test_redis_replica_and_sentinel(tmp_path: Path) -> None:
    with (
        RedisServer(tmp_path / "master") as master,
        RedisServer(tmp_path / "replica", replica_of=master.port) as replica,
        Sentinel(tmp_path / "sentinel", "cache", master.port, quorum=1) as sentinel,
    ):
        assert b"role:slave" in _redis_command(replica.port, "INFO", "replication")
        assert str(master.port).encode() in _redis_command(
            sentinel.port, "SENTINEL", "get-master-addr-by-name", "cache"
        )
    assert not ping(master.port)


def test_paused_process_stops_answering_and_resumes(tmp_path: Path) -> None:
    with RedisServer(tmp_path) as redis:
        assert redis.process is not None
        redis.process.pause()
        assert not ping(redis.port, timeout=0.3)
        redis.process.resume()
        assert ping(redis.port)


def test_a_program_that_dies_reports_its_log(tmp_path: Path) -> None:
    proc = Process("false", ["sh", "-c", "echo boom; exit 3"], tmp_path / "log")
    with pytest.raises(ServiceError, match="exited with 3:\nboom"):
        proc.wait_until(lambda: False, timeout=5)


def test_free_port_is_free() -> None:
    port = free_port()
    assert not wait_for_port(port, timeout=0.2)


def test_ha_replica_label_is_kept_from_alertmanager(tmp_path: Path) -> None:
    server = PrometheusServer(
        tmp_path,
        alertmanagers=["127.0.0.1:9093"],
        external_labels={"prometheus_replica": "a"},
        alert_labeldrop=["prometheus_replica"],
    )
    alerting = server.config()["alerting"]
    assert alerting["alert_relabel_configs"] == [{"action": "labeldrop", "regex": "prometheus_replica"}]
    with server:  # Prometheus itself accepts the config
        assert server.query("vector(1)")
