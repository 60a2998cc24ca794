"""Matching what the monitoring said to what a drill expects: pure functions over notifications and ALERTS.

The webhook sink records each Alertmanager notification as one JSON line
(receiver, received_at, payload); a payload carries several alerts, each
firing or resolved. Prometheus is polled for ``ALERTS{alertstate="firing"}``;
the first time each alert is seen firing and the first time it is gone again
are kept per alert.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from datetime import datetime
from typing import Any

from jivsmon.demo.drills.model import AlertKey, Expect, ExpectResult, Match, Notice

# Labels Prometheus adds to ALERTS series that the notification's alert does not carry.
ALERTS_ONLY = ("__name__", "alertstate")
# startsAt is Prometheus' evaluation time, which may trail our poll clock slightly.
CLOCK_SLACK = 5.0


def notices(
    records: Iterable[Mapping[str, Any]], since: float, external: Mapping[str, set[str]] | None = None
) -> list[Notice]:
    """One Notice per alert of every notification received at or after ``since``, oldest first.

    ``external`` maps each Prometheus external label to the values the HA pair
    uses; a label with one of those values is dropped, so an alert sent by both
    Prometheus servers has one key (an alert's own label of the same name stays).
    """
    out = []
    for record in records:
        at = float(record.get("received_at", 0.0))
        if at < since:
            continue
        for alert in record.get("payload", {}).get("alerts", []):
            labels = {k: v for k, v in alert["labels"].items() if v not in (external or {}).get(k, set())}
            key = AlertKey.of(labels)
            out.append(Notice(str(record.get("receiver", "")), key, alert["status"], at, _epoch(alert.get("startsAt"))))
    return sorted(out, key=lambda n: n.at)


def _epoch(stamp: object) -> float:
    """An RFC 3339 time from Alertmanager as Unix time (0 if missing or unreadable)."""
    if not isinstance(stamp, str):
        return 0.0
    # Alertmanager writes nanoseconds; datetime takes at most microseconds.
    text = re.sub(r"(\.\d{6})\d+", r"\1", stamp.replace("Z", "+00:00"))
    try:
        return datetime.fromisoformat(text).timestamp()
    except ValueError:
        return 0.0


def firing_keys(series: Iterable[Mapping[str, Any]]) -> set[AlertKey]:
    """The alerts in the result of an ``ALERTS{alertstate="firing"}`` query."""
    return {AlertKey.of({k: v for k, v in s["metric"].items() if k not in ALERTS_ONLY}) for s in series}


class FiringLog:
    """Firing episodes per alert as polls saw them: when each began and, once over, when it was seen gone."""

    def __init__(self) -> None:
        self.starts: dict[AlertKey, list[float]] = {}
        self.ends: dict[AlertKey, list[float]] = {}
        self.current: set[AlertKey] = set()

    def observe(self, firing: set[AlertKey], at: float) -> None:
        """Record one poll of the firing alerts."""
        for key in firing - self.current:
            self.starts.setdefault(key, []).append(at)
        for key in self.current - firing:
            self.ends.setdefault(key, []).append(at)
        self.current = set(firing)

    def first(self, m: Match, since: float) -> float | None:
        """Earliest start of a firing episode of an alert matching m at or after since."""
        times = [t for k, ts in self.starts.items() if m.matches(k) for t in ts if t >= since]
        return min(times, default=None)

    def first_seen(self) -> dict[AlertKey, float]:
        """When each alert was first seen firing."""
        return {k: ts[0] for k, ts in self.starts.items()}

    def all_gone(self, m: Match, since: float) -> float | None:
        """When the last alert matching m stopped firing, if none matching fires now (None otherwise)."""
        if any(m.matches(k) for k in self.current):
            return None
        times = [t for k, ts in self.ends.items() if m.matches(k) for t in ts if t >= since]
        return max(times, default=None)


def first_notice(found: Iterable[Notice], m: Match, status: str, since: float, receiver: str | None) -> float | None:
    """Earliest notice of an alert matching m with that status (at that receiver, if given) at or after since."""
    # A firing notice counts only for an episode that began after since (startsAt), not a repeat of an older one.
    times = [
        n.at
        for n in found
        if n.status == status
        and n.at >= since
        and (status != "firing" or n.starts_at >= since - CLOCK_SLACK)
        and m.matches(n.key)
        and receiver in (None, n.receiver)
    ]
    return min(times, default=None)


def evaluate(
    expect: Expect,
    receiver: str,
    log: FiringLog,
    found: list[Notice],
    injected_at: float,
    recovered_at: float | None,
) -> ExpectResult:
    """What happened to one expected alert between injection and now."""
    m = expect.alert
    result = ExpectResult(expect, receiver)
    result.firing_at = log.first(m, injected_at)
    result.notified_at = first_notice(found, m, "firing", injected_at, receiver)
    result.wrong_receivers = tuple(
        sorted({n.receiver for n in found if n.at >= injected_at and m.matches(n.key) and n.receiver != receiver})
    )
    if recovered_at is not None:
        result.gone_at = log.all_gone(m, recovered_at)
        result.resolved_at = first_notice(found, m, "resolved", recovered_at, receiver)
    return result


def detected(result: ExpectResult) -> bool:
    """Firing in Prometheus and notified at the right receiver."""
    return result.firing_at is not None and result.notified_at is not None


def resolved(result: ExpectResult) -> bool:
    """Gone from Prometheus and a resolved notice at the right receiver."""
    return result.gone_at is not None and result.resolved_at is not None


def receivers_by_alert(found: Iterable[Notice]) -> dict[AlertKey, list[str]]:
    """Which receivers got a firing notice of each alert, in order of first arrival."""
    out: dict[AlertKey, list[str]] = {}
    for n in found:
        if n.status == "firing" and n.receiver not in out.setdefault(n.key, []):
            out[n.key].append(n.receiver)
    return out
