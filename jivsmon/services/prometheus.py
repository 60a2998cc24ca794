"""A real Prometheus server (Debian's package) on a free loopback port, with rule files and targets."""

from __future__ import annotations

import shutil
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import requests
import yaml

from jivsmon.services.ports import LOOPBACK, free_port
from jivsmon.services.process import Process

PROMETHEUS = "/usr/bin/prometheus"


def instant_query(url: str, expr: str, time: float | None = None) -> list[dict[str, Any]]:
    """An instant query against any Prometheus at url; ValueError carries Prometheus' own error text."""
    params: dict[str, Any] = {"query": expr}
    if time is not None:
        params["time"] = time
    resp = requests.get(f"{url}/api/v1/query", params=params, timeout=30)
    body = resp.json()
    if body.get("status") != "success":
        raise ValueError(f"query {expr!r} failed: {body.get('error', resp.text)}")
    result: list[dict[str, Any]] = body["data"]["result"]
    return result


@dataclass
class PrometheusServer:
    """Prometheus with its config, data and log under ``root``; use as a context manager."""

    root: Path
    rule_files: Sequence[Path] = ()
    scrape_targets: dict[str, Sequence[str]] = field(default_factory=dict)
    scrape_configs: Sequence[dict[str, Any]] = ()  # full scrape_config entries, beside scrape_targets
    scrape_interval: str = "15s"
    evaluation_interval: str = "15s"
    alertmanagers: Sequence[str] = ()  # host:port of each Alertmanager to notify
    external_labels: dict[str, str] = field(default_factory=dict)
    # External labels that tell HA replicas apart must not reach Alertmanager, or it
    # cannot deduplicate the pair's identical alerts.
    alert_labeldrop: Sequence[str] = ()
    extra_args: Sequence[str] = ()
    port: int = 0
    process: Process | None = None

    @property
    def url(self) -> str:
        """Base URL of the HTTP API."""
        return f"http://{LOOPBACK}:{self.port}"

    @property
    def data_dir(self) -> Path:
        """The TSDB folder (blocks made by ``promtool tsdb create-blocks-from`` go here)."""
        return self.root / "data"

    def config(self) -> dict[str, Any]:
        """prometheus.yml as data."""
        cfg: dict[str, Any] = {
            "global": {"scrape_interval": self.scrape_interval, "evaluation_interval": self.evaluation_interval},
            "rule_files": [str(p) for p in self.rule_files],
            "scrape_configs": [
                *(
                    {"job_name": job, "static_configs": [{"targets": list(targets)}]}
                    for job, targets in self.scrape_targets.items()
                ),
                *self.scrape_configs,
            ],
        }
        if self.external_labels:
            cfg["global"]["external_labels"] = dict(self.external_labels)
        if self.alertmanagers:
            cfg["alerting"] = {"alertmanagers": [{"static_configs": [{"targets": list(self.alertmanagers)}]}]}
            if self.alert_labeldrop:
                regex = "|".join(self.alert_labeldrop)
                cfg["alerting"]["alert_relabel_configs"] = [{"action": "labeldrop", "regex": regex}]
        return cfg

    def start(self, timeout: float = 60.0) -> PrometheusServer:
        """Write the config, start the server and wait until /-/ready answers."""
        if not shutil.which(PROMETHEUS):
            raise FileNotFoundError(f"{PROMETHEUS} missing: run scripts/bootstrap-system.sh")
        self.root.mkdir(parents=True, exist_ok=True)
        self.data_dir.mkdir(exist_ok=True)
        self.port = self.port or free_port()
        cfg = self.config_path()
        cfg.write_text(yaml.safe_dump(self.config(), sort_keys=False))
        self.process = Process(
            "prometheus",
            [
                PROMETHEUS,
                f"--config.file={cfg}",
                f"--storage.tsdb.path={self.data_dir}",
                f"--web.listen-address={LOOPBACK}:{self.port}",
                "--web.enable-lifecycle",
                "--storage.tsdb.retention.time=400d",
                *self.extra_args,
            ],
            self.root / "prometheus.log",
        )
        self.process.wait_until(self._ready, timeout)
        return self

    def _ready(self) -> bool:
        try:
            return requests.get(f"{self.url}/-/ready", timeout=1).status_code == 200
        except requests.RequestException:
            return False

    def reload(self) -> None:
        """Re-read config and rule files (POST /-/reload)."""
        self.config_path().write_text(yaml.safe_dump(self.config(), sort_keys=False))
        requests.post(f"{self.url}/-/reload", timeout=10).raise_for_status()

    def config_path(self) -> Path:
        """Where prometheus.yml is written."""
        return self.root / "prometheus.yml"

    def query(self, expr: str, time: float | None = None) -> list[dict[str, Any]]:
        """Instant query; returns the result list or raises with Prometheus' error text."""
        return instant_query(self.url, expr, time)

    def stop(self) -> None:
        """Stop the server (its data stays under root)."""
        if self.process:
            self.process.stop()

    def __enter__(self) -> PrometheusServer:
        return self.start() if self.process is None else self

    def __exit__(self, *exc: object) -> None:
        self.stop()
