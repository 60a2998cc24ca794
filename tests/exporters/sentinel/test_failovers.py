"""The failover ledger: one failover counts once whichever order epoch and +switch-master arrive in."""

from __future__ import annotations

import pytest

from exporters.sentinel.failovers import FailoverLedger, Switch, parse_switch

# Each step: (config epoch read in the scrape, number of +switch-master events drained before it)
# -> expected failovers_total after the step.
CASES = {
    "baseline-is-not-a-failover": ([(3, 0), (3, 0)], [0, 0]),
    "peer-epoch-and-event-together": ([(0, 0), (1, 1), (1, 0)], [0, 1, 1]),
    "leader-epoch-first-event-later": ([(0, 0), (1, 0), (1, 0), (1, 1), (1, 0)], [0, 1, 1, 1, 1]),
    "two-failovers-between-scrapes": ([(0, 0), (2, 2)], [0, 2]),
    "missed-event-epoch-still-counts": ([(0, 0), (1, 0), (2, 0)], [0, 1, 2]),
    "leader-then-second-failover-in-one-interval": ([(0, 0), (1, 0), (2, 2)], [0, 1, 2]),
    "failed-elections-skip-epochs": ([(0, 0), (3, 1)], [0, 1]),
    "sentinel-reset-rebaselines": ([(5, 0), (0, 0), (1, 1)], [0, 0, 1]),
    "events-before-first-scrape-count": ([(1, 1)], [1]),
}


@pytest.mark.parametrize(("steps", "expected"), CASES.values(), ids=CASES.keys())
def test_failover_counting(steps: list[tuple[int, int]], expected: list[int]) -> None:
    ledger = FailoverLedger()
    got = []
    for i, (epoch, events) in enumerate(steps):
        switches = [Switch("m", "a:1", "b:2", at=100.0 + i) for _ in range(events)]
        got.append(ledger.observe("m", epoch, switches, now=200.0 + i)[0])
    assert got == expected


def test_last_failover_time_is_the_event_time_even_when_the_epoch_came_first() -> None:
    ledger = FailoverLedger()
    ledger.observe("m", 0, [], now=10.0)
    assert ledger.observe("m", 1, [], now=11.0) == (1, 11.0)  # the leader: epoch rose, no event yet
    assert ledger.observe("m", 1, [Switch("m", "a:1", "b:2", at=11.5)], now=12.0) == (1, 11.5)


def test_masters_are_counted_apart() -> None:
    ledger = FailoverLedger()
    ledger.observe("a", 0, [], now=1.0)
    ledger.observe("b", 0, [], now=1.0)
    assert ledger.observe("a", 1, [], now=2.0)[0] == 1
    assert ledger.observe("b", 0, [], now=2.0)[0] == 0


@pytest.mark.parametrize(
    ("payload", "switch"),
    [
        ("mymaster 10.0.0.1 6379 10.0.0.2 6380", Switch("mymaster", "10.0.0.1:6379", "10.0.0.2:6380", 5.0)),
        ("mymaster 10.0.0.1 6379", None),
        ("", None),
    ],
    ids=["well-formed", "short", "empty"],
)
def test_parse_switch(payload: str, switch: Switch | None) -> None:
    assert parse_switch(payload, 5.0) == switch
