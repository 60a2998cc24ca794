"""``jivsmon exporter <name> [flags]``: runs one of our exporters; each parses its own flags.

An exporter joins by adding its module name to EXPORTERS; the module (a
package ``exporters/<name>/`` or ``exporters/<name>.py``) exposes ``PLUGIN``.
It is imported only when run, so one half-built exporter cannot break another.
"""

from __future__ import annotations

import argparse
import importlib

from exporters.runtime.cli import Plugin, main

EXPORTERS = ("replication", "backup", "sentinel")


def plugin(name: str) -> Plugin:
    """The named exporter's Plugin."""
    found: Plugin = importlib.import_module(f"exporters.{name}").PLUGIN
    return found


def cmd_exporter(args: argparse.Namespace) -> int:
    """Run the exporter until SIGTERM; the stack config path is passed on."""
    argv = list(args.exporter_args)
    if not any(a == "--config" or a.startswith("--config=") for a in argv):
        argv = ["--config", args.config, *argv]
    return main(plugin(args.exporter), argv)


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add ``exporter`` to the jivsmon CLI."""
    p = sub.add_parser(
        "exporter", help="run one of our Prometheus exporters (see: exporter NAME --help)", add_help=True
    )
    p.add_argument("exporter", choices=EXPORTERS, help="which exporter")
    p.add_argument("exporter_args", nargs=argparse.REMAINDER, help="its flags (NAME --help lists them)")
    p.set_defaults(handler=cmd_exporter)
