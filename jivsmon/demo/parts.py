"""The demo's own processes (sink, backend, exporters, simulator) and what every part shares.

Scrape targets are collected here, and each process is recorded in the demo
state as it starts.
"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from jivsmon.config_model import StackConfig
from jivsmon.demo.state import DemoState, Service
from jivsmon.services import stock_exporters
from jivsmon.services.pgbackrest import PgBackRestStanza
from jivsmon.services.ports import LOOPBACK, free_port, wait_for_port
from jivsmon.services.postgres import PostgresCluster, postgres_argv
from jivsmon.services.process import Process, ServiceError

Log = Callable[[str], None]
REPO = Path(__file__).resolve().parents[2]


def run_as_postgres(argv: list[str], what: str) -> None:
    """Run a command as the postgres OS user; ServiceError with its output on failure."""
    done = subprocess.run(postgres_argv(argv), capture_output=True, text=True, check=False, timeout=600)
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


def record(state: DemoState, name: str, proc: Process | None, url: str = "") -> None:
    if proc is None:
        raise ServiceError(f"{name} did not start")
    state.add(Service(name, proc.pid, url=url))


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
    record(state, exporter.name, exporter.process)
    # In production relabelling copies the node's topology zone label; this machine stands in the first zone.
    targets.add(config.nodes.job, exporter.address, "node-1", zone=config.backend.zones[0])


@dataclass(frozen=True)
class StackHandles:
    """What the exporters need to know of the started data stores."""

    cluster: PostgresCluster
    stanza: PgBackRestStanza
    redis_ports: list[int]
    sentinel_ports: list[int]


def _our_exporter(
    state: DemoState, targets: Targets, job: str, name: str, args: list[str], env: dict[str, str]
) -> None:
    port = free_port()
    listen = ["--web.listen-address", f"{LOOPBACK}:{port}"]
    _python_service(state, f"{name}-exporter", f"exporters.{name}", [*listen, *args], port, env=env)
    targets.add(job, f"{LOOPBACK}:{port}", f"{name}-exporter")


def start_our_exporters(
    state: DemoState, config: StackConfig, config_file: Path, targets: Targets, stack: StackHandles
) -> None:
    """The replication, backup and Sentinel exporters, pointed at the demo's servers."""
    servers = [stack.cluster.primary, *stack.cluster.replicas]
    dsns = {f"JIVS_REPLICATION_DSN_{s.name.upper().replace('-', '_')}": s.dsn() for s in servers}
    common = ["--config", str(config_file)]
    _our_exporter(state, targets, config.postgres.replication_job, "replication", common, dsns)
    backup_flags = {
        "--pgbackrest.stanza": stack.stanza.name,
        "--pgbackrest.config": str(stack.stanza.config),
        "--pgbackrest.command": " ".join(postgres_argv(["pgbackrest"])),
        "--basebackup.dir": str(state.root / "basebackups"),
        "--redis.address": f"{LOOPBACK}:{stack.redis_ports[0]}",
        "--redis.rdb-path": str(state.root / "redis" / "redis-1" / "dump.rdb"),
        "--restore-test.status-file": str(state.root / "restore-test" / "status.json"),
    }
    _our_exporter(
        state,
        targets,
        config.backups.job,
        "backup",
        [*common, *_flags(backup_flags)],
        {"JIVS_BACKUP_ARCHIVER_DSN": stack.cluster.primary.dsn()},
    )
    sentinels = ",".join(f"{LOOPBACK}:{p}" for p in stack.sentinel_ports)
    _our_exporter(
        state, targets, config.redis.sentinel_job, "sentinel", [*common, "--sentinel.addresses", sentinels], {}
    )


def _flags(flags: dict[str, str]) -> list[str]:
    return [word for pair in flags.items() for word in pair]


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
