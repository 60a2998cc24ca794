"""PromQL and recording rules of an SLO: event-weighted, counter-reset-safe, cheap, never NaN.

The budget group runs every 5 minutes and records the events of the last 5
minutes (``increase`` handles counter resets), one sample per non-overlapping
bucket. Every longer window, up to the 30-day SLO window, is a ``sum_over_time``
of those buckets: errors and totals are summed, then divided, so the ratio is
weighted by traffic and no rule reads a long raw range over the counters.
Ratios divide only by a positive total, so zero traffic gives 0, not NaN.
"""

from __future__ import annotations

from typing import Any

from jivsmon.durations import Duration
from jivsmon.promql import matchers
from slo.spec import SloSpec
from slo.windows import ALL_WINDOWS, BUCKET, RAW_WINDOWS

ERRORS_5M = "slo:sli_errors:increase5m"
TOTAL_5M = "slo:sli_total:increase5m"
OBJECTIVE = "slo:objective:ratio"
WINDOW_RATIO = "slo:sli_error_ratio:window"
REMAINING = "slo:error_budget_remaining:ratio"


def ratio_name(window: Duration) -> str:
    """Recording-rule name of the error ratio over a burn-rate window."""
    return f"slo:sli_error_ratio:rate{window}"


def closed_range(window: Duration) -> str:
    """A range one millisecond short of the window.

    Prometheus 2.x range selectors include both ends, so a full-width range over a
    series sampled on a fixed grid would hold one bucket too many whenever a sample
    sits exactly on the left edge (always, inside the recording group itself).
    """
    return str(Duration(window.seconds - 0.001))


def raw_errors(spec: SloSpec, window: Duration) -> str:
    """Bad events (seconds down, for time SLIs) over the window, from the raw series."""
    sli, w = spec.sli, window
    if sli.kind == "time":
        return f"{w.seconds:.10g} * (1 - avg(avg_over_time({sli.up}[{w}])))"
    total = f"sum(increase({sli.total}[{w}]))"
    if sli.errors:
        return f"(sum(increase({sli.errors}[{w}])) or 0 * {total})"
    return f"({total} - (sum(increase({sli.good}[{w}])) or 0 * {total}))"


def raw_total(spec: SloSpec, window: Duration) -> str:
    """All events (seconds observed, for time SLIs) over the window, from the raw series."""
    sli, w = spec.sli, window
    if sli.kind == "time":
        return f"{w.seconds:.10g} * clamp_max(count(count_over_time({sli.up}[{w}])), 1)"
    return f"sum(increase({sli.total}[{w}]))"


def safe_ratio(errors: str, total: str) -> str:
    """Errors / total where total > 0, else 0 (at zero traffic nothing burns); absent if no series."""
    return f"({errors} / ({total} > 0)) or (0 * {total})"


def raw_ratio(spec: SloSpec, window: Duration) -> str:
    """Error ratio over the window straight from the raw series (short windows, and --raw)."""
    if spec.sli.kind == "time":
        return f"1 - avg(avg_over_time({spec.sli.up}[{window}]))"
    return safe_ratio(raw_errors(spec, window), raw_total(spec, window))


def recorded_sum(metric: str, spec: SloSpec, window: Duration) -> str:
    """Events over the window as the sum of the recorded 5-minute buckets."""
    return f"sum_over_time({metric}{matchers(slo=spec.name)}[{closed_range(window)}])"


def recorded_ratio(spec: SloSpec, window: Duration) -> str:
    """Error ratio over the window from the recorded buckets: sum errors, sum totals, divide."""
    return safe_ratio(recorded_sum(ERRORS_5M, spec, window), recorded_sum(TOTAL_5M, spec, window))


def _record(name: str, expr: str, **labels: str) -> dict[str, Any]:
    return {"record": name, "expr": expr, "labels": labels}


def budget_group(spec: SloSpec) -> dict[str, Any]:
    """The 5-minute group: one sample per bucket of bad and of all events."""
    slo = spec.name
    return {
        "name": f"slo-{slo}-budget",
        "interval": str(BUCKET),
        "rules": [
            _record(ERRORS_5M, raw_errors(spec, BUCKET), slo=slo),
            _record(TOTAL_5M, raw_total(spec, BUCKET), slo=slo),
        ],
    }


def burn_recordings(spec: SloSpec) -> list[dict[str, Any]]:
    """Objective, window ratio, budget left and the burn-window ratios, for alerts and dashboards."""
    slo, window = spec.name, str(spec.window)
    ratios = [
        _record(ratio_name(w), raw_ratio(spec, w) if w in RAW_WINDOWS else recorded_ratio(spec, w), slo=slo)
        for w in ALL_WINDOWS
    ]
    return [
        _record(OBJECTIVE, f"vector({spec.objective:.10g})", slo=slo),
        _record(WINDOW_RATIO, recorded_ratio(spec, spec.window), slo=slo, window=window),
        _record(REMAINING, f"1 - {WINDOW_RATIO}{matchers(slo=slo)} / {spec.budget:.10g}", slo=slo, window=window),
        *ratios,
    ]


def recording_rule_names() -> tuple[str, ...]:
    """Every series name the SLO rules record (the catalogue lists exactly these)."""
    return (ERRORS_5M, TOTAL_5M, OBJECTIVE, WINDOW_RATIO, REMAINING, *(ratio_name(w) for w in ALL_WINDOWS))
