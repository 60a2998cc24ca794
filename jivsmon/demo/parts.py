"""The parts of the demo, each started on free loopback ports and recorded in the demo state as it runs."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from alerts.alertmanager import with_secret_urls
from jivsmon.config_model import StackConfig
from jivsmon.demo.state import DemoState, Service
from jivsmon.services import stock_exporters
from jivsmon.services.alertmanager import AlertmanagerServer
from jivsmon.services.pgbackrest import PgBackRestStanza
from jivsmon.services.pgbouncer import PgBouncerServer
from jivsmon.services.ports import LOOPBACK, free_port, wait_for_port
from jivsmon.services.postgres import PG_BIN, PostgresCluster, _as_postgres, ensure_os_user
from jivsmon.services.process import Process, ServiceError
from jivsmon.services.prometheus import PrometheusServer
from jivsmon.services.redis import RedisServer, Sentinel, command

Log = Callable[[str], None]
REPO = Path(__file__).resolve().parents[2]


def run_as_postgres(argv: list[str], what: str) -> None:
    """Run a command as the postgres OS user; ServiceError with its output on failure."""
    done = subprocess.run(_as_postgres(argv), capture_output=True, text=True, check=False, timeout=600)
    if done.returncode != 0:
        raise ServiceError(f"{what} failed: {done.stderr.strip() or done.stdout.strip()}")


@dataclass
class Targets:
    """Scrape targets by job: (host:port, instance label) pairs."""

    jobs: dict[str, list[tuple[str, str]]] = field(default_factory=dict)
    paths: dict[str, str] = field(default_factory=dict)
    labels: dict[str, dict[str, str]] = field(default_factory=dict)

    def add(self, job: str, address: str, instance: str, metrics_path: str = "/metrics", **labels: str) -> None:
        """Scrape address under job, labelled instance (a readable name, not host:port) and labels."""
        self.jobs.setdefault(job, []).append((address, instance))
        self.paths[job] = metrics_path
        self.labels[instance] = labels

    def scrape_configs(self) -> list[dict[str, object]]:
        """Prometheus scrape_config entries, one static config per target so each gets its own labels."""
        return [
            {
                "job_name": job,
                "metrics_path": self.paths[job],
                "static_configs": [{"targets": [a], "labels": {"instance": i, **self.labels[i]}} for a, i in targets],
            }
            for job, targets in sorted(self.jobs.items())
        ]


def _python_service(
    state: DemoState, name: str, module: str, args: list[str], port: int, env: dict[str, str] | None = None
) -> str:
    proc = Process(name, [sys.executable, "-m", module, *args], state.root / "logs" / f"{name}.log", cwd=REPO, env=env)
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


def start_postgres(state: DemoState, config: StackConfig, targets: Targets) -> tuple[PostgresCluster, PgBackRestStanza]:
    """Primary + replicas archiving WAL into pgBackRest (one full backup taken), each with a postgres_exporter."""
    cluster = PostgresCluster(
        state.root / "pg", replicas=[r.name for r in config.postgres.replicas], primary_name=config.postgres.primary
    )
    stanza = PgBackRestStanza(state.root / "pgbackrest", cluster.primary)
    # archive_timeout bounds WAL age on a quiet primary to the RPO the stack promises.
    cluster.primary.settings = {
        "archive_mode": "on",
        "archive_command": stanza.archive_command,
        "archive_timeout": f"'{int(config.backups.wal_archive.seconds)}s'",
    }
    cluster.primary.init()
    stanza.write_config()
    cluster.primary.start()
    _record_pg(state, cluster.primary.name, cluster.primary)
    cluster.primary.execute(f"CREATE DATABASE {config.postgres.database}")
    stanza.create().backup("full")
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
    return cluster, stanza


def take_basebackup(state: DemoState, cluster: PostgresCluster) -> Path:
    """A pg_basebackup into the backups folder, verified by scripts/restore-test.sh (status file beside it)."""
    folder = state.root / "basebackups"
    folder.mkdir(exist_ok=True)
    _chown_postgres(folder)
    target = folder / time.strftime("%Y%m%dT%H%M%SZ", time.gmtime())
    run_as_postgres(
        [
            str(PG_BIN / "pg_basebackup"),
            "-h",
            LOOPBACK,
            "-p",
            str(cluster.primary.port),
            "-U",
            "postgres",
            "-D",
            str(target),
            "-X",
            "stream",
            "-c",
            "fast",
            "--no-sync",
        ],
        "pg_basebackup",
    )
    status = state.root / "restore-test" / "status.json"
    status.parent.mkdir(exist_ok=True)
    _chown_postgres(status.parent)
    run_as_postgres(
        ["bash", str(REPO / "scripts" / "restore-test.sh"), "--backup", str(folder), "--status-file", str(status)],
        "restore test",
    )
    return status


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
        if index == 0:  # the first RDB snapshot, as the 4-hourly schedule would have made
            command(server.port, "BGSAVE")
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
    # In production relabelling copies the node's topology zone label; this machine stands in the first zone.
    targets.add(config.nodes.job, exporter.address, "node-1", zone=config.backend.zones[0])


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


def start_our_exporters(
    state: DemoState, config: StackConfig, config_file: Path, targets: Targets, links: dict[str, object]
) -> None:
    """The replication, backup and Sentinel exporters, pointed at the demo's servers."""
    cluster: PostgresCluster = links["cluster"]  # type: ignore[assignment]
    stanza: PgBackRestStanza = links["stanza"]  # type: ignore[assignment]
    redis_ports: list[int] = links["redis_ports"]  # type: ignore[assignment]
    sentinel_ports: list[int] = links["sentinel_ports"]  # type: ignore[assignment]
    servers = [cluster.primary, *cluster.replicas]
    dsn_env = {f"JIVS_REPLICATION_DSN_{s.name.upper().replace('-', '_')}": s.dsn() for s in servers}
    port = free_port()
    _python_service(
        state,
        "replication-exporter",
        "exporters.replication",
        ["--config", str(config_file), "--web.listen-address", f"{LOOPBACK}:{port}"],
        port,
        env=dsn_env,
    )
    targets.add(config.postgres.replication_job, f"{LOOPBACK}:{port}", "replication-exporter")
    port = free_port()
    _python_service(
        state,
        "backup-exporter",
        "exporters.backup",
        [
            "--config",
            str(config_file),
            "--web.listen-address",
            f"{LOOPBACK}:{port}",
            "--pgbackrest.stanza",
            stanza.name,
            "--pgbackrest.config",
            str(stanza.config),
            "--pgbackrest.command",
            " ".join(_as_postgres(["pgbackrest"])),
            "--basebackup.dir",
            str(state.root / "basebackups"),
            "--redis.address",
            f"{LOOPBACK}:{redis_ports[0]}",
            "--redis.rdb-path",
            str(state.root / "redis" / "redis-1" / "dump.rdb"),
            "--restore-test.status-file",
            str(state.root / "restore-test" / "status.json"),
        ],
        port,
        env={"JIVS_BACKUP_ARCHIVER_DSN": cluster.primary.dsn()},
    )
    targets.add(config.backups.job, f"{LOOPBACK}:{port}", "backup-exporter")
    port = free_port()
    _python_service(
        state,
        "sentinel-exporter",
        "exporters.sentinel",
        [
            "--config",
            str(config_file),
            "--web.listen-address",
            f"{LOOPBACK}:{port}",
            "--sentinel.addresses",
            ",".join(f"{LOOPBACK}:{p}" for p in sentinel_ports),
        ],
        port,
    )
    targets.add(config.redis.sentinel_job, f"{LOOPBACK}:{port}", "sentinel-exporter")


def start_simulator(
    state: DemoState, config: StackConfig, config_file: Path, overlays: list[Path], targets: Targets
) -> None:
    """The simulator for the ALB, kube-state-metrics, cAdvisor and Elasticsearch (one port, a path each)."""
    port = free_port()
    args = ["--port", str(port), "--config", str(config_file), *(a for o in overlays for a in ("--overlay", str(o)))]
    _python_service(state, "simulator", "jivsmon.demo.simulator", args, port)
    for path, job in (
        ("alb", config.alb.job),
        ("kube-state-metrics", config.kubernetes.kube_state_metrics_job),
        ("cadvisor", config.kubernetes.cadvisor_job),
        ("elasticsearch", config.elasticsearch.job),
    ):
        targets.add(job, f"{LOOPBACK}:{port}", f"simulated-{path}", metrics_path=f"/{path}")


def alertmanager_config_with_secrets(state: DemoState) -> Path:
    """The deploy step: the built alertmanager.yml with each receiver's URL read from its secret file.

    Alertmanager 0.25 has no ``url_file`` for webhooks, so build/ keeps the file
    reference and the deployed copy (outside build/) carries the URL.
    """
    built = yaml.safe_load((state.root / "build" / "alertmanager" / "alertmanager.yml").read_text())
    deployed = with_secret_urls(built, lambda path: Path(path).read_text())
    target = state.root / "alertmanager.yml"
    target.write_text(yaml.safe_dump(deployed, sort_keys=False))
    target.chmod(0o600)  # it now holds the receivers' URLs
    return target
