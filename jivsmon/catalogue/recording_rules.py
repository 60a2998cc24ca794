"""Metrics from recording rules that jivs-monitoring uses (names as that exporter publishes them)."""

from functools import partial

from jivsmon.catalogue.model import Metric

_m = partial(Metric, source="recording_rules")

# SLO rules (slo/rules.py, build/rules/slo-<name>.yaml); every series carries slo="<name>".
# The two increase5m series are written every 5 min by the "budget" group, one sample per
# non-overlapping 5-minute bucket: read them with sum_over_time over a range, not as instants.
_SLO = ("slo",)
METRICS: tuple[Metric, ...] = (
    _m(
        "slo:sli_errors:increase5m",
        type="gauge",
        help="SLO bad events in the last 5 min (time SLIs: seconds down).",
        labels=_SLO,
    ),
    _m(
        "slo:sli_total:increase5m",
        type="gauge",
        help="SLO events in the last 5 min (time SLIs: seconds observed).",
        labels=_SLO,
    ),
    _m("slo:objective:ratio", type="gauge", help="SLO objective as a ratio (0.997).", labels=_SLO),
    _m(
        "slo:sli_error_ratio:window",
        type="gauge",
        help="Event-weighted error ratio over the SLO window (e.g. 30d).",
        labels=("slo", "window"),
    ),
    _m(
        "slo:error_budget_remaining:ratio",
        type="gauge",
        help="Share of the window's error budget left (1 = untouched, <= 0 = exhausted).",
        labels=("slo", "window"),
    ),
    *(
        _m(
            f"slo:sli_error_ratio:rate{w}",
            type="gauge",
            help=f"SLO error ratio over the last {w} (burn rate = this / (1 - objective)).",
            labels=_SLO,
        )
        for w in ("5m", "30m", "1h", "2h", "6h", "1d", "3d")
    ),
)
