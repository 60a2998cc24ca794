"""Redis Sentinel alert rules: whether a failover could still happen, and whether the Sentinels agree.

From our Sentinel exporter, which asks every Sentinel. Quorum is lost when no
Sentinel that answers passes SENTINEL CKQUORUM, and also when none answers at
all: then nobody can authorise a failover either, so absence is the alert.
"""

from __future__ import annotations

from alerts.model import AlertRule
from jivsmon.config_model import StackConfig
from jivsmon.durations import Duration
from jivsmon.promql import sel

COMPONENT = "sentinel"
DASHBOARD = "redis-sentinel"
# Sentinels that stopped answering for this long count as gone, not as a scrape gap.
ABSENT_WINDOW = "5m"


def _labels(config: StackConfig) -> dict[str, str]:
    return {"job": config.redis.sentinel_job, "master": config.redis.master_name}


def quorum_lost(config: StackConfig) -> str:
    """No Sentinel confirms a failover could be authorised, or no Sentinel reports at all."""
    ckquorum = sel("jivs_sentinel_master_ckquorum", **_labels(config))
    return f"(max by (job, master) ({ckquorum}) == 0) or absent_over_time({ckquorum}[{ABSENT_WINDOW}])"


def masters_agree(config: StackConfig) -> str:
    """1 if every reachable Sentinel names the same master address (worst view over exporters)."""
    return f"min by (job, master) ({sel('jivs_sentinel_masters_agree', **_labels(config))})"


def rules(config: StackConfig) -> tuple[AlertRule, ...]:
    """The sentinel rule group."""
    r = config.redis
    return (
        AlertRule(
            name="SentinelQuorumLost",
            expr=quorum_lost(config),
            tier="high",
            component=COMPONENT,
            summary="Redis Sentinel can no longer fail over the master",
            description=(
                "No Sentinel of {{ $labels.master }} passes SENTINEL CKQUORUM (or none answers): "
                f"fewer than the quorum of {r.quorum} of {r.sentinels} Sentinels are reachable. "
                "If the master fails now, Redis stays down until someone promotes a replica."
            ),
            dashboard=DASHBOARD,
            for_=Duration.parse("2m"),
        ),
        AlertRule(
            name="SentinelMastersDisagree",
            expr=f"{masters_agree(config)} == 0",
            tier="high",
            component=COMPONENT,
            summary="Redis Sentinels disagree on which instance is master",
            description=(
                "The Sentinels of {{ $labels.master }} have reported different master addresses for "
                "2 minutes: a split brain, where clients may write to two masters and lose writes."
            ),
            dashboard=DASHBOARD,
            for_=Duration.parse("2m"),
        ),
    )
