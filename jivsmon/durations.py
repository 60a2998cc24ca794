"""Prometheus-style durations (``30s``, ``5m``, ``24h``, ``30d``) as a small value type."""

from __future__ import annotations

import re
from dataclasses import dataclass

_UNIT_SECONDS = {"ms": 0.001, "s": 1, "m": 60, "h": 3600, "d": 86400, "w": 604800, "y": 31536000}
_PART = re.compile(r"([0-9]+)(ms|s|m|h|d|w|y)")
_WHOLE = re.compile(r"^(?:[0-9]+(?:ms|s|m|h|d|w|y))+$")


@dataclass(frozen=True, order=True)
class Duration:
    """A duration in seconds that renders back in Prometheus' own notation."""

    seconds: float

    @classmethod
    def parse(cls, text: str) -> Duration:
        """Parse ``1h30m``-style text; raise ValueError on anything else."""
        if not _WHOLE.match(text):
            raise ValueError(f"{text!r} is not a duration (use e.g. 30s, 5m, 24h, 30d)")
        return cls(sum(int(n) * _UNIT_SECONDS[u] for n, u in _PART.findall(text)))

    def __str__(self) -> str:
        """Largest-unit-first text up to days, e.g. 90 s -> ``1m30s``, 30 d -> ``30d``."""
        left = round(self.seconds * 1000)
        if left == 0:
            return "0s"
        out = []
        for unit in ("d", "h", "m", "s", "ms"):
            size = round(_UNIT_SECONDS[unit] * 1000)
            count, left = divmod(left, size)
            if count:
                out.append(f"{count}{unit}")
        return "".join(out)

    def __add__(self, other: Duration) -> Duration:
        return Duration(self.seconds + other.seconds)

    def __mul__(self, factor: float) -> Duration:
        return Duration(self.seconds * factor)
