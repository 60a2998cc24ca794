"""The multi-window, multi-burn-rate alert table, and the windows the rules and the report compute.

Source: Google, *The Site Reliability Workbook*, chapter 5 "Alerting on SLOs",
section "6: Multiwindow, Multi-Burn-Rate Alerts", table 5-8 (recommended
parameters for a 99.9 % / 30-day SLO): page at 14.4x over 1 h (short window 5 m)
and at 6x over 6 h (30 m); ticket at 3x over 1 d (2 h) and at 1x over 3 d (6 h).
https://sre.google/workbook/alerting-on-slos/#6-multiwindow-multi-burn-rate-alerts
The two page rows map to our critical and high tiers, the two ticket rows to
medium and low.
"""

from __future__ import annotations

from dataclasses import dataclass

from jivsmon.durations import Duration


@dataclass(frozen=True)
class BurnWindow:
    """Alert when the burn rate exceeds ``factor`` over both the long and the short window."""

    tier: str
    factor: float
    long: Duration
    short: Duration
    budget_spent: float  # share of a 30-day budget burnt when the long window alone fires


def _d(text: str) -> Duration:
    return Duration.parse(text)


BURN_WINDOWS: tuple[BurnWindow, ...] = (
    BurnWindow("critical", 14.4, _d("1h"), _d("5m"), 0.02),
    BurnWindow("high", 6.0, _d("6h"), _d("30m"), 0.05),
    BurnWindow("medium", 3.0, _d("1d"), _d("2h"), 0.10),
    BurnWindow("low", 1.0, _d("3d"), _d("6h"), 0.10),
)

# Windows the rules record an error ratio for. The short ones (5m, 30m) are computed from the
# raw counters so pages react within a scrape or two; the others are sums of the recorded
# 5-minute increases, so no rule ever reads a long raw range.
RAW_WINDOWS: tuple[Duration, ...] = (_d("5m"), _d("30m"))
RECORDED_WINDOWS: tuple[Duration, ...] = (_d("1h"), _d("2h"), _d("6h"), _d("1d"), _d("3d"))
ALL_WINDOWS: tuple[Duration, ...] = RAW_WINDOWS + RECORDED_WINDOWS

# The bucket the budget group records, and its evaluation interval: one sample per bucket,
# so summing the samples over a window counts every event once.
BUCKET: Duration = _d("5m")

# The report's burn-rate columns.
REPORT_WINDOWS: tuple[Duration, ...] = (_d("1h"), _d("6h"), _d("1d"), _d("3d"))
