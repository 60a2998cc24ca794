"""Series Prometheus itself provides: its self-scrape metrics and the synthetic ``up`` and ``ALERTS``."""

from functools import partial

from jivsmon.catalogue.model import Metric

_m = partial(Metric, source="prometheus")

METRICS: tuple[Metric, ...] = (
    _m(
        "up",
        type="gauge",
        help="1 if the last scrape of the target succeeded (synthesised per target).",
        labels=("job", "instance"),
    ),
    _m(
        "ALERTS",
        type="gauge",
        help="Pending and firing alerts (synthesised by rule evaluation).",
        labels=("alertname", "alertstate", "severity"),
    ),
    _m("ALERTS_FOR_STATE", type="gauge", help="When each active alert became active.", labels=("alertname",)),
)
