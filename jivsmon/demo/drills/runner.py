"""Running drills against a live demo: inject, watch Prometheus and the webhook sink, recover, watch it clear.

A batch injects all its scenarios, then polls ``ALERTS{alertstate="firing"}``
and the sink's notifications. A scenario is recovered as soon as every alert
it expects fires in Prometheus and has reached its tier's receiver, or at its
detect deadline; it is done once those alerts are gone (and, unless told not
to wait, their resolved notices have arrived), or at its resolve deadline.
"""

from __future__ import annotations

import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from alerts.model import TIER_TABLE
from jivsmon.build import render
from jivsmon.demo.drills.handle import Demo
from jivsmon.demo.drills.matching import FiringLog, detected, evaluate, firing_keys, notices
from jivsmon.demo.drills.model import BatchResult, ExpectResult, Match, Notice, Scenario, ScenarioResult
from jivsmon.demo.sink import read

FIRING = 'ALERTS{alertstate="firing"}'
Log = Callable[[str], None]


@dataclass
class Options:
    """How to run: poll period, whether to wait for resolved notices, where to log progress."""

    poll_seconds: float = 5.0
    wait_resolved_notice: bool = True
    tolerated: tuple[Match, ...] = ()  # alerts the configuration itself causes (the drill profile)
    log: Log = field(default=lambda line: None)


def rules_differ(demo: Demo) -> list[str]:
    """Rule files the running demo loaded that differ from those this config renders (another profile)."""
    built = Path(demo.state.info["build"])
    out = []
    for artifact in render(demo.config):
        if artifact.path.parts[0] != "rules":
            continue
        loaded = built / artifact.path
        if not loaded.exists() or loaded.read_bytes() != artifact.content:
            out.append(str(artifact.path))
    return out


class Batch:
    """One batch in progress."""

    def __init__(self, demo: Demo, scenarios: list[Scenario], number: int, opts: Options) -> None:
        self.demo, self.opts, self.log = demo, opts, FiringLog()
        self.started_at = time.time()
        self.log.observe(firing_keys(demo.query(FIRING)), self.started_at)
        self.baseline = tuple(sorted(self.log.current, key=str))
        self.results = [ScenarioResult(s, number, 0.0) for s in scenarios]
        self.phase = {s.name: "detecting" for s in scenarios}
        self.notices: list[Notice] = []
        self.external = demo.external_labels()

    def receiver(self, tier: str) -> str:
        """The receiver of a tier in the running config."""
        name: str = getattr(self.demo.config.alertmanager.routes, tier)
        return name

    def _act(self, r: ScenarioResult, what: str, action: Callable[[Demo], None]) -> bool:
        try:
            action(self.demo)
        except Exception as exc:  # a fault that cannot be injected or undone fails the drill, not the run
            r.failures.append(f"{what} failed: {exc}")
            self.opts.log(traceback.format_exc())
            return False
        return True

    def inject_all(self) -> None:
        """Inject every scenario's fault, in order."""
        for r in self.results:
            self.opts.log(f"drill {r.scenario.name}: {r.scenario.fault}")
            if not self._act(r, "injecting the fault", r.scenario.inject):
                self.phase[r.scenario.name] = "done"
            r.injected_at = time.time()

    def _evaluate(self, r: ScenarioResult, found: list[Notice], recovered: float | None) -> list[ExpectResult]:
        return [
            evaluate(e, self.receiver(e.tier), self.log, found, r.injected_at, recovered) for e in r.scenario.expects
        ]

    def step(self) -> bool:
        """One poll; True when every scenario is done."""
        now = time.time()
        self.log.observe(firing_keys(self.demo.query(FIRING)), now)
        records = read(Path(self.demo.state.info["notifications"]))
        found = notices(records, self.started_at, self.external)
        self.notices = found
        for r in self.results:
            phase = self.phase[r.scenario.name]
            if phase == "detecting":
                r.expects = self._evaluate(r, found, None)
                if all(detected(e) for e in r.expects) or now > r.injected_at + detect_deadline(r, found):
                    self._recover(r)
            elif phase == "resolving":
                assert r.recovered_at is not None
                r.expects = self._evaluate(r, found, r.recovered_at)
                if self._cleared(r) or now > r.recovered_at + r.scenario.resolve_deadline():
                    self.phase[r.scenario.name] = "done"
                    r.failures += resolve_failures(r, self.opts.wait_resolved_notice)
                    self.opts.log(f"drill {r.scenario.name}: done ({'pass' if r.passed else 'FAIL'})")
        self.notices = found
        return all(p == "done" for p in self.phase.values())

    def _recover(self, r: ScenarioResult) -> None:
        r.detect_bound = detect_deadline(r, self.notices)
        r.failures += detect_failures(r)
        if r.scenario.verify is not None:
            try:
                r.failures += r.scenario.verify(self.demo)
            except Exception as exc:  # a check that cannot run is a failed check
                r.failures.append(f"check failed to run: {exc}")
        if r.scenario.describe is not None:
            r.notes += r.scenario.describe(self.demo)
        self.opts.log(f"drill {r.scenario.name}: recovering")
        self._act(r, "recovering", r.scenario.recover)
        r.recovered_at = time.time()
        self.phase[r.scenario.name] = "resolving"

    def _cleared(self, r: ScenarioResult) -> bool:
        fired = [e for e in r.expects if e.firing_at is not None]
        gone = all(e.gone_at is not None for e in fired)
        noticed = all(e.resolved_at is not None for e in fired if e.notified_at is not None)
        return gone and (noticed or not self.opts.wait_resolved_notice)

    def result(self) -> BatchResult:
        """The batch as it ended."""
        fired = {k: t for k, t in self.log.first_seen().items() if t > self.started_at}
        number = self.results[0].batch if self.results else 0
        return BatchResult(
            number, self.started_at, self.results, self.baseline, fired, self.notices, self.opts.tolerated
        )


def detect_deadline(r: ScenarioResult, found: list[Notice]) -> float:
    """The scenario's detect deadline; longer for an alert that fired into a group already notified.

    Alertmanager groups by alert name: an alert joining a group that has sent its
    first notification waits for the next group_interval, not group_wait (two
    replicas down in one batch: the second is told up to group_interval later).
    """
    extra = 0.0
    for e in r.expects:
        if e.firing_at is None:
            continue
        name = e.expect.alert.name
        if any(n.key.name == name and n.status == "firing" and n.at <= e.firing_at for n in found):
            tier = TIER_TABLE[e.expect.tier]
            extra = max(extra, tier.group_interval.seconds - tier.group_wait.seconds)
    return r.scenario.detect_deadline() + extra


def detect_failures(r: ScenarioResult) -> list[str]:
    """What was late, missing or misrouted when the scenario was recovered."""
    out = []
    bound = r.detect_bound or r.scenario.detect_deadline()
    for e in r.expects:
        alert = e.expect.alert
        if e.firing_at is None:
            out.append(f"{alert} did not fire in Prometheus within {bound:.0f}s")
        if e.notified_at is None:
            out.append(f"{alert} did not reach {e.receiver} within {bound:.0f}s")
        elif e.notified_at - r.injected_at > bound:
            out.append(f"{alert} reached {e.receiver} after {e.notified_at - r.injected_at:.0f}s (bound {bound:.0f}s)")
        if e.wrong_receivers:
            out.append(f"{alert} also went to {', '.join(e.wrong_receivers)} (expected only {e.receiver})")
    return out


def resolve_failures(r: ScenarioResult, wait_notice: bool) -> list[str]:
    """What had not cleared by the resolve deadline."""
    out = []
    bound = r.scenario.resolve_deadline()
    for e in r.expects:
        if e.firing_at is None:
            continue
        if e.gone_at is None:
            out.append(f"{e.expect.alert} still firing {bound:.0f}s after recovery")
        if wait_notice and e.notified_at is not None and e.resolved_at is None:
            out.append(f"no resolved notice of {e.expect.alert} at {e.receiver} within {bound:.0f}s of recovery")
    return out


def run_batch(demo: Demo, scenarios: list[Scenario], number: int, opts: Options) -> BatchResult:
    """Run scenarios together until each has been detected, recovered and cleared (or timed out)."""
    batch = Batch(demo, scenarios, number, opts)
    batch.inject_all()
    try:
        while not batch.step():
            time.sleep(opts.poll_seconds)
    except BaseException:
        # Interrupted: undo every fault still in place so the demo is left healthy.
        for r in batch.results:
            if batch.phase[r.scenario.name] == "detecting":
                batch._act(r, "recovering", r.scenario.recover)
        raise
    return batch.result()


def run(demo: Demo, batches: list[list[Scenario]], opts: Options) -> list[BatchResult]:
    """Every batch in turn."""
    return [run_batch(demo, b, i + 1, opts) for i, b in enumerate(batches)]
