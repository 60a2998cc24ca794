"""Metrics from elasticsearch exporter that jivs-monitoring uses (names as that exporter publishes them)."""

from functools import partial

from jivsmon.catalogue.model import Metric

_m = partial(Metric, source="elasticsearch_exporter")

METRICS: tuple[Metric, ...] = ()
