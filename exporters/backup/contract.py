"""The exporter's side of the metric contract: samples typed, documented and labelled as the catalogue says.

The catalogue (jivsmon/catalogue/jivs_backup.py) is what alerts and dashboards
use; building every sample from it means the code cannot drift from it.
"""

from __future__ import annotations

from prometheus_client.core import Metric

from exporters.runtime.target import Scrape
from jivsmon.catalogue.jivs_backup import METRICS

CONTRACT = {metric.name: metric for metric in METRICS}


def put(scrape: Scrape, name: str, value: float, **labels: str) -> None:
    """Add one sample of a catalogued metric; a name or label set not in the contract is a bug."""
    metric = CONTRACT[name]
    if set(labels) != set(metric.labels):
        raise ValueError(f"{name}: labels {sorted(labels)} differ from the contract's {sorted(metric.labels)}")
    family_name = name.removesuffix("_total") if metric.type == "counter" else name
    family = Metric(family_name, metric.help, metric.type)
    family.add_sample(name, dict(labels), float(value))
    scrape.add(family)
