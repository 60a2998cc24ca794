"""Structured logs (logfmt or JSON, one line per event) with every secret scrubbed before output.

Code logs with ``log.info("msg", extra={"fields": {...}})``; the formatter adds
ts, level, logger and msg. The Redactor runs over the finished line, so not
even an exception message quoting a DSN can leak a password.
"""

from __future__ import annotations

import json
import logging
import sys
import time
from typing import Any, TextIO

from exporters.runtime.secrets import Redactor

FORMATS = ("logfmt", "json")
LEVELS = ("debug", "info", "warn", "error")


def _logfmt_value(value: Any) -> str:
    text = str(value)
    if text == "" or any(c in text for c in ' ="\\\n\t'):
        return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'
    return text


class StructuredFormatter(logging.Formatter):
    """One logfmt or JSON line per record, scrubbed by the redactor."""

    def __init__(self, fmt: str, redactor: Redactor) -> None:
        super().__init__()
        if fmt not in FORMATS:
            raise ValueError(f"log format must be one of {', '.join(FORMATS)}, not {fmt!r}")
        self.fmt, self.redactor = fmt, redactor

    def format(self, record: logging.LogRecord) -> str:
        """Render the record with its ``fields`` extra."""
        ts = time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(record.created))
        data: dict[str, Any] = {
            "ts": f"{ts}.{int(record.msecs):03d}Z",
            "level": record.levelname.lower().replace("warning", "warn"),
            "logger": record.name,
            "msg": record.getMessage(),
        }
        data.update(getattr(record, "fields", {}) or {})
        if record.exc_info:
            data["exc"] = self.formatException(record.exc_info)
        if self.fmt == "json":
            line = json.dumps(data, default=str, ensure_ascii=False)
        else:
            line = " ".join(f"{k}={_logfmt_value(v)}" for k, v in data.items())
        return self.redactor.scrub(line)


def configure(fmt: str, level: str, redactor: Redactor, stream: TextIO | None = None) -> None:
    """Send every log record to stderr (or stream) through the structured formatter."""
    if level not in LEVELS:
        raise ValueError(f"log level must be one of {', '.join(LEVELS)}, not {level!r}")
    handler = logging.StreamHandler(stream or sys.stderr)
    handler.setFormatter(StructuredFormatter(fmt, redactor))
    root = logging.getLogger()
    for old in list(root.handlers):
        root.removeHandler(old)
    root.addHandler(handler)
    root.setLevel({"warn": "WARNING"}.get(level, level.upper()))
