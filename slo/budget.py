"""Error-budget maths, pure: from event counts over a window to budget, burn rates and status.

No I/O and no clocks: the report passes in the numbers it queried at one
evaluation timestamp. Burn rate 1 spends exactly the whole budget in one window.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

OK, AT_RISK, BREACHED, NO_DATA = "ok", "at risk", "breached", "no data"
STATUS_ORDER = (OK, AT_RISK, BREACHED, NO_DATA)


@dataclass(frozen=True)
class Counts:
    """Bad and total events over one window (seconds, for time-based SLIs)."""

    errors: float
    total: float

    @property
    def error_ratio(self) -> float | None:
        """Errors / total; None without events (never NaN)."""
        if self.total <= 0:
            return None
        return min(max(self.errors / self.total, 0.0), 1.0)


def sli(counts: Counts) -> float | None:
    """The SLI (good / total) over the window; None without events."""
    ratio = counts.error_ratio
    return None if ratio is None else 1.0 - ratio


def burn_rate(counts: Counts, objective: float) -> float | None:
    """How fast the budget burns over this window: error ratio / (1 - objective)."""
    ratio = counts.error_ratio
    return None if ratio is None else ratio / (1.0 - objective)


def budget_events(counts: Counts, objective: float) -> float:
    """The error budget in events (or seconds): the bad events the window may contain."""
    return max(counts.total, 0.0) * (1.0 - objective)


def consumed(counts: Counts, objective: float) -> float | None:
    """Share of the budget spent (1.0 = all of it, above 1 = overspent)."""
    rate = burn_rate(counts, objective)
    return rate  # over the SLO's own window the burn rate is exactly the share consumed


def remaining(counts: Counts, objective: float) -> float | None:
    """Share of the budget left; negative when overspent."""
    spent = consumed(counts, objective)
    return None if spent is None else 1.0 - spent


def time_to_exhaustion(
    remaining_share: float | None, current_burn: float | None, window_seconds: float
) -> float | None:
    """Seconds until the budget is gone at the current burn; 0 if already gone, inf if not burning."""
    if remaining_share is None or current_burn is None:
        return None
    if remaining_share <= 0:
        return 0.0
    if current_burn <= 0:
        return math.inf
    return remaining_share * window_seconds / current_burn


@dataclass(frozen=True)
class Policy:
    """When an SLO counts as at risk: little budget left, or burning faster than it refills."""

    at_risk_remaining: float = 0.25
    at_risk_burn: float = 1.0  # over the 1-day window


def status(remaining_share: float | None, day_burn: float | None, policy: Policy) -> str:
    """Ok / at risk / breached / no data."""
    if remaining_share is None:
        return NO_DATA
    if remaining_share <= 0:
        return BREACHED
    if remaining_share < policy.at_risk_remaining or (day_burn or 0.0) > policy.at_risk_burn:
        return AT_RISK
    return OK
