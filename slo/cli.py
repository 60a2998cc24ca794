"""`jivsmon slo report`: flags and environment are read here, and only here.

Exit codes: 0 every SLO within budget; 1 a budget is breached (or --min-remaining /
--fail-on-risk is crossed); 2 a figure could not be computed (Prometheus
unreachable, a query failed, an SLO without data) or bad input.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from datetime import datetime
from pathlib import Path

from jivsmon.config import load_config
from jivsmon.errors import JivsmonError
from slo import render
from slo.budget import Policy
from slo.chart import burn_down_png
from slo.prometheus_api import Auth, PrometheusAPI
from slo.report import burn_down, exit_code, report
from slo.spec import load_specs

FORMATS = ("table", "markdown", "json", "junit")


class BadInput(JivsmonError):
    """A flag or a file named by a flag is wrong (exit 2, like a bad config)."""

    exit_code = 2


def parse_at(text: str | None) -> float:
    """--at: Unix seconds or RFC 3339 (``2026-12-01T00:00:00Z``); default now, read once."""
    if not text:
        return time.time()
    try:
        return float(text)
    except ValueError:
        pass
    try:
        return datetime.fromisoformat(text.replace("Z", "+00:00")).timestamp()
    except ValueError:
        raise BadInput(f"--at {text!r}: expected Unix seconds or RFC 3339") from None


def _secret(path: str | None, env: str) -> str | None:
    if path:
        try:
            return Path(path).read_text(encoding="utf-8").strip()
        except OSError as exc:
            raise BadInput(f"{path}: cannot read: {exc.strerror}") from None
    return os.environ.get(env) or None


def cmd_report(args: argparse.Namespace) -> int:
    """Compute the report, write every requested output, return the documented exit code."""
    config = load_config(args.config, args.overlay)
    specs = load_specs(config, [Path(p) for p in args.spec])
    at = parse_at(args.at)
    auth = Auth(
        bearer_token=_secret(args.bearer_token_file, "JIVSMON_PROMETHEUS_TOKEN"),
        basic_user=args.basic_user,
        basic_password=_secret(None, "JIVSMON_PROMETHEUS_PASSWORD"),
        ca_file=args.ca_file,
        org_id=args.org_id,
    )
    api = PrometheusAPI(args.url or config.prometheus.url, auth, timeout=args.timeout)
    policy = Policy(at_risk_remaining=args.at_risk_remaining)
    results = report(api, specs, at, raw=args.raw, policy=policy)
    code = exit_code(results, args.min_remaining, args.fail_on_risk)
    texts = {
        "table": lambda: render.table(results, at),
        "markdown": lambda: render.markdown(results, at),
        "json": lambda: render.json_report(results, at, code),
        "junit": lambda: render.junit(results, at),
    }
    sys.stdout.write(texts[args.format]())
    for fmt, target in (("markdown", args.markdown), ("json", args.json), ("junit", args.junit)):
        if target:
            Path(target).write_text(texts[fmt](), encoding="utf-8")
    summary = os.environ.get("GITHUB_STEP_SUMMARY")
    if summary:
        with open(summary, "a", encoding="utf-8") as out:
            out.write(render.markdown(results, at))
    if args.png_dir:
        for r in results:
            if r.counts is not None:
                burn_down_png(r, burn_down(api, r), Path(args.png_dir) / f"slo-{r.spec.name}.png")
    print(f"slo report: {len(results)} SLOs, {api.queries} queries, exit {code}", file=sys.stderr)
    return code


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add `jivsmon slo report`."""
    slo = sub.add_parser("slo", help="SLOs and error budgets")
    slo_sub = slo.add_subparsers(dest="slo_command", metavar="SUBCOMMAND", required=True)
    p = slo_sub.add_parser(
        "report", help="error budgets of every SLO at one timestamp (exit 0 ok, 1 budget breached, 2 could not compute)"
    )
    p.add_argument("--url", help="Prometheus-compatible API base URL (default: prometheus.url of the config)")
    p.add_argument("--at", help="evaluation time, Unix seconds or RFC 3339 (default: now)")
    p.add_argument("--raw", action="store_true", help="query the raw counters, not the recording rules")
    p.add_argument(
        "--spec",
        action="append",
        default=[],
        metavar="FILE",
        help="extra SLOs: OpenSLO v1 documents or a native `slos:` list (repeatable)",
    )
    p.add_argument("--format", choices=FORMATS, default="table", help="what to print (default: table)")
    p.add_argument("--markdown", metavar="FILE", help="also write Markdown here")
    p.add_argument("--json", metavar="FILE", help="also write JSON here")
    p.add_argument("--junit", metavar="FILE", help="also write JUnit XML here")
    p.add_argument("--png-dir", metavar="DIR", help="write a burn-down chart per SLO here")
    p.add_argument(
        "--min-remaining",
        type=float,
        metavar="RATIO",
        help="policy: exit 1 if any SLO has less budget left than this (e.g. 0.1)",
    )
    p.add_argument(
        "--at-risk-remaining",
        type=float,
        default=0.25,
        metavar="RATIO",
        help="status 'at risk' below this much budget left (default 0.25)",
    )
    p.add_argument("--fail-on-risk", action="store_true", help="policy: exit 1 on 'at risk' too")
    p.add_argument("--bearer-token-file", metavar="FILE", help="bearer token file (else $JIVSMON_PROMETHEUS_TOKEN)")
    p.add_argument("--basic-user", help="basic auth user; password from $JIVSMON_PROMETHEUS_PASSWORD")
    p.add_argument("--ca-file", metavar="FILE", help="CA bundle to verify the server with")
    p.add_argument("--org-id", help="tenant, sent as X-Scope-OrgID (Mimir, Cortex, Thanos receive)")
    p.add_argument("--timeout", type=float, default=30.0, help="seconds per query (default 30)")
    p.set_defaults(handler=cmd_report)
