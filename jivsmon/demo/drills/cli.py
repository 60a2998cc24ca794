"""`jivsmon demo drill`: the CLI edge of the drills (which scenarios, which demo, where the report goes).

With a demo running in the state folder the drills use it; otherwise they
start one with the given config and overlays (`make drill` passes the drill
profile) and stop it afterwards. Exit 0 when every drill passed, 1 when one
failed or an unexpected alert fired, 2 when the drills could not run.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from jivsmon.config import load_config
from jivsmon.demo.drills.handle import Demo
from jivsmon.demo.drills.report import failed, render
from jivsmon.demo.drills.runner import Options, rules_differ, run
from jivsmon.demo.drills.scenarios import batches, catalogue, check_profile, profile_consequences, select
from jivsmon.demo.state import DemoState, stop_all
from jivsmon.demo.up import up
from jivsmon.errors import JivsmonError

PROFILE = Path(__file__).with_name("drill-profile.yaml")
REPORT = "drill-report.md"


def log(line: str) -> None:
    """Progress goes to stderr; stdout carries the report."""
    print(line, file=sys.stderr, flush=True)


def wait_ready(demo: Demo, timeout: float = 180.0) -> None:
    """Wait until every scrape target is up (a fresh demo needs a few scrapes)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        ups = [r["value"][1] for r in demo.query("up")]
        if len(ups) >= 20 and all(v == "1" for v in ups):
            return
        time.sleep(5)
    raise JivsmonError(f"the demo's scrape targets were not all up after {timeout:.0f}s")


def open_demo(config_path: Path, overlays: list[Path], state: DemoState) -> Demo:
    """A handle on the running demo with the config it was built from; error if it runs another profile."""
    config = load_config(config_path, [*overlays, Path(state.info["config_overlay"])])
    demo = Demo(state, config)
    differ = rules_differ(demo)
    if differ:
        raise JivsmonError(
            f"the running demo loaded other rules than this config renders ({', '.join(differ)}): it was started "
            "with another profile; stop it (make demo-down) and run `make drill`, or pass the same --overlay"
        )
    return demo


def drill(
    config_path: Path, overlays: list[Path], root: Path, names: list[str], wait_notice: bool, report: Path | None
) -> int:
    """Run the drills (starting a demo if none runs); print and save the report; the exit code."""
    state = DemoState.load(root)
    started = state is None or not state.running()
    if started:
        log(f"drill: no demo running in {root}; starting one")
        state = up(config_path, overlays, root, rate=20.0, log=log)
    assert state is not None
    try:
        demo = open_demo(config_path, overlays, state)
        scenarios = select(catalogue(demo.config), names)
        problems = check_profile(scenarios)
        if problems:
            raise JivsmonError("; ".join(problems))
        wait_ready(demo)
        opts = Options(wait_resolved_notice=wait_notice, log=log, tolerated=profile_consequences(demo.config))
        results = run(demo, batches(scenarios), opts)
    finally:
        if started:
            log(f"drill: stopped the demo it started ({len(stop_all(root))} processes)")
    notes = [f"Config: {config_path}" + "".join(f" + {o}" for o in overlays) + "."]
    text = render(results, notes=notes)
    target = report or root / REPORT
    target.write_text(text)
    print(text)
    log(f"drill: report written to {target}")
    return 1 if failed(results) else 0


def cmd_drill(args: argparse.Namespace) -> int:
    """The `demo drill` handler."""
    try:
        return drill(
            Path(args.config),
            [Path(o) for o in args.overlay],
            Path(args.state_dir).resolve(),
            list(args.scenario),
            not args.no_resolved_notice,
            Path(args.report) if args.report else None,
        )
    except JivsmonError as exc:
        print(f"drill: {exc}", file=sys.stderr)
        return 2


def add_action(actions: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add `drill` to the demo's actions."""
    p = actions.add_parser(
        "drill", help="inject real faults and check the alerts fire at the right receiver, then resolve"
    )
    p.add_argument(
        "--scenario", action="append", default=[], metavar="NAME", help="run only this scenario (repeatable)"
    )
    p.add_argument(
        "--no-resolved-notice",
        action="store_true",
        help="count an alert as resolved once Prometheus drops it, without waiting for the resolved notification",
    )
    p.add_argument("--report", help=f"where to write the Markdown report (default: <state-dir>/{REPORT})")
    p.set_defaults(handler=cmd_drill)
