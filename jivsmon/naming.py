"""Naming conventions shared by every generator: dashboard UIDs and URLs, runbook links, labels."""

from __future__ import annotations

import re

from jivsmon.config_model import StackConfig

UID_PREFIX = "jivs-"
MAX_UID = 40  # Grafana's limit on dashboard and folder UIDs
MANAGED_TAG = "jivs-monitoring"  # marks dashboards we own; publish never touches others
# The ``component`` label of every alert, one per part of the stack.
COMPONENTS = (
    "availability",
    "alb",
    "backend",
    "kubernetes",
    "node",
    "postgres",
    "replication",
    "pgbouncer",
    "redis",
    "sentinel",
    "backup",
    "monitoring",
    "logging",
)
_SLUG = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")


def dashboard_uid(slug: str) -> str:
    """Stable Grafana UID of a dashboard: the prefix plus its slug, checked for Grafana's limits."""
    if not _SLUG.match(slug):
        raise ValueError(f"dashboard slug {slug!r} must be lowercase words joined by '-'")
    uid = UID_PREFIX + slug
    if len(uid) > MAX_UID:
        raise ValueError(f"dashboard UID {uid!r} is longer than Grafana's {MAX_UID} characters")
    return uid


def dashboard_url(config: StackConfig, slug: str) -> str:
    """Link to a dashboard in the configured Grafana."""
    return f"{config.grafana.url.rstrip('/')}/d/{dashboard_uid(slug)}/{slug}"


def runbook_url(config: StackConfig, alert_name: str) -> str:
    """Link to the runbook of an alert, docs/runbooks/<AlertName>.md in the repository."""
    return f"{config.links.runbook_base_url.rstrip('/')}/{alert_name}.md"
