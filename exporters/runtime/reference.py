"""What every exporter's generated metrics reference shares: the common-flags note and the print/--write entry."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

COMMON_FLAGS = (
    "Common flags (`--web.listen-address`, `--web.config.file`, `--scrape.timeout`, "
    "`--log.format`, `--log.level`) are described in `exporters/runtime/__init__.py`."
)


def main(argv: list[str], doc: Path, render: Callable[[], str]) -> int:
    """Print the reference, or write it to doc with --write (the tests compare the committed doc with render())."""
    if argv == ["--write"]:
        doc.parent.mkdir(parents=True, exist_ok=True)
        doc.write_text(render(), encoding="utf-8")
        return 0
    sys.stdout.write(render())
    return 0
