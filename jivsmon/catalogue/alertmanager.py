"""Metrics from alertmanager that jivs-monitoring uses (names as that exporter publishes them)."""

from functools import partial

from jivsmon.catalogue.model import Metric

_m = partial(Metric, source="alertmanager")

METRICS: tuple[Metric, ...] = ()
