"""Metrics from backend that jivs-monitoring uses (names as that exporter publishes them)."""

from functools import partial

from jivsmon.catalogue.model import Metric

_m = partial(Metric, source="backend")

METRICS: tuple[Metric, ...] = (
    _m(
        "http_requests_total",
        type="counter",
        help="HTTP requests served, by route, method and status code.",
        labels=("job", "instance", "route", "method", "code"),
    ),
    _m(
        "http_request_duration_seconds",
        type="histogram",
        help='HTTP request latency (buckets include le="0.5", the latency SLO\'s threshold).',
        labels=("job", "instance", "route", "method", "le"),
    ),
)
