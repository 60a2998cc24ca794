"""Thousands of mutated configs through the loader: each is accepted or rejected with ConfigError, never a traceback."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from jivsmon.config import config_from_data, parse_yaml
from jivsmon.config_model import StackConfig
from jivsmon.errors import ConfigError

BASE: dict[str, Any] = yaml.safe_load((Path(__file__).resolve().parents[2] / "stack.yaml").read_text())

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(10**12), 10**12),
    st.floats(allow_nan=True),
    st.text(max_size=12),
    st.sampled_from(["5m", "0s", "-1", "", "99.7", "1h30m"]),
)
values = st.recursive(
    scalars,
    lambda inner: st.one_of(st.lists(inner, max_size=3), st.dictionaries(st.text(max_size=8), inner, max_size=3)),
    max_leaves=6,
)


def _paths(node: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    out = [prefix]
    if isinstance(node, dict):
        for key, value in node.items():
            out += _paths(value, (*prefix, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            out += _paths(value, (*prefix, index))
    return out


PATHS = _paths(BASE)[1:]


@st.composite
def mutated(draw: st.DrawFn) -> Any:
    data = copy.deepcopy(BASE)
    for _ in range(draw(st.integers(1, 4))):
        path = draw(st.sampled_from(PATHS))
        parent: Any = data
        try:
            for key in path[:-1]:
                parent = parent[key]
            action = draw(st.sampled_from(["replace", "delete", "add"]))
            if action == "replace":
                parent[path[-1]] = draw(values)
            elif action == "delete":
                del parent[path[-1]]
            elif isinstance(parent, dict):
                parent[draw(st.text(max_size=8))] = draw(values)
        except (KeyError, IndexError, TypeError):
            continue  # an earlier mutation removed or replaced this path
    return data


def _load(data: Any) -> None:
    try:
        assert isinstance(config_from_data(data), StackConfig)
    except ConfigError as err:
        assert err.problems and all(p.path and p.message for p in err.problems)


@settings(max_examples=2000, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mutated())
def test_mutated_configs_never_raise_anything_but_config_error(data: Any) -> None:
    _load(data)


@settings(max_examples=1000, deadline=None)
@given(st.one_of(values, st.text(max_size=200)))
def test_arbitrary_documents_and_text(doc: Any) -> None:
    if isinstance(doc, str):
        try:
            doc = parse_yaml(doc, "fuzz.yaml")
        except ConfigError:
            return
    _load(doc)
