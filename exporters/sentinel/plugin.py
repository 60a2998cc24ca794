"""The Sentinel exporter's command-line edge: its flags and environment variables, turned into targets.

Addresses come from ``--sentinel.addresses`` or ``JIVS_SENTINEL_ADDRESSES``;
the password only from ``JIVS_SENTINEL_PASSWORD`` or the file named by
``JIVS_SENTINEL_PASSWORD_FILE`` (never a flag: flags show in ``ps``).
"""

from __future__ import annotations

import argparse
import ssl
from collections.abc import Mapping, Sequence

from exporters.runtime.cli import Plugin, seconds
from exporters.runtime.secrets import Redactor, env_or_file
from exporters.runtime.target import Target
from exporters.sentinel.exporter import SPEC, Options, masters_agree, parse_address, targets
from jivsmon.config_model import StackConfig

ENV_HELP = """environment:
  JIVS_SENTINEL_ADDRESSES            comma-separated host:port list (when --sentinel.addresses is not given)
  JIVS_SENTINEL_USER                 ACL user (when --sentinel.user is not given)
  JIVS_SENTINEL_PASSWORD             password for AUTH, or
  JIVS_SENTINEL_PASSWORD_FILE        a file holding it (a mounted Kubernetes Secret)
"""


def add_flags(p: argparse.ArgumentParser) -> None:
    """The exporter's own flags."""
    g = p.add_argument_group("sentinel")
    g.add_argument("--sentinel.addresses", metavar="HOST:PORT,...", help="the Sentinels to scrape")
    g.add_argument("--sentinel.user", metavar="NAME", help="ACL user to AUTH as (password from the environment)")
    g.add_argument("--sentinel.timeout", default="2s", metavar="DURATION", help="per-command socket timeout")
    g.add_argument("--sentinel.tls", action="store_true", help="connect with TLS (Sentinel's tls-port)")
    g.add_argument("--sentinel.tls.ca-file", metavar="FILE", help="CA bundle to verify the Sentinel")
    g.add_argument("--sentinel.tls.cert-file", metavar="FILE", help="client certificate (tls-auth-clients)")
    g.add_argument("--sentinel.tls.key-file", metavar="FILE", help="client key")
    g.add_argument("--sentinel.tls.insecure-skip-verify", action="store_true", help="do not verify the certificate")
    g.add_argument(
        "--sentinel.watch-events",
        action=argparse.BooleanOptionalAction,
        default=True,
        help="subscribe to +switch-master to time failovers exactly (default: on)",
    )


def tls_context(args: argparse.Namespace) -> ssl.SSLContext | None:
    """The client TLS context the flags ask for, or None."""
    if not getattr(args, "sentinel.tls"):
        return None
    context = ssl.create_default_context(cafile=getattr(args, "sentinel.tls.ca_file"))
    cert, key = getattr(args, "sentinel.tls.cert_file"), getattr(args, "sentinel.tls.key_file")
    if bool(cert) != bool(key):
        raise ValueError("--sentinel.tls.cert-file and --sentinel.tls.key-file go together")
    if cert:
        context.load_cert_chain(cert, key)
    if getattr(args, "sentinel.tls.insecure_skip_verify"):
        context.check_hostname, context.verify_mode = False, ssl.CERT_NONE
    return context


def addresses(args: argparse.Namespace, env: Mapping[str, str]) -> list[str]:
    """The Sentinel addresses, validated; ValueError if none or one is malformed."""
    raw = getattr(args, "sentinel.addresses") or env.get("JIVS_SENTINEL_ADDRESSES", "")
    found = [a.strip() for a in raw.split(",") if a.strip()]
    if not found:
        raise ValueError("no Sentinel to scrape: set --sentinel.addresses or JIVS_SENTINEL_ADDRESSES")
    for address in found:
        parse_address(address)
    return found


def make_targets(
    args: argparse.Namespace, stack: StackConfig | None, env: Mapping[str, str], redactor: Redactor
) -> Sequence[Target]:
    """One SentinelTarget per address (the stack config names no Sentinel addresses, so it is unused)."""
    password = env_or_file(env, "JIVS_SENTINEL_PASSWORD")
    redactor.add(password)
    options = Options(
        timeout=seconds(getattr(args, "sentinel.timeout")),
        username=getattr(args, "sentinel.user") or env.get("JIVS_SENTINEL_USER"),
        password=password,
        tls=tls_context(args),
        watch=getattr(args, "sentinel.watch_events"),
    )
    return targets(addresses(args, env), options)


PLUGIN = Plugin(spec=SPEC, add_flags=add_flags, targets=make_targets, aggregate=masters_agree, env_help=ENV_HELP)
