"""The Redis Sentinel exporter: per monitored master, what each Sentinel sees, and whether they agree.

``resp`` is the small RESP client, ``failovers`` the event watcher and ledger,
``families`` the contract's metric families, ``target`` one Sentinel as a
runtime Target, ``exporter`` the assembled exporter, ``plugin`` its flags
(``jivsmon exporter sentinel``, ``python -m exporters.sentinel``).
"""

from exporters.sentinel.plugin import PLUGIN

__all__ = ["PLUGIN"]
