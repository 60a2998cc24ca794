"""Test-only helpers over rendered dashboard models; the walkers themselves live in dashboards.inspect."""

from __future__ import annotations

from typing import Any

from dashboards.inspect import data_panels, expressions, panels, substitute, used_variables, variables

__all__ = ["data_panels", "expressions", "panel", "panels", "substitute", "used_variables", "variables"]


def panel(model: dict[str, Any], title: str) -> dict[str, Any]:
    """The one panel with this title."""
    found = [p for p in data_panels(model) if p["title"] == title]
    assert len(found) == 1, f"{len(found)} panels titled {title!r} in {model['uid']}"
    return found[0]
