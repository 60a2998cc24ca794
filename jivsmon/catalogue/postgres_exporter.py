"""Metrics from postgres exporter that jivs-monitoring uses (names as that exporter publishes them)."""

from functools import partial

from jivsmon.catalogue.model import Metric

_m = partial(Metric, source="postgres_exporter")

# Checked against Debian's prometheus-postgres-exporter 0.11 on PostgreSQL 15 (default
# metrics, no queries.yaml). ``server`` is host:port of the DSN; pg_up has no labels of
# its own. While the server is down only pg_up (0) is exported.
_DB = ("datid", "datname", "server")
_ACT = ("datname", "server", "state")

METRICS: tuple[Metric, ...] = (
    _m("pg_up", type="gauge", help="1 if the last scrape could connect to the server."),
    _m("pg_settings_max_connections", type="gauge", help="max_connections.", labels=("server",)),
    _m("pg_stat_database_numbackends", type="gauge", help="Backends connected to the database.", labels=_DB),
    _m("pg_stat_database_blks_hit", type="counter", help="Blocks found in shared buffers.", labels=_DB),
    _m("pg_stat_database_blks_read", type="counter", help="Blocks read from disk (or the OS cache).", labels=_DB),
    _m("pg_stat_database_deadlocks", type="counter", help="Deadlocks detected in the database.", labels=_DB),
    _m("pg_stat_activity_count", type="gauge", help="Connections per database and state.", labels=_ACT),
    _m(
        "pg_stat_activity_max_tx_duration",
        type="gauge",
        help="Age in seconds of the oldest open transaction, per database and state (0 if none).",
        labels=_ACT,
    ),
    _m(
        "pg_database_size_bytes",
        type="gauge",
        help="Disk space used by the database.",
        labels=("datname", "server"),
    ),
    _m(
        "pg_locks_count",
        type="gauge",
        help="Locks held, per database and lock mode.",
        labels=("datname", "mode", "server"),
    ),
    _m(
        "pg_stat_database_tup_fetched",
        type="counter",
        help="Rows fetched by queries in the database.",
        labels=_DB,
    ),
    _m(
        "pg_stat_database_tup_returned",
        type="counter",
        help="Rows returned by queries in the database.",
        labels=_DB,
    ),
    _m(
        "pg_stat_database_tup_inserted",
        type="counter",
        help="Rows inserted by queries in the database.",
        labels=_DB,
    ),
    _m(
        "pg_stat_database_tup_updated",
        type="counter",
        help="Rows updated by queries in the database.",
        labels=_DB,
    ),
    _m(
        "pg_stat_database_tup_deleted",
        type="counter",
        help="Rows deleted by queries in the database.",
        labels=_DB,
    ),
    _m(
        "pg_stat_database_xact_commit",
        type="counter",
        help="Transactions committed in the database.",
        labels=_DB,
    ),
    _m(
        "pg_stat_database_xact_rollback",
        type="counter",
        help="Transactions rolled back in the database.",
        labels=_DB,
    ),
)
