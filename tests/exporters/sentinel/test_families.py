"""How Sentinel's flags and fields become states and counts, and the agreement across Sentinels."""

from __future__ import annotations

import pytest
from prometheus_client.core import InfoMetricFamily

from exporters.sentinel.exporter import parse_address
from exporters.sentinel.families import agreement, flag_set, replica_ok, sentinel_ok, status
from exporters.sentinel.target import client_address, fields, info_fields


@pytest.mark.parametrize(
    ("flags", "expected"),
    [
        ("master", "ok"),
        ("master,s_down", "s_down"),
        ("master,s_down,o_down", "o_down"),
        ("master,failover_in_progress", "ok"),
    ],
    ids=["ok", "s_down", "o_down", "failing-over"],
)
def test_status(flags: str, expected: str) -> None:
    assert status(flag_set({"flags": flags})) == expected


@pytest.mark.parametrize(
    ("flags", "link", "ok"),
    [
        ("slave", "ok", True),
        ("slave", "err", False),
        ("slave,s_down", "ok", False),
        ("slave,disconnected", "ok", False),
    ],
    ids=["healthy", "link-down", "s_down", "disconnected"],
)
def test_replica_ok(flags: str, link: str, ok: bool) -> None:
    assert replica_ok({"flags": flags, "master-link-status": link}) is ok


@pytest.mark.parametrize(
    ("flags", "ok"),
    [("sentinel", True), ("sentinel,s_down", False), ("sentinel,disconnected", True)],
    ids=["healthy", "s_down", "disconnected-but-not-yet-down"],
)
def test_sentinel_ok_matches_ckquorum(flags: str, ok: bool) -> None:
    assert sentinel_ok({"flags": flags}) is ok


def _info(*rows: tuple[str, str, str]) -> InfoMetricFamily:
    family = InfoMetricFamily("jivs_sentinel_master", "h", labels=["sentinel", "master"])
    for sentinel, master, address in rows:
        family.add_metric([sentinel, master], {"address": address})
    return family


@pytest.mark.parametrize(
    ("rows", "expected"),
    [
        ([("s1", "m", "a:1"), ("s2", "m", "a:1")], {"m": 1.0}),
        ([("s1", "m", "a:1"), ("s2", "m", "b:1")], {"m": 0.0}),
        ([("s1", "m", "a:1"), ("s1", "n", "c:1"), ("s2", "n", "d:1")], {"m": 1.0, "n": 0.0}),
        ([], {}),
    ],
    ids=["agree", "split-brain", "per-master", "nothing-reported"],
)
def test_agreement(rows: list[tuple[str, str, str]], expected: dict[str, float]) -> None:
    families = agreement([_info(*rows)])
    got = {s.labels["master"]: s.value for f in families for s in f.samples}
    assert got == expected


def test_replies_to_dicts() -> None:
    assert fields(["name", "m", "port", "6379"]) == {"name": "m", "port": "6379"}
    assert info_fields("# Sentinel\r\nsentinel_tilt:0\r\n\r\nmaster0:name=m,status=ok\r\n") == {
        "sentinel_tilt": "0",
        "master0": "name=m,status=ok",
    }
    with pytest.raises(ValueError, match="key/value"):
        fields(["odd"])


def test_client_address_prefers_what_clients_are_told() -> None:
    master = {"ip": "10.0.0.1", "port": "6379"}
    assert client_address(["10.0.0.2", "6380"], master) == "10.0.0.2:6380"
    assert client_address(None, master) == "10.0.0.1:6379"


@pytest.mark.parametrize(
    ("text", "parsed"),
    [("127.0.0.1:26379", ("127.0.0.1", 26379)), ("[::1]:26379", ("::1", 26379)), ("sentinel-0:1", ("sentinel-0", 1))],
    ids=["v4", "v6", "name"],
)
def test_parse_address(text: str, parsed: tuple[str, int]) -> None:
    assert parse_address(text) == parsed


@pytest.mark.parametrize("text", ["26379", "host:", ":26379", "host:99999", "host:x"])
def test_parse_address_rejects(text: str) -> None:
    with pytest.raises(ValueError, match="host:port"):
        parse_address(text)
