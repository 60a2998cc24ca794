"""Fixtures for the Sentinel exporter's tests: a real 3 + 3 Sentinel cluster and an exporter on it."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from exporters.runtime.exporter import Exporter
from exporters.sentinel.exporter import Options, build
from jivsmon.services.redis import SentinelCluster

SCRAPE_TIMEOUT = 1.5


@pytest.fixture
def cluster(tmp_path: Path) -> Iterator[SentinelCluster]:
    """1 master + 2 replicas + 3 Sentinels (quorum 2, down-after 1 s, failover-timeout 3 s)."""
    with SentinelCluster(tmp_path, failover_timeout_ms=3000) as started:
        yield started


@pytest.fixture
def exporter(cluster: SentinelCluster) -> Iterator[Exporter]:
    """The Sentinel exporter pointed at all three Sentinels."""
    built = build(cluster.addresses, Options(timeout=1.0), timeout=SCRAPE_TIMEOUT)
    yield built
    built.close()
