"""Number formatting for rule expressions and descriptions (the data-store groups share it)."""

from __future__ import annotations


def num(value: float) -> str:
    """A threshold as PromQL text, exact: 268435456 stays 268435456, 0.95 stays 0.95."""
    return str(int(value)) if float(value).is_integer() else repr(float(value))


def human_bytes(value: float) -> str:
    """Binary units for a threshold in a description: 268435456 -> ``256 MiB``."""
    for unit, size in (("GiB", 2**30), ("MiB", 2**20), ("KiB", 2**10)):
        if value >= size:
            return f"{value / size:g} {unit}"
    return f"{value:g} B"
