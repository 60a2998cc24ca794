"""The scrape engine: collect every target in parallel, each under a deadline, and add the self-metrics.

Each target has at most ONE collection in flight. A scrape that arrives while
one runs joins it instead of starting another, so concurrent scrapers share
the work and a hung target never accumulates threads. When the deadline
passes, the target reports ``up 0``, its ``interrupt()`` is called once, and
the next scrape starts afresh once the stuck collection has returned.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from concurrent.futures import Future, wait
from dataclasses import dataclass

from prometheus_client.core import Metric

from exporters.runtime.secrets import Redactor
from exporters.runtime.target import Scrape, Target, merge

log = logging.getLogger("exporters.runtime")

# Extra families computed across targets (e.g. "do all Sentinels agree?").
Aggregate = Callable[[Mapping[str, Scrape | None]], Iterable[Metric]]


@dataclass(frozen=True)
class ExporterSpec:
    """Names of an exporter: CLI name, metric namespace, the label that names a target."""

    name: str
    namespace: str
    target_label: str = "target"
    default_port: int = 9187
    description: str = ""
    scrape_duration: bool = True
    collector_success: bool = True


@dataclass(frozen=True)
class Outcome:
    """How one target's collection ended: a Scrape, or an error message (already scrubbed)."""

    scrape: Scrape | None
    error: str
    duration: float


class _Slot:
    """One target and its in-flight collection."""

    def __init__(self, target: Target, label: str, redactor: Redactor) -> None:
        self.target, self.label, self.redactor = target, label, redactor
        self.lock = threading.Lock()
        self.inflight: Future[Outcome] | None = None
        self.started = 0.0
        self.interrupted = False
        self.last: Outcome | None = None

    def join(self) -> tuple[Future[Outcome], float]:
        """The running collection, or a new one if none runs; and when it started."""
        with self.lock:
            if self.inflight is None or self.inflight.done():
                future: Future[Outcome] = Future()
                future.set_running_or_notify_cancel()
                self.inflight, self.started, self.interrupted = future, time.monotonic(), False
                threading.Thread(
                    target=self._work, args=(future, self.started), daemon=True, name=f"collect:{self.target.name}"
                ).start()
            return self.inflight, self.started

    def _work(self, future: Future[Outcome], started: float) -> None:
        scrape = Scrape(self.target.name, self.label, self.target.fatal)
        try:
            self.target.collect(scrape)
            outcome = Outcome(scrape, "", time.monotonic() - started)
        except Exception as exc:  # a target failure of any kind is `up 0`, never a crash
            error = self.redactor.scrub(f"{type(exc).__name__}: {exc}".strip())
            outcome = Outcome(None, error, time.monotonic() - started)
        future.set_result(outcome)

    def interrupt_once(self) -> None:
        """Ask the target to abandon its overdue collection (once per collection)."""
        with self.lock:
            if self.interrupted:
                return
            self.interrupted = True
        try:
            self.target.interrupt()
        except Exception as exc:
            log.warning(
                "interrupt failed",
                extra={"fields": {self.label: self.target.name, "err": self.redactor.scrub(str(exc))}},
            )


class Exporter:
    """Targets plus a scrape timeout; ``scrape()`` returns the families of one exposition."""

    def __init__(
        self,
        spec: ExporterSpec,
        targets: Sequence[Target],
        timeout: float = 4.0,
        aggregate: Aggregate | None = None,
        redactor: Redactor | None = None,
    ) -> None:
        names = [t.name for t in targets]
        if len(set(names)) != len(names):
            raise ValueError(f"target names must be unique: {names}")
        self.spec, self.timeout, self.aggregate = spec, timeout, aggregate
        self.redactor = redactor or Redactor()
        self.slots = [_Slot(t, spec.target_label, self.redactor) for t in targets]

    def collect(self) -> Iterable[Metric]:
        """The prometheus-client Collector protocol, with the default timeout."""
        return self.scrape()

    def scrape(self, timeout: float | None = None) -> list[Metric]:
        """Collect all targets within ``timeout`` seconds; a target that overruns is ``up 0``."""
        timeout = self.timeout if timeout is None else min(timeout, self.timeout)
        begun = time.monotonic()
        joined = [slot.join() for slot in self.slots]
        wait([future for future, _ in joined], timeout=max(0.0, begun + timeout - time.monotonic()))
        outcomes: dict[str, Outcome] = {}
        for slot, (future, started) in zip(self.slots, joined, strict=True):
            if future.done():
                outcomes[slot.target.name] = future.result()
            else:
                slot.interrupt_once()
                outcomes[slot.target.name] = Outcome(None, f"timed out after {timeout:g}s", time.monotonic() - started)
            self._note(slot, outcomes[slot.target.name])
        return self._families(outcomes)

    def _note(self, slot: _Slot, outcome: Outcome) -> None:
        was_up = slot.last is not None and slot.last.scrape is not None
        now_up = outcome.scrape is not None
        fields = {self.spec.target_label: slot.target.name}
        if slot.last is None or was_up != now_up:
            if now_up:
                log.info("target up", extra={"fields": fields})
            else:
                log.warning("target down", extra={"fields": {**fields, "err": outcome.error}})
        slot.last = outcome

    def _families(self, outcomes: Mapping[str, Outcome]) -> list[Metric]:
        ns, label = self.spec.namespace, self.spec.target_label
        own = Scrape("", label)
        families: list[Metric] = []
        for name, outcome in outcomes.items():
            own.sample(
                f"{ns}_up", "1 if the last scrape of the target succeeded.", 1 if outcome.scrape else 0, {label: name}
            )
            if self.spec.scrape_duration:
                own.sample(
                    f"{ns}_scrape_duration_seconds", "Time the target's scrape took.", outcome.duration, {label: name}
                )
            if outcome.scrape is None:
                continue
            if self.spec.collector_success:
                for collector, ok in outcome.scrape.collectors.items():
                    own.sample(
                        f"{ns}_collector_success",
                        "1 if a collector's queries succeeded.",
                        1 if ok else 0,
                        {label: name, "collector": collector},
                    )
            families.extend(outcome.scrape.families.values())
        if self.aggregate is not None:
            families.extend(self.aggregate({n: o.scrape for n, o in outcomes.items()}))
        return merge([*own.families.values(), *families])

    def status(self) -> list[tuple[str, str, str]]:
        """(target, description, state) for the landing page; state is up, down: <error>, or unknown."""
        rows = []
        for slot in self.slots:
            last = slot.last
            state = "unknown" if last is None else ("up" if last.scrape else f"down: {last.error}")
            rows.append((slot.target.name, self.redactor.scrub(slot.target.describe()), state))
        return rows

    def close(self) -> None:
        """Close every target's connections."""
        for slot in self.slots:
            try:
                slot.target.close()
            except Exception as exc:
                log.warning(
                    "close failed",
                    extra={"fields": {self.spec.target_label: slot.target.name, "err": self.redactor.scrub(str(exc))}},
                )
