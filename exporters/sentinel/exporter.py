"""The Sentinel exporter assembled: its spec, one SentinelTarget per address, and the agreement aggregate."""

from __future__ import annotations

import ssl
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from prometheus_client.core import Metric

from exporters.runtime.exporter import Exporter, ExporterSpec
from exporters.runtime.secrets import Redactor
from exporters.runtime.target import Scrape
from exporters.sentinel.failovers import SwitchWatcher
from exporters.sentinel.families import NS, agreement
from exporters.sentinel.resp import RespClient
from exporters.sentinel.target import SentinelTarget

SPEC = ExporterSpec(
    name="sentinel",
    namespace=NS,
    target_label="sentinel",
    default_port=9355,
    description="Redis Sentinel: masters, quorum, failovers, and whether the Sentinels agree.",
)


@dataclass(frozen=True)
class Options:
    """How to reach the Sentinels: per-command socket timeout, credentials, TLS, event watching."""

    timeout: float = 2.0
    username: str | None = None
    password: str | None = None
    tls: ssl.SSLContext | None = None
    watch: bool = True


def parse_address(address: str) -> tuple[str, int]:
    """``host:port`` (``[v6]:port`` too) as a pair; a clear ValueError otherwise."""
    host, sep, port = address.strip().rpartition(":")
    if not sep or not host or not port.isdigit() or not 0 < int(port) < 65536:
        raise ValueError(f"Sentinel address {address!r} is not host:port")
    return host.strip("[]"), int(port)


def targets(addresses: Sequence[str], options: Options) -> list[SentinelTarget]:
    """One target per Sentinel address; each starts its ``+switch-master`` watcher if enabled."""
    out = []
    for address in addresses:
        host, port = parse_address(address)

        def client(host: str = host, port: int = port) -> RespClient:
            return RespClient(
                host,
                port,
                timeout=options.timeout,
                username=options.username,
                password=options.password,
                tls=options.tls,
            )

        name = f"{host}:{port}"
        watcher = SwitchWatcher(name, client).start() if options.watch else None
        out.append(SentinelTarget(name, client(), watcher))
    return out


def masters_agree(scrapes: Mapping[str, Scrape | None]) -> list[Metric]:
    """The runtime aggregate: agreement across the Sentinels that answered this scrape."""
    return agreement(
        scrape.families[f"{NS}_master"]
        for scrape in scrapes.values()
        if scrape is not None and f"{NS}_master" in scrape.families
    )


def build(addresses: Sequence[str], options: Options, timeout: float, redactor: Redactor | None = None) -> Exporter:
    """The exporter for these Sentinels, each scrape bounded by ``timeout`` seconds."""
    redactor = redactor or Redactor()
    redactor.add(options.password)
    return Exporter(SPEC, targets(addresses, options), timeout=timeout, aggregate=masters_agree, redactor=redactor)
