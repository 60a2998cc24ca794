"""dashboards.build: the models publishing reads, and the build/ artifacts (deterministic)."""

from __future__ import annotations

import json
from typing import Any

from dashboards.build import artifacts, dashboard_models
from dashboards.slugs import TITLES
from jivsmon.build import GENERATORS, render
from jivsmon.config_model import StackConfig
from jivsmon.writer import json_text


def test_models_in_the_fixed_order(models: list[dict[str, Any]]) -> None:
    assert [m["uid"] for m in models] == [f"jivs-{slug}" for slug in TITLES]


def test_rendering_twice_gives_identical_bytes(stack: StackConfig) -> None:
    first = [json_text(m) for m in dashboard_models(stack)]
    second = [json_text(m) for m in dashboard_models(stack)]
    assert first == second
    assert [a.content for a in artifacts(stack)] == [a.content for a in artifacts(stack)]


def test_artifacts_are_the_models(stack: StackConfig, models: list[dict[str, Any]]) -> None:
    written = {str(a.path): json.loads(a.content) for a in artifacts(stack)}
    assert written == {f"dashboards/{m['uid'].removeprefix('jivs-')}.json": m for m in models}


def test_registered_in_make_build(stack: StackConfig) -> None:
    assert "dashboards" in dict(GENERATORS)
    paths = {str(a.path) for a in render(stack)}
    assert {f"dashboards/{slug}.json" for slug in TITLES} <= paths
