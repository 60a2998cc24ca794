"""The 15 dashboards: identity, Grafana schema validity, layout, variables, descriptions, units."""

from __future__ import annotations

import itertools
from typing import Any

import jsonschema
import pytest

import dashboards
from dashboards.slugs import TITLES
from jivsmon.naming import MANAGED_TAG, MAX_UID
from tests.dashboards.dashboard_support import data_panels, expressions, panels, used_variables, variables

SLUGS = list(TITLES)
UNITLESS = {"text"}  # panel types that plot no numbers


def test_exactly_the_fifteen_in_order() -> None:
    assert len(dashboards.DASHBOARDS) == 15
    assert [m.SLUG for m in dashboards.DASHBOARDS] == SLUGS


def test_uids_unique(models: list[dict[str, Any]]) -> None:
    uids = [m["uid"] for m in models]
    assert len(set(uids)) == 15


@pytest.fixture(params=range(15), ids=SLUGS)
def index(request: pytest.FixtureRequest) -> int:
    value: int = request.param
    return value


@pytest.fixture
def model(index: int, models: list[dict[str, Any]]) -> dict[str, Any]:
    return models[index]


@pytest.fixture
def slug(index: int) -> str:
    return SLUGS[index]


def test_identity(model: dict[str, Any], slug: str) -> None:
    assert model["uid"] == f"jivs-{slug}"
    assert len(model["uid"]) <= MAX_UID
    assert model["title"] == TITLES[slug]
    assert MANAGED_TAG in model["tags"]
    assert isinstance(model["version"], int)
    assert "id" not in model


def test_validates_against_grafana_dashboard_schema(model: dict[str, Any], schemas: dict[str, Any]) -> None:
    validator = jsonschema.Draft7Validator(schemas["dashboard"])
    errors = [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(model)]
    assert errors == []


def _check(defs: dict[str, Any], name: str, value: Any) -> list[str]:
    validator = jsonschema.Draft7Validator({"$ref": f"#/definitions/{name}", "definitions": defs})
    return [f"{name} {list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(value)]


def test_panels_validate_against_their_panel_schema(model: dict[str, Any], schemas: dict[str, Any]) -> None:
    # A panel schema defines Options (panel.options) and, where the panel has one,
    # FieldConfig (panel.fieldConfig.defaults.custom).
    errors = []
    for panel in data_panels(model):
        schema = schemas.get(panel["type"].replace("-", ""))
        assert schema is not None, f"no schema for panel type {panel['type']}"
        defs = schema["definitions"]
        errors += [f"{panel['title']}: {e}" for e in _check(defs, "Options", panel["options"])]
        custom = panel["fieldConfig"]["defaults"].get("custom")
        if "FieldConfig" in defs:
            errors += [f"{panel['title']}: {e}" for e in _check(defs, "FieldConfig", custom or {})]
        else:
            assert custom is None, f"{panel['title']}: {panel['type']} has no custom field config"
    assert errors == []


def test_no_overlapping_panels(model: dict[str, Any]) -> None:
    boxes = [(p["title"], p["gridPos"]) for p in panels(model)]
    for _, g in boxes:
        assert g["x"] + g["w"] <= 24
    for (a, g), (b, h) in itertools.combinations(boxes, 2):
        apart = (
            g["x"] + g["w"] <= h["x"]
            or h["x"] + h["w"] <= g["x"]
            or g["y"] + g["h"] <= h["y"]
            or h["y"] + h["h"] <= g["y"]
        )
        assert apart, f"{a!r} overlaps {b!r}"


def test_panel_ids_and_titles_unique(model: dict[str, Any]) -> None:
    ids = [p["id"] for p in panels(model)]
    assert len(ids) == len(set(ids))
    titles = [p["title"] for p in data_panels(model)]
    assert sorted(t for t in titles if titles.count(t) > 1) == []


def test_datasource_variable_and_references(model: dict[str, Any]) -> None:
    var = variables(model)["datasource"]
    assert (var["type"], var["query"]) == ("datasource", "prometheus")
    for panel in data_panels(model):
        if panel["type"] == "text":
            continue
        refs = [panel["datasource"], *(t["datasource"] for t in panel["targets"])]
        assert all(r == {"type": "prometheus", "uid": "${datasource}"} for r in refs), panel["title"]


def test_every_panel_described_and_with_unit(model: dict[str, Any]) -> None:
    for panel in data_panels(model):
        assert panel.get("description", "").strip(), f"{panel['title']} has no description"
        if panel["type"] not in UNITLESS:
            assert panel["fieldConfig"]["defaults"].get("unit"), f"{panel['title']} has no unit"


def test_rows_and_rate_interval(model: dict[str, Any]) -> None:
    assert model["panels"][0]["type"] == "row"
    for expr in expressions(model):
        assert "rate(" not in expr or "[$__rate_interval]" in expr or "[1h]" in expr or "[1d]" in expr, (
            f"rate() without $__rate_interval: {expr}"
        )


def test_variables_used_are_defined(model: dict[str, Any]) -> None:
    defined = set(variables(model)) | {"__rate_interval", "__interval", "__range"}
    for expr in expressions(model):
        assert used_variables(expr) <= defined, expr


def test_links_point_at_our_dashboards(model: dict[str, Any]) -> None:
    urls = [link["url"] for link in model["links"] if link["type"] == "link"]
    urls += [link["url"] for p in data_panels(model) for link in p.get("links", [])]
    assert urls, "no links to related dashboards"
    for url in urls:
        uid, slug = url.rstrip("/").split("/")[-2:]
        assert slug in TITLES and uid == f"jivs-{slug}", url
