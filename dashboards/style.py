"""House style: the panel helpers every dashboard uses, over grafanalib's core classes.

Dashboard modules build panels only through these functions, so each panel gets
the same datasource reference, legend, tooltip and colours; a description and
(where numbers are plotted) a unit are required arguments, and thresholds come
in as values the caller read from the stack config. Placement lives in
dashboards.layout.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import grafanalib.core as G

DATASOURCE = "${datasource}"
RATE = "$__rate_interval"  # Grafana picks max(4 x scrape interval, step): never an empty rate()

GREEN, ORANGE, RED, BLUE = "green", "orange", "red", "blue"

# Threshold steps: (value, colour) pairs; the first value is None (the base colour).
Steps = tuple[tuple[float | None, str], ...]


@dataclass(frozen=True)
class Query:
    """One PromQL target of a panel and how its series are named in the legend."""

    expr: str
    legend: str = ""


@dataclass(frozen=True)
class Cell:
    """A panel and the size it wants in the 24-column grid."""

    panel: G.Panel
    w: int
    h: int

    def __post_init__(self) -> None:
        if not 0 < self.w <= 24 or self.h <= 0:
            raise ValueError(f"panel {self.panel.title!r}: size {self.w}x{self.h} does not fit the grid")


def above(warn: float, crit: float | None = None) -> Steps:
    """Green, turning orange at warn and red at crit (or red at warn when crit is None)."""
    if crit is None:
        return ((None, GREEN), (warn, RED))
    return ((None, GREEN), (warn, ORANGE), (crit, RED))


def below(crit: float, ok: float | None = None) -> Steps:
    """Red below crit; orange between crit and ok; green from ok (or from crit when ok is None)."""
    if ok is None:
        return ((None, RED), (crit, GREEN))
    return ((None, RED), (crit, ORANGE), (ok, GREEN))


def neutral() -> Steps:
    """A single blue step for values that are neither good nor bad."""
    return ((None, BLUE),)


def up_down(up: str = "UP", down: str = "DOWN") -> list[dict[str, Any]]:
    """Value mapping for 0/1 health gauges."""
    return [
        {
            "type": "value",
            "options": {
                "0": {"text": down, "color": RED, "index": 0},
                "1": {"text": up, "color": GREEN, "index": 1},
            },
        }
    ]


def _steps(steps: Steps | None) -> list[dict[str, Any]]:
    return [{"value": value, "color": color} for value, color in (steps or neutral())]


def _targets(queries: Sequence[Query], instant: bool = False, fmt: str = "time_series") -> list[G.Target]:
    if not queries:
        raise ValueError("a panel needs at least one query")
    return [
        G.Target(
            expr=q.expr,
            legendFormat=q.legend,
            refId=chr(ord("A") + i),
            instant=instant,
            format=fmt,
            datasource=DATASOURCE,
        )
        for i, q in enumerate(queries)
    ]


def _common(title: str, description: str) -> dict[str, Any]:
    if not description.strip():
        raise ValueError(f"panel {title!r} needs a description")
    # maxDataPoints=None: let Grafana size the query to the panel width (grafanalib defaults to 100).
    return {"title": title, "description": description, "dataSource": DATASOURCE, "maxDataPoints": None}


def timeseries(
    title: str,
    description: str,
    queries: Sequence[Query],
    unit: str,
    *,
    steps: Steps | None = None,
    w: int = 12,
    h: int = 8,
    min: float | None = None,
    max: float | None = None,
    stack: bool = False,
    bars: bool = False,
    time_from: str | None = None,
) -> Cell:
    """Lines over time; thresholds, when given, are drawn as dashed lines.

    time_from overrides the dashboard's range for this panel (e.g. "30d" for a budget burn-down).
    """
    panel = G.TimeSeries(
        **_common(title, description),
        targets=_targets(queries),
        unit=unit,
        timeFrom=time_from,
        thresholds=_steps(steps),
        thresholdsStyleMode="dashed" if steps else "off",
        legendDisplayMode="list",
        legendPlacement="bottom",
        tooltipMode="multi",
        tooltipSort="desc",
        valueMin=min,
        valueMax=max,
        fillOpacity=10 if stack or bars else 0,
        drawStyle="bars" if bars else "line",
        stacking={"mode": "normal"} if stack else {},
        showPoints="never",
    )
    return Cell(panel, w, h)


def stat(
    title: str,
    description: str,
    queries: Sequence[Query],
    unit: str,
    *,
    steps: Steps | None = None,
    w: int = 6,
    h: int = 4,
    calc: str = "lastNotNull",
    mappings: list[dict[str, Any]] | None = None,
    sparkline: bool = False,
    decimals: int | None = None,
    links: Sequence[dict[str, Any]] = (),
) -> Cell:
    """One big number per series, coloured by thresholds."""
    panel = G.Stat(
        **_common(title, description),
        targets=_targets(queries),
        format=unit,
        decimals=decimals,
        thresholds=_steps(steps),
        reduceCalc=calc,
        mappings=mappings or [],
        links=list(links),
        graphMode="area" if sparkline else "none",
        colorMode="background" if mappings else "value",
        noValue="No data",
        textMode="auto",
    )
    return Cell(panel, w, h)


def gauge(
    title: str,
    description: str,
    query: Query,
    unit: str,
    *,
    min: float,
    max: float,
    steps: Steps,
    w: int = 6,
    h: int = 6,
) -> Cell:
    """A dial between min and max with the threshold bands drawn on it."""
    panel = G.GaugePanel(
        **_common(title, description),
        targets=_targets([query]),
        format=unit,
        min=min,
        max=max,
        thresholds=_steps(steps),
        calc="lastNotNull",
        thresholdMarkers=True,
        thresholdLabels=False,
    )
    return Cell(panel, w, h)


def bar_gauge(
    title: str,
    description: str,
    queries: Sequence[Query],
    unit: str,
    *,
    min: float,
    max: float,
    steps: Steps,
    w: int = 12,
    h: int = 8,
) -> Cell:
    """Horizontal bars, one per series: how full each thing is."""
    panel = G.BarGauge(
        **_common(title, description),
        targets=_targets(queries),
        format=unit,
        min=min,
        max=max,
        thresholds=_steps(steps),
        calc="lastNotNull",
        displayMode="gradient",
        orientation="horizontal",
    )
    return Cell(panel, w, h)


def table(
    title: str,
    description: str,
    queries: Sequence[Query],
    unit: str,
    *,
    steps: Steps | None = None,
    w: int = 24,
    h: int = 8,
) -> Cell:
    """Current values as rows (instant queries, merged on their labels, no time column)."""
    transformations: list[dict[str, Any]] = []
    if len(queries) > 1:
        transformations.append({"id": "merge", "options": {}})
    transformations.append({"id": "organize", "options": {"excludeByName": {"Time": True}}})
    panel = G.Table(
        **_common(title, description),
        targets=_targets(queries, True, "table"),
        unit=unit,
        thresholds=_steps(steps),
        displayMode="color-text",
        transformations=transformations,
        filterable=True,
    )
    return Cell(panel, w, h)


def state_timeline(
    title: str, description: str, queries: Sequence[Query], *, mappings: list[dict[str, Any]], w: int = 24, h: int = 6
) -> Cell:
    """Coloured bands over time for 0/1 or enum states (unit "none": the states are mapped)."""
    panel = G.StateTimeline(
        **_common(title, description),
        targets=_targets(queries),
        mappings=mappings,
        thresholds=_steps(below(1)),
        showValue="never",
        mergeValues=True,
        rowHeight=0.9,
        extraJson={"fieldConfig": {"defaults": {"unit": "none"}}},
    )
    return Cell(panel, w, h)


def text(title: str, description: str, markdown: str, *, w: int = 24, h: int = 3) -> Cell:
    """A markdown note: what the dashboard shows and where to go next."""
    panel = G.Text(title=title, description=description, content=markdown, mode="markdown")
    if not description.strip():
        raise ValueError(f"panel {title!r} needs a description")
    return Cell(panel, w, h)


def panel_link(title: str, url: str) -> dict[str, Any]:
    """A complete panel link (Grafana's schema wants every field of a dashboard link)."""
    return {
        "title": title,
        "url": url,
        "type": "link",
        "icon": "dashboard",
        "tooltip": title,
        "tags": [],
        "asDropdown": False,
        "targetBlank": False,
        "includeVars": False,
        "keepTime": True,
    }
