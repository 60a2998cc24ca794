"""The SLO report: query each SLO at one evaluation timestamp and apply the budget maths.

Two sources per SLO: the recorded 5-minute buckets (cheap: a sum over one small
series per SLO) when they cover the window, else the raw counters
(``increase`` over the whole window: exact to Prometheus' extrapolation, but
costly). ``raw=True`` forces the raw queries.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from jivsmon.durations import Duration
from slo import budget
from slo.budget import Counts, Policy
from slo.prometheus_api import PrometheusAPI, QueryError
from slo.rules import ERRORS_5M, TOTAL_5M, closed_range, raw_errors, raw_total, recorded_sum
from slo.spec import SloSpec
from slo.windows import BUCKET, REPORT_WINDOWS

RECORDED, RAW = "recording rules", "raw"
# Recordings younger than this share of the window (rules deployed recently) fall back to raw.
MIN_COVERAGE = 0.95


@dataclass(frozen=True)
class SloResult:
    """Everything the report says about one SLO at the evaluation time."""

    spec: SloSpec
    at: float
    source: str
    counts: Counts | None
    burn_rates: dict[str, float | None] = field(default_factory=dict)
    status: str = budget.NO_DATA
    error: str = ""

    @property
    def sli(self) -> float | None:
        """Good share over the window."""
        return budget.sli(self.counts) if self.counts else None

    @property
    def remaining(self) -> float | None:
        """Share of the budget left."""
        return budget.remaining(self.counts, self.spec.objective) if self.counts else None

    @property
    def consumed(self) -> float | None:
        """Share of the budget spent."""
        return budget.consumed(self.counts, self.spec.objective) if self.counts else None

    @property
    def budget_events(self) -> float | None:
        """Allowed bad events over the window (seconds, for time SLIs)."""
        return budget.budget_events(self.counts, self.spec.objective) if self.counts else None

    @property
    def time_to_exhaustion(self) -> float | None:
        """Seconds until the budget is gone at the 1-hour burn rate."""
        return budget.time_to_exhaustion(self.remaining, self.burn_rates.get("1h"), self.spec.window.seconds)


class RecordedBatch:
    """Recorded sums of every SLO at once: one query per (figure, window), whatever the SLO count."""

    def __init__(self, api: PrometheusAPI, at: float) -> None:
        self.api, self.at = api, at
        self.cache: dict[tuple[str, Duration], dict[str, float]] = {}

    def _by_slo(self, func: str, metric: str, window: Duration) -> dict[str, float]:
        key = (f"{func}:{metric}", window)
        if key not in self.cache:
            expr = f"sum by (slo) ({func}({metric}[{closed_range(window)}]))"
            self.cache[key] = {labels.get("slo", ""): value for labels, value in self.api.query(expr, self.at)}
        return self.cache[key]

    def coverage(self, spec: SloSpec) -> float:
        """Share of the window the recorded buckets cover (0 if the rules never ran)."""
        found = self._by_slo("count_over_time", TOTAL_5M, spec.window).get(spec.name, 0.0)
        return found * BUCKET.seconds / spec.window.seconds

    def counts(self, spec: SloSpec, window: Duration) -> Counts | None:
        """Bad and total events of one SLO over the window, from the recorded buckets."""
        total = self._by_slo("sum_over_time", TOTAL_5M, window).get(spec.name)
        if total is None:
            return None
        return Counts(self._by_slo("sum_over_time", ERRORS_5M, window).get(spec.name, 0.0), total)


def counts(api: PrometheusAPI, spec: SloSpec, window: Duration, at: float, source: str) -> Counts | None:
    """Bad and total events over ``window`` ending at ``at``; None if the SLI has no series."""
    if source == RECORDED:
        errors = api.scalar(recorded_sum(ERRORS_5M, spec, window), at)
        total = api.scalar(recorded_sum(TOTAL_5M, spec, window), at)
    else:
        errors = api.scalar(raw_errors(spec, window), at)
        total = api.scalar(raw_total(spec, window), at)
    if total is None:
        return None
    return Counts(errors or 0.0, total)


def evaluate(
    api: PrometheusAPI, spec: SloSpec, at: float, raw: bool, policy: Policy, batch: RecordedBatch | None = None
) -> SloResult:
    """The result of one SLO; a failed query becomes an error result, not an exception."""
    batch = batch or RecordedBatch(api, at)
    try:
        source = RAW if raw or batch.coverage(spec) < MIN_COVERAGE else RECORDED

        def fetch(window: Duration) -> Counts | None:
            return batch.counts(spec, window) if source == RECORDED else counts(api, spec, window, at, RAW)

        window_counts = fetch(spec.window)
        rates: dict[str, float | None] = {}
        for window in REPORT_WINDOWS:
            c = fetch(window)
            rates[str(window)] = budget.burn_rate(c, spec.objective) if c else None
        rates["window"] = budget.burn_rate(window_counts, spec.objective) if window_counts else None
    except QueryError as exc:
        return SloResult(spec, at, RAW if raw else RECORDED, None, error=str(exc))
    usable = window_counts if window_counts and window_counts.total > 0 else None
    remaining = budget.remaining(usable, spec.objective) if usable else None
    return SloResult(
        spec,
        at,
        source,
        usable,
        rates,
        budget.status(remaining, rates.get("1d"), policy),
        "" if usable else "no events in the window",
    )


def report(
    api: PrometheusAPI, specs: Sequence[SloSpec], at: float, raw: bool = False, policy: Policy | None = None
) -> list[SloResult]:
    """Every SLO at the one evaluation timestamp ``at`` (recorded figures fetched for all SLOs at once)."""
    batch = RecordedBatch(api, at)
    return [evaluate(api, spec, at, raw, policy or Policy(), batch) for spec in specs]


def exit_code(results: Sequence[SloResult], min_remaining: float | None = None, fail_on_risk: bool = False) -> int:
    """0 all within budget; 1 a budget breached (or a policy threshold crossed); 2 not computable.

    A known breach wins over a missing figure: CI must learn "we broke the budget"
    even if another SLO could not be measured.
    """

    def crossed(r: SloResult) -> bool:
        left = r.remaining
        return (
            r.status == budget.BREACHED
            or (fail_on_risk and r.status == budget.AT_RISK)
            or (min_remaining is not None and left is not None and left < min_remaining)
        )

    if any(crossed(r) for r in results):
        return 1
    if any(r.status == budget.NO_DATA for r in results):
        return 2
    return 0


def burn_down(api: PrometheusAPI, result: SloResult, points: int = 30) -> list[tuple[float, float]]:
    """(seconds into the window, share of budget left) from window start to ``at``, for the chart.

    The budget is the whole window's (its total events times 1 - objective), so the
    line ends at the report's remaining figure.
    """
    spec, at = result.spec, result.at
    if result.counts is None:
        return []
    allowed = budget.budget_events(result.counts, spec.objective)
    start = at - spec.window.seconds
    out = [(0.0, 1.0)]
    for i in range(1, points + 1):
        elapsed = spec.window.seconds * i / points
        c = counts(api, spec, Duration(elapsed), start + elapsed, result.source)
        spent = (c.errors if c else 0.0) / allowed if allowed > 0 else 0.0
        out.append((elapsed, 1.0 - spent))
    return out
