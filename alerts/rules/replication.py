"""Streaming replication alert rules: replica lag in time and bytes, missing replicas, idle slots.

All from our replication exporter, which avoids postgres_exporter's two known
lag errors: its replay lag is 0 on an idle, caught-up primary (no growth, #385),
and a replica that is connected but stuck (#977) is caught by the primary-side
byte lag together with the time since the replica last heard from the primary.
That silence alone is no signal: on an idle primary a replica hears only a
keepalive about every 30 s (wal_receiver_timeout / 2), measured on PostgreSQL 15.
"""

from __future__ import annotations

import re

from alerts.model import AlertRule
from alerts.rules.units import human_bytes, num
from jivsmon.config_model import StackConfig
from jivsmon.durations import Duration
from jivsmon.promql import sel

COMPONENT = "replication"
DASHBOARD = "postgres-replication"


def _literal(name: str) -> str:
    """A name as an RE2 regex matching only itself (hyphens stay readable)."""
    return re.sub(r"([\\.^$|?*+()\[\]{}])", r"\\\1", name)


def _job(config: StackConfig) -> str:
    return config.postgres.replication_job


def replay_lag_seconds(config: StackConfig) -> str:
    """Replay lag per replica as the primary measures it (0 when caught up)."""
    metric = sel("jivs_replication_replica_lag_seconds", job=_job(config), kind="replay")
    return f"max by (job, replica) ({metric})"


def replay_lag_bytes(config: StackConfig) -> str:
    """WAL the primary has written that a replica has not replayed yet."""
    metric = sel("jivs_replication_replica_lag_bytes", job=_job(config), kind="replay")
    return f"max by (job, replica) ({metric})"


def silence_seconds(config: StackConfig) -> str:
    """Seconds since each replica last received anything from the primary, labelled ``replica``."""
    names = "|".join(_literal(r.name) for r in config.postgres.replicas)
    metric = sel("jivs_replication_last_msg_receipt_timestamp_seconds", job=_job(config), target="~" + names)
    relabelled = f'label_replace(time() - {metric}, "replica", "$1", "target", "(.*)")'
    return f"max by (job, replica) ({relabelled})"


def lag_high(config: StackConfig) -> str:
    """Replay lag above the threshold, or a replica silent that long while WAL waits for it."""
    limit = f"{num(config.thresholds.replication_lag_seconds)}"
    stuck = f"({silence_seconds(config)} > {limit}) and on (job, replica) ({replay_lag_bytes(config)} > 0)"
    return f"({replay_lag_seconds(config)} > {limit}) or ({stuck})"


def replica_connected(config: StackConfig) -> str:
    """1 per expected replica the primary is streaming to, 0 for one it is not."""
    return f"max by (job, replica) ({sel('jivs_replication_replica_connected', job=_job(config))})"


def inactive_slot_retained_bytes(config: StackConfig) -> str:
    """WAL held back by replication slots that have no consumer."""
    retained = f"max by (job, slot) ({sel('jivs_replication_slot_retained_wal_bytes', job=_job(config))})"
    active = f"max by (job, slot) ({sel('jivs_replication_slot_active', job=_job(config))})"
    return f"{retained} and on (job, slot) ({active} == 0)"


def rules(config: StackConfig) -> tuple[AlertRule, ...]:
    """The replication rule group."""
    t = config.thresholds
    lag = Duration(t.replication_lag_seconds)
    return (
        AlertRule(
            name="PostgresReplicationLagHigh",
            expr=lag_high(config),
            tier="high",
            component=COMPONENT,
            summary="A PostgreSQL replica is falling behind the primary",
            description=(
                "Replica {{ $labels.replica }} is {{ $value | humanizeDuration }} behind the primary "
                f"(threshold {lag}): replay lag, or time without any message from the primary while "
                "WAL is waiting for it. Reads from it are stale; a failover to it would lose that much."
            ),
            dashboard=DASHBOARD,
            for_=Duration.parse("2m"),
        ),
        AlertRule(
            name="PostgresReplicationLagBytesHigh",
            expr=f"{replay_lag_bytes(config)} > {num(t.replication_lag_bytes)}",
            tier="medium",
            component=COMPONENT,
            summary="A PostgreSQL replica has a large WAL backlog",
            description=(
                "Replica {{ $labels.replica }} has {{ $value | humanize1024 }}B of WAL not yet replayed "
                f"(threshold {human_bytes(t.replication_lag_bytes)})."
            ),
            dashboard=DASHBOARD,
            for_=Duration.parse("10m"),
        ),
        AlertRule(
            name="PostgresReplicaDisconnected",
            expr=f"{replica_connected(config)} == 0",
            tier="high",
            component=COMPONENT,
            summary="A PostgreSQL replica is not streaming from the primary",
            description=(
                "The primary has had no WAL sender for replica {{ $labels.replica }} for 5 minutes: "
                f"{len(config.postgres.replicas)} replicas are expected. The replica serves stale data "
                "and its slot keeps WAL on the primary."
            ),
            dashboard=DASHBOARD,
            for_=Duration.parse("5m"),
        ),
        AlertRule(
            name="PostgresReplicationSlotInactive",
            expr=f"({inactive_slot_retained_bytes(config)}) > {num(t.replication_slot_retained_wal_bytes)}",
            tier="high",
            component=COMPONENT,
            summary="An unused replication slot is filling the primary's disk with WAL",
            description=(
                "Replication slot {{ $labels.slot }} has no consumer and holds back "
                "{{ $value | humanize1024 }}B of WAL on the primary (threshold "
                f"{human_bytes(t.replication_slot_retained_wal_bytes)}); it grows until the disk is full."
            ),
            dashboard=DASHBOARD,
            for_=Duration.parse("10m"),
        ),
    )
