"""The runtime's command-line edge: common flags, env fallbacks, startup, SIGTERM shutdown.

Every common flag can also be set by an environment variable named after the
exporter's namespace and the flag, e.g. ``--web.listen-address`` of the
replication exporter is ``JIVS_REPLICATION_WEB_LISTEN_ADDRESS``. A flag given
on the command line wins over the variable.
"""

from __future__ import annotations

import argparse
import logging
import os
import signal
import threading
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from types import FrameType

from exporters.runtime import logs, webconfig
from exporters.runtime.exporter import Aggregate, Exporter, ExporterSpec
from exporters.runtime.http import MetricsServer
from exporters.runtime.secrets import Redactor
from exporters.runtime.target import Target
from jivsmon.config_model import StackConfig
from jivsmon.durations import Duration
from jivsmon.errors import JivsmonError

log = logging.getLogger("exporters.runtime")

# (args, stack config or None, environment, redactor) -> targets. Raise ValueError on bad input.
TargetFactory = Callable[[argparse.Namespace, StackConfig | None, Mapping[str, str], Redactor], Sequence[Target]]


@dataclass(frozen=True)
class Plugin:
    """What an exporter module gives the runtime: names, its own flags, how to build its targets."""

    spec: ExporterSpec
    add_flags: Callable[[argparse.ArgumentParser], None]
    targets: TargetFactory
    aggregate: Aggregate | None = None
    env_help: str = ""  # the environment variables it reads, for --help


def env_name(spec: ExporterSpec, flag: str) -> str:
    """The variable that supplies a flag's default: JIVS_REPLICATION_WEB_LISTEN_ADDRESS."""
    return (spec.namespace + "_" + flag.lstrip("-")).upper().replace(".", "_").replace("-", "_")


def seconds(text: str) -> float:
    """A positive timeout: ``4s``, ``500ms`` or plain seconds."""
    try:
        value = float(text)
    except ValueError:
        value = Duration.parse(text).seconds
    if value <= 0:
        raise argparse.ArgumentTypeError(f"{text!r}: must be positive")
    return value


def listen_address(text: str) -> tuple[str, int]:
    """``host:port`` (IPv6 hosts in brackets)."""
    host, sep, port = text.rpartition(":")
    if not sep or not port.isdigit():
        raise argparse.ArgumentTypeError(f"{text!r}: expected host:port")
    return host.strip("[]") or "0.0.0.0", int(port)


def parser(plugin: Plugin, env: Mapping[str, str]) -> argparse.ArgumentParser:
    """Common flags plus the plugin's own."""
    spec = plugin.spec
    p = argparse.ArgumentParser(
        prog=f"jivsmon exporter {spec.name}",
        description=spec.description,
        epilog=plugin.env_help,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )

    def flag(name: str, default: str | None, help: str, **kw: object) -> None:
        var = env_name(spec, name)
        p.add_argument(name, default=env.get(var, default), help=f"{help} (env {var})", **kw)  # type: ignore[arg-type]

    flag("--web.listen-address", f"127.0.0.1:{spec.default_port}", "address to serve on", metavar="HOST:PORT")
    flag("--web.config.file", None, "exporter-toolkit web config: TLS and basic auth", metavar="FILE")
    flag("--scrape.timeout", "4s", "deadline for collecting all targets in one scrape", metavar="DURATION")
    flag("--log.format", "logfmt", "logfmt or json", choices=logs.FORMATS)
    flag("--log.level", "info", "debug, info, warn or error", choices=logs.LEVELS)
    p.add_argument(
        "--config",
        default=env.get("JIVSMON_CONFIG", "stack.yaml"),
        help="stack description giving the targets' names (env JIVSMON_CONFIG)",
    )
    plugin.add_flags(p)
    return p


def _stack(path: str) -> StackConfig | None:
    if not Path(path).exists():
        return None
    from jivsmon.config import load_config  # jsonschema is heavy: load it only when there is a file

    return load_config(path)


def build(
    plugin: Plugin, args: argparse.Namespace, env: Mapping[str, str], redactor: Redactor
) -> tuple[Exporter, MetricsServer]:
    """Exporter and (unstarted) server from parsed args; ValueError/JivsmonError on bad input."""
    timeout = seconds(getattr(args, "scrape.timeout"))
    targets = plugin.targets(args, _stack(args.config), env, redactor)
    web_file = getattr(args, "web.config.file")
    web = webconfig.load(Path(web_file)) if web_file else webconfig.WebConfig()
    exporter = Exporter(plugin.spec, targets, timeout, plugin.aggregate, redactor)
    server = MetricsServer(exporter, listen_address(getattr(args, "web.listen_address")), web)
    return exporter, server


def main(plugin: Plugin, argv: Sequence[str] | None = None, env: Mapping[str, str] | None = None) -> int:
    """Run the exporter until SIGTERM or SIGINT; 0 on a clean stop, 2 on bad input, 1 if it cannot serve."""
    env = dict(os.environ if env is None else env)
    args = parser(plugin, env).parse_args(argv)
    redactor = Redactor()
    logs.configure(getattr(args, "log.format"), getattr(args, "log.level"), redactor)
    try:
        exporter, server = build(plugin, args, env, redactor)
    except (ValueError, argparse.ArgumentTypeError, JivsmonError) as exc:
        log.error("bad configuration", extra={"fields": {"err": redactor.scrub(str(exc))}})
        return 2
    except OSError as exc:
        log.error("cannot listen", extra={"fields": {"err": str(exc)}})
        return 1
    stop = threading.Event()

    def on_signal(signum: int, frame: FrameType | None) -> None:
        stop.set()

    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)
    server.start()
    log.info(
        "listening",
        extra={
            "fields": {
                "exporter": plugin.spec.name,
                "url": server.url,
                "targets": ",".join(s.target.name for s in exporter.slots),
            }
        },
    )
    while not stop.wait(1.0):
        pass
    log.info("shutting down", extra={"fields": {"exporter": plugin.spec.name}})
    server.stop(grace=exporter.timeout + 1.0)
    exporter.close()
    log.info("stopped", extra={"fields": {"exporter": plugin.spec.name}})
    return 0
