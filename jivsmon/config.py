"""Loads stack.yaml into one frozen StackConfig, or fails with every problem named by field path.

Three passes, each reporting all it finds: YAML syntax (with line numbers and
duplicate keys), the JSON Schema in jivsmon/stack.schema.json, then the rules a
schema cannot say (names unique, min <= max, routes naming real receivers).
"""

from __future__ import annotations

import copy
import dataclasses
import json
import math
import types
import typing
from collections.abc import Iterable, Mapping
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import jsonschema
import yaml

from jivsmon.config_model import StackConfig
from jivsmon.config_rules import semantic_problems
from jivsmon.durations import Duration
from jivsmon.errors import ConfigError, Problem, format_path


@cache
def schema() -> dict[str, Any]:
    """The stack JSON Schema shipped with the package."""
    text = resources.files("jivsmon").joinpath("stack.schema.json").read_text(encoding="utf-8")
    loaded: dict[str, Any] = json.loads(text)
    return loaded


class _StrictLoader(yaml.SafeLoader):
    """SafeLoader that rejects duplicate keys instead of silently keeping the last."""


def _construct_mapping(loader: _StrictLoader, node: yaml.MappingNode) -> dict[Any, Any]:
    seen: set[Any] = set()
    for key_node, _ in node.value:
        key = loader.construct_object(key_node)
        if isinstance(key, typing.Hashable) and key in seen:
            mark = key_node.start_mark
            raise yaml.constructor.ConstructorError(None, None, f"duplicate key {key!r} (line {mark.line + 1})", mark)
        if isinstance(key, typing.Hashable):
            seen.add(key)
    return loader.construct_mapping(node)


_StrictLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


def parse_yaml(text: str, source: str) -> Any:
    """Parse YAML text; syntax errors become a ConfigError naming file, line and column."""
    try:
        return yaml.load(text, Loader=_StrictLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark
        where = f"{source}:{mark.line + 1}:{mark.column + 1}" if mark else source
        raise ConfigError([Problem(where, f"invalid YAML: {exc.problem}")]) from None
    except yaml.YAMLError as exc:
        raise ConfigError([Problem(source, f"invalid YAML: {exc}")]) from None


def merge(base: Any, overlay: Any) -> Any:
    """Deep-merge overlay onto base: mappings merge key by key, anything else replaces."""
    if isinstance(base, dict) and isinstance(overlay, dict):
        out = dict(base)
        for key, value in overlay.items():
            out[key] = merge(base[key], value) if key in base else value
        return out
    return copy.deepcopy(overlay)


def load_config(path: str | Path, overlays: Iterable[str | Path] = ()) -> StackConfig:
    """Read, merge, validate and freeze the stack config at path (plus overlay files)."""
    data: Any = None
    for source in (path, *overlays):
        try:
            text = Path(source).read_text(encoding="utf-8")
        except OSError as exc:
            raise ConfigError([Problem(str(source), f"cannot read: {exc.strerror}")]) from None
        doc = parse_yaml(text, str(source))
        data = doc if data is None else merge(data, doc)
    return config_from_data(data)


def config_from_data(data: Any) -> StackConfig:
    """Validate already-parsed data and build the frozen config."""
    data = copy.deepcopy(data)
    problems = schema_problems(data) + _non_finite(data, [])
    if problems:
        raise ConfigError(problems)
    _fill_defaults(data, schema())
    config: StackConfig = _build(StackConfig, data)
    problems = semantic_problems(config)
    if problems:
        raise ConfigError(problems)
    return config


def schema_problems(data: Any) -> list[Problem]:
    """Every schema violation, as one Problem per field, sorted by path."""
    validator = jsonschema.Draft202012Validator(schema())
    found: dict[tuple[str, str], Problem] = {}
    for error in validator.iter_errors(data):
        for problem in _explain(error):
            found.setdefault((problem.path, problem.message), problem)
    return sorted(found.values(), key=lambda p: (p.path, p.message))


def _explain(error: jsonschema.ValidationError) -> list[Problem]:
    path = list(error.absolute_path)
    instance, rule = error.instance, error.validator
    expected: Any = error.validator_value
    rule_schema: Mapping[str, Any] = error.schema if isinstance(error.schema, Mapping) else {}
    if rule == "required" and isinstance(instance, Mapping):
        missing = [k for k in expected if k not in instance]
        return [Problem(format_path([*path, k]), "required") for k in missing]
    if rule == "additionalProperties" and isinstance(instance, Mapping):
        known = set(rule_schema.get("properties", {}))
        return [Problem(format_path([*path, k]), "unknown field") for k in instance if k not in known]
    if rule == "oneOf":
        best = jsonschema.exceptions.best_match(error.context or [])
        if best is not None and best is not error:
            return _explain(best)
    if rule == "pattern" and rule_schema.get("pattern") == schema()["$defs"]["duration"]["pattern"]:
        return [Problem(format_path(path), f"{instance!r} is not a duration (e.g. 30s, 5m, 24h)")]
    if rule == "type":
        got = type(instance).__name__ if instance is not None else "nothing"
        return [Problem(format_path(path), f"expected {expected}, got {got}")]
    return [Problem(format_path(path), error.message)]


def _non_finite(node: Any, path: list[str | int]) -> list[Problem]:
    # YAML has .nan and .inf, which JSON Schema's numeric bounds do not reject.
    if isinstance(node, float) and not math.isfinite(node):
        return [Problem(format_path(path), f"{node} is not a finite number")]
    if isinstance(node, dict):
        return [p for k, v in node.items() for p in _non_finite(v, [*path, str(k)])]
    if isinstance(node, list):
        return [p for i, v in enumerate(node) for p in _non_finite(v, [*path, i])]
    return []


def _fill_defaults(data: Any, node: Mapping[str, Any]) -> None:
    if not isinstance(data, dict):
        return
    for key, sub in node.get("properties", {}).items():
        if key not in data and "default" in sub:
            data[key] = copy.deepcopy(sub["default"])
        if key in data:
            _fill_defaults(data[key], sub)


def _build(hint: Any, value: Any) -> Any:
    if hint is Duration:
        return Duration.parse(value)
    if dataclasses.is_dataclass(hint) and isinstance(hint, type):
        hints = typing.get_type_hints(hint)
        return hint(**{f.name: _build(hints[f.name], value[f.name]) for f in dataclasses.fields(hint)})
    origin, args = typing.get_origin(hint), typing.get_args(hint)
    if origin is types.UnionType:
        return _build(_pick_variant(args, value), value)
    if origin is tuple and args[:1] and typing.get_origin(args[0]) is tuple:
        return tuple((k, _build(typing.get_args(args[0])[1], v)) for k, v in value.items())
    if origin is tuple:
        return tuple(_build(args[0], item) for item in value)
    if hint in (int, float, str):
        return hint(value)
    raise TypeError(f"no builder for {hint!r}")  # a model/schema mismatch: a bug, not bad input


def _pick_variant(variants: tuple[Any, ...], value: Mapping[str, Any]) -> Any:
    for variant in variants:
        if {f.name for f in dataclasses.fields(variant)} == set(value):
            return variant
    raise TypeError(f"no variant of {variants!r} fits {sorted(value)!r}")
