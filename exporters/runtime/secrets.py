"""Keeping passwords out of logs, metrics, errors and the landing page; reading secrets from env or files.

A Redactor remembers every secret the exporter was given and scrubs them from
any text before it leaves the process. ``redact_dsn`` masks the password of a
libpq key=value DSN or of any ``scheme://user:password@host`` URI.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Mapping
from pathlib import Path

MASK = "<redacted>"

_URI_PASSWORD = re.compile(r"(?P<head>[a-zA-Z][a-zA-Z0-9+.-]*://[^:/@\s]*:)(?P<pw>[^@\s]*)(?=@)")
_KV_PASSWORD = re.compile(r"(?P<head>\bpassword\s*=\s*)(?P<pw>'(?:[^'\\]|\\.)*'|[^\s']*)", re.I)
_QUERY_PASSWORD = re.compile(r"(?P<head>[?&]password=)(?P<pw>[^&\s]*)", re.I)
_PATTERNS = (_URI_PASSWORD, _KV_PASSWORD, _QUERY_PASSWORD)


def passwords_in(text: str) -> list[str]:
    """The passwords a DSN or URI carries (quotes of key=value values removed)."""
    found = []
    for pattern in _PATTERNS:
        for match in pattern.finditer(text):
            value = match.group("pw")
            if value.startswith("'") and value.endswith("'") and len(value) >= 2:
                value = value[1:-1].replace("\\'", "'").replace("\\\\", "\\")
            if value:
                found.append(value)
    return found


def redact_dsn(text: str) -> str:
    """The DSN or URI with every password replaced by the mask."""
    for pattern in _PATTERNS:
        text = pattern.sub(lambda m: m.group("head") + MASK, text)
    return text


class Redactor:
    """Secrets seen so far; scrub() removes them (and any DSN password) from text. Thread-safe."""

    def __init__(self) -> None:
        self._secrets: set[str] = set()
        self._lock = threading.Lock()

    def add(self, secret: str | None) -> None:
        """Remember a secret; very short ones are ignored (masking "a" everywhere helps nobody)."""
        if secret and len(secret) >= 3:
            with self._lock:
                self._secrets.add(secret)

    def add_dsn(self, dsn: str) -> str:
        """Remember the DSN's passwords and return the redacted DSN."""
        for secret in passwords_in(dsn):
            self.add(secret)
        return redact_dsn(dsn)

    def scrub(self, text: str) -> str:
        """The text with every known secret and DSN password masked."""
        text = redact_dsn(text)
        with self._lock:
            secrets = sorted(self._secrets, key=len, reverse=True)
        for secret in secrets:
            text = text.replace(secret, MASK)
        return text


def env_or_file(env: Mapping[str, str], name: str) -> str | None:
    """``$NAME``, or the content of the file named by ``$NAME_FILE`` (trailing newline dropped).

    Setting both is an error: which one wins would be a guess.
    """
    direct, path = env.get(name), env.get(f"{name}_FILE")
    if direct is not None and path is not None:
        raise ValueError(f"both {name} and {name}_FILE are set; set only one")
    if path is not None:
        try:
            return Path(path).read_text(encoding="utf-8").rstrip("\r\n")
        except OSError as exc:
            raise ValueError(f"{name}_FILE={path}: cannot read: {exc.strerror}") from None
    return direct
