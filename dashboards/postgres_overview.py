"""Dashboard 7, PostgreSQL overview: connections, throughput, cache hits, locks, long transactions."""

from __future__ import annotations

import grafanalib.core as G

from dashboards import style as s
from dashboards.layout import Row, new_dashboard, row, variable
from dashboards.queries import postgres as pg
from dashboards.style import Query as Q
from jivsmon.config_model import StackConfig

SLUG = "postgres-overview"


def _usage_stats(config: StackConfig) -> list[s.Cell]:
    """Reachability, connections used and cache hit ratio right now."""
    t = config.thresholds
    return [
        s.stat(
            "Reachable",
            "1 if postgres_exporter reached every selected server.",
            [Q(pg.up(config))],
            "none",
            mappings=s.up_down(),
            steps=s.below(1),
            w=4,
        ),
        s.gauge(
            "Connections used",
            "Connections as a share of max_connections (busiest server).",
            Q(f"max({pg.connections_ratio(config)})"),
            "percentunit",
            min=0,
            max=1,
            steps=s.above(t.postgres_connections_ratio),
            w=4,
            h=4,
        ),
        s.stat(
            "Cache hit ratio",
            "Block reads served from shared buffers.",
            [Q(f"min({pg.cache_hit_ratio(config)})")],
            "percentunit",
            decimals=2,
            steps=s.below(t.postgres_cache_hit_ratio),
            w=4,
        ),
    ]


def _trouble_stats(config: StackConfig) -> list[s.Cell]:
    """Longest open transaction, recent deadlocks and the database size."""
    return [
        s.stat(
            "Longest transaction",
            "Age of the oldest open transaction.",
            [Q(f"max({pg.longest_transaction(config)})")],
            "s",
            steps=s.above(config.thresholds.postgres_long_transaction_seconds),
            w=4,
        ),
        s.stat(
            "Deadlocks (1 h)",
            "Deadlocks detected in the last hour.",
            [Q(pg.deadlocks(config))],
            "short",
            steps=s.above(1),
            w=4,
        ),
        s.stat(
            "Database size",
            f"Size of database {config.postgres.database}.",
            [Q(f"max({pg.database_size(config)})")],
            "bytes",
            w=4,
        ),
    ]


def _health_row(config: StackConfig) -> Row:
    """One line of stat tiles: is PostgreSQL up, busy, and in trouble."""
    return row("Health", *_usage_stats(config), *_trouble_stats(config))


def _throughput_row(config: StackConfig) -> Row:
    """Transactions and rows per second."""
    return row(
        "Throughput",
        s.timeseries(
            "Transactions per second",
            "Commits and rollbacks per server.",
            [
                Q(pg.transactions(config, "commit"), "{{instance}} commit"),
                Q(pg.transactions(config, "rollback"), "{{instance}} rollback"),
            ],
            "ops",
            min=0,
        ),
        s.timeseries(
            "Rows per second",
            "Rows read and written (postgres_exporter has no per-statement counts without pg_stat_statements).",
            [Q(pg.rows(config, op), op) for op in ("fetched", "returned", "inserted", "updated", "deleted")],
            "ops",
            min=0,
        ),
    )


def _connections_row(config: StackConfig) -> Row:
    """Connections used per server and sessions by state."""
    return row(
        "Connections",
        s.timeseries(
            "Connections used by server",
            "Connections as a share of max_connections.",
            [Q(pg.connections_ratio(config), "{{instance}}")],
            "percentunit",
            steps=s.above(config.thresholds.postgres_connections_ratio),
            min=0,
            max=1,
        ),
        s.timeseries(
            "Sessions by state",
            "Sessions of our database: active, idle, idle in transaction.",
            [Q(pg.connections_by_state(config), "{{state}}")],
            "short",
            stack=True,
            min=0,
        ),
    )


def _locks_transactions_row(config: StackConfig) -> Row:
    """Locks by mode, the longest transaction and the cache hit ratio per server."""
    t = config.thresholds
    return row(
        "Locks and transactions",
        s.timeseries(
            "Locks by mode",
            "Locks held in our database, by mode.",
            [Q(pg.locks(config), "{{mode}}")],
            "short",
            min=0,
            w=8,
        ),
        s.timeseries(
            "Longest transaction by server",
            "Age of the oldest open transaction.",
            [Q(pg.longest_transaction(config), "{{instance}}")],
            "s",
            steps=s.above(t.postgres_long_transaction_seconds),
            min=0,
            w=8,
        ),
        s.timeseries(
            "Cache hit ratio by server",
            "Share of block reads served from memory.",
            [Q(pg.cache_hit_ratio(config), "{{instance}}")],
            "percentunit",
            steps=s.below(t.postgres_cache_hit_ratio),
            max=1,
            w=8,
        ),
    )


def dashboard(config: StackConfig) -> G.Dashboard:
    """The PostgreSQL overview, filterable by server."""
    return new_dashboard(
        config,
        SLUG,
        description=f"PostgreSQL {config.postgres.primary} and its replicas, database "
        f"{config.postgres.database}, through postgres_exporter.",
        variables=[variable("instance", "pg_up", title="Server", job=config.postgres.job)],
        rows=[
            _health_row(config),
            _throughput_row(config),
            _connections_row(config),
            _locks_transactions_row(config),
        ],
        related=("postgres-replication", "pgbouncer", "backups-dr"),
    )
