"""PgBouncer through spreaker's pgbouncer-exporter (see jivsmon/catalogue/pgbouncer_exporter.py)."""

from __future__ import annotations

from dashboards.style import RATE
from jivsmon.config_model import StackConfig
from jivsmon.promql import sel


def _pb(config: StackConfig, metric: str, **labels: str) -> str:
    return sel(metric, job=config.pgbouncer.job, instance="~$instance", **labels)


def up(config: StackConfig) -> str:
    """1 if the exporter reached PgBouncer's admin console."""
    return f"min({_pb(config, 'pgbouncer_up')})"


def pool_sum(config: StackConfig, metric: str, by: str = "instance") -> str:
    """A pgbouncer_pools_* gauge summed over pools."""
    return f"sum by ({by}) ({_pb(config, f'pgbouncer_pools_{metric}')})"


def client_connections(config: StackConfig) -> str:
    """Client connections (active + waiting) per PgBouncer."""
    return f"{pool_sum(config, 'client_active_connections')} + {pool_sum(config, 'client_waiting_connections')}"


def client_ratio(config: StackConfig) -> str:
    """Client connections as a share of the configured limit from stack.yaml."""
    return f"{client_connections(config)} / {config.pgbouncer.max_client_connections}"


def max_wait(config: StackConfig) -> str:
    """How long the oldest waiting client has waited, per pool."""
    return f"max by (database, user) ({_pb(config, 'pgbouncer_pools_client_maxwait_seconds')})"


def server_connections(config: StackConfig) -> str:
    """Server connections PgBouncer holds open to PostgreSQL, per database."""
    return f"sum by (name) ({_pb(config, 'pgbouncer_databases_database_current_connections')})"


def pool_size(config: StackConfig) -> str:
    """Configured pool size per database."""
    return f"max by (name) ({_pb(config, 'pgbouncer_databases_database_pool_size')})"


def queries(config: StackConfig) -> str:
    """Queries per second pooled, per database."""
    return f"sum by (database) (rate({_pb(config, 'pgbouncer_stats_queries_total')}[{RATE}]))"


def avg_wait(config: StackConfig) -> str:
    """Average client wait per query, seconds (the exporter counts microseconds)."""
    wait = f"sum(rate({_pb(config, 'pgbouncer_stats_waiting_duration_microseconds_total')}[{RATE}]))"
    total = f"sum(rate({_pb(config, 'pgbouncer_stats_queries_total')}[{RATE}]))"
    return f"{wait} / 1e6 / {total}"
