"""The Alertmanager config built from the stack config and the tier table.

One route per tier to the receiver the stack names for it, grouped by
alertname and component, with the tier's waits and repeat interval. Inhibition:
a firing alert silences lower tiers of the same component and instance, and a
component-down alert (label ``scope="component-down"``) silences the other
alerts of its component and of the components that depend on it.

Secrets never reach build/: each webhook names the file holding its URL
(``url_file``, Alertmanager >= 0.26). Alertmanager 0.25 (Debian 12) predates
``url_file``; ``with_secret_urls`` turns the document into one it accepts by
reading each file at deploy time, into a path outside build/.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

from alerts.model import COMPONENT_DOWN, TIER_TABLE
from jivsmon.config_model import StackConfig
from jivsmon.writer import Artifact, yaml_text

ALERTMANAGER_PATH = "alertmanager/alertmanager.yml"
GROUP_BY = ["alertname", "component"]
# Alerts without a known severity (a typo, a third-party rule) go to the medium
# tier's receiver: seen by people the same day, without paging anyone.
FALLBACK_TIER = "medium"
# A down component makes these other components' alerts symptoms (their own
# down alerts excepted: those name a second cause and must still notify).
# Redis is not here: RedisDown fires per instance, and Sentinel losing quorum is
# not a symptom of one Redis being down.
DEPENDENTS: dict[str, tuple[str, ...]] = {
    "backend": ("alb", "kubernetes"),
    "postgres": ("replication", "pgbouncer"),
}


def _timing(tier: str) -> dict[str, str]:
    t = TIER_TABLE[tier]
    return {
        "group_wait": str(t.group_wait),
        "group_interval": str(t.group_interval),
        "repeat_interval": str(t.repeat_interval),
    }


def routes(config: StackConfig) -> dict[str, Any]:
    """The routing tree: one child route per tier."""
    by_tier = {t: getattr(config.alertmanager.routes, t) for t in TIER_TABLE}
    return {
        "receiver": by_tier[FALLBACK_TIER],
        "group_by": GROUP_BY,
        **_timing(FALLBACK_TIER),
        "routes": [
            {"matchers": [f'severity="{tier}"'], "receiver": receiver, **_timing(tier)}
            for tier, receiver in by_tier.items()
        ],
    }


def inhibit_rules() -> list[dict[str, Any]]:
    """Tier inhibition, then component-down inhibition."""
    tiers = list(TIER_TABLE)
    out: list[dict[str, Any]] = [
        {
            "source_matchers": [f'severity="{tier}"'],
            "target_matchers": [f'severity=~"{"|".join(tiers[i + 1 :])}"'],
            "equal": ["component", "instance"],
        }
        for i, tier in enumerate(tiers[:-1])
    ]
    ((key, value),) = COMPONENT_DOWN
    out.append(
        {
            "source_matchers": [f'{key}="{value}"'],
            "target_matchers": [f'{key}!="{value}"'],
            "equal": ["component", "instance"],
        }
    )
    for component, dependents in DEPENDENTS.items():
        out.append(
            {
                "source_matchers": [f'{key}="{value}"', f'component="{component}"'],
                "target_matchers": [f'component=~"{"|".join(dependents)}"', f'{key}!="{value}"'],
            }
        )
    return out


def receivers(config: StackConfig) -> list[dict[str, Any]]:
    """Webhook receivers whose URLs stay in files."""
    return [
        {"name": name, "webhook_configs": [{"url_file": r.webhook_url_file, "send_resolved": True}]}
        for name, r in config.alertmanager.receivers
    ]


def alertmanager_config(config: StackConfig) -> dict[str, Any]:
    """The whole alertmanager.yml as data."""
    return {
        "global": {"resolve_timeout": "5m"},
        "route": routes(config),
        "inhibit_rules": inhibit_rules(),
        "receivers": receivers(config),
    }


def alertmanager_artifact(config: StackConfig) -> Artifact:
    """build/alertmanager/alertmanager.yml."""
    return Artifact.text(ALERTMANAGER_PATH, yaml_text(alertmanager_config(config)))


def with_secret_urls(document: dict[str, Any], read_url: Callable[[str], str]) -> dict[str, Any]:
    """A copy where every webhook ``url_file`` is replaced by ``url: read_url(path)``.

    At deploy time ``read_url`` reads the secret file; checks pass a function
    returning a placeholder, so the secret is never needed to validate.
    """
    out = copy.deepcopy(document)
    for receiver in out.get("receivers", []):
        for hook in receiver.get("webhook_configs", []):
            if "url_file" in hook:
                hook["url"] = read_url(hook.pop("url_file")).strip()
    return out
