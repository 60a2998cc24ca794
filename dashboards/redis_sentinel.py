"""Dashboard 11, Redis Sentinel: master per Sentinel, quorum, Sentinels and replicas OK, failovers."""

from __future__ import annotations

import grafanalib.core as G

from dashboards import style as s
from dashboards.layout import Row, new_dashboard, row, variable
from dashboards.queries import redis as r
from dashboards.style import Query as Q
from jivsmon.config_model import StackConfig

SLUG = "redis-sentinel"
_NO_YES = [
    {
        "type": "value",
        "options": {
            "0": {"text": "no", "color": "green", "index": 0},
            "1": {"text": "FAILING OVER", "color": "orange", "index": 1},
        },
    }
]


def _sentinel_stats(config: StackConfig) -> list[s.Cell]:
    """Sentinels up, whether they agree on the master and whether quorum is reachable."""
    rc = config.redis
    return [
        s.stat(
            "Sentinels up",
            f"Sentinels answering (expected {rc.sentinels}).",
            [Q(r.sentinels_up(config))],
            "short",
            steps=s.below(rc.quorum, rc.sentinels),
            w=4,
        ),
        s.stat(
            "Sentinels agree",
            "1 if every reachable Sentinel names the same master.",
            [Q(r.masters_agree(config), "{{master}}")],
            "none",
            steps=s.below(1),
            mappings=s.up_down("agree", "SPLIT"),
            w=4,
        ),
        s.stat(
            "Quorum reachable",
            "SENTINEL CKQUORUM: could a failover be authorised?",
            [Q(r.master_gauge(config, "ckquorum"), "{{master}}")],
            "none",
            steps=s.below(1),
            mappings=s.up_down("OK", "NO QUORUM"),
            w=4,
        ),
    ]


def _master_stats(config: StackConfig) -> list[s.Cell]:
    """Sentinels and replicas OK for the master, and whether a failover is running."""
    rc = config.redis
    return [
        s.stat(
            "Sentinels OK",
            f"Sentinels not subjectively down; quorum is {rc.quorum}.",
            [Q(r.master_gauge(config, "sentinels_ok"), "{{master}}")],
            "short",
            steps=s.below(rc.quorum, rc.sentinels),
            w=4,
        ),
        s.stat(
            "Replicas OK",
            f"Healthy replicas (expected {rc.instances - 1}).",
            [Q(r.master_gauge(config, "replicas_ok"), "{{master}}")],
            "short",
            steps=s.below(1, rc.instances - 1),
            w=4,
        ),
        s.stat(
            "Failover",
            "Whether a failover of the master is running.",
            [Q(r.master_gauge(config, "failover_in_progress", "max"), "{{master}}")],
            "none",
            steps=s.above(1),
            mappings=_NO_YES,
            w=4,
        ),
    ]


def _quorum_row(config: StackConfig) -> Row:
    """One line of stat tiles: can the Sentinels agree on and fail over the master."""
    return row("Quorum", *_sentinel_stats(config), *_master_stats(config))


def _master_per_sentinel_row(config: StackConfig) -> Row:
    """A table of the master address each Sentinel reports."""
    return row(
        "Master per Sentinel",
        s.table(
            "Master address by Sentinel",
            "The master each Sentinel reports; all rows should show the same address.",
            [Q(r.master_per_sentinel(config))],
            "none",
            w=24,
            h=6,
        ),
    )


def _health_history(config: StackConfig) -> list[s.Cell]:
    """Sentinels and replicas OK against the quorum, and failovers over the last day."""
    return [
        s.timeseries(
            "Sentinels and replicas OK",
            "Against the quorum.",
            [
                Q(r.master_gauge(config, "sentinels_ok"), "sentinels ok"),
                Q(r.master_gauge(config, "replicas_ok"), "replicas ok"),
            ],
            "short",
            steps=s.below(config.redis.quorum),
            min=0,
            w=8,
        ),
        s.timeseries(
            "Failovers (24 h)",
            "Failovers observed in the last 24 hours.",
            [Q(r.failovers(config), "{{master}}")],
            "short",
            steps=s.above(1),
            min=0,
            w=8,
        ),
    ]


def _sentinel_history(config: StackConfig) -> list[s.Cell]:
    """The config epoch each Sentinel sees and Sentinels in TILT mode."""
    return [
        s.timeseries(
            "Config epoch",
            "The master's config epoch as each Sentinel sees it: it steps up with every failover, "
            "and Sentinels showing different epochs have not converged.",
            [Q(r.config_epoch(config), "{{sentinel}} {{master}}")],
            "short",
            min=0,
            w=8,
        ),
        s.timeseries(
            "Sentinels in TILT",
            "Sentinels that stopped acting because of clock or load trouble.",
            [Q(r.tilt(config), "tilt")],
            "short",
            steps=s.above(1),
            min=0,
            w=24,
        ),
    ]


def _history_row(config: StackConfig) -> Row:
    """How Sentinel health, failovers, config epochs and TILT changed over time."""
    return row("History", *_health_history(config), *_sentinel_history(config))


def dashboard(config: StackConfig) -> G.Dashboard:
    """The Sentinel dashboard, filterable by master name."""
    rc = config.redis
    return new_dashboard(
        config,
        SLUG,
        description=f"{rc.sentinels} Sentinels watching {rc.master_name} (quorum {rc.quorum}).",
        variables=[variable("master", "jivs_sentinel_master_quorum", job=rc.sentinel_job)],
        rows=[_quorum_row(config), _master_per_sentinel_row(config), _history_row(config)],
        related=("redis-cache", "platform-overview"),
    )
