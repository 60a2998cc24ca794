"""PostgreSQL: postgres_exporter (job postgres) and our replication exporter (jivs_replication_*)."""

from __future__ import annotations

from dashboards.style import RATE
from jivsmon.config_model import StackConfig
from jivsmon.promql import sel


def _pg(config: StackConfig, metric: str, **labels: str) -> str:
    return sel(metric, job=config.postgres.job, instance="~$instance", **labels)


def _db(config: StackConfig, metric: str, **labels: str) -> str:
    return _pg(config, metric, datname=config.postgres.database, **labels)


def up(config: StackConfig) -> str:
    """1 if the exporter reached PostgreSQL."""
    return f"min({_pg(config, 'pg_up')})"


def connections(config: StackConfig) -> str:
    """Backends connected to each server (all databases)."""
    return f"sum by (instance) ({_pg(config, 'pg_stat_database_numbackends')})"


def connections_ratio(config: StackConfig) -> str:
    """Connections as a share of max_connections."""
    return f"{connections(config)} / on (instance) max by (instance) ({_pg(config, 'pg_settings_max_connections')})"


def connections_by_state(config: StackConfig) -> str:
    """Sessions of our database by state (active, idle, idle in transaction, ...)."""
    return f"sum by (state) ({_db(config, 'pg_stat_activity_count')})"


def transactions(config: StackConfig, outcome: str) -> str:
    """Commits or rollbacks per second ("commit" or "rollback")."""
    return f"sum by (instance) (rate({_db(config, f'pg_stat_database_xact_{outcome}')}[{RATE}]))"


def rows(config: StackConfig, op: str) -> str:
    """Rows per second by operation: fetched, returned, inserted, updated, deleted."""
    return f"sum(rate({_db(config, f'pg_stat_database_tup_{op}')}[{RATE}]))"


def cache_hit_ratio(config: StackConfig) -> str:
    """Share of block reads served from shared buffers."""
    hit = f"sum by (instance) (rate({_db(config, 'pg_stat_database_blks_hit')}[{RATE}]))"
    read = f"sum by (instance) (rate({_db(config, 'pg_stat_database_blks_read')}[{RATE}]))"
    return f"{hit} / ({hit} + {read})"


def locks(config: StackConfig) -> str:
    """Locks held, by mode."""
    return f"sum by (mode) ({_db(config, 'pg_locks_count')})"


def deadlocks(config: StackConfig) -> str:
    """Deadlocks detected over the last hour."""
    return f"sum(increase({_db(config, 'pg_stat_database_deadlocks')}[1h]))"


def longest_transaction(config: StackConfig) -> str:
    """Age of the oldest open transaction, seconds."""
    return f"max by (instance) ({_db(config, 'pg_stat_activity_max_tx_duration')})"


def database_size(config: StackConfig) -> str:
    """Size of our database."""
    return f"max by (instance) ({_db(config, 'pg_database_size_bytes')})"


def _rep(config: StackConfig, metric: str, **labels: str) -> str:
    return sel(metric, job=config.postgres.replication_job, **labels)


def lag_seconds(config: StackConfig) -> str:
    """Replay lag per replica, seconds."""
    series = _rep(config, "jivs_replication_replica_lag_seconds", replica="~$replica", kind="replay")
    return f"max by (replica) ({series})"


def lag_bytes(config: StackConfig) -> str:
    """WAL not yet replayed per replica, bytes."""
    series = _rep(config, "jivs_replication_replica_lag_bytes", replica="~$replica", kind="replay")
    return f"max by (replica) ({series})"


def replica_connected(config: StackConfig) -> str:
    """1 while the primary streams to the replica."""
    return f"max by (replica) ({_rep(config, 'jivs_replication_replica_connected', replica='~$replica')})"


def replicas(config: StackConfig, which: str) -> str:
    """Replicas streaming ("connected") or configured ("expected")."""
    return f"max({_rep(config, f'jivs_replication_replicas_{which}')})"


def wal_receiver_streaming(config: StackConfig) -> str:
    """1 while each standby's WAL receiver streams."""
    return f"max by (target) ({_rep(config, 'jivs_replication_wal_receiver_streaming')})"


def slot_retained_wal(config: StackConfig) -> str:
    """WAL held back on the primary by each replication slot."""
    return f"max by (slot) ({_rep(config, 'jivs_replication_slot_retained_wal_bytes')})"


def slot_active(config: StackConfig) -> str:
    """1 while a slot has a consumer."""
    return f"max by (slot) ({_rep(config, 'jivs_replication_slot_active')})"


def replay_paused(config: StackConfig) -> str:
    """Standbys with WAL replay paused."""
    return f"sum({_rep(config, 'jivs_replication_replay_paused')}) or vector(0)"


def exporter_up(config: StackConfig) -> str:
    """1 per target the replication exporter could read."""
    return f"min by (target) ({_rep(config, 'jivs_replication_up')})"
