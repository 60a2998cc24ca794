"""Synthetic SLI history whose true availability is known by construction (tests and bench).

Each service has per-minute event counts from a seeded generator: diurnal
traffic, incidents of different sizes, counter resets (a restart zeroes the
counter), a zero-traffic stretch and a scrape gap (events go on, samples are
missing). The truth over any window is the sum of those counts; the samples are
written as OpenMetrics for ``promtool tsdb create-blocks-from openmetrics``.
"""

from __future__ import annotations

import math
import random
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

STEP = 60  # seconds between samples: coarse on purpose, to keep the test data small


@dataclass(frozen=True)
class Incident:
    """From ``start`` minutes for ``minutes`` minutes, this share of events is bad."""

    start: int
    minutes: int
    bad_share: float


@dataclass(frozen=True)
class Service:
    """One synthetic request-based service (a job with good/bad counters and a latency histogram)."""

    job: str
    per_minute: float  # mean events per minute; the diurnal swing is +-80 %
    bad_share: float  # background share of bad events
    slow_share: float = 0.005  # share of requests slower than 0.5 s
    incidents: tuple[Incident, ...] = ()
    resets: tuple[int, ...] = ()  # minutes at which the process restarts
    zero_traffic: tuple[int, int] | None = None  # (start minute, minutes) without any request
    scrape_gap: tuple[int, int] | None = None  # (start minute, minutes) without any sample
    seed: int = 1


@dataclass
class History:
    """Per-minute good/bad/slow counts of one service, minute i covering (t0 + i*60, t0 + (i+1)*60]."""

    service: Service
    t0: int
    good: list[int] = field(default_factory=list)
    bad: list[int] = field(default_factory=list)
    slow: list[int] = field(default_factory=list)

    def minute(self, ts: float) -> int:
        """Index of the minute ending at ts."""
        return round((ts - self.t0) / STEP) - 1

    def truth(self, end: float, window_seconds: float) -> tuple[int, int, int]:
        """(bad, slow, total) events in (end - window, end], exactly."""
        hi = self.minute(end) + 1
        lo = max(hi - round(window_seconds / STEP), 0)
        bad, good, slow = sum(self.bad[lo:hi]), sum(self.good[lo:hi]), sum(self.slow[lo:hi])
        return bad, slow, bad + good


def generate(service: Service, t0: int, minutes: int) -> History:
    """Per-minute counts for ``minutes`` minutes after t0 (deterministic for a seed)."""
    rng = random.Random(service.seed)
    hist = History(service, t0)
    for i in range(minutes):
        day = ((t0 + i * STEP) % 86400) / 86400
        mean = service.per_minute * (1 + 0.8 * math.sin(2 * math.pi * (day - 0.25)))
        total = max(0, round(rng.gauss(mean, math.sqrt(mean + 1))))
        if service.zero_traffic and service.zero_traffic[0] <= i < sum(service.zero_traffic):
            total = 0
        share = service.bad_share
        for inc in service.incidents:
            if inc.start <= i < inc.start + inc.minutes:
                share = inc.bad_share
        bad = sum(1 for _ in range(total) if rng.random() < share) if share > 0.05 else _rare(rng, total, share)
        good = total - bad
        hist.bad.append(bad)
        hist.good.append(good)
        hist.slow.append(min(good, _rare(rng, good, service.slow_share)))
    return hist


def _rare(rng: random.Random, n: int, p: float) -> int:
    """A binomial draw for small p (Poisson approximation; exact enough, much faster)."""
    lam, k, acc = n * p, 0, 0.0
    limit = rng.random()
    term = math.exp(-lam)
    acc = term
    while acc < limit and k < n:
        k += 1
        term *= lam / k
        acc += term
    return k


def _counter(counts: Sequence[int], resets: Sequence[int]) -> Iterator[int]:
    value = 0
    for i, c in enumerate(counts):
        value = c if i in resets else value + c
        yield value


def _sampled(hist: History, i: int) -> bool:
    gap = hist.service.scrape_gap
    return not (gap and gap[0] <= i < sum(gap))


def openmetrics(histories: Sequence[History]) -> Iterator[str]:
    """OpenMetrics text: counters (reset-aware), the latency buckets, ``# EOF``; one family at a time."""
    yield "# TYPE http_requests counter\n"
    for hist in histories:
        for code, counts in (("200", hist.good), ("500", hist.bad)):
            yield from _series(hist, f'http_requests_total{{job="{hist.service.job}",code="{code}"}}', counts)
    yield "# TYPE http_request_duration_seconds_bucket unknown\n"
    for hist in histories:
        fast = [g - s for g, s in zip(hist.good, hist.slow, strict=True)]
        everything = [g + b for g, b in zip(hist.good, hist.bad, strict=True)]
        # Bad (5xx) requests count as slow here: only fast, good requests are in the 0.5 s bucket.
        for le, counts in (("0.5", fast), ("+Inf", everything)):
            yield from _series(
                hist, f'http_request_duration_seconds_bucket{{job="{hist.service.job}",le="{le}"}}', counts
            )
    yield "# TYPE probe_success gauge\n"
    for hist in histories:
        up = probe_up(hist)
        for i, value in enumerate(up):
            yield f'probe_success{{job="blackbox",instance="{hist.service.job}"}} {value} {hist.t0 + (i + 1) * STEP}\n'
    yield "# EOF\n"


def probe_up(hist: History) -> list[int]:
    """A 0/1 probe per minute: down during every incident failing at least 30 % of requests."""
    down = {
        i for inc in hist.service.incidents if inc.bad_share >= 0.3 for i in range(inc.start, inc.start + inc.minutes)
    }
    return [0 if i in down else 1 for i in range(len(hist.good))]


def probe_truth(hist: History, end: float, window_seconds: float) -> float:
    """Share of the probe samples in (end - window, end] that are 1."""
    hi = hist.minute(end) + 1
    lo = max(hi - round(window_seconds / STEP), 0)
    up = probe_up(hist)[lo:hi]
    return sum(up) / len(up)


def _series(hist: History, name: str, counts: Sequence[int]) -> Iterator[str]:
    resets = set(hist.service.resets)
    for i, value in enumerate(_counter(counts, sorted(resets))):
        if _sampled(hist, i):
            yield f"{name} {value} {hist.t0 + (i + 1) * STEP}\n"


def default_services() -> tuple[Service, ...]:
    """The test's services: one comfortably within 99.7 %, one just below it."""
    day = 1440
    return (
        Service(
            "checkout",
            per_minute=600,
            bad_share=0.001,
            seed=11,
            incidents=(
                Incident(5 * day + 600, 45, 0.30),
                Incident(17 * day + 100, 180, 0.05),
                Incident(25 * day + 1000, 10, 1.0),
            ),
            resets=(3 * day + 77, 12 * day + 900, 28 * day + 5),
            zero_traffic=(20 * day + 120, 240),
        ),
        Service(
            "search",
            per_minute=400,
            bad_share=0.0024,
            seed=12,
            incidents=(Incident(9 * day + 300, 120, 0.10), Incident(22 * day + 700, 30, 0.40)),
            resets=(7 * day + 33, 19 * day + 1200),
            scrape_gap=(14 * day + 400, 150),
        ),
    )
