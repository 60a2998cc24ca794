"""`jivsmon demo up` and `down`: the monitored stack and its monitoring on loopback, under one state folder.

Order matters: the sink and the stack first (PostgreSQL, PgBouncer, Redis +
Sentinel, the backend), then the exporters that read it, then Alertmanager
and the Prometheus HA pair loaded with the rules `jivsmon build` generated for
this very demo: an overlay points the config at the demo's own URLs and
receiver files, and nothing else of the config changes.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml

from jivsmon.build import render
from jivsmon.config import load_config
from jivsmon.demo import datastores, monitoring, parts
from jivsmon.demo.state import DemoState, prepare_root, stop_all
from jivsmon.services.ports import LOOPBACK, free_port
from jivsmon.writer import write_tree

Log = Callable[[str], None]


def overlay_for(state: DemoState, receivers: dict[str, Path], prometheus_port: int, alertmanager_port: int) -> Path:
    """The demo overlay: the demo's own URLs and receiver files."""
    data: dict[str, Any] = {
        "prometheus": {"url": f"http://{LOOPBACK}:{prometheus_port}"},
        "alertmanager": {
            "url": f"http://{LOOPBACK}:{alertmanager_port}",
            "receivers": {name: {"webhook_url_file": str(path)} for name, path in receivers.items()},
        },
    }
    path = state.root / "demo-overlay.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=True))
    return path


def up(config_path: Path, overlays: list[Path], root: Path, rate: float, log: Log) -> DemoState:
    """Start everything; on any failure stop what was started and re-raise."""
    state = prepare_root(root)
    try:
        _start(state, config_path, overlays, rate, log)
    except BaseException:
        log("demo: start failed; stopping what was started")
        stop_all(root)
        raise
    return state


def _start(state: DemoState, config_path: Path, overlays: list[Path], rate: float, log: Log) -> None:
    base = load_config(config_path, overlays)
    targets = parts.Targets()
    log("demo: webhook sink")
    receivers = parts.start_sink(state, base)
    prom_port, am_port = free_port(), free_port()
    overlay = overlay_for(state, receivers, prom_port, am_port)
    config = load_config(config_path, [*overlays, overlay])
    write_tree(render(config), state.root / "build")
    log(f"demo: PostgreSQL {config.postgres.primary} + {len(config.postgres.replicas)} replicas, pgBackRest")
    cluster, stanza = datastores.start_postgres(state, config, targets)
    log("demo: base backup and restore test")
    datastores.take_basebackup(state, cluster)
    log("demo: PgBouncer")
    datastores.start_pgbouncer(state, config, cluster, targets)
    log(f"demo: Redis x{config.redis.instances} + Sentinel x{config.redis.sentinels}")
    redis_ports, sentinel_ports = datastores.start_redis(state, config, targets)
    log("demo: backend with load, exporters, simulator")
    backend = parts.start_backend(state, config, targets, rate)
    parts.start_node_exporter(state, config, targets)
    handles = parts.StackHandles(cluster, stanza, redis_ports, sentinel_ports)
    parts.start_our_exporters(state, config, config_path, targets, handles)
    parts.start_simulator(state, config, config_path, [*overlays, overlay], targets)
    log("demo: Alertmanager and Prometheus")
    am_config = monitoring.alertmanager_config_with_secrets(state)
    alertmanagers = monitoring.start_alertmanagers(state, config, am_config, first_port=am_port)
    rules = sorted((state.root / "build" / "rules").glob("*.yaml"))
    prometheus = monitoring.start_prometheus_pair(state, config, targets, rules, alertmanagers, first_port=prom_port)
    state.info = {
        "prometheus": prometheus,
        "alertmanager": [f"http://{a}" for a in alertmanagers],
        "backend": backend,
        "notifications": str(state.root / "notifications.jsonl"),
        "config_overlay": str(overlay),
        "build": str(state.root / "build"),
    }
    state.save()


def summary(state: DemoState) -> str:
    """Where everything is, for the terminal."""
    info = state.info
    lines = [
        f"demo running under {state.root} ({len(state.services)} processes)",
        f"  Prometheus     {'  '.join(info.get('prometheus', []))}",
        f"  Alertmanager   {'  '.join(info.get('alertmanager', []))}",
        f"  backend        {info.get('backend', '')}",
        f"  notifications  {info.get('notifications', '')} (what each receiver got)",
        f"  rules/config   {info.get('build', '')}",
        "  query:         curl -s '<prometheus>/api/v1/query?query=up'",
        "  stop:          make demo-down",
    ]
    return "\n".join(lines)
