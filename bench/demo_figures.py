"""Demo figures: rule group evaluation time vs interval, and the query cost of each dashboard.

Uses the demo running in --state-dir (default $JIVSMON_DEMO_DIR or .state/demo)
or, if none runs, starts one in a temporary folder and stops it afterwards.
Rule groups are read from ``prometheus_rule_group_last_duration_seconds``
(and its max over --window) on the demo Prometheus; each dashboard's cost is
the wall time of running all its panel queries once, in order, through the
same path as `jivsmon demo panels`. Prints two Markdown tables.

    PYTHONPATH=. .venv/bin/python bench/demo_figures.py [--rounds 3] [--window 10m]
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import tempfile
import time
from pathlib import Path

from dashboards import DASHBOARDS
from dashboards.build import dashboard_models
from dashboards.inspect import data_panels, substitute
from jivsmon.config import load_config
from jivsmon.demo.drills.cli import wait_ready
from jivsmon.demo.drills.handle import Demo
from jivsmon.demo.state import DemoState, stop_all
from jivsmon.demo.up import up
from jivsmon.services.prometheus import instant_query

REPO = Path(__file__).resolve().parents[1]


def _by_group(url: str, expr: str) -> dict[tuple[str, str], float]:
    """Values of expr keyed by (rule group name, Prometheus instance)."""
    return {
        (r["metric"]["rule_group"].split(";", 1)[-1], r["metric"]["instance"]): float(r["value"][1])
        for r in instant_query(url, expr)
    }


def rule_groups(url: str, window: str) -> list[str]:
    """Markdown rows per group and HA instance: rules, interval, last and max evaluation, share of interval."""
    metric = "prometheus_rule_group_last_duration_seconds"
    last = _by_group(url, metric)
    worst = _by_group(url, f"max_over_time({metric}[{window}])")
    interval = _by_group(url, "prometheus_rule_group_interval_seconds")
    rules = _by_group(url, "prometheus_rule_group_rules")
    rows = []
    for key in sorted(last, key=lambda k: (-worst.get(k, 0.0), k)):
        every, peak = interval.get(key, float("nan")), worst.get(key, float("nan"))
        rows.append(
            f"| {key[0]} | {key[1]} | {rules.get(key, 0):.0f} | {every:.0f}s | {last[key] * 1000:.2f} ms "
            f"| {peak * 1000:.2f} ms | {peak / every:.4%} |"
        )
    return rows


def dashboard_queries(demo: Demo) -> dict[str, list[str]]:
    """Every panel query of each dashboard, variables substituted as `jivsmon demo panels` does."""
    out: dict[str, list[str]] = {}
    for module, model in zip(DASHBOARDS, dashboard_models(demo.config), strict=True):
        out[module.SLUG] = [
            substitute(t["expr"]) for panel in data_panels(model) for t in panel.get("targets", []) if t.get("expr")
        ]
    return out


def dashboard_costs(demo: Demo, rounds: int) -> list[str]:
    """Markdown rows: dashboard, queries, series, median and worst wall time to run all its queries once."""
    rows = []
    costs = []
    for slug, exprs in dashboard_queries(demo).items():
        spent, series = [], 0
        for _ in range(rounds):
            began = time.perf_counter()
            series = sum(len(demo.query(expr)) for expr in exprs)
            spent.append(time.perf_counter() - began)
        costs.append((statistics.median(spent), slug, len(exprs), series, max(spent)))
    for median, slug, count, series, worst in sorted(costs, reverse=True):
        rows.append(f"| {slug} | {count} | {series} | {median * 1000:.0f} ms | {worst * 1000:.0f} ms |")
    total = sum(c[0] for c in costs)
    rows.append(f"| **all 15** | {sum(c[2] for c in costs)} | {sum(c[3] for c in costs)} | {total * 1000:.0f} ms | |")
    return rows


def figures(demo: Demo, rounds: int, window: str) -> str:
    """Both tables."""
    lines = [
        f"Rule groups on {demo.prometheus} (max over {window}):",
        "",
        "| rule group | Prometheus | rules | interval | last evaluation | max evaluation | max share of interval |",
        "|---|---|---|---|---|---|---|",
        *rule_groups(demo.prometheus, window),
        "",
        f"Dashboard query cost (all panel queries run one after another, {rounds} rounds):",
        "",
        "| dashboard | queries | series | median | worst |",
        "|---|---|---|---|---|",
        *dashboard_costs(demo, rounds),
    ]
    return "\n".join(lines)


def main() -> int:
    """Print the figures for the running demo, or a demo started for the purpose."""
    args = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    args.add_argument("--state-dir", default=os.environ.get("JIVSMON_DEMO_DIR", ".state/demo"))
    args.add_argument("--config", default=str(REPO / "stack.yaml"))
    args.add_argument("--rounds", type=int, default=3)
    args.add_argument("--window", default="10m", help="range for the worst rule group evaluation")
    args.add_argument("--warmup", type=float, default=330.0, help="seconds to let a demo started here run first")
    opts = args.parse_args()
    root = Path(opts.state_dir).resolve()
    state = DemoState.load(root)
    parent = None
    if state is None or not state.running():
        parent = Path(tempfile.mkdtemp(prefix="jivs-demo-bench-"))
        parent.chmod(0o755)  # the postgres OS user must reach the data folders below
        root = parent / "state"
        state = up(Path(opts.config), [], root, rate=20.0, log=print)
    try:
        demo = Demo(state, load_config(Path(opts.config), [Path(state.info["config_overlay"])]))
        wait_ready(demo)
        if parent is not None:  # the 5-minute SLO groups must have run before their figures mean anything
            time.sleep(opts.warmup)
        print(figures(demo, opts.rounds, opts.window))
    finally:
        if parent is not None:
            stop_all(root)
            shutil.rmtree(parent, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
