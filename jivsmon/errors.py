"""User-facing errors: a problem names the field path (``postgres.replicas[2].name``) and what is wrong."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the input, at one place."""

    path: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}: {self.message}"


class JivsmonError(Exception):
    """An error the CLI reports in plain words, exiting with ``exit_code``."""

    exit_code = 1


class ConfigError(JivsmonError):
    """The stack config is invalid; carries every problem found, not just the first."""

    exit_code = 2

    def __init__(self, problems: Sequence[Problem]) -> None:
        self.problems = tuple(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


def format_path(parts: Iterable[str | int]) -> str:
    """Render a JSON path as ``a.b[2].c``; the empty path is the document root, ``(root)``."""
    out = ""
    for part in parts:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "(root)"
