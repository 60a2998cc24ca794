"""RE2 helpers for label regex matchers built from config values (not a rule group)."""

from __future__ import annotations

import re

_SPECIAL = re.compile(r"([\\.+*?()|\[\]{}^$])")


def literal(text: str) -> str:
    """``text`` matched literally by RE2; escapes only RE2's metacharacters, so ``-`` stays readable."""
    return _SPECIAL.sub(r"\\\1", text)


def any_of(texts: list[str] | tuple[str, ...]) -> str:
    """An alternation matching exactly one of the texts."""
    return "|".join(literal(t) for t in texts)
