"""The drill report in Markdown: one row per scenario and expected alert, then what fired where, per batch."""

from __future__ import annotations

import time
from collections.abc import Sequence

from jivsmon.demo.drills.matching import receivers_by_alert
from jivsmon.demo.drills.model import BatchResult, ExpectResult, ScenarioResult


def seconds(start: float | None, end: float | None) -> str:
    """``end - start`` as e.g. ``2m 05s``; an em dash when either is unknown."""
    if start is None or end is None:
        return "—"
    total = max(0, round(end - start))
    return f"{total // 60}m {total % 60:02d}s" if total >= 60 else f"{total}s"


def _expect_row(r: ScenarioResult, e: ExpectResult, first: bool) -> str:
    name = f"**{r.scenario.name}**" if first else ""
    status = ("PASS" if r.passed else "FAIL") if first else ""
    cells = [
        name,
        f"`{e.expect.alert}`",
        f"{e.expect.tier} → {e.receiver}",
        seconds(r.injected_at, e.firing_at),
        seconds(r.injected_at, e.notified_at),
        seconds(r.recovered_at, e.gone_at),
        seconds(r.recovered_at, e.resolved_at),
        status,
    ]
    return "| " + " | ".join(cells) + " |"


def summary_table(results: Sequence[ScenarioResult]) -> list[str]:
    """The table: scenario, alert, tier → receiver, the four times, pass/fail."""
    lines = [
        "| scenario | expected alert | tier → receiver | detect (Prometheus) | detect (receiver) "
        "| resolve (Prometheus) | resolve (receiver) | result |",
        "| --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    for r in results:
        for i, e in enumerate(r.expects):
            lines.append(_expect_row(r, e, i == 0))
    return lines


def scenario_details(r: ScenarioResult) -> list[str]:
    """The fault, the deadlines, the profile note, failures and notes of one scenario."""
    s = r.scenario
    lines = [
        f"### {s.name}",
        "",
        f"- fault: {s.fault}",
        f"- deadlines: detect within {r.detect_bound or s.detect_deadline():.0f}s of the fault, "
        f"resolve within {s.resolve_deadline():.0f}s of recovery (batch {r.batch})",
    ]
    if s.profile:
        lines.append(f"- drill profile: {s.profile}")
    if s.tolerated:
        lines.append("- known consequences (not counted as unexpected): " + ", ".join(f"`{m}`" for m in s.tolerated))
    lines += [f"- note: {n}" for n in r.notes]
    lines += [f"- **FAIL**: {f}" for f in r.failures]
    return [*lines, ""]


def batch_details(b: BatchResult) -> list[str]:
    """Every alert that fired while the batch ran and which receivers got it; unexpected ones marked."""
    unexpected = set(b.unexpected())
    by_alert = receivers_by_alert(b.notices)
    keys = sorted(set(b.fired) | set(by_alert), key=lambda k: (k.name, str(k)))
    names = ", ".join(r.scenario.name for r in b.scenarios)
    lines = [f"### batch {b.number}: {names}", ""]
    if b.baseline:
        lines.append("Already firing when the batch started: " + ", ".join(f"`{k}`" for k in b.baseline) + "")
        lines.append("")
    if b.tolerated:
        lines += ["Caused by the drill profile itself: " + ", ".join(f"`{m}`" for m in b.tolerated), ""]
    lines += ["| alert | firing in Prometheus after | receivers notified | |", "| --- | --- | --- | --- |"]
    for k in keys:
        profile = any(m.matches(k) for m in b.tolerated)
        mark = "UNEXPECTED" if k in unexpected else ("baseline" if k in b.baseline else ("profile" if profile else ""))
        lines.append(
            f"| `{k}` | {seconds(b.started_at, b.fired.get(k))} | {', '.join(by_alert.get(k, [])) or '—'} | {mark} |"
        )
    return [*lines, ""]


def render(batches: Sequence[BatchResult], title: str = "Drill report", notes: Sequence[str] = ()) -> str:
    """The whole report."""
    results = [r for b in batches for r in b.scenarios]
    failed = [r.scenario.name for r in results if not r.passed]
    unexpected = [k for b in batches for k in b.unexpected()]
    verdict = "all drills passed" if not failed and not unexpected else "FAILED"
    lines = [
        f"# {title}",
        "",
        f"{time.strftime('%Y-%m-%d %H:%M:%S UTC', time.gmtime())}: {len(results)} scenarios in "
        f"{len(batches)} batches, {len(failed)} failed, {len(unexpected)} unexpected alerts: **{verdict}**.",
        "",
        *[f"{n}\n" for n in notes],
        "Times are from the fault (detect) or the recovery (resolve); receiver = the webhook sink.",
        "",
        *summary_table(results),
        "",
        "## Scenarios",
        "",
    ]
    for r in results:
        lines += scenario_details(r)
    lines += ["## Alerts per batch", ""]
    for b in batches:
        lines += batch_details(b)
    return "\n".join(lines).rstrip() + "\n"


def failed(batches: Sequence[BatchResult]) -> bool:
    """True if any scenario failed or any batch saw an unexpected alert."""
    return any(not r.passed for b in batches for r in b.scenarios) or any(b.unexpected() for b in batches)
