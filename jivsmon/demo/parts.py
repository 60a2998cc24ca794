"""The parts of the demo, each started on free loopback ports and recorded in the demo state as it runs."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from jivsmon.config_model import StackConfig
from jivsmon.demo.state import DemoState, Service
from jivsmon.services import stock_exporters
from jivsmon.services.alertmanager import AlertmanagerServer
from jivsmon.services.pgbouncer import PgBouncerServer
from jivsmon.services.ports import LOOPBACK, free_port, wait_for_port
from jivsmon.services.postgres import PostgresCluster, ensure_os_user
from jivsmon.services.process import Process, ServiceError
from jivsmon.services.prometheus import PrometheusServer
from jivsmon.services.redis import RedisServer, Sentinel

Log = Callable[[str], None]


@dataclass
class Targets:
    """Scrape targets by job: (host:port, instance label) pairs."""

    jobs: dict[str, list[tuple[str, str]]] = field(default_factory=dict)

    def add(self, job: str, address: str, instance: str) -> None:
        """Scrape address under job, labelled instance (a readable name, not host:port)."""
        self.jobs.setdefault(job, []).append((address, instance))

    def scrape_configs(self) -> list[dict[str, object]]:
        """Prometheus scrape_config entries, one static config per target so each gets its instance label."""
        return [
            {"job_name": job, "static_configs": [{"targets": [a], "labels": {"instance": i}} for a, i in targets]}
            for job, targets in sorted(self.jobs.items())
        ]


def _python_service(state: DemoState, name: str, module: str, args: list[str], port: int) -> str:
    proc = Process(name, [sys.executable, "-m", module, *args], state.root / "logs" / f"{name}.log")
    state.add(Service(name, proc.pid, url=f"http://{LOOPBACK}:{port}"))
    proc.wait_until(lambda: wait_for_port(port, timeout=0.2), timeout=30)
    return f"{LOOPBACK}:{port}"


def start_sink(state: DemoState, config: StackConfig) -> dict[str, Path]:
    """The webhook sink, and one secret file per receiver holding its URL (what Alertmanager reads)."""
    port = free_port()
    _python_service(
        state,
        "webhook-sink",
        "jivsmon.demo.sink",
        ["--port", str(port), "--log", str(state.root / "notifications.jsonl")],
        port,
    )
    secrets = state.root / "secrets"
    secrets.mkdir(exist_ok=True)
    files = {}
    for receiver, _ in config.alertmanager.receivers:
        files[receiver] = secrets / receiver
        files[receiver].write_text(f"http://{LOOPBACK}:{port}/{receiver}\n")
    return files


def start_postgres(state: DemoState, config: StackConfig, targets: Targets) -> PostgresCluster:
    """Primary + replicas with WAL archiving to a local folder, each with a postgres_exporter."""
    archive = state.root / "wal-archive"
    cluster = PostgresCluster(
        state.root / "pg",
        replicas=[r.name for r in config.postgres.replicas],
        primary_name=config.postgres.primary,
        settings={
            "archive_mode": "on",
            "archive_timeout": "'300s'",
            "archive_command": f"'test ! -f {archive}/%f && cp %p {archive}/%f'",
        },
    )
    archive.mkdir(exist_ok=True)
    cluster.primary.init()
    _chown_postgres(archive)
    cluster.primary.start()
    _record_pg(state, cluster.primary.name, cluster.primary)
    cluster.primary.execute(f"CREATE DATABASE {config.postgres.database}")
    for replica in config.postgres.replicas:
        server = cluster.primary.add_replica(replica.name, cluster.root / replica.name)
        cluster.replicas.append(server)
        _record_pg(state, replica.name, server)
    for server in [cluster.primary, *cluster.replicas]:
        exporter = stock_exporters.postgres_exporter(
            state.root / "logs",
            f"postgresql://postgres@{LOOPBACK}:{server.port}/postgres?sslmode=disable",
            name=f"postgres-exporter-{server.name}",
        ).start()
        _record(state, exporter.name, exporter.process)
        targets.add(config.postgres.job, exporter.address, server.name)
    return cluster


def _chown_postgres(path: Path) -> None:
    user = ensure_os_user()
    os.chown(path, user.pw_uid, user.pw_gid)


def _record_pg(state: DemoState, name: str, server: object) -> None:
    proc = getattr(server, "process", None)
    if proc is not None:
        state.add(Service(name, proc.pid, kind="postgres", data_dir=str(getattr(server, "data", ""))))


def _record(state: DemoState, name: str, proc: Process | None, url: str = "") -> None:
    if proc is None:
        raise ServiceError(f"{name} did not start")
    state.add(Service(name, proc.pid, url=url))


def start_pgbouncer(state: DemoState, config: StackConfig, cluster: PostgresCluster, targets: Targets) -> int:
    """PgBouncer before the primary with the configured client limit, and its exporter."""
    bouncer = PgBouncerServer(
        state.root / "pgbouncer",
        cluster.primary.port,
        database=config.postgres.database,
        max_client_conn=config.pgbouncer.max_client_connections,
    ).start()
    _record(state, "pgbouncer", bouncer.process)
    exporter = stock_exporters.pgbouncer_exporter(state.root / "logs", bouncer.port, "postgres").start()
    _record(state, exporter.name, exporter.process)
    targets.add(config.pgbouncer.job, exporter.address, "pgbouncer")
    return bouncer.port


def start_redis(state: DemoState, config: StackConfig, targets: Targets) -> tuple[list[int], list[int]]:
    """A Redis master, its replicas and the Sentinels; a redis_exporter per Redis. Returns both port lists."""
    redis_ports: list[int] = []
    for index in range(config.redis.instances):
        server = RedisServer(
            state.root / "redis" / f"redis-{index + 1}",
            replica_of=redis_ports[0] if index else None,
            extra={"save": "14400 1", "maxmemory": "64mb", "maxmemory-policy": "allkeys-lru"},
        )
        server.start()
        _record(state, f"redis-{index + 1}", server.process)
        redis_ports.append(server.port)
        exporter = stock_exporters.redis_exporter(state.root / "logs", server.port, f"redis-exporter-{index + 1}")
        exporter.start()
        _record(state, exporter.name, exporter.process)
        targets.add(config.redis.job, exporter.address, f"redis-{index + 1}")
    sentinel_ports = []
    for index in range(config.redis.sentinels):
        sentinel = Sentinel(
            state.root / "redis" / f"sentinel-{index + 1}",
            config.redis.master_name,
            redis_ports[0],
            quorum=config.redis.quorum,
            down_after_ms=5000,
            failover_timeout_ms=60000,
        ).start()
        _record(state, f"sentinel-{index + 1}", sentinel.process)
        sentinel_ports.append(sentinel.port)
    return redis_ports, sentinel_ports


def start_backend(state: DemoState, config: StackConfig, targets: Targets, rate: float) -> str:
    """The instrumented demo backend with its built-in load generator."""
    port = free_port()
    address = _python_service(
        state, "backend", "jivsmon.demo.backend", ["--port", str(port), "--rate", str(rate)], port
    )
    targets.add(config.backend.job, address, "backend-1")
    return f"http://{address}"


def start_node_exporter(state: DemoState, config: StackConfig, targets: Targets) -> None:
    """node_exporter for this machine."""
    exporter = stock_exporters.node_exporter(state.root / "logs").start()
    _record(state, exporter.name, exporter.process)
    targets.add(config.nodes.job, exporter.address, "node-1")


def start_alertmanagers(state: DemoState, config: StackConfig, config_file: Path, first_port: int) -> list[str]:
    """The Alertmanager cluster (as many as configured), gossiping on loopback only; the first on first_port."""
    gossip = [free_port() for _ in range(config.alertmanager.instances)]
    addresses = []
    for index, port in enumerate(gossip):
        peers = [f"--cluster.peer={LOOPBACK}:{p}" for p in gossip if p != port]
        server = AlertmanagerServer(
            state.root / f"alertmanager-{index + 1}",
            config_file,
            cluster_args=[f"--cluster.listen-address={LOOPBACK}:{port}", *peers],
            port=first_port if index == 0 else 0,
        ).start()
        _record(state, f"alertmanager-{index + 1}", server.process, server.url)
        addresses.append(f"{LOOPBACK}:{server.port}")
    return addresses


def start_prometheus_pair(
    state: DemoState,
    config: StackConfig,
    targets: Targets,
    rule_files: list[Path],
    alertmanagers: list[str],
    first_port: int,
) -> list[str]:
    """The Prometheus HA set: identical configs, each scraping everything (itself and its peer included)."""
    ports = [first_port, *(free_port() for _ in range(config.prometheus.instances - 1))]
    for index, port in enumerate(ports):
        targets.add(config.prometheus.job, f"{LOOPBACK}:{port}", f"prometheus-{index + 1}")
    for address in alertmanagers:
        targets.add(config.alertmanager.job, address, f"alertmanager-{alertmanagers.index(address) + 1}")
    urls = []
    for index, port in enumerate(ports):
        server = PrometheusServer(
            state.root / f"prometheus-{index + 1}",
            rule_files=rule_files,
            scrape_configs=targets.scrape_configs(),
            evaluation_interval=str(config.prometheus.evaluation_interval),
            alertmanagers=alertmanagers,
            external_labels={"replica": f"prometheus-{index + 1}"},
            port=port,
        ).start()
        _record(state, f"prometheus-{index + 1}", server.process, server.url)
        urls.append(server.url)
    return urls
