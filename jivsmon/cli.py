"""The `jivsmon` command line: the only place that reads flags and environment variables.

Exit codes: 0 success, 1 a runtime failure (a check failed, a service refused),
2 bad input (the stack config or the command line), with one line per problem.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from dashboards.publish import cli as publish_cli
from exporters import cli as exporters_cli
from jivsmon import __version__
from jivsmon.build import CHECKS, build, render
from jivsmon.config import load_config
from jivsmon.config_model import StackConfig
from jivsmon.demo import cli as demo_cli
from jivsmon.errors import ConfigError, JivsmonError
from slo import cli as slo_cli

Handler = Callable[[argparse.Namespace], int]


def _config(args: argparse.Namespace) -> StackConfig:
    return load_config(args.config, args.overlay)


def cmd_build(args: argparse.Namespace) -> int:
    """Render everything into the build folder, atomically."""
    count = build(_config(args), Path(args.out))
    print(f"build: wrote {count} files to {args.out}/")
    return 0


def cmd_check(args: argparse.Namespace) -> int:
    """Validate the config, render in memory and run every check; write nothing."""
    config = _config(args)
    artifacts = render(config)
    failures = [f"{name}: {msg}" for name, check in CHECKS for msg in check(config, artifacts)]
    for line in failures:
        print(f"check: {line}", file=sys.stderr)
    print(f"check: config ok, {len(artifacts)} files render, {len(CHECKS)} checks, {len(failures)} problems")
    return 1 if failures else 0


def _add_build(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("build", help="render dashboards, rules, Alertmanager config, manifests into build/")
    p.add_argument("--out", default="build", help="output folder (default: build)")
    p.set_defaults(handler=cmd_build)


def _add_check(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("check", help="validate stack.yaml and check everything it renders; writes nothing")
    p.set_defaults(handler=cmd_check)


# Each capability adds its subcommands here, in the order `--help` lists them.
REGISTRARS: tuple[Callable[[argparse._SubParsersAction[argparse.ArgumentParser]], None], ...] = (
    _add_build,
    _add_check,
    publish_cli.register,
    demo_cli.register,
    exporters_cli.register,
    slo_cli.register,
)


def parser() -> argparse.ArgumentParser:
    """The full argument parser (also used to document the CLI)."""
    p = argparse.ArgumentParser(prog="jivsmon", description="Monitoring as code for the JIVS platform.")
    p.add_argument("--version", action="version", version=f"jivsmon {__version__}")
    p.add_argument(
        "--config",
        default=os.environ.get("JIVSMON_CONFIG", "stack.yaml"),
        help="stack description (default: $JIVSMON_CONFIG or stack.yaml)",
    )
    p.add_argument(
        "--overlay",
        action="append",
        default=[],
        metavar="FILE",
        help="YAML merged over the config, e.g. a drill profile (repeatable)",
    )
    sub = p.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for register in REGISTRARS:
        register(sub)
    return p


def main(argv: Sequence[str] | None = None) -> int:
    """Run the CLI; returns the exit code."""
    args = parser().parse_args(argv)
    handler: Handler = args.handler
    try:
        return handler(args)
    except ConfigError as exc:
        for problem in exc.problems:
            print(f"{args.config}: {problem}", file=sys.stderr)
        print(f"jivsmon: {len(exc.problems)} problem(s) in the config; nothing written", file=sys.stderr)
        return exc.exit_code
    except JivsmonError as exc:
        print(f"jivsmon: {exc}", file=sys.stderr)
        return exc.exit_code


if __name__ == "__main__":
    sys.exit(main())
