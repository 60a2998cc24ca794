"""The dead-panel check: run every panel query of the 15 dashboards against a Prometheus and count series.

Variables are substituted as Grafana sends them by default (every variable at
All, ``$__rate_interval`` as 1m). A panel is dead when none of its queries
returns a series. Panels whose metrics come from the simulator (parts that
cannot run on one machine) are marked simulated.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from dashboards import DASHBOARDS
from dashboards.build import dashboard_models
from dashboards.inspect import data_panels, substitute
from jivsmon.catalogue import lookup
from jivsmon.config_model import StackConfig
from jivsmon.demo.simulator import SIMULATED_SOURCES
from jivsmon.promql import metric_names

Query = Callable[[str], list[dict[str, Any]]]
# Panels that list problems one by one: empty is their healthy state, so they
# are reported as quiet rather than dead.
LISTS_OF_PROBLEMS = {("alerts-oncall", "Firing alerts")}


@dataclass(frozen=True)
class PanelResult:
    """What one panel's queries returned."""

    dashboard: str
    panel: str
    series: int
    simulated: bool
    error: str = ""

    @property
    def quiet(self) -> bool:
        """True for an empty list-of-problems panel, which is how it looks when all is well."""
        return self.series == 0 and not self.error and (self.dashboard, self.panel) in LISTS_OF_PROBLEMS

    @property
    def dead(self) -> bool:
        """True when the panel would show "No data" (or an error) where data was expected."""
        return (self.series == 0 and not self.quiet) or bool(self.error)


def _simulated(exprs: list[str]) -> bool:
    sources = {m.source for e in exprs for name in metric_names(e) if (m := lookup(name))}
    return bool(sources & set(SIMULATED_SOURCES.values()))


def check_panels(config: StackConfig, query: Query) -> list[PanelResult]:
    """One result per data panel of every dashboard, in dashboard order."""
    results = []
    for module, model in zip(DASHBOARDS, dashboard_models(config), strict=True):
        for panel in data_panels(model):
            exprs = [substitute(t["expr"]) for t in panel.get("targets", []) if t.get("expr")]
            if not exprs:
                continue  # text panels have nothing to query
            series, errors = 0, []
            for expr in exprs:
                try:
                    series += len(query(expr))
                except (ValueError, OSError) as exc:
                    errors.append(str(exc))
            results.append(PanelResult(module.SLUG, panel["title"], series, _simulated(exprs), "; ".join(errors)))
    return results


def table(results: list[PanelResult]) -> str:
    """Markdown table panel -> series, dead panels first, with a closing count."""
    rows = ["| dashboard | panel | series | simulated | status |", "| --- | --- | --- | --- | --- |"]
    for r in sorted(results, key=lambda r: (not r.dead, r.dashboard, r.panel)):
        status = f"DEAD {r.error}".strip() if r.dead else ("quiet (nothing to list)" if r.quiet else "ok")
        rows.append(f"| {r.dashboard} | {r.panel} | {r.series} | {'yes' if r.simulated else ''} | {status} |")
    dead = sum(r.dead for r in results)
    simulated = sum(r.simulated for r in results)
    rows.append(f"\n{len(results)} panels, {dead} dead, {simulated} fed (partly) by the simulator")
    return "\n".join(rows)
