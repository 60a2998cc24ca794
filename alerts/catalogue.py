"""The alert catalogue: every rule group in its fixed order, and the tier breakdown.

One rule group per component. The SLO burn-rate alerts are generated and
rendered by the SLO capability (slo/alerts.py, build/rules/slo-<name>.yaml);
they are counted here so the catalogue total and the coverage test include
them, but alerts never renders them a second time.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable

from alerts.model import TIER_TABLE, AlertRule
from alerts.rules import (
    alb,
    backend,
    backup,
    kubernetes,
    logging,
    monitoring,
    node,
    pgbouncer,
    postgres,
    redis,
    replication,
    sentinel,
)
from jivsmon.config_model import StackConfig

RuleGroup = Callable[[StackConfig], tuple[AlertRule, ...]]

# Rendered in this order: the edge first, then the stack from compute down to
# data, then the monitoring and logging that watch it all.
GROUPS: tuple[tuple[str, RuleGroup], ...] = (
    ("alb", alb.rules),
    ("backend", backend.rules),
    ("kubernetes", kubernetes.rules),
    ("node", node.rules),
    ("postgres", postgres.rules),
    ("replication", replication.rules),
    ("pgbouncer", pgbouncer.rules),
    ("redis", redis.rules),
    ("sentinel", sentinel.rules),
    ("backup", backup.rules),
    ("monitoring", monitoring.rules),
    ("logging", logging.rules),
)

SLO_COMPONENT = "availability"


def group_rules(config: StackConfig) -> tuple[tuple[str, tuple[AlertRule, ...]], ...]:
    """The non-SLO rule groups as (name, rules), in GROUPS order."""
    return tuple((name, make(config)) for name, make in GROUPS)


def slo_rules(config: StackConfig) -> tuple[AlertRule, ...]:
    """The SLO burn-rate alerts of the SLO capability."""
    # Imported here, not at the top: the build of rule files must not depend on
    # the SLO package, which renders its own files.
    from slo.alerts import alert_rules

    return tuple(alert_rules(config))


def all_rules(config: StackConfig) -> tuple[AlertRule, ...]:
    """Every alert of the stack: the rule groups, then the SLO alerts."""
    grouped = tuple(rule for _, rules in group_rules(config) for rule in rules)
    return grouped + slo_rules(config)


def tiers_markdown(config: StackConfig) -> str:
    """The tier table as the README shows it: meaning, receiver, default ``for``, timings."""
    lines = ["| tier | meaning | receiver | default `for` | group wait / interval / repeat |", "|---|---|---|---|---|"]
    for t in TIER_TABLE.values():
        receiver = getattr(config.alertmanager.routes, t.name)
        timings = f"{t.group_wait} / {t.group_interval} / {t.repeat_interval}"
        lines.append(f"| `{t.name}` | {t.meaning} | {receiver} | {t.default_for} | {timings} |")
    return "\n".join(lines)


def breakdown(rules: tuple[AlertRule, ...]) -> dict[str, Counter[str]]:
    """Alerts per component and tier, components in first-seen order."""
    table: dict[str, Counter[str]] = {}
    for rule in rules:
        table.setdefault(rule.component, Counter())[rule.tier] += 1
    return table


def breakdown_markdown(rules: tuple[AlertRule, ...]) -> str:
    """The tier breakdown as the Markdown table the README shows."""
    tiers = tuple(TIER_TABLE)
    lines = [
        "| component | " + " | ".join(tiers) + " | total |",
        "|---|" + "---:|" * (len(tiers) + 1),
    ]
    table = breakdown(rules)
    for component, counts in table.items():
        cells = [str(counts[t]) if counts[t] else "" for t in tiers]
        lines.append(f"| {component} | " + " | ".join(cells) + f" | {sum(counts.values())} |")
    totals = [str(sum(c[t] for c in table.values())) for t in tiers]
    lines.append("| **total** | " + " | ".join(totals) + f" | **{len(rules)}** |")
    return "\n".join(lines)
