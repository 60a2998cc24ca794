"""Dashboard assembly: rows, the non-overlapping grid, template variables and links.

``new_dashboard`` is the one place a grafanalib Dashboard is made, so every
dashboard has the same UID scheme, managed tag, ``$datasource`` variable, time
range, refresh and links to its related dashboards.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import attr
import grafanalib.core as G

from dashboards.slugs import TITLES
from dashboards.style import DATASOURCE, Cell
from jivsmon.config_model import StackConfig
from jivsmon.naming import MANAGED_TAG, dashboard_uid, dashboard_url
from jivsmon.promql import sel

GRID_WIDTH = 24


@dataclass(frozen=True)
class Row:
    """A titled row and the panels under it, laid out left to right."""

    title: str
    cells: tuple[Cell, ...]


def row(title: str, *cells: Cell) -> Row:
    """A row of panels."""
    return Row(title, cells)


def grid(rows: Sequence[Row]) -> list[G.Panel]:
    """Place rows top to bottom and panels left to right, wrapping at 24 columns.

    Each line of panels starts below the tallest panel of the previous line,
    so no two panels can overlap whatever sizes the dashboard asks for.
    """
    panels: list[G.Panel] = []
    y = 0
    for r in rows:
        panels.append(G.RowPanel(title=r.title, gridPos=G.GridPos(h=1, w=GRID_WIDTH, x=0, y=y)))
        y += 1
        x = line_height = 0
        for cell in r.cells:
            if x + cell.w > GRID_WIDTH:
                y, x, line_height = y + line_height, 0, 0
            panels.append(attr.evolve(cell.panel, gridPos=G.GridPos(h=cell.h, w=cell.w, x=x, y=y)))
            x += cell.w
            line_height = max(line_height, cell.h)
        y += line_height
    return panels


def datasource_variable(config: StackConfig) -> G.Template:
    """``$datasource``: any Prometheus datasource, preselecting the one the stack config names."""
    return G.Template(
        name="datasource",
        label="Data source",
        type="datasource",
        query="prometheus",
        default=config.grafana.datasource,
        refresh=1,
        sort=0,
    )


def variable(name: str, metric: str, label: str | None = None, title: str | None = None, **matchers: str) -> G.Template:
    """A multi-value query variable over ``label_values(metric{matchers}, label)``; All is ``.*``.

    Panels filter with ``label=~"$name"``, so All must be a regex matching everything.
    """
    query = f"label_values({sel(metric, **matchers)}, {label or name})"
    return G.Template(
        name=name,
        label=title or name.capitalize(),
        query=query,
        dataSource=DATASOURCE,
        includeAll=True,
        multi=True,
        allValue=".*",
        default="$__all",
        refresh=2,
        sort=1,
    )


def _links(config: StackConfig, related: Sequence[str]) -> list[G.DashboardLink]:
    links = [
        G.DashboardLink(
            title=TITLES[slug],
            uri=dashboard_url(config, slug),
            type="link",
            icon="dashboard",
            tooltip=f"Open {TITLES[slug]}",
            keepTime=True,
        )
        for slug in related
    ]
    links.append(
        G.DashboardLink(
            title="JIVS dashboards",
            type="dashboards",
            tags=[MANAGED_TAG],
            asDropdown=True,
            keepTime=True,
            tooltip="All JIVS dashboards",
        )
    )
    return links


def new_dashboard(
    config: StackConfig,
    slug: str,
    *,
    description: str,
    rows: Sequence[Row],
    variables: Sequence[G.Template] = (),
    related: Sequence[str] = (),
    tags: Sequence[str] = (),
) -> G.Dashboard:
    """The dashboard for slug with our defaults; panel ids numbered in layout order."""
    unknown = [s for s in (slug, *related) if s not in TITLES]
    if unknown:
        raise ValueError(f"unknown dashboard slug(s): {', '.join(unknown)}")
    dashboard = G.Dashboard(
        title=TITLES[slug],
        uid=dashboard_uid(slug),
        description=description,
        tags=[MANAGED_TAG, config.environment, *tags],
        timezone="browser",
        time=G.Time("now-6h", "now"),
        refresh="1m",
        graphTooltip=1,
        templating=G.Templating(list=[datasource_variable(config), *variables]),
        links=_links(config, related),
        panels=grid(rows),
    )
    return dashboard.auto_panel_ids()
