"""Failovers the exporter observes: ``+switch-master`` events from a Sentinel, and config-epoch rises.

A Sentinel publishes ``+switch-master <name> <old-ip> <old-port> <new-ip>
<new-port>`` when it adopts a new master, and that master's config epoch rises
at the same moment. The SwitchWatcher thread listens for the events (they give
the time the failover finished and tell two failovers between scrapes
apart); the FailoverLedger merges them with the epochs each scrape reads
(which catch a failover at once, and those the watcher missed) so that one
failover counts once.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from exporters.sentinel.resp import ProtocolError, RespClient, RespError

log = logging.getLogger("exporters.sentinel")

CHANNEL = "+switch-master"


@dataclass(frozen=True)
class Switch:
    """One ``+switch-master`` event and when the exporter received it (Unix time)."""

    master: str
    old: str
    new: str
    at: float


def parse_switch(payload: str, at: float) -> Switch | None:
    """The event in a ``+switch-master`` payload, or None if it is malformed."""
    parts = payload.split()
    if len(parts) != 5:
        return None
    name, old_ip, old_port, new_ip, new_port = parts
    return Switch(name, f"{old_ip}:{old_port}", f"{new_ip}:{new_port}", at)


@dataclass
class _Seen:
    epoch: int
    failovers: int = 0
    last: float = 0.0
    owed: int = 0  # failovers counted from an epoch rise whose +switch-master has not arrived yet


class FailoverLedger:
    """Failovers per master across scrapes; the first reading of a master is the baseline, not a failover.

    Two orders occur. A Sentinel that learns of a failover from its peers
    raises the epoch and publishes ``+switch-master`` together. The leader
    raises the epoch when its promoted replica reports itself master, and
    publishes ``+switch-master`` only after reconfiguring the other replicas,
    one or more scrapes later. So an epoch rise without an event counts at
    once and "owes" an event, and the next event pays the debt instead of
    counting again. Events beyond that are failovers of their own (several
    between two scrapes); an epoch rise the watcher missed counts as one.
    """

    def __init__(self) -> None:
        self._seen: dict[str, _Seen] = {}

    def observe(self, master: str, epoch: int, switches: Sequence[Switch], now: float) -> tuple[int, float]:
        """Record one scrape's epoch and the events since the last; returns (failovers, last failover time).

        The events must have been drained BEFORE the epoch was read, so that
        an event's epoch rise is always visible in the same scrape. An epoch
        that falls (the Sentinel was reset) becomes the new baseline.
        """
        seen = self._seen.get(master)
        if seen is None:
            seen = self._seen[master] = _Seen(epoch)
        rose = epoch > seen.epoch
        paid = min(len(switches), seen.owed)
        fresh = len(switches) - paid
        count = max(fresh, 1 if rose else 0)
        seen.owed = 1 if rose and fresh == 0 else seen.owed - paid
        seen.failovers += count
        if switches:
            seen.last = max(seen.last, switches[-1].at)
        elif count:
            seen.last = now
        seen.epoch = epoch
        return seen.failovers, seen.last


class SwitchWatcher:
    """A daemon thread subscribed to a Sentinel's ``+switch-master`` channel; reconnects with backoff."""

    IDLE_PING = 30.0  # a silent link is probed after this long, and dropped after twice as long

    def __init__(self, name: str, connect: Callable[[], RespClient], clock: Callable[[], float] = time.time) -> None:
        self.name, self._connect, self._clock = name, connect, clock
        self._events: list[Switch] = []
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._client: RespClient | None = None
        self._thread = threading.Thread(target=self._run, name=f"watch:{name}", daemon=True)

    def start(self) -> SwitchWatcher:
        """Start listening in the background."""
        self._thread.start()
        return self

    def drain(self) -> list[Switch]:
        """The events received since the last drain, oldest first."""
        with self._lock:
            events, self._events = self._events, []
        return events

    def stop(self, timeout: float = 2.0) -> None:
        """Stop the thread and close its connection."""
        self._stop.set()
        client = self._client
        if client is not None:
            client.interrupt()
        if self._thread.is_alive():
            self._thread.join(timeout)

    def _run(self) -> None:
        backoff = 0.5
        while not self._stop.is_set():
            client = self._client = self._connect()
            try:
                client.connect()
                client.send([["SUBSCRIBE", CHANNEL]])
                backoff = 0.5
                self._listen(client)
            except (OSError, RespError, ProtocolError) as exc:
                if not self._stop.is_set():
                    log.debug("switch watcher reconnecting", extra={"fields": {"sentinel": self.name, "err": str(exc)}})
            finally:
                client.close()
            self._stop.wait(backoff)
            backoff = min(backoff * 2, 30.0)

    def _listen(self, client: RespClient) -> None:
        last_rx, pinged = time.monotonic(), False
        while not self._stop.is_set():
            try:
                message = client.read(timeout=1.0)
            except TimeoutError:
                idle = time.monotonic() - last_rx
                if idle > 2 * self.IDLE_PING:
                    raise TimeoutError(f"no reply to PING for {idle:.0f}s") from None
                if idle > self.IDLE_PING and not pinged:
                    client.send([["PING"]])
                    pinged = True
                continue
            last_rx, pinged = time.monotonic(), False
            if isinstance(message, RespError):
                raise message
            if isinstance(message, list) and len(message) == 3 and message[0] == "message":
                switch = parse_switch(str(message[2]), self._clock())
                if switch is not None:
                    log.info(
                        "switch-master",
                        extra={
                            "fields": {
                                "sentinel": self.name,
                                "master": switch.master,
                                "old": switch.old,
                                "new": switch.new,
                            }
                        },
                    )
                    with self._lock:
                        self._events.append(switch)
