"""Budget maths with known answers."""

from __future__ import annotations

import math

import pytest

from slo import budget
from slo.budget import Counts, Policy


@pytest.mark.parametrize(
    ("errors", "total", "sli", "burn", "left"),
    [
        pytest.param(0, 1_000_000, 1.0, 0.0, 1.0, id="no-errors"),
        pytest.param(3_000, 1_000_000, 0.997, 1.0, 0.0, id="exactly-the-budget"),
        pytest.param(1_500, 1_000_000, 0.9985, 0.5, 0.5, id="half-the-budget"),
        pytest.param(3_200, 1_000_000, 0.9968, 3200 / 3000, 1 - 3200 / 3000, id="just-below-99.7"),
    ],
)
def test_sli_burn_and_remaining(errors: float, total: float, sli: float, burn: float, left: float) -> None:
    counts = Counts(errors, total)
    assert budget.sli(counts) == pytest.approx(sli)
    assert budget.burn_rate(counts, 0.997) == pytest.approx(burn)
    assert budget.remaining(counts, 0.997) == pytest.approx(left, abs=1e-9)
    assert budget.budget_events(counts, 0.997) == pytest.approx(total * 0.003)


def test_zero_traffic_is_none_never_nan() -> None:
    counts = Counts(0, 0)
    assert budget.sli(counts) is None and budget.burn_rate(counts, 0.997) is None
    assert budget.status(budget.remaining(counts, 0.997), None, Policy()) == budget.NO_DATA


@pytest.mark.parametrize(
    ("left", "burn", "expected"),
    [
        pytest.param(0.5, 2.0, 0.5 * 30 * 86400 / 2.0, id="half-left-burning-2x"),
        pytest.param(0.0, 2.0, 0.0, id="already-gone"),
        pytest.param(0.5, 0.0, math.inf, id="not-burning"),
        pytest.param(None, 1.0, None, id="unknown"),
    ],
)
def test_time_to_exhaustion(left: float | None, burn: float, expected: float | None) -> None:
    got = budget.time_to_exhaustion(left, burn, 30 * 86400)
    assert got == (pytest.approx(expected) if expected is not None else None)


@pytest.mark.parametrize(
    ("left", "day_burn", "expected"),
    [
        pytest.param(0.8, 0.5, budget.OK, id="ok"),
        pytest.param(0.2, 0.5, budget.AT_RISK, id="little-left"),
        pytest.param(0.8, 2.0, budget.AT_RISK, id="burning-fast"),
        pytest.param(-0.1, 0.5, budget.BREACHED, id="overspent"),
        pytest.param(0.0, 0.0, budget.BREACHED, id="exactly-spent"),
    ],
)
def test_status(left: float, day_burn: float, expected: str) -> None:
    assert budget.status(left, day_burn, Policy()) == expected
