"""Runs Alertmanager's amtool: validate a config and ask which receiver a label set reaches."""

from __future__ import annotations

import tempfile
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from alerts.alertmanager import with_secret_urls
from alerts.promtool import ToolResult, run
from jivsmon.writer import yaml_text

CONFIG_NAME = "alertmanager.yml"


def placeholder_url(path: str) -> str:
    """Stands in for a secret URL while validating; .invalid never resolves (RFC 2606)."""
    return "https://webhook-url-file.invalid/" + path.strip("/")


def _validatable(document: Mapping[str, Any]) -> str:
    # amtool 0.25 does not know url_file; swap in placeholders, never real secrets.
    return yaml_text(with_secret_urls(dict(document), placeholder_url), header=False)


def check_config(document: Mapping[str, Any]) -> ToolResult:
    """``amtool check-config`` on the document (url_file swapped for placeholders)."""
    with tempfile.TemporaryDirectory(prefix="jivs-amtool-") as tmp:
        Path(tmp, CONFIG_NAME).write_text(_validatable(document), encoding="utf-8")
        return run(CONFIG_NAME, ["amtool", "check-config", CONFIG_NAME], Path(tmp))


def route_receivers(document: Mapping[str, Any], labels: Mapping[str, str]) -> list[str]:
    """Receivers an alert with these labels is routed to (``amtool config routes test``)."""
    with tempfile.TemporaryDirectory(prefix="jivs-amtool-") as tmp:
        Path(tmp, CONFIG_NAME).write_text(_validatable(document), encoding="utf-8")
        argv = [
            "amtool",
            "config",
            "routes",
            "test",
            f"--config.file={CONFIG_NAME}",
            *(f"{k}={v}" for k, v in labels.items()),
        ]
        result = run("routes test", argv, Path(tmp))
    if not result.ok:
        raise RuntimeError(f"amtool config routes test failed: {result.output}")
    lines = [line for line in result.output.splitlines() if not line.startswith("Warning:")]
    return [name.strip() for name in lines[-1].split(",")] if lines else []
