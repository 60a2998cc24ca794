"""What a drill is made of: the alerts it expects, the time bounds they must meet, and what was observed.

A Scenario injects a fault and names the alerts that must fire (``Expect``,
with the tier whose receiver must be notified) and the alerts it may cause as
known consequences (``tolerated``). Bounds come from the rule itself: its
``for``, the evaluation interval, the tier's Alertmanager waits, plus a margin
and whatever the fault needs before the condition can be true at all.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from alerts.model import TIER_TABLE

# Scrape interval of the demo Prometheus plus slack for a slow scrape or query.
MARGIN_SECONDS = 60.0


@dataclass(frozen=True)
class AlertKey:
    """An alert instance: its name and the labels that tell it apart (sorted pairs)."""

    name: str
    labels: tuple[tuple[str, str], ...] = ()

    @classmethod
    def of(cls, labels: Mapping[str, str]) -> AlertKey:
        """The key of an alert from its full label set (``alertname`` included)."""
        rest = {k: v for k, v in labels.items() if k != "alertname"}
        return cls(labels.get("alertname", ""), tuple(sorted(rest.items())))

    def label(self, name: str) -> str:
        """One label's value ('' if absent)."""
        return dict(self.labels).get(name, "")

    def __str__(self) -> str:
        shown = [f'{k}="{v}"' for k, v in self.labels if k in SHOWN_LABELS]
        return f"{self.name}{{{','.join(shown)}}}" if shown else self.name


# Labels that say which thing an alert is about (the rest is routing and job plumbing).
SHOWN_LABELS = ("replica", "target", "instance", "slot", "source", "master", "slo", "database")


@dataclass(frozen=True)
class Match:
    """An alert name plus label values an alert must carry (a subset match)."""

    name: str
    labels: tuple[tuple[str, str], ...] = ()

    def matches(self, key: AlertKey) -> bool:
        """True if key has this name and every one of these labels."""
        have = dict(key.labels)
        return key.name == self.name and all(have.get(k) == v for k, v in self.labels)

    def __str__(self) -> str:
        inner = ",".join(f'{k}="{v}"' for k, v in self.labels)
        return f"{self.name}{{{inner}}}" if inner else self.name


def match(name: str, **labels: str) -> Match:
    """Match(name, labels) with keyword labels."""
    return Match(name, tuple(sorted(labels.items())))


@dataclass(frozen=True)
class Expect:
    """An alert the scenario must fire, the tier it has, and the rule's ``for`` and evaluation interval."""

    alert: Match
    tier: str
    for_seconds: float
    interval_seconds: float

    def detect_bound(self, lead_seconds: float) -> float:
        """Seconds from the fault to the receiver: lead time + for + evaluation + group_wait + margin."""
        wait = TIER_TABLE[self.tier].group_wait.seconds
        return lead_seconds + self.for_seconds + self.interval_seconds + wait + MARGIN_SECONDS

    def resolve_bound(self, lead_seconds: float) -> float:
        """Seconds from recovery to the resolved notice: lead + evaluation + group_interval + margin."""
        return lead_seconds + self.interval_seconds + TIER_TABLE[self.tier].group_interval.seconds + MARGIN_SECONDS


Action = Callable[[Any], None]
Check = Callable[[Any], list[str]]


@dataclass(frozen=True)
class Scenario:
    """One drill: the fault, how to undo it, and what the monitoring must say about it.

    ``detect_lead`` is the time the fault needs before any rule can see it (a
    TCP timeout, a backup ageing), ``resolve_lead`` the same after recovery
    (a rate window emptying). ``verify`` runs while the fault is active and
    returns failures (an empty list when all is well).
    """

    name: str
    fault: str
    expects: tuple[Expect, ...]
    inject: Action
    recover: Action
    tolerated: tuple[Match, ...] = ()
    detect_lead: float = 0.0
    resolve_lead: float = 0.0
    verify: Check | None = None
    describe: Check | None = None  # notes for the report, taken while the fault is active
    profile: str = ""  # why the drill profile is needed, if it is
    needs_short: tuple[str, float, float] | None = None  # (setting, its value, the most a drill can wait for)
    disruptive: bool = False

    def detect_deadline(self) -> float:
        """Seconds after injection by which every expected alert must have reached its receiver."""
        return max(e.detect_bound(self.detect_lead) for e in self.expects)

    def resolve_deadline(self) -> float:
        """Seconds after recovery by which every expected alert must be resolved at its receiver."""
        return max(e.resolve_bound(self.resolve_lead) for e in self.expects)

    def explains(self, key: AlertKey) -> bool:
        """True if the alert is one this scenario expects or may cause."""
        return any(m.matches(key) for m in (*(e.alert for e in self.expects), *self.tolerated))


@dataclass(frozen=True)
class Notice:
    """One alert in one webhook notification: which receiver got it, when, firing or resolved."""

    receiver: str
    key: AlertKey
    status: str
    at: float
    starts_at: float = 0.0  # the alert's startsAt: which firing episode the notice is about


@dataclass
class ExpectResult:
    """When one expected alert was seen: firing in Prometheus, at its receiver, resolved in both."""

    expect: Expect
    receiver: str
    firing_at: float | None = None
    notified_at: float | None = None
    wrong_receivers: tuple[str, ...] = ()
    gone_at: float | None = None
    resolved_at: float | None = None


@dataclass
class ScenarioResult:
    """Everything the report says about one scenario."""

    scenario: Scenario
    batch: int
    injected_at: float
    recovered_at: float | None = None
    expects: list[ExpectResult] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    detect_bound: float = 0.0  # the deadline applied (0: not yet decided)

    @property
    def passed(self) -> bool:
        """True when nothing failed."""
        return not self.failures


@dataclass
class BatchResult:
    """One batch of scenarios run together, and every alert seen while it ran."""

    number: int
    started_at: float
    scenarios: list[ScenarioResult]
    baseline: tuple[AlertKey, ...] = ()
    fired: dict[AlertKey, float] = field(default_factory=dict)
    notices: list[Notice] = field(default_factory=list)
    tolerated: tuple[Match, ...] = ()  # what the drill profile itself makes fire

    def unexpected(self) -> list[AlertKey]:
        """Alerts that fired (in Prometheus or at a receiver) that no scenario of the batch explains."""
        seen = set(self.fired) | {n.key for n in self.notices if n.status == "firing"}
        explained = [r.scenario for r in self.scenarios]
        return sorted(
            (
                k
                for k in seen
                if k not in self.baseline
                and not any(s.explains(k) for s in explained)
                and not any(m.matches(k) for m in self.tolerated)
            ),
            key=str,
        )
