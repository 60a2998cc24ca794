"""The stock exporters on free loopback ports: Debian's node, postgres and redis exporters, PyPI's pgbouncer one."""

from __future__ import annotations

import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import requests

from jivsmon.services.ports import LOOPBACK, free_port
from jivsmon.services.process import Process


@dataclass
class StockExporter:
    """One exporter process; ``argv`` may use ``{port}`` and ``{host}`` for its listen address."""

    name: str
    root: Path
    argv: Sequence[str]
    env: Mapping[str, str] = field(default_factory=dict)
    port: int = 0
    process: Process | None = None

    @property
    def address(self) -> str:
        """host:port to scrape."""
        return f"{LOOPBACK}:{self.port}"

    def start(self, timeout: float = 30.0) -> StockExporter:
        """Start and wait until /metrics answers."""
        self.port = self.port or free_port()
        argv = [a.format(port=self.port, host=LOOPBACK) for a in self.argv]
        self.process = Process(self.name, argv, self.root / f"{self.name}.log", env=dict(self.env))
        self.process.wait_until(self._ready, timeout)
        return self

    def _ready(self) -> bool:
        try:
            return requests.get(f"http://{self.address}/metrics", timeout=2).status_code == 200
        except requests.RequestException:
            return False

    def stop(self) -> None:
        """Stop the exporter."""
        if self.process:
            self.process.stop()


def node_exporter(root: Path) -> StockExporter:
    """node_exporter for this machine."""
    return StockExporter(
        "node-exporter",
        root,
        [
            "/usr/bin/prometheus-node-exporter",
            "--web.listen-address={host}:{port}",
            "--no-collector.systemd",
            "--no-collector.rapl",
        ],
    )


def postgres_exporter(root: Path, dsn: str, name: str = "postgres-exporter") -> StockExporter:
    """postgres_exporter; ``dsn`` is a libpq URL (several comma-separated are allowed)."""
    return StockExporter(
        name,
        root,
        ["/usr/bin/prometheus-postgres-exporter", "--web.listen-address={host}:{port}", "--auto-discover-databases"],
        env={"DATA_SOURCE_NAME": dsn},
    )


def redis_exporter(root: Path, redis_port: int, name: str = "redis-exporter") -> StockExporter:
    """redis_exporter for one Redis server."""
    return StockExporter(
        name,
        root,
        [
            "/usr/bin/prometheus-redis-exporter",
            "-web.listen-address",
            "{host}:{port}",
            "-redis.addr",
            f"redis://{LOOPBACK}:{redis_port}",
        ],
    )


def pgbouncer_exporter(root: Path, pgbouncer_port: int, user: str) -> StockExporter:
    """The PyPI pgbouncer-exporter in our venv (jivsmon/catalogue/pgbouncer_exporter.py says why not Debian's)."""
    port = free_port()
    config = root / "pgbouncer-exporter.yml"
    root.mkdir(parents=True, exist_ok=True)
    config.write_text(
        f"exporter_host: {LOOPBACK}\nexporter_port: {port}\npgbouncers:\n"
        f"  - dsn: postgresql://{user}@{LOOPBACK}:{pgbouncer_port}/pgbouncer\n    connect_timeout: 2\n"
    )
    binary = Path(sys.executable).parent / "pgbouncer-exporter"
    return StockExporter("pgbouncer-exporter", root, [str(binary), "--config", str(config)], port=port)
