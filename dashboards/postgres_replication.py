"""Dashboard 8, PostgreSQL replication: lag per replica, WAL receivers, slots, replicas connected."""

from __future__ import annotations

import grafanalib.core as G

from dashboards import style as s
from dashboards.layout import Row, new_dashboard, row, variable
from dashboards.queries import postgres as pg
from dashboards.style import Query as Q
from jivsmon.config_model import StackConfig

SLUG = "postgres-replication"


def _replica_stats(config: StackConfig) -> list[s.Cell]:
    """Replicas connected and expected, paused replays and exporter reachability."""
    return [
        s.stat(
            "Connected",
            "Replicas the primary streams to.",
            [Q(pg.replicas(config, "connected"))],
            "short",
            steps=s.below(len(config.postgres.replicas)),
            w=6,
        ),
        s.stat("Expected", "Replicas the stack config lists.", [Q(pg.replicas(config, "expected"))], "short", w=6),
        s.stat(
            "Replay paused",
            "Standbys with WAL replay paused (should be 0).",
            [Q(pg.replay_paused(config))],
            "short",
            steps=s.above(1),
            w=6,
        ),
        s.stat(
            "Exporter reads",
            "Targets the replication exporter could read.",
            [Q(pg.exporter_up(config), "{{target}}")],
            "none",
            mappings=s.up_down(),
            steps=s.below(1),
            w=6,
        ),
    ]


def _replicas_row(config: StackConfig) -> Row:
    """Replica counts now and which replicas the primary streams to over time."""
    return row(
        "Replicas",
        *_replica_stats(config),
        s.state_timeline(
            "Streaming per replica",
            "1 while the primary streams to it.",
            [Q(pg.replica_connected(config), "{{replica}}")],
            mappings=s.up_down("streaming", "not connected"),
        ),
    )


def _lag_row(config: StackConfig) -> Row:
    """Replay lag per replica in time and bytes, over time and now."""
    t = config.thresholds
    return row(
        "Lag",
        s.timeseries(
            "Replay lag (time)",
            "How far each replica's replay is behind.",
            [Q(pg.lag_seconds(config), "{{replica}}")],
            "s",
            steps=s.above(t.replication_lag_seconds),
            min=0,
        ),
        s.timeseries(
            "Replay lag (bytes)",
            "WAL each replica has not yet replayed.",
            [Q(pg.lag_bytes(config), "{{replica}}")],
            "bytes",
            steps=s.above(t.replication_lag_bytes),
            min=0,
        ),
        s.bar_gauge(
            "Lag now",
            "Current replay lag per replica.",
            [Q(pg.lag_seconds(config), "{{replica}}")],
            "s",
            min=0,
            max=2 * t.replication_lag_seconds,
            steps=s.above(t.replication_lag_seconds),
            w=24,
            h=6,
        ),
    )


def _wal_slots_row(config: StackConfig) -> Row:
    """WAL receivers streaming, WAL retained by slots and whether each slot is active."""
    return row(
        "WAL and slots",
        s.state_timeline(
            "WAL receiver",
            "1 while each standby's WAL receiver streams.",
            [Q(pg.wal_receiver_streaming(config), "{{target}}")],
            mappings=s.up_down("streaming", "stopped"),
            w=12,
            h=8,
        ),
        s.timeseries(
            "WAL retained by slots",
            "WAL each replication slot holds back on the primary; an inactive slot grows without bound.",
            [Q(pg.slot_retained_wal(config), "{{slot}}")],
            "bytes",
            steps=s.above(config.thresholds.replication_lag_bytes),
            min=0,
        ),
        s.state_timeline(
            "Slot active",
            "1 while the slot has a consumer.",
            [Q(pg.slot_active(config), "{{slot}}")],
            mappings=s.up_down("active", "inactive"),
        ),
    )


def dashboard(config: StackConfig) -> G.Dashboard:
    """The replication dashboard, filterable by replica."""
    expected = len(config.postgres.replicas)
    return new_dashboard(
        config,
        SLUG,
        description=f"Streaming replication from {config.postgres.primary} to {expected} "
        "replicas, through the jivs replication exporter.",
        variables=[variable("replica", "jivs_replication_replica_connected", job=config.postgres.replication_job)],
        rows=[_replicas_row(config), _lag_row(config), _wal_slots_row(config)],
        related=("postgres-overview", "backups-dr"),
    )
