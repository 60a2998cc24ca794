"""The replication exporter's flags, environment and target list: the CLI edge.

Targets default to stack.yaml's ``postgres.primary`` and ``postgres.replicas``;
``--target NAME`` (repeatable) picks others, e.g. one target in a sidecar.
Each target's connection string comes from ``JIVS_REPLICATION_DSN_<NAME>``
(NAME upper-cased, ``-`` and ``.`` as ``_``) or the file in ``..._FILE``; with a
single target, ``JIVS_REPLICATION_DSN[_FILE]`` also works. libpq's own
variables (PGPASSWORD, PGPASSFILE, PGSSLMODE...) apply as usual.
"""

from __future__ import annotations

import argparse
import re
from collections.abc import Mapping, Sequence

from exporters.replication.collector import ReplicationTarget
from exporters.runtime.cli import Plugin, seconds
from exporters.runtime.exporter import ExporterSpec
from exporters.runtime.postgres import PgConnection
from exporters.runtime.secrets import Redactor, env_or_file
from exporters.runtime.target import Target
from jivsmon.config_model import StackConfig

SPEC = ExporterSpec(
    name="replication",
    namespace="jivs_replication",
    target_label="target",
    default_port=9560,
    description="PostgreSQL streaming replication: lag that is right on idle primaries and stuck replicas.",
)
ENV_HELP = """environment:
  JIVS_REPLICATION_DSN_<NAME>[_FILE]  libpq DSN or URI of target NAME (e.g. JIVS_REPLICATION_DSN_PG_PRIMARY)
  JIVS_REPLICATION_DSN[_FILE]         DSN when there is exactly one target (sidecar)
  PGPASSWORD, PGPASSFILE, ...         libpq's own variables
The role needs only pg_monitor (heartbeat mode also needs INSERT/UPDATE on the table)."""


def dsn_variable(name: str) -> str:
    """JIVS_REPLICATION_DSN_PG_REPLICA_1 for pg-replica-1."""
    return "JIVS_REPLICATION_DSN_" + re.sub(r"[^A-Za-z0-9]", "_", name).upper()


def add_flags(p: argparse.ArgumentParser) -> None:
    """The replication exporter's own flags."""
    p.add_argument(
        "--target",
        action="append",
        default=[],
        metavar="NAME",
        help="server to scrape (repeatable; default: primary and replicas of stack.yaml)",
    )
    p.add_argument(
        "--replicas.expected",
        default=None,
        metavar="A,B,C",
        help="application_names the primary should stream to (default: stack.yaml replicas)",
    )
    p.add_argument(
        "--heartbeat.table",
        default=None,
        metavar="[SCHEMA.]TABLE",
        help="heartbeat mode: write now() to this table on the primary, read it on standbys",
    )


def _names(args: argparse.Namespace, config: StackConfig | None) -> tuple[list[str], list[str]]:
    stack_replicas = [r.name for r in config.postgres.replicas] if config else []
    names = list(args.target) or ([config.postgres.primary, *stack_replicas] if config else [])
    if not names:
        raise ValueError("no targets: give --target NAME or a stack config with postgres.primary")
    given = getattr(args, "replicas.expected")
    expected = [n for n in given.split(",") if n] if given is not None else stack_replicas
    return names, expected


def make_targets(
    args: argparse.Namespace, config: StackConfig | None, env: Mapping[str, str], redactor: Redactor
) -> Sequence[Target]:
    """One ReplicationTarget per name, each with its own reusable connection."""
    names, expected = _names(args, config)
    redactor.add(env.get("PGPASSWORD"))
    timeout = seconds(getattr(args, "scrape.timeout"))
    targets: list[Target] = []
    for name in names:
        var = dsn_variable(name)
        dsn = env_or_file(env, var)
        if dsn is None and len(names) == 1:
            dsn = env_or_file(env, "JIVS_REPLICATION_DSN")
        if dsn is None:
            raise ValueError(f"target {name}: no connection string; set {var} or {var}_FILE")
        shown = redactor.add_dsn(dsn)
        conn = PgConnection(
            dsn,
            application_name="jivs-replication-exporter",
            statement_timeout_ms=int(timeout * 750),
            connect_timeout=max(2, int(timeout * 0.75)),
        )
        targets.append(ReplicationTarget(name, conn, expected, getattr(args, "heartbeat.table"), shown))
    return targets


PLUGIN = Plugin(spec=SPEC, add_flags=add_flags, targets=make_targets, env_help=ENV_HELP)
