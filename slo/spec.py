"""SLO specs as data: from the stack config, from native slo YAML files and from OpenSLO v1.

Every source is turned into the same frozen SloSpec; the rule generator and the
report only ever see these. A bad spec raises ConfigError naming the field.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from jivsmon.config import config_from_data, parse_yaml
from jivsmon.config_model import LatencySli, RequestSli, Slo, StackConfig, TimeSli
from jivsmon.durations import Duration
from jivsmon.errors import ConfigError, Problem

_SELECTOR = re.compile(r"^(?P<name>[a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(?P<matchers>[^{}]*)\})?$")
_NAME = re.compile(r"^[a-z0-9]([a-z0-9._-]*[a-z0-9])?$")


@dataclass(frozen=True)
class Sli:
    """What is counted. Request SLIs: counter selectors (``errors`` or ``good``, and ``total``).

    Time SLIs: ``up`` is a 0/1 gauge and the events are seconds.
    """

    kind: str  # "request" or "time"
    total: str = ""
    errors: str = ""
    good: str = ""
    up: str = ""

    @property
    def presence(self) -> str:
        """The selector whose absence means the SLI cannot be measured."""
        return self.up if self.kind == "time" else self.total


@dataclass(frozen=True)
class SloSpec:
    """One SLO, whatever it was declared in."""

    name: str
    description: str
    objective: float  # ratio, e.g. 0.997
    window: Duration
    sli: Sli

    @property
    def budget(self) -> float:
        """The error budget as a ratio of events (1 - objective)."""
        return 1.0 - self.objective

    @property
    def title(self) -> str:
        """CamelCase of the name, the prefix of its alert names (backend-latency -> BackendLatency)."""
        return "".join(part.capitalize() for part in re.split(r"[-._]", self.name) if part)


def split_selector(selector: str) -> tuple[str, str]:
    """(metric name, matchers without braces) of a plain vector selector; ValueError otherwise."""
    match = _SELECTOR.match(selector.strip())
    if not match:
        raise ValueError(f'{selector!r} is not a vector selector like metric{{label="value"}}')
    return match["name"], (match["matchers"] or "").strip().rstrip(",")


def with_matcher(selector: str, suffix: str, extra: str) -> str:
    """The selector with a suffix on its metric name and one more matcher (for histogram buckets)."""
    name, found = split_selector(selector)
    return f"{name}{suffix}{{{','.join(m for m in (found, extra) if m)}}}"


def from_slo(slo: Slo) -> SloSpec:
    """The spec of one SLO from the stack config (already validated)."""
    sli: Sli
    if isinstance(slo.sli, RequestSli):
        sli = Sli("request", total=slo.sli.total, errors=slo.sli.errors)
    elif isinstance(slo.sli, LatencySli):
        sli = Sli(
            "request",
            total=with_matcher(slo.sli.histogram, "_bucket", 'le="+Inf"'),
            good=with_matcher(slo.sli.histogram, "_bucket", f'le="{slo.sli.le}"'),
        )
    elif isinstance(slo.sli, TimeSli):
        sli = Sli("time", up=slo.sli.up)
    return SloSpec(slo.name, slo.description, round(slo.objective / 100, 12), slo.window, sli)


def from_config(config: StackConfig) -> tuple[SloSpec, ...]:
    """Every SLO the stack config declares."""
    return tuple(from_slo(slo) for slo in config.slos)


def _get(doc: Any, path: str, source: str, kind: type = str) -> Any:
    node = doc
    for key in path.split("."):
        node = node.get(key) if isinstance(node, Mapping) else None
        if node is None:
            raise ConfigError([Problem(f"{source}: {path}", "required")])
    if not isinstance(node, kind) or (kind is str and not node):
        raise ConfigError([Problem(f"{source}: {path}", f"expected {kind.__name__}, got {node!r}")])
    return node


def _query(doc: Any, path: str, source: str) -> str:
    source_type = _get(doc, f"{path}.metricSource.type", source)
    if source_type.lower() != "prometheus":
        raise ConfigError(
            [Problem(f"{source}: {path}.metricSource.type", f"only Prometheus is supported, got {source_type!r}")]
        )
    query: str = _get(doc, f"{path}.metricSource.spec.query", source).strip()
    try:
        split_selector(query)
    except ValueError as exc:
        raise ConfigError([Problem(f"{source}: {path}.metricSource.spec.query", str(exc))]) from None
    return query


def _openslo_objective(doc: Any, source: str) -> float:
    objectives = _get(doc, "spec.objectives", source, list)
    if len(objectives) != 1 or not isinstance(objectives[0], Mapping):
        raise ConfigError([Problem(f"{source}: spec.objectives", "exactly one objective is supported")])
    first = objectives[0]
    target = first.get(
        "target", first.get("targetPercent", 0) / 100 if isinstance(first.get("targetPercent"), int | float) else None
    )
    if not isinstance(target, int | float) or isinstance(target, bool) or not 0 < target < 1:
        raise ConfigError(
            [Problem(f"{source}: spec.objectives[0].target", f"expected a ratio between 0 and 1, got {target!r}")]
        )
    return float(target)


def _openslo_window(doc: Any, source: str) -> Duration:
    windows = _get(doc, "spec.timeWindow", source, list)
    if len(windows) != 1 or not isinstance(windows[0], Mapping) or windows[0].get("isRolling") is not True:
        raise ConfigError([Problem(f"{source}: spec.timeWindow", "exactly one rolling window is supported")])
    try:
        return Duration.parse(str(windows[0].get("duration")))
    except ValueError as exc:
        raise ConfigError([Problem(f"{source}: spec.timeWindow[0].duration", str(exc))]) from None


def from_openslo(doc: Mapping[str, Any], source: str) -> SloSpec:
    """The spec of an OpenSLO v1 ``SLO`` with an inline ratioMetric and Occurrences budgeting."""
    if doc.get("apiVersion") != "openslo/v1" or doc.get("kind") != "SLO":
        raise ConfigError([Problem(f"{source}: kind", "expected apiVersion openslo/v1, kind SLO")])
    name = _get(doc, "metadata.name", source)
    if not _NAME.match(name):
        raise ConfigError([Problem(f"{source}: metadata.name", f"{name!r} is not a lowercase name")])
    method = _get(doc, "spec.budgetingMethod", source)
    if method != "Occurrences":
        raise ConfigError(
            [Problem(f"{source}: spec.budgetingMethod", f"only Occurrences is supported, got {method!r}")]
        )
    ratio = _get(doc, "spec.indicator.spec.ratioMetric", source, dict)
    base = "spec.indicator.spec.ratioMetric"
    total = _query(doc, f"{base}.total", source)
    if ("good" in ratio) == ("bad" in ratio):
        raise ConfigError([Problem(f"{source}: {base}", "needs exactly one of good and bad")])
    good = _query(doc, f"{base}.good", source) if "good" in ratio else ""
    bad = _query(doc, f"{base}.bad", source) if "bad" in ratio else ""
    description = doc.get("spec", {}).get("description") or name
    return SloSpec(
        name,
        str(description),
        _openslo_objective(doc, source),
        _openslo_window(doc, source),
        Sli("request", total=total, errors=bad, good=good),
    )


def load_file(path: Path, base: StackConfig) -> tuple[SloSpec, ...]:
    """Specs in a YAML file: OpenSLO v1 documents, or a native ``slos:`` list like stack.yaml's."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise ConfigError([Problem(str(path), f"cannot read: {exc.strerror}")]) from None
    out: list[SloSpec] = []
    for index, doc in enumerate(_documents(text, str(path))):
        where = f"{path}[{index}]" if index else str(path)
        if isinstance(doc, Mapping) and "apiVersion" in doc:
            out.append(from_openslo(doc, where))
        elif isinstance(doc, Mapping) and set(doc) == {"slos"}:
            data = _with_slos(base, doc["slos"])
            out += from_config(config_from_data(data))
        else:
            raise ConfigError([Problem(where, "expected an OpenSLO document or a mapping with only 'slos'")])
    return tuple(out)


def _documents(text: str, source: str) -> Iterable[Any]:
    parts = re.split(r"(?m)^---\s*$", text)
    return [doc for part in parts if part.strip() for doc in [parse_yaml(part, source)] if doc is not None]


def _with_slos(base: StackConfig, slos: Any) -> dict[str, Any]:
    from jivsmon.build import config_data  # the native format is validated by the stack schema

    data = config_data(base)
    data["slos"] = slos
    return data


def load_specs(config: StackConfig, files: Iterable[Path] = ()) -> tuple[SloSpec, ...]:
    """The stack's SLOs plus those in extra files; names must stay unique."""
    specs = [*from_config(config), *(s for path in files for s in load_file(path, config))]
    seen: set[str] = set()
    for spec in specs:
        if spec.name in seen:
            raise ConfigError([Problem(f"slo {spec.name}", "declared twice")])
        seen.add(spec.name)
    return tuple(specs)
