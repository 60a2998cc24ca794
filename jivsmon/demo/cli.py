"""`jivsmon demo up|down|status`: the CLI edge of the demo (state folder from flags or $JIVSMON_DEMO_DIR)."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from jivsmon.config import load_config
from jivsmon.demo.drills.cli import add_action as add_drill_action
from jivsmon.demo.panels import check_panels, table
from jivsmon.demo.state import DemoState, stop_all
from jivsmon.demo.up import summary, up
from jivsmon.services.prometheus import instant_query


def _root(args: argparse.Namespace) -> Path:
    return Path(args.state_dir).resolve()


def cmd_up(args: argparse.Namespace) -> int:
    """Start the demo and print where everything is."""
    state = up(
        Path(args.config), [Path(o) for o in args.overlay], _root(args), args.rate, lambda line: print(line, flush=True)
    )
    print(summary(state))
    return 0


def cmd_down(args: argparse.Namespace) -> int:
    """Stop every process the demo recorded."""
    stopped = stop_all(_root(args))
    print(f"demo: stopped {len(stopped)} processes" if stopped else "demo: nothing was running")
    return 0


def cmd_status(args: argparse.Namespace) -> int:
    """Print the running demo's summary; exit 1 when none runs."""
    state = DemoState.load(_root(args))
    if state is None or not state.running():
        print("demo: not running", file=sys.stderr)
        return 1
    print(summary(state))
    return 0


def cmd_panels(args: argparse.Namespace) -> int:
    """Run every panel query against the running demo's Prometheus; exit 1 on any dead panel."""
    state = DemoState.load(_root(args))
    if state is None or not state.running():
        print("demo: not running; start it with `make demo`", file=sys.stderr)
        return 2
    url = state.info["prometheus"][0]
    config = load_config(Path(args.config), [*map(Path, args.overlay), Path(state.info["config_overlay"])])
    results = check_panels(config, lambda expr: instant_query(url, expr))
    print(table(results))
    return 1 if any(r.dead for r in results) else 0


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add `demo` with its up/down/status actions."""
    demo = sub.add_parser("demo", help="run the whole stack and its monitoring on loopback (up/down/status)")
    demo.add_argument(
        "--state-dir",
        default=os.environ.get("JIVSMON_DEMO_DIR", ".state/demo"),
        help="folder for data, logs and state (default: $JIVSMON_DEMO_DIR or .state/demo)",
    )
    actions = demo.add_subparsers(dest="action", metavar="ACTION", required=True)
    start = actions.add_parser("up", help="start everything (refuses if a demo already runs)")
    start.add_argument("--rate", type=float, default=20.0, help="backend requests per second (default 20)")
    start.set_defaults(handler=cmd_up)
    actions.add_parser("down", help="stop everything the demo started").set_defaults(handler=cmd_down)
    actions.add_parser("status", help="show what runs and where").set_defaults(handler=cmd_status)
    actions.add_parser("panels", help="run every dashboard panel's queries; table of series per panel").set_defaults(
        handler=cmd_panels
    )
    add_drill_action(actions)
