"""PgBouncer alert rules: the pooler being down, client connections near the limit, clients queueing.

Metrics from the pgbouncer-exporter the project runs (see
jivsmon/catalogue/pgbouncer_exporter.py for why not Debian's). The client limit
is the stack's max_client_connections, the figure PgBouncer is deployed with.
"""

from __future__ import annotations

from alerts.model import COMPONENT_DOWN, AlertRule
from alerts.rules.units import num
from jivsmon.config_model import StackConfig
from jivsmon.durations import Duration
from jivsmon.promql import sel

COMPONENT = "pgbouncer"
DASHBOARD = "pgbouncer"
# The admin console is a pseudo-database inside PgBouncer: its pool never waits.
ADMIN_DATABASE = "pgbouncer"


def pgbouncer_up(config: StackConfig) -> str:
    """1 while the exporter can query PgBouncer's admin console."""
    return sel("pgbouncer_up", job=config.pgbouncer.job)


def client_connections(config: StackConfig) -> str:
    """Clients logged in to each PgBouncer: active plus waiting, over all pools."""
    job = config.pgbouncer.job
    active = sel("pgbouncer_pools_client_active_connections", job=job)
    waiting = sel("pgbouncer_pools_client_waiting_connections", job=job)
    return f"sum by (job, instance) ({active}) + sum by (job, instance) ({waiting})"


def client_connection_limit(config: StackConfig) -> float:
    """Client count that alerts: the share of max_client_connections from the thresholds."""
    return config.pgbouncer.max_client_connections * config.thresholds.pgbouncer_client_connections_ratio


def oldest_wait_seconds(config: StackConfig) -> str:
    """How long the longest-waiting client of each database's pools has waited for a server."""
    metric = sel("pgbouncer_pools_client_maxwait_seconds", job=config.pgbouncer.job, database="!" + ADMIN_DATABASE)
    return f"max by (job, instance, database) ({metric})"


def rules(config: StackConfig) -> tuple[AlertRule, ...]:
    """The pgbouncer rule group."""
    t = config.thresholds
    limit = client_connection_limit(config)
    return (
        AlertRule(
            name="PgBouncerDown",
            expr=f"{pgbouncer_up(config)} == 0",
            tier="critical",
            component=COMPONENT,
            summary="PgBouncer is down",
            description=(
                "The exporter on {{ $labels.instance }} cannot reach PgBouncer's admin console: "
                "every database connection of the backend goes through it."
            ),
            dashboard=DASHBOARD,
            for_=Duration.parse("1m"),
            extra_labels=COMPONENT_DOWN,
        ),
        AlertRule(
            name="PgBouncerClientConnectionsHigh",
            expr=f"{client_connections(config)} > {num(limit)}",
            tier="high",
            component=COMPONENT,
            summary="PgBouncer is close to its client connection limit",
            description=(
                "PgBouncer {{ $labels.instance }} has {{ $value }} client connections, over "
                f"{t.pgbouncer_client_connections_ratio:.0%} of max_client_conn "
                f"{config.pgbouncer.max_client_connections}; at the limit new clients are refused."
            ),
            dashboard=DASHBOARD,
        ),
        AlertRule(
            name="PgBouncerClientsWaiting",
            expr=f"{oldest_wait_seconds(config)} > {num(t.pgbouncer_client_maxwait_seconds)}",
            tier="high",
            component=COMPONENT,
            summary="PgBouncer clients are queueing for a server connection",
            description=(
                "Clients of database {{ $labels.database }} on PgBouncer {{ $labels.instance }} have "
                "waited up to {{ $value | humanizeDuration }} for a server connection (threshold "
                f"{Duration(t.pgbouncer_client_maxwait_seconds)}): the pool is exhausted."
            ),
            dashboard=DASHBOARD,
        ),
    )
