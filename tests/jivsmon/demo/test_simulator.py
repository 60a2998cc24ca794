from __future__ import annotations

import pytest
from prometheus_client import generate_latest
from prometheus_client.parser import text_string_to_metric_families

from jivsmon.catalogue import all_metrics
from jivsmon.config_model import StackConfig
from jivsmon.demo.simulator import SIMULATED_SOURCES, pods, registries


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def _samples(stack: StackConfig, path: str, clock: Clock) -> dict[str, list[tuple[dict[str, str], float]]]:
    text = generate_latest(registries(stack, clock)[path]).decode()
    out: dict[str, list[tuple[dict[str, str], float]]] = {}
    for family in text_string_to_metric_families(text):
        for sample in family.samples:
            if not sample.name.endswith("_created"):
                out.setdefault(sample.name, []).append((sample.labels, sample.value))
    return out


@pytest.mark.parametrize("path", sorted(SIMULATED_SOURCES))
def test_emits_exactly_the_catalogued_metrics_of_its_source(stack: StackConfig, path: str) -> None:
    source = SIMULATED_SOURCES[path]
    catalogued = {m.name: m for m in all_metrics().values() if m.source == source}
    emitted = _samples(stack, path, Clock())
    assert set(emitted) == set(catalogued)
    for name, samples in emitted.items():
        assert all(set(catalogued[name].labels) <= set(labels) for labels, _ in samples), name


def test_pods_spread_over_every_zone_at_the_hpa_floor(stack: StackConfig) -> None:
    placed = pods(stack)
    assert len(placed) == stack.backend.replicas.min
    assert {zone for _, _, zone in placed} == set(stack.backend.zones)
    assert len({pod for pod, _, _ in placed}) == len(placed)


def test_counters_grow_with_the_clock(stack: StackConfig) -> None:
    clock = Clock()
    regs = registries(stack, clock)
    before = text_string_to_metric_families(generate_latest(regs["cadvisor"]).decode())
    first = {
        s.labels["pod"]: s.value for f in before for s in f.samples if s.name == "container_cpu_usage_seconds_total"
    }
    clock.now = 100.0
    after = text_string_to_metric_families(generate_latest(regs["cadvisor"]).decode())
    second = {
        s.labels["pod"]: s.value for f in after for s in f.samples if s.name == "container_cpu_usage_seconds_total"
    }
    assert all(second[p] == pytest.approx(first[p] + 25.0) for p in first)
