"""Dashboard 2, SLOs and error budgets: per SLO the SLI, budget left, burn rates and burn-down."""

from __future__ import annotations

import grafanalib.core as G

from dashboards import style as s
from dashboards.layout import Row, new_dashboard, row
from dashboards.queries import slo
from dashboards.style import Query as Q
from jivsmon.config_model import Slo, StackConfig
from slo.windows import BURN_WINDOWS

SLUG = "slo-error-budgets"
BURN_UNIT = "suffix:x"  # Grafana custom unit: burn rates read as multiples of the budget


def _burn_rate_stats(spec: Slo) -> list[s.Cell]:
    """The current burn rate over each alerting window, against the factor that pages."""
    return [
        s.stat(
            f"{spec.name}: burn rate {bw.long}",
            f"Error ratio over {bw.long} divided by the budget "
            f"({slo.budget_fraction(spec):g}); {bw.factor:g}x pages at tier {bw.tier}.",
            [Q(slo.burn_rate(spec, str(bw.long)))],
            BURN_UNIT,
            steps=s.above(bw.factor),
            decimals=2,
            w=3,
        )
        for bw in BURN_WINDOWS
    ]


def _burn_history(spec: Slo) -> list[s.Cell]:
    """Burn rates per window and the budget burn-down over time."""
    window = str(spec.window)
    return [
        s.timeseries(
            f"{spec.name}: burn rates",
            f"Burn rate per alerting window; 1 spends the budget exactly over {window}.",
            [Q(slo.burn_rate(spec, str(bw.long)), str(bw.long)) for bw in BURN_WINDOWS],
            BURN_UNIT,
            steps=s.above(1),
            min=0,
        ),
        s.timeseries(
            f"{spec.name}: budget burn-down",
            f"Error budget left over the last {window}.",
            [Q(slo.budget_remaining(spec), "budget left")],
            "percentunit",
            steps=s.below(0, 0.25),
            time_from=window,
        ),
    ]


def _slo_row(spec: Slo) -> Row:
    """One SLO: its SLI, budget left, burn rates now and their history."""
    window = str(spec.window)
    return row(
        f"SLO {spec.name} ({spec.objective} % over {window})",
        s.stat(
            f"{spec.name}: SLI",
            f"{spec.description} Good share over {window}.",
            [Q(slo.sli(spec))],
            "percentunit",
            steps=s.below(spec.objective / 100),
            decimals=3,
            w=6,
        ),
        s.stat(
            f"{spec.name}: error budget left",
            f"Share of the {window} error budget not yet spent.",
            [Q(slo.budget_remaining(spec))],
            "percentunit",
            steps=s.below(0, 0.25),
            w=6,
        ),
        *_burn_rate_stats(spec),
        *_burn_history(spec),
    )


def dashboard(config: StackConfig) -> G.Dashboard:
    """The SLO and error-budget dashboard: one row per SLO in the stack config."""
    return new_dashboard(
        config,
        SLUG,
        description="Each SLO's indicator, remaining error budget and how fast it burns.",
        rows=[_slo_row(spec) for spec in config.slos],
        related=("platform-overview", "backend-service", "alerts-oncall"),
    )
