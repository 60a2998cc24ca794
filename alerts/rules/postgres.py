"""PostgreSQL alert rules: the primary's availability, connection headroom, cache and long transactions.

Which server is the primary is known only to our replication exporter (it
connects to every server by its stack.yaml name); Debian's postgres_exporter
supplies the per-server statistics. Replication itself is in ``replication``.
"""

from __future__ import annotations

from alerts.model import COMPONENT_DOWN, AlertRule
from alerts.rules.units import num
from jivsmon.config_model import StackConfig
from jivsmon.durations import Duration
from jivsmon.promql import sel

COMPONENT = "postgres"
DASHBOARD = "postgres-overview"
# Rates over 10 minutes: long enough that one burst of sequential scans does not
# decide the cache hit ratio, short enough to follow a cache that went cold.
RATE_WINDOW = "10m"


def primary_up(config: StackConfig) -> str:
    """1 while the replication exporter can query the primary, 0 when it cannot."""
    pg = config.postgres
    return sel("jivs_replication_up", job=pg.replication_job, target=pg.primary)


def connections_used_ratio(config: StackConfig) -> str:
    """Backends connected per server as a share of its max_connections."""
    job = config.postgres.job
    backends = sel("pg_stat_database_numbackends", job=job)
    limit = sel("pg_settings_max_connections", job=job)
    return f"sum by (job, instance) ({backends}) / on (job, instance) max by (job, instance) ({limit})"


def cache_hit_ratio(config: StackConfig) -> str:
    """Share of block requests of the application database served from shared buffers.

    An idle database gives 0/0 = NaN, which compares false: no alert at night.
    """
    labels = {"job": config.postgres.job, "datname": config.postgres.database}
    by = "sum by (job, instance, datname)"
    hit = f"{by} (rate({sel('pg_stat_database_blks_hit', **labels)}[{RATE_WINDOW}]))"
    read = f"{by} (rate({sel('pg_stat_database_blks_read', **labels)}[{RATE_WINDOW}]))"
    return f"{hit} / ({hit} + {read})"


def oldest_transaction_seconds(config: StackConfig) -> str:
    """Age of the oldest open transaction per server and database, whatever its state."""
    metric = sel("pg_stat_activity_max_tx_duration", job=config.postgres.job)
    return f"max by (job, instance, datname) ({metric})"


def rules(config: StackConfig) -> tuple[AlertRule, ...]:
    """The postgres rule group."""
    t = config.thresholds
    return (
        AlertRule(
            name="PostgresPrimaryDown",
            expr=f"{primary_up(config)} == 0",
            tier="critical",
            component=COMPONENT,
            summary="The PostgreSQL primary is unreachable",
            description=(
                "The replication exporter has not been able to query the primary "
                "{{ $labels.target }} for a minute: writes fail and replicas stop receiving WAL."
            ),
            dashboard=DASHBOARD,
            for_=Duration.parse("1m"),
            extra_labels=COMPONENT_DOWN,
        ),
        AlertRule(
            name="PostgresConnectionsHigh",
            expr=f"{connections_used_ratio(config)} > {num(t.postgres_connections_ratio)}",
            tier="medium",
            component=COMPONENT,
            summary="PostgreSQL is running out of connections",
            description=(
                "{{ $labels.instance }} uses {{ $value | humanizePercentage }} of max_connections "
                f"(threshold {t.postgres_connections_ratio:.0%}); new connections are refused at the limit."
            ),
            dashboard=DASHBOARD,
            for_=Duration.parse("10m"),
        ),
        AlertRule(
            name="PostgresLongRunningTransaction",
            expr=f"{oldest_transaction_seconds(config)} > {num(t.postgres_long_transaction_seconds)}",
            tier="medium",
            component=COMPONENT,
            summary="A PostgreSQL transaction has been open for a long time",
            description=(
                "A transaction in database {{ $labels.datname }} on {{ $labels.instance }} has been "
                "open for {{ $value | humanizeDuration }} (threshold "
                f"{Duration(t.postgres_long_transaction_seconds)}): it holds locks and stops VACUUM "
                "from removing dead rows."
            ),
            dashboard=DASHBOARD,
            for_=Duration.parse("2m"),
        ),
        AlertRule(
            name="PostgresCacheHitRatioLow",
            expr=f"{cache_hit_ratio(config)} < {num(t.postgres_cache_hit_ratio)}",
            tier="low",
            component=COMPONENT,
            summary="PostgreSQL reads too much from disk",
            description=(
                "Only {{ $value | humanizePercentage }} of block reads of {{ $labels.datname }} on "
                "{{ $labels.instance }} were served from shared buffers over 10 minutes "
                f"(threshold {t.postgres_cache_hit_ratio:.0%})."
            ),
            dashboard=DASHBOARD,
            for_=Duration.parse("30m"),
        ),
    )
