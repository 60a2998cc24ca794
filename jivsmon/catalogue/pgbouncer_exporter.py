"""Metrics from spreaker's pgbouncer-exporter (PyPI prometheus-pgbouncer-exporter 2.1.2) that jivs-monitoring uses.

Debian 12's prometheus-pgbouncer-exporter 1.7 crashes at start-up against
Debian's PgBouncer 1.18 (KeyError 'total_requests': PgBouncer 1.8 renamed its
SHOW STATS columns), so the project runs the 2.x release from PyPI, which reads
the current columns. Labels: ``database``, ``user`` and any ``extra_labels``
from its config (we add ``instance`` by scrape).
"""

from functools import partial

from jivsmon.catalogue.model import Metric

_m = partial(Metric, source="pgbouncer_exporter")
_POOL = ("database", "user")

METRICS: tuple[Metric, ...] = (
    _m("pgbouncer_up", type="gauge", help="1 if the exporter could query PgBouncer's admin console."),
    _m("pgbouncer_config_max_client_conn", type="gauge", help="PgBouncer max_client_conn."),
    _m(
        "pgbouncer_pools_client_active_connections",
        type="gauge",
        help="Client connections linked to a server connection or idle.",
        labels=_POOL,
    ),
    _m(
        "pgbouncer_pools_client_waiting_connections",
        type="gauge",
        help="Clients that sent queries but have no server connection yet.",
        labels=_POOL,
    ),
    _m(
        "pgbouncer_pools_client_maxwait_seconds",
        type="gauge",
        help="How long the oldest waiting client has waited.",
        labels=_POOL,
    ),
    _m(
        "pgbouncer_pools_server_active_connections",
        type="gauge",
        help="Server connections linked to a client.",
        labels=_POOL,
    ),
    _m(
        "pgbouncer_pools_server_idle_connections",
        type="gauge",
        help="Server connections unused and ready.",
        labels=_POOL,
    ),
    _m(
        "pgbouncer_pools_server_used_connections",
        type="gauge",
        help="Server connections idle longer than server_check_delay.",
        labels=_POOL,
    ),
    _m(
        "pgbouncer_databases_database_pool_size",
        type="gauge",
        help="Configured pool size of the database.",
        labels=("name",),
    ),
    _m(
        "pgbouncer_databases_database_current_connections",
        type="gauge",
        help="Server connections of the database.",
        labels=("name",),
    ),
    _m("pgbouncer_stats_queries_total", type="counter", help="SQL queries pooled.", labels=("database",)),
    _m("pgbouncer_stats_transactions_total", type="counter", help="SQL transactions pooled.", labels=("database",)),
    _m(
        "pgbouncer_stats_queries_duration_microseconds_total",
        type="counter",
        help="Time spent in queries (microseconds, as the exporter names it).",
        labels=("database",),
    ),
    _m(
        "pgbouncer_stats_waiting_duration_microseconds_total",
        type="counter",
        help="Time clients spent waiting for a server (microseconds).",
        labels=("database",),
    ),
)
