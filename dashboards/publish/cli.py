"""`jivsmon publish`: the command-line edge of publishing, the only place that reads env and flags.

GRAFANA_URL overrides grafana.url from the stack config; the token comes
from --token-file, else GRAFANA_TOKEN. Exit codes: 0 all published, 1 some
dashboard failed or Grafana could not be used, 2 bad input (no token, bad URL).
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from dashboards.publish.client import GrafanaClient
from dashboards.publish.runner import Options, publish
from jivsmon.config import load_config
from jivsmon.config_model import StackConfig
from jivsmon.errors import JivsmonError

Models = Callable[[StackConfig], Sequence[dict[str, Any]]]
_URL = re.compile(r"^https?://[^\s/]+")


class PublishInputError(JivsmonError):
    """A missing or unusable token, URL or flag: bad input, exit code 2."""

    exit_code = 2


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the `publish` subcommand."""
    p = sub.add_parser(
        "publish",
        help="publish the dashboards to Grafana (GRAFANA_URL, GRAFANA_TOKEN or --token-file)",
    )
    p.add_argument(
        "--token-file", metavar="FILE", help="file holding the service-account token (default: $GRAFANA_TOKEN)"
    )
    p.add_argument("--dry-run", action="store_true", help="print a diff of what would change; change nothing")
    p.add_argument(
        "--force",
        action="store_true",
        help="overwrite or replace dashboards with our UID or title that we do not manage",
    )
    p.add_argument(
        "--prune", action="store_true", help="delete managed dashboards in the folder that are no longer defined"
    )
    p.add_argument("--timeout", type=float, default=10.0, help="seconds per request (default: 10)")
    p.add_argument(
        "--retries", type=int, default=3, help="retries on 5xx and timeouts, with exponential backoff (default: 3)"
    )
    p.set_defaults(handler=cmd_publish)


def cmd_publish(args: argparse.Namespace) -> int:
    """Handler of `jivsmon publish`."""
    config = load_config(args.config, args.overlay)
    return run(config, default_models, args, dict(os.environ), print_line)


def default_models(config: StackConfig) -> Sequence[dict[str, Any]]:
    """The 15 dashboards as normalised Grafana JSON, from the dashboard build."""
    from dashboards.build import dashboard_models  # imported late: the build pulls in grafanalib

    return dashboard_models(config)


def run(
    config: StackConfig,
    models: Models,
    args: argparse.Namespace,
    env: dict[str, str],
    out: Callable[[str], None],
) -> int:
    """Publish with the given environment; returns the exit code."""
    url = grafana_url(config, env)
    token = read_token(args.token_file, env)
    if args.timeout <= 0 or args.retries < 0:
        raise PublishInputError("--timeout must be > 0 and --retries >= 0")
    options = Options(
        folder_uid=config.grafana.folder_uid,
        folder_title=config.grafana.folder_title,
        message=commit_message(git_revision()),
        dry_run=args.dry_run,
        force=args.force,
        prune=args.prune,
    )
    dashboards = list(models(config))  # built before any request: a broken build touches nothing
    client = GrafanaClient(url, token, timeout=args.timeout, retries=args.retries)
    try:
        summary = publish(client, dashboards, options, out)
    finally:
        client.close()
    return 1 if summary.failed else 0


def grafana_url(config: StackConfig, env: dict[str, str]) -> str:
    """GRAFANA_URL if set, else grafana.url from the config; must be http(s)."""
    url = env.get("GRAFANA_URL") or config.grafana.url
    if not _URL.match(url):
        raise PublishInputError(f"Grafana URL {url!r} is not an http:// or https:// URL")
    return url


def read_token(token_file: str | None, env: dict[str, str]) -> str:
    """The token from --token-file, else GRAFANA_TOKEN; never echoed."""
    if token_file:
        try:
            token = Path(token_file).read_text(encoding="utf-8").strip()
        except OSError as exc:
            raise PublishInputError(f"--token-file {token_file}: cannot read: {exc.strerror}") from None
        if not token:
            raise PublishInputError(f"--token-file {token_file} is empty")
        if any(c.isspace() for c in token):
            raise PublishInputError(f"--token-file {token_file} holds more than one word")
        return token
    token = env.get("GRAFANA_TOKEN", "").strip()
    if not token:
        raise PublishInputError(
            "no Grafana token: set GRAFANA_TOKEN or pass --token-file FILE "
            "(a service-account token with the Editor role)"
        )
    return token


def git_revision() -> str | None:
    """`git rev-parse --short HEAD`, or None when there is no git or no repository."""
    try:
        done = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"],
            capture_output=True,
            text=True,
            timeout=5,
            check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    rev = done.stdout.strip()
    return rev if done.returncode == 0 and rev else None


def commit_message(revision: str | None) -> str:
    """The version-history message Grafana stores with every save."""
    where = f"git {revision}" if revision else "an unknown git revision"
    return f"Published by jivs-monitoring (jivsmon publish) from {where}"


def print_line(line: str) -> None:
    """Progress output: one line per dashboard, flushed so CI logs show it live."""
    print(line, file=sys.stdout, flush=True)
