"""The Sentinel exporter against real Sentinels: healthy, failover, Sentinels stopped, a hung Sentinel."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

import pytest
import redis
from prometheus_client.core import Metric

from exporters.runtime.exporter import Exporter
from jivsmon.catalogue.jivs_sentinel import METRICS
from jivsmon.services.redis import SentinelCluster

pytestmark = pytest.mark.service
MASTER = "mymaster"


class Snapshot:
    """One scrape's samples, looked up by name and labels."""

    def __init__(self, families: list[Metric]) -> None:
        self.samples = [(s.name, s.labels, s.value) for f in families for s in f.samples]

    def values(self, name: str, **labels: str) -> list[float]:
        return [v for n, lab, v in self.samples if n == name and labels.items() <= lab.items()]

    def value(self, name: str, **labels: str) -> float:
        found = self.values(name, **labels)
        assert len(found) == 1, f"{name}{labels}: {found}"
        return found[0]

    def address(self, sentinel: str, master: str = "mymaster") -> str:
        found = [
            lab["address"]
            for n, lab, _ in self.samples
            if n == "jivs_sentinel_master_info" and lab["sentinel"] == sentinel and lab["master"] == master
        ]
        assert len(found) == 1, found
        return found[0]

    def names(self) -> set[str]:
        return {n for n, _, _ in self.samples}


def scrape(exporter: Exporter) -> Snapshot:
    return Snapshot(exporter.scrape())


def eventually(exporter: Exporter, check: Callable[[Snapshot], bool], attempts: int = 100) -> Snapshot:
    """Scrape until check() holds (Sentinel's own timers decide when); the last snapshot."""
    for _ in range(attempts):
        snap = scrape(exporter)
        if check(snap):
            return snap
        time.sleep(0.1)
    raise AssertionError(f"condition never held; last scrape: {snap.samples}")


def told(client: redis.Redis) -> str:
    """The master address a Sentinel gives its clients, asked with redis-py (independent of our client)."""
    reply: Any = client.sentinel_get_master_addr_by_name(MASTER)
    host, port = reply
    return f"{host}:{port}"


def test_healthy_cluster_everything_ok(cluster: SentinelCluster, exporter: Exporter) -> None:
    snap = scrape(exporter)
    master = f"127.0.0.1:{cluster.servers[0].port}"
    expected = {
        "jivs_sentinel_up": 1,
        "jivs_sentinel_tilt": 0,
        "jivs_sentinel_running_scripts": 0,
        "jivs_sentinel_master_quorum": 2,
        "jivs_sentinel_master_ckquorum": 1,
        "jivs_sentinel_master_sentinels": 3,
        "jivs_sentinel_master_sentinels_ok": 3,
        "jivs_sentinel_master_replicas": 2,
        "jivs_sentinel_master_replicas_ok": 2,
        "jivs_sentinel_master_failover_in_progress": 0,
        "jivs_sentinel_master_config_epoch": 0,
        "jivs_sentinel_master_failovers_total": 0,
        "jivs_sentinel_master_last_failover_timestamp_seconds": 0,
        "jivs_sentinel_master_down_after_seconds": 1.0,
        "jivs_sentinel_master_failover_timeout_seconds": 3.0,
        "jivs_sentinel_master_parallel_syncs": 1,
    }
    for sentinel in cluster.addresses:
        got = {name: snap.value(name, sentinel=sentinel) for name in expected}
        assert got == expected, sentinel
        assert snap.address(sentinel) == master
        assert snap.values("jivs_sentinel_master_status", sentinel=sentinel, status="ok") == [1]
        assert snap.values("jivs_sentinel_master_status", sentinel=sentinel, status="o_down") == [0]
        ping = snap.value("jivs_sentinel_master_last_ok_ping_reply_timestamp_seconds", sentinel=sentinel)
        assert time.time() - 30 < ping <= time.time()
    assert snap.value("jivs_sentinel_masters_agree", master=MASTER) == 1


def test_every_catalogued_metric_is_exposed_and_nothing_else(exporter: Exporter) -> None:
    exposed = scrape(exporter).names()
    catalogued = {m.name for m in METRICS}
    assert exposed == catalogued


def test_failover_is_seen_while_it_runs_and_counted_once(cluster: SentinelCluster, exporter: Exporter) -> None:
    old = f"127.0.0.1:{cluster.servers[0].port}"
    replicas = {f"127.0.0.1:{s.port}" for s in cluster.servers[1:]}
    direct = {
        a: redis.Redis(port=s.port, decode_responses=True, socket_timeout=1)
        for a, s in zip(cluster.addresses, cluster.sentinels, strict=True)
    }
    assert scrape(exporter).value("jivs_sentinel_masters_agree", master=MASTER) == 1
    assert cluster.servers[0].process is not None
    cluster.servers[0].process.popen.kill()  # the master dies without a word
    in_progress_seen, finished = False, set[str]()
    for _ in range(600):
        # What each Sentinel says BEFORE the scrape: a Sentinel that has switched must show in this scrape.
        switched = {a for a, c in direct.items() if told(c) != old}
        snap = scrape(exporter)
        in_progress_seen |= 1 in snap.values("jivs_sentinel_master_failover_in_progress")
        for sentinel in switched:
            assert snap.address(sentinel) in replicas
            assert snap.value("jivs_sentinel_master_failovers_total", sentinel=sentinel) == 1
            assert snap.value("jivs_sentinel_master_config_epoch", sentinel=sentinel) == 1
            assert snap.value("jivs_sentinel_master_last_failover_timestamp_seconds", sentinel=sentinel) > 0
        finished |= switched
        if finished == set(cluster.addresses):
            break
        time.sleep(0.05)
    assert finished == set(cluster.addresses)
    assert in_progress_seen
    snap = eventually(exporter, lambda s: 1 not in s.values("jivs_sentinel_master_failover_in_progress"))
    assert snap.value("jivs_sentinel_masters_agree", master=MASTER) == 1
    assert len({snap.address(a) for a in cluster.addresses}) == 1
    # Counted once, also on the leader whose epoch rose before its +switch-master.
    assert snap.values("jivs_sentinel_master_failovers_total") == [1, 1, 1]


@pytest.mark.parametrize(
    ("stopped", "sentinels_ok", "ckquorum"),
    [(1, 2, 1), (2, 1, 0)],
    ids=["one-stopped-quorum-holds", "two-stopped-no-majority"],
)
def test_stopped_sentinels(
    cluster: SentinelCluster, exporter: Exporter, stopped: int, sentinels_ok: int, ckquorum: int
) -> None:
    for sentinel in cluster.sentinels[:stopped]:
        sentinel.stop()
    survivor = cluster.addresses[-1]
    snap = eventually(
        exporter, lambda s: s.value("jivs_sentinel_master_sentinels_ok", sentinel=survivor) == sentinels_ok
    )
    for gone in cluster.addresses[:stopped]:
        assert snap.value("jivs_sentinel_up", sentinel=gone) == 0
    assert snap.value("jivs_sentinel_up", sentinel=survivor) == 1
    assert snap.value("jivs_sentinel_master_sentinels", sentinel=survivor) == 3
    assert snap.value("jivs_sentinel_master_ckquorum", sentinel=survivor) == ckquorum
    assert snap.value("jivs_sentinel_masters_agree", master=MASTER) == 1


def test_hung_sentinel_is_down_within_the_timeout_and_recovers(cluster: SentinelCluster, exporter: Exporter) -> None:
    hung, others = cluster.addresses[0], cluster.addresses[1:]
    assert scrape(exporter).value("jivs_sentinel_up", sentinel=hung) == 1
    assert cluster.sentinels[0].process is not None
    cluster.sentinels[0].process.pause()
    try:
        for _ in range(3):  # repeated scrapes of a hung target neither pile up nor fail the others
            snap = scrape(exporter)
            assert snap.value("jivs_sentinel_up", sentinel=hung) == 0
            assert [snap.value("jivs_sentinel_up", sentinel=a) for a in others] == [1, 1]
            assert snap.values("jivs_sentinel_master_ckquorum", sentinel=hung) == []
    finally:
        cluster.sentinels[0].process.resume()
    snap = eventually(exporter, lambda s: s.value("jivs_sentinel_up", sentinel=hung) == 1)
    assert snap.value("jivs_sentinel_master_ckquorum", sentinel=hung) == 1
