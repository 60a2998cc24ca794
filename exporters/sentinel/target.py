"""One Sentinel as a runtime Target: two pipelined round trips per scrape, turned into the contract's families.

Round trip 1 asks ``INFO sentinel`` and ``SENTINEL MASTERS``; round trip 2 asks,
per master, ``SENTINEL GET-MASTER-ADDR-BY-NAME`` (the address clients are
told, which moves to the promoted replica before ``SENTINEL MASTERS`` does),
``SENTINEL REPLICAS``, ``SENTINEL SENTINELS`` and ``SENTINEL CKQUORUM``. A
lost connection takes the target down (``jivs_sentinel_up 0``); an error reply
(an ACL refusal, say) fails only the collector that needed it.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from functools import partial

from exporters.runtime.target import Scrape, Target
from exporters.sentinel import families as fam
from exporters.sentinel.failovers import FailoverLedger, Switch, SwitchWatcher
from exporters.sentinel.resp import Reply, RespClient, RespError

log = logging.getLogger("exporters.sentinel")


def fields(reply: Reply) -> dict[str, str]:
    """A flat ``[key, value, key, value, ...]`` reply as a dict."""
    if isinstance(reply, RespError):
        raise reply
    if not isinstance(reply, list) or len(reply) % 2:
        raise ValueError(f"expected a flat key/value array, got {type(reply).__name__}")
    return {str(k): str(v) for k, v in zip(reply[::2], reply[1::2], strict=True)}


def records(reply: Reply) -> list[dict[str, str]]:
    """An array of flat key/value arrays (what SENTINEL MASTERS/REPLICAS/SENTINELS return)."""
    if isinstance(reply, RespError):
        raise reply
    if not isinstance(reply, list):
        raise ValueError(f"expected an array, got {type(reply).__name__}")
    return [fields(item) for item in reply]


def info_fields(reply: Reply) -> dict[str, str]:
    """``INFO`` text as a dict (section headers and blank lines dropped)."""
    if isinstance(reply, RespError):
        raise reply
    out = {}
    for line in str(reply).splitlines():
        key, sep, value = line.partition(":")
        if sep and not line.startswith("#"):
            out[key.strip()] = value.strip()
    return out


def client_address(reply: Reply, master: Mapping[str, str]) -> str:
    """``ip:port`` from GET-MASTER-ADDR-BY-NAME, or from SENTINEL MASTERS if that gave nothing."""
    if isinstance(reply, list) and len(reply) == 2:
        return f"{reply[0]}:{reply[1]}"
    return f"{master['ip']}:{master['port']}"


@dataclass(frozen=True)
class MasterReplies:
    """What one scrape read about one master."""

    master: dict[str, str]
    address: Reply
    replicas: Reply
    sentinels: Reply
    ckquorum: Reply


class SentinelTarget(Target):
    """A Sentinel at ``host:port``; keeps its connection and failover ledger across scrapes."""

    def __init__(
        self,
        name: str,
        client: RespClient,
        watcher: SwitchWatcher | None = None,
        clock: Callable[[], float] = time.time,
    ) -> None:
        super().__init__(name)
        self.client, self.watcher, self.clock = client, watcher, clock
        self.ledger = FailoverLedger()
        self._ckquorum: dict[str, bool] = {}  # last CKQUORUM verdict per master, to log changes once

    def collect(self, scrape: Scrape) -> None:
        """Read the Sentinel and fill the scrape; raises if the Sentinel cannot be reached."""
        self.client.rearm()
        # Drained before SENTINEL MASTERS is read: see FailoverLedger.observe.
        switches = self.watcher.drain() if self.watcher is not None else []
        info, masters_reply = self.client.pipeline([["INFO", "sentinel"], ["SENTINEL", "MASTERS"]])
        now = self.clock()
        scrape.run("sentinel", lambda s: fam.sentinel_families(s, self.name, info_fields(info)))
        masters: list[dict[str, str]] = []
        scrape.run("masters", lambda s: masters.extend(records(masters_reply)))
        if not masters:
            return
        details = self._details(masters)
        for reply in details:
            mine = [sw for sw in switches if sw.master == reply.master["name"]]
            scrape.run(f"master:{reply.master['name']}", partial(self._master, replies=reply, switches=mine, now=now))

    def _details(self, masters: Sequence[Mapping[str, str]]) -> list[MasterReplies]:
        subs = ("GET-MASTER-ADDR-BY-NAME", "REPLICAS", "SENTINELS", "CKQUORUM")
        replies = self.client.pipeline([["SENTINEL", sub, m["name"]] for m in masters for sub in subs])
        n = len(subs)
        return [MasterReplies(dict(m), *replies[n * i : n * i + n]) for i, m in enumerate(masters)]

    def _master(self, scrape: Scrape, replies: MasterReplies, switches: Sequence[Switch], now: float) -> None:
        master = replies.master
        name = master["name"]
        failovers, last = self.ledger.observe(name, int(master["config-epoch"]), switches, now)
        fam.master_families(scrape, self.name, master, client_address(replies.address, master), failovers, last, now)
        fam.peer_families(
            scrape,
            self.name,
            name,
            int(master["num-other-sentinels"]),
            records(replies.sentinels),
            records(replies.replicas),
        )
        fam.ckquorum_family(scrape, self.name, name, self._ckquorum_ok(name, replies.ckquorum))

    def _ckquorum_ok(self, master: str, reply: Reply) -> bool:
        """CKQUORUM's verdict; its reason goes to the log when the verdict changes.

        Only a NOQUORUM reply means "no quorum"; any other error (NOPERM, no
        such master) is raised, failing the collector instead of lying.
        """
        if isinstance(reply, RespError) and not str(reply).startswith("NOQUORUM"):
            raise reply
        ok = not isinstance(reply, RespError)
        before = self._ckquorum.get(master)
        if before != ok and (before is not None or not ok):
            level = logging.INFO if ok else logging.WARNING
            log.log(
                level,
                "ckquorum " + ("ok" if ok else "failed"),
                extra={"fields": {"sentinel": self.name, "master": master, "reason": str(reply)}},
            )
        self._ckquorum[master] = ok
        return ok

    def interrupt(self) -> None:
        """Shut the socket a hung scrape waits on."""
        self.client.interrupt()

    def close(self) -> None:
        """Stop the event watcher and close the connection."""
        if self.watcher is not None:
            self.watcher.stop()
        self.client.close()

    def describe(self) -> str:
        """Address and user (never the password)."""
        user = f" as {self.client.username}" if self.client.username else ""
        return f"{self.client.host}:{self.client.port}{user}"
