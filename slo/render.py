"""The report's text outputs: terminal table, Markdown, JSON and JUnit XML (one test case per SLO)."""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any
from xml.etree import ElementTree as ET

from slo import budget
from slo.report import SloResult
from slo.windows import REPORT_WINDOWS

BURN_COLUMNS = (*(str(w) for w in REPORT_WINDOWS), "window")


def _pct(value: float | None, digits: int = 3) -> str:
    return "-" if value is None else f"{value * 100:.{digits}f}%"


def _num(value: float | None) -> str:
    return "-" if value is None else f"{value:.2f}"


def _duration(seconds: float | None) -> str:
    if seconds is None:
        return "-"
    if math.isinf(seconds):
        return "never"
    if seconds >= 86400:
        return f"{seconds / 86400:.1f}d"
    return f"{seconds / 3600:.1f}h"


def budget_text(r: SloResult) -> str:
    """The budget in its natural unit: minutes for time SLIs, events for request SLIs."""
    if r.budget_events is None or r.consumed is None:
        return "-"
    spent = r.consumed * r.budget_events
    if r.spec.sli.kind == "time":
        return f"{spent / 60:.1f} of {r.budget_events / 60:.1f} min"
    return f"{spent:,.0f} of {r.budget_events:,.0f} events"


def rows(results: Sequence[SloResult]) -> list[list[str]]:
    """One row of strings per SLO (the table and Markdown share these)."""
    return [
        [
            r.spec.name,
            _pct(r.sli),
            _pct(r.spec.objective, 2),
            budget_text(r),
            _pct(r.consumed, 1),
            _pct(r.remaining, 1),
            *(_num(r.burn_rates.get(c)) for c in BURN_COLUMNS),
            _duration(r.time_to_exhaustion),
            r.status,
            r.source,
        ]
        for r in results
    ]


HEADER = [
    "SLO",
    "SLI",
    "objective",
    "budget spent",
    "consumed",
    "remaining",
    *(f"burn {c}" for c in BURN_COLUMNS),
    "exhausted in",
    "status",
    "source",
]


def _when(at: float) -> str:
    return datetime.fromtimestamp(at, UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def table(results: Sequence[SloResult], at: float) -> str:
    """Fixed-width terminal table, plus a line per SLO that could not be computed."""
    body = [HEADER, *rows(results)]
    widths = [max(len(row[i]) for row in body) for i in range(len(HEADER))]
    lines = [f"SLO report at {_when(at)}"]
    lines += ["  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip() for row in body]
    lines += [f"{r.spec.name}: {r.error}" for r in results if r.error]
    return "\n".join(lines) + "\n"


def markdown(results: Sequence[SloResult], at: float) -> str:
    """A GitHub-flavoured Markdown table (for $GITHUB_STEP_SUMMARY)."""
    out = [f"### SLO report at {_when(at)}", "", "| " + " | ".join(HEADER) + " |", "|" + "---|" * len(HEADER)]
    out += ["| " + " | ".join(row) + " |" for row in rows(results)]
    out += [f"\n- **{r.spec.name}**: {r.error}" for r in results if r.error]
    return "\n".join(out) + "\n"


def as_data(results: Sequence[SloResult], at: float, code: int) -> dict[str, Any]:
    """The report as plain data; None stands for unknown, infinity for "never"."""

    def ttx(r: SloResult) -> float | str | None:
        t = r.time_to_exhaustion
        return "never" if t is not None and math.isinf(t) else t

    return {
        "at": _when(at),
        "at_unix": at,
        "exit_code": code,
        "slos": [
            {
                "name": r.spec.name,
                "description": r.spec.description,
                "kind": r.spec.sli.kind,
                "objective": r.spec.objective,
                "window": str(r.spec.window),
                "source": r.source,
                "status": r.status,
                "error": r.error or None,
                "sli": r.sli,
                "events": {"errors": r.counts.errors, "total": r.counts.total} if r.counts else None,
                "budget": {
                    "allowed": r.budget_events,
                    "consumed": r.consumed,
                    "remaining": r.remaining,
                    "unit": "seconds" if r.spec.sli.kind == "time" else "events",
                },
                "burn_rates": {c: r.burn_rates.get(c) for c in BURN_COLUMNS},
                "time_to_exhaustion_seconds": ttx(r),
            }
            for r in results
        ],
    }


def json_report(results: Sequence[SloResult], at: float, code: int) -> str:
    """JSON, keys sorted."""
    return json.dumps(as_data(results, at, code), indent=2, sort_keys=True) + "\n"


def junit(results: Sequence[SloResult], at: float) -> str:
    """JUnit XML: a failure per breached SLO, an error per SLO that could not be computed."""
    suite = ET.Element(
        "testsuite",
        name="slo-report",
        timestamp=_when(at),
        tests=str(len(results)),
        failures=str(sum(r.status == budget.BREACHED for r in results)),
        errors=str(sum(r.status == budget.NO_DATA for r in results)),
    )
    for r, row in zip(results, rows(results), strict=True):
        case = ET.SubElement(suite, "testcase", classname="slo", name=r.spec.name)
        detail = ", ".join(f"{h}={v}" for h, v in zip(HEADER, row, strict=True))
        if r.status == budget.BREACHED:
            ET.SubElement(
                case, "failure", message=f"error budget exhausted: {_pct(r.remaining, 1)} left", type="breached"
            ).text = detail
        elif r.status == budget.NO_DATA:
            ET.SubElement(case, "error", message=r.error or "no data", type="no-data").text = detail
        else:
            ET.SubElement(case, "system-out").text = detail
    ET.indent(suite)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(suite, encoding="unicode") + "\n"
