"""Small PromQL builders shared by dashboards, alerts and SLO rules, and a metric-name extractor.

Generators build expressions with these functions instead of pasting strings,
so label matchers are always quoted and escaped the same way.
"""

from __future__ import annotations

from typing import Any


def _quote(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def matchers(**labels: str) -> str:
    """``{a="x",b=~"y"}`` from keyword labels; a value starting with ``~`` or ``!`` picks the operator.

    ``job="pg"`` -> equality, ``code="~5.."`` -> regex, ``state="!idle"`` -> not equal,
    ``x="!~a|b"`` -> negative regex.
    """
    parts = []
    for name, value in labels.items():
        op = "="
        for prefix, operator in (("!~", "!~"), ("~", "=~"), ("!", "!=")):
            if value.startswith(prefix):
                op, value = operator, value[len(prefix) :]
                break
        parts.append(f"{name}{op}{_quote(value)}")
    return "{" + ",".join(parts) + "}" if parts else ""


def sel(metric: str, **labels: str) -> str:
    """A vector selector: ``sel("pg_up", job="postgres")`` -> ``pg_up{job="postgres"}``."""
    return metric + matchers(**labels)


def metric_names(expr: str) -> set[str]:
    """Every metric name an expression selects (needs the ``promql-parser`` package)."""
    import promql_parser  # dev-only dependency: used by checks and tests, not at run time

    found: set[str] = set()
    _walk(promql_parser.parse(expr), found)
    return found


def _walk(node: Any, found: set[str]) -> None:
    if type(node).__name__ == "VectorSelector":
        name = node.name or next((m.value for m in node.matchers.matchers if m.name == "__name__"), None)
        if name:
            found.add(name)
        return
    for attr in ("lhs", "rhs", "expr", "args", "vector_selector", "param"):
        child = getattr(node, attr, None)
        for item in child if isinstance(child, list) else [child]:
            if item is not None:
                _walk(item, found)
