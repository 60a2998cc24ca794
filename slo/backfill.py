"""Backfill history into a Prometheus data folder: raw OpenMetrics and recording-rule results.

``promtool tsdb create-blocks-from rules`` (2.42 has it) writes one 2-hour block
per rule and time slice: 3072 blocks for 4 SLOs over 32 days, 70 s on 2 cores.
Instead each recording rule is evaluated by the same PromQL engine as one
``query_range`` with the rule group's interval as step (the same timestamps a
rule group would use), written as OpenMetrics and imported in one go into a
handful of blocks. Only rules that read raw series can be backfilled this way
(like promtool's), which is all the 5-minute budget group holds.
"""

from __future__ import annotations

import subprocess
from collections.abc import Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

import requests

from jivsmon.durations import Duration

MAX_POINTS = 10_000  # Prometheus refuses more than 11,000 points per series in one range query
BLOCK_SPAN = "8760h"  # promtool's hidden --max-block-duration: few large blocks, not one per 2 h


def import_openmetrics(lines: Iterable[str], workdir: Path, data_dir: Path) -> None:
    """Write lines to an OpenMetrics file and turn it into TSDB blocks in data_dir."""
    source = workdir / f"import-{len(list(workdir.glob('import-*.om')))}.om"
    with source.open("w", encoding="utf-8") as out:
        out.writelines(lines)
    data_dir.mkdir(parents=True, exist_ok=True)
    proc = subprocess.run(
        [
            "promtool",
            "tsdb",
            "create-blocks-from",
            "openmetrics",
            "-q",
            f"--max-block-duration={BLOCK_SPAN}",
            str(source),
            str(data_dir),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    if proc.returncode != 0:
        raise RuntimeError(f"promtool create-blocks-from openmetrics failed: {proc.stderr[-2000:]}")
    source.unlink()


def query_range(url: str, expr: str, start: float, end: float, step: float) -> list[dict[str, Any]]:
    """A range query, split so no request asks for more than MAX_POINTS points per series."""
    out: dict[tuple[tuple[str, str], ...], dict[str, Any]] = {}
    t = start
    while t <= end:
        stop = min(end, t + step * (MAX_POINTS - 1))
        params: dict[str, str | float] = {"query": expr, "start": t, "end": stop, "step": step}
        resp = requests.get(f"{url}/api/v1/query_range", params=params, timeout=300)
        body = resp.json()
        if body.get("status") != "success":
            raise RuntimeError(f"query_range {expr!r}: {body.get('error', resp.text)}")
        for series in body["data"]["result"]:
            key = tuple(sorted(series["metric"].items()))
            out.setdefault(key, {"metric": series["metric"], "values": []})["values"] += series["values"]
        t = stop + step
    return list(out.values())


def recording_rule_lines(url: str, groups: Sequence[Mapping[str, Any]], start: float, end: float) -> Iterator[str]:
    """OpenMetrics lines of every recording rule of the groups, evaluated on their own grid."""
    by_name: dict[str, list[str]] = {}
    for group in groups:
        step = Duration.parse(str(group.get("interval", "1m"))).seconds
        first = start + step - start % step  # the group's grid, like Prometheus' aligned evaluation
        for rule in group["rules"]:
            if "record" not in rule:
                continue
            for series in query_range(url, rule["expr"], first, end, step):
                labels = {**series["metric"], **rule.get("labels", {})}
                inner = ",".join(f'{k}="{v}"' for k, v in sorted(labels.items()) if k != "__name__")
                by_name.setdefault(rule["record"], []).extend(
                    f"{rule['record']}{{{inner}}} {value} {ts}\n"
                    for ts, value in series["values"]
                    if value not in ("NaN", "+Inf", "-Inf")
                )
    for name, lines in by_name.items():
        yield f"# TYPE {name} gauge\n"
        yield from lines
    yield "# EOF\n"
