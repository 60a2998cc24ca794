"""Walks over rendered dashboard JSON models: panels, variables, and the PromQL as Grafana would send it.

Shared by the dashboard tests and the demo's dead-panel check.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

BUILTINS = {"__rate_interval": "1m", "__interval": "1m", "__range": "1h"}
_VAR = re.compile(r"\$\{(\w+)(?::\w+)?\}|\$(\w+)")
_LABEL_VALUES = re.compile(r"^label_values\((?P<selector>.+),\s*(?P<label>\w+)\)$")


def panels(model: dict[str, Any]) -> Iterator[dict[str, Any]]:
    """Every panel, rows included, nested ones too."""
    for panel in model["panels"]:
        yield panel
        yield from panel.get("panels", [])


def data_panels(model: dict[str, Any]) -> list[dict[str, Any]]:
    """Panels that are not rows."""
    return [p for p in panels(model) if p["type"] != "row"]


def variables(model: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """Template variables by name."""
    return {v["name"]: v for v in model["templating"]["list"]}


def used_variables(expr: str) -> set[str]:
    """Names of the $variables an expression refers to."""
    return {a or b for a, b in _VAR.findall(expr)}


def substitute(expr: str) -> str:
    """The expression as Grafana sends it with every variable at All (.*) and a 1m rate interval."""
    return _VAR.sub(lambda m: BUILTINS.get(m.group(1) or m.group(2), ".*"), expr)


def expressions(model: dict[str, Any]) -> list[str]:
    """Every PromQL expression: panel targets, and the selectors inside label_values() variables."""
    exprs = [t["expr"] for p in data_panels(model) for t in p.get("targets", [])]
    for var in model["templating"]["list"]:
        if var["type"] == "query":
            match = _LABEL_VALUES.match(var["query"])
            if not match:
                raise ValueError(f"{var['name']}: not a label_values() query: {var['query']}")
            exprs.append(match["selector"])
    return exprs
