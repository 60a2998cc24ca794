"""The demo's monitoring: the Alertmanager cluster and the Prometheus HA pair.

Alertmanager gets the deploy step that reads receiver secrets; Prometheus
loads the rules generated for the demo.
"""

from __future__ import annotations

from pathlib import Path

import yaml

from alerts.alertmanager import with_secret_urls
from jivsmon.config_model import StackConfig
from jivsmon.demo.parts import Targets, record
from jivsmon.demo.state import DemoState
from jivsmon.services.alertmanager import AlertmanagerServer
from jivsmon.services.ports import LOOPBACK, free_port
from jivsmon.services.prometheus import PrometheusServer


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
        record(state, f"alertmanager-{index + 1}", server.process, server.url)
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
            external_labels={"prometheus_replica": f"prometheus-{index + 1}"},
            alert_labeldrop=["prometheus_replica"],
            port=port,
        ).start()
        record(state, f"prometheus-{index + 1}", server.process, server.url)
        urls.append(server.url)
    return urls


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
