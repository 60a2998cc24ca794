"""The contract's metric families (jivsmon/catalogue/jivs_sentinel.py) built from parsed Sentinel replies.

Help texts come from the catalogue, so the exporter, the metrics reference and
the alerts all describe a metric in the same words.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

from prometheus_client.core import (
    CounterMetricFamily,
    GaugeMetricFamily,
    InfoMetricFamily,
    Metric,
    StateSetMetricFamily,
)

from exporters.runtime.target import Scrape
from jivsmon.catalogue.jivs_sentinel import METRICS

HELP = {m.name: m.help for m in METRICS}
NS = "jivs_sentinel"
STATUSES = ("ok", "s_down", "o_down")
_DOWN = {"s_down", "o_down"}


def flag_set(record: Mapping[str, str]) -> set[str]:
    """A record's ``flags`` field (``master,s_down,o_down``) as a set."""
    return set(record.get("flags", "").split(","))


def status(flags: set[str]) -> str:
    """ok, s_down or o_down: the worst state the Sentinel reports for the master."""
    if "o_down" in flags:
        return "o_down"
    return "s_down" if "s_down" in flags else "ok"


def replica_ok(replica: Mapping[str, str]) -> bool:
    """Neither down nor disconnected, and the replica reports its link to the master up."""
    flags = flag_set(replica)
    return not flags & (_DOWN | {"disconnected"}) and replica.get("master-link-status") == "ok"


def sentinel_ok(peer: Mapping[str, str]) -> bool:
    """Not subjectively or objectively down: the same test CKQUORUM applies to voters."""
    return not flag_set(peer) & _DOWN


def _gauge(scrape: Scrape, name: str, value: float, labels: Mapping[str, str]) -> None:
    family = GaugeMetricFamily(name, HELP[name], labels=list(labels))
    family.add_metric(list(labels.values()), value)
    scrape.add(family)


def sentinel_families(scrape: Scrape, sentinel: str, info: Mapping[str, str]) -> None:
    """TILT mode and running scripts, from ``INFO sentinel``."""
    labels = {"sentinel": sentinel}
    _gauge(scrape, f"{NS}_tilt", float(info["sentinel_tilt"]), labels)
    _gauge(scrape, f"{NS}_running_scripts", float(info["sentinel_running_scripts"]), labels)


def master_families(
    scrape: Scrape,
    sentinel: str,
    master: Mapping[str, str],
    address: str,
    failovers: int,
    last_failover: float,
    now: float,
) -> None:
    """The master's address (as clients are told), state, settings, epoch and observed failovers."""
    labels = {"sentinel": sentinel, "master": master["name"]}
    info = InfoMetricFamily(f"{NS}_master", HELP[f"{NS}_master_info"], labels=list(labels))
    info.add_metric(list(labels.values()), {"address": address})
    scrape.add(info)
    flags = flag_set(master)
    state = StateSetMetricFamily(f"{NS}_master_status", HELP[f"{NS}_master_status"], labels=list(labels))
    # prometheus-client names the state label after the family; the contract calls it "status".
    for name in STATUSES:
        state.add_sample(f"{NS}_master_status", {**labels, "status": name}, float(status(flags) == name))
    scrape.add(state)
    counter = CounterMetricFamily(f"{NS}_master_failovers", HELP[f"{NS}_master_failovers_total"], labels=list(labels))
    counter.add_metric(list(labels.values()), failovers)
    scrape.add(counter)
    ms = 1000.0
    for name, value in (
        ("quorum", float(master["quorum"])),
        ("failover_in_progress", float("failover_in_progress" in flags)),
        ("config_epoch", float(master["config-epoch"])),
        ("last_failover_timestamp_seconds", last_failover),
        ("last_ok_ping_reply_timestamp_seconds", now - float(master["last-ok-ping-reply"]) / ms),
        ("down_after_seconds", float(master["down-after-milliseconds"]) / ms),
        ("failover_timeout_seconds", float(master["failover-timeout"]) / ms),
        ("parallel_syncs", float(master["parallel-syncs"])),
    ):
        _gauge(scrape, f"{NS}_master_{name}", value, labels)


def peer_families(
    scrape: Scrape,
    sentinel: str,
    master: str,
    other_sentinels: int,
    sentinels: Sequence[Mapping[str, str]],
    replicas: Sequence[Mapping[str, str]],
) -> None:
    """Sentinels and replicas known and OK; the scraped Sentinel counts itself, as CKQUORUM does."""
    labels = {"sentinel": sentinel, "master": master}
    _gauge(scrape, f"{NS}_master_sentinels", float(other_sentinels + 1), labels)
    _gauge(scrape, f"{NS}_master_sentinels_ok", float(1 + sum(map(sentinel_ok, sentinels))), labels)
    _gauge(scrape, f"{NS}_master_replicas", float(len(replicas)), labels)
    _gauge(scrape, f"{NS}_master_replicas_ok", float(sum(map(replica_ok, replicas))), labels)


def ckquorum_family(scrape: Scrape, sentinel: str, master: str, ok: bool) -> None:
    """``SENTINEL CKQUORUM`` as 0/1."""
    _gauge(scrape, f"{NS}_master_ckquorum", float(ok), {"sentinel": sentinel, "master": master})


def agreement(master_infos: Iterable[Metric]) -> list[Metric]:
    """``masters_agree`` per master: 1 if every Sentinel that reported the master gave the same address."""
    addresses: dict[str, set[str]] = {}
    for family in master_infos:
        for sample in family.samples:
            addresses.setdefault(sample.labels["master"], set()).add(sample.labels["address"])
    if not addresses:
        return []
    family = GaugeMetricFamily(f"{NS}_masters_agree", HELP[f"{NS}_masters_agree"], labels=["master"])
    for master in sorted(addresses):
        family.add_metric([master], float(len(addresses[master]) == 1))
    return [family]
