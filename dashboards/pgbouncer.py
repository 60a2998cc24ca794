"""Dashboard 9, PgBouncer: pools, waiting clients, connections vs the client limit, max wait."""

from __future__ import annotations

import grafanalib.core as G

from dashboards import style as s
from dashboards.layout import Row, new_dashboard, row, variable
from dashboards.queries import pgbouncer as pb
from dashboards.style import Query as Q
from jivsmon.config_model import StackConfig

SLUG = "pgbouncer"


def _client_stats(config: StackConfig) -> list[s.Cell]:
    """Reachability, client limit used, waiting clients and the longest wait right now."""
    limit = config.pgbouncer.max_client_connections
    return [
        s.stat(
            "Reachable",
            "1 if the exporter reached every selected PgBouncer.",
            [Q(pb.up(config))],
            "none",
            mappings=s.up_down(),
            steps=s.below(1),
            w=4,
        ),
        s.gauge(
            "Client limit used",
            f"Client connections as a share of the {limit} limit.",
            Q(f"max({pb.client_ratio(config)})"),
            "percentunit",
            min=0,
            max=1,
            steps=s.above(config.thresholds.pgbouncer_client_connections_ratio),
            w=4,
            h=4,
        ),
        s.stat(
            "Waiting clients",
            "Clients queued for a server connection now.",
            [Q(f"sum({pb.pool_sum(config, 'client_waiting_connections')})")],
            "short",
            steps=s.above(1),
            w=8,
        ),
        s.stat(
            "Max wait",
            "Longest a client is waiting right now.",
            [Q(f"max({pb.max_wait(config)})")],
            "s",
            steps=s.above(1, 5),
            w=8,
        ),
    ]


def _clients_row(config: StackConfig) -> Row:
    """Client state now, then client connections against the limit and waits over time."""
    limit = config.pgbouncer.max_client_connections
    ratio = config.thresholds.pgbouncer_client_connections_ratio
    return row(
        "Clients",
        *_client_stats(config),
        s.timeseries(
            "Client connections vs limit",
            f"Active plus waiting clients; the line is {ratio:.0%} of {limit}.",
            [Q(pb.client_connections(config), "{{instance}}")],
            "short",
            steps=s.above(ratio * limit),
            min=0,
        ),
        s.timeseries(
            "Waiting clients and max wait",
            "Clients queued, per pool, and the longest wait.",
            [
                Q(
                    pb.pool_sum(config, "client_waiting_connections", "database, user"),
                    "{{database}}/{{user}} waiting",
                ),
                Q(pb.max_wait(config), "{{database}}/{{user}} max wait s"),
            ],
            "short",
            min=0,
        ),
    )


def _pools_servers_row(config: StackConfig) -> Row:
    """Server connections against the pool sizes and by state, queries and average wait."""
    return row(
        "Pools and servers",
        s.timeseries(
            "Server connections",
            "Connections PgBouncer holds to PostgreSQL, per database, with the pool sizes.",
            [Q(pb.server_connections(config), "{{name}}"), Q(pb.pool_size(config), "{{name}} pool size")],
            "short",
            min=0,
        ),
        s.timeseries(
            "Server connections by state",
            "Active (linked to a client), idle and used server connections.",
            [
                Q(pb.pool_sum(config, f"server_{st}_connections", "database"), f"{{{{database}}}} {st}")
                for st in ("active", "idle", "used")
            ],
            "short",
            stack=True,
            min=0,
        ),
        s.timeseries(
            "Queries per second", "Queries pooled, per database.", [Q(pb.queries(config), "{{database}}")], "ops", min=0
        ),
        s.timeseries(
            "Average wait per query",
            "Time clients waited for a server, per query.",
            [Q(pb.avg_wait(config), "wait")],
            "s",
            min=0,
        ),
    )


def dashboard(config: StackConfig) -> G.Dashboard:
    """The PgBouncer dashboard, filterable by PgBouncer instance."""
    return new_dashboard(
        config,
        SLUG,
        description=f"PgBouncer in front of PostgreSQL; client limit {config.pgbouncer.max_client_connections}.",
        variables=[variable("instance", "pgbouncer_up", job=config.pgbouncer.job)],
        rows=[_clients_row(config), _pools_servers_row(config)],
        related=("postgres-overview", "backend-service"),
    )
