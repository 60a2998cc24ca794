"""A real Alertmanager (Debian's prometheus-alertmanager) on a free loopback port, gossip on loopback or off."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import requests

from jivsmon.services.ports import LOOPBACK, free_port
from jivsmon.services.process import Process

ALERTMANAGER = "/usr/bin/prometheus-alertmanager"


@dataclass
class AlertmanagerServer:
    """Alertmanager reading ``config_file``; state and log under ``root``."""

    root: Path
    config_file: Path
    cluster_args: Sequence[str] = ()  # e.g. --cluster.listen-address=127.0.0.1:P --cluster.peer=...
    port: int = 0
    process: Process | None = None

    @property
    def url(self) -> str:
        """Base URL of the API."""
        return f"http://{LOOPBACK}:{self.port}"

    def start(self, timeout: float = 30.0) -> AlertmanagerServer:
        """Start and wait for /-/ready. Gossip is off unless cluster_args say where: its default is 0.0.0.0:9094."""
        self.root.mkdir(parents=True, exist_ok=True)
        self.port = self.port or free_port()
        self.process = Process(
            "alertmanager",
            [
                ALERTMANAGER,
                f"--config.file={self.config_file}",
                f"--storage.path={self.root / 'data'}",
                f"--web.listen-address={LOOPBACK}:{self.port}",
                *(self.cluster_args or ["--cluster.listen-address="]),
            ],
            self.root / "alertmanager.log",
        )
        self.process.wait_until(self._ready, timeout)
        return self

    def _ready(self) -> bool:
        try:
            return requests.get(f"{self.url}/-/ready", timeout=1).status_code == 200
        except requests.RequestException:
            return False

    def alerts(self) -> list[dict[str, Any]]:
        """Alerts Alertmanager currently holds (API v2)."""
        resp = requests.get(f"{self.url}/api/v2/alerts", timeout=10)
        resp.raise_for_status()
        result: list[dict[str, Any]] = resp.json()
        return result

    def stop(self) -> None:
        """Stop the server."""
        if self.process:
            self.process.stop()

    def __enter__(self) -> AlertmanagerServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()
