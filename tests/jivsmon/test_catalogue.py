from __future__ import annotations

import pytest

from jivsmon.catalogue import SOURCES, Metric, all_metrics, lookup


def test_catalogue_loads_without_duplicates() -> None:
    metrics = all_metrics()
    assert "up" in metrics and all(m.source in SOURCES for m in metrics.values())


def test_our_metrics_use_base_units() -> None:
    # Prometheus naming for the metrics we define: seconds and bytes, never ms or MB.
    # Third-party names are catalogued as their exporters publish them.
    ours = [m.name for m in all_metrics().values() if m.source.startswith("jivs_")]
    bad = [n for n in ours if set(n.split("_")) & {"milliseconds", "ms", "kb", "mb", "minutes", "age"}]
    assert ours and bad == []


def test_histogram_suffixes_resolve() -> None:
    histograms = [m for m in all_metrics().values() if m.type == "histogram"]
    for metric in histograms:
        assert lookup(metric.name + "_bucket") == metric
    assert lookup("surely_not_a_metric_total") is None


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"source": "nowhere", "type": "gauge"}, "unknown source"),
        ({"source": "prometheus", "type": "thing"}, "unknown type"),
    ],
    ids=["source", "type"],
)
def test_metric_record_rejects_unknowns(kwargs: dict[str, str], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        Metric(name="x", help="h", source=kwargs["source"], type=kwargs["type"])
