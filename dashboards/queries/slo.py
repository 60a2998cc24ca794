"""SLO panels: read the SLO recording rules (slo/rules.py), labelled slo="<name>"."""

from __future__ import annotations

from jivsmon.config_model import Slo
from jivsmon.promql import sel

BURN_WINDOWS = ("1h", "6h", "1d", "3d")


def budget_fraction(slo: Slo) -> float:
    """The error budget as a ratio of events (0.003 for a 99.7 % objective)."""
    return round(1 - slo.objective / 100, 10)


def sli(slo: Slo) -> str:
    """The SLI (good ratio) over the SLO window."""
    return f"1 - {sel('slo:sli_error_ratio:window', slo=slo.name)}"


def budget_remaining(slo: Slo) -> str:
    """Share of the window's error budget left (1 untouched, <= 0 exhausted)."""
    return sel("slo:error_budget_remaining:ratio", slo=slo.name)


def burn_rate(slo: Slo, window: str) -> str:
    """How fast the budget burns over a window: 1 spends exactly the budget in the SLO window."""
    return f"{sel(f'slo:sli_error_ratio:rate{window}', slo=slo.name)} / {budget_fraction(slo):g}"


def error_ratio_5m(slo: Slo) -> str:
    """The short-term error ratio, for the burn-down's companion graph."""
    return sel("slo:sli_error_ratio:rate5m", slo=slo.name)
