"""The metrics reference docs/exporters/sentinel.md, generated from the catalogue and the notes below.

Run ``python -m exporters.sentinel.reference --write`` after changing a metric;
a test fails while the committed file differs from ``render()``.
"""

from __future__ import annotations

import sys
from pathlib import Path

from exporters.runtime import reference
from exporters.sentinel.exporter import SPEC
from exporters.sentinel.plugin import ENV_HELP
from jivsmon.catalogue import jivs_sentinel

DOC = Path(__file__).resolve().parents[2] / "docs" / "exporters" / "sentinel.md"
P = "jivs_sentinel_"

# Everything the exporter sends; the password is appended (``>secret`` or ``#<sha256>``).
MINIMAL_ACL = (
    "user jivs-exporter on resetchannels &+switch-master -@all +ping +info +subscribe "
    "+sentinel|masters +sentinel|get-master-addr-by-name +sentinel|replicas +sentinel|sentinels "
    "+sentinel|ckquorum"
)

NOTES = {
    P + "up": "0 when the Sentinel refused AUTH, closed the connection or overran the scrape timeout.",
    P + "scrape_duration_seconds": "Wall time of the Sentinel's collection (the timeout if it overran).",
    P + "collector_success": (
        "Collectors: `sentinel` (INFO), `masters` (SENTINEL MASTERS), `master:<name>` (the per-master "
        "commands). 0 = an error reply, e.g. the ACL lacks a command."
    ),
    P + "tilt": "`INFO sentinel` sentinel_tilt. In TILT mode a Sentinel acts on nothing.",
    P + "running_scripts": "`INFO sentinel` sentinel_running_scripts (notification/reconfig scripts).",
    P + "master_info": (
        "`SENTINEL GET-MASTER-ADDR-BY-NAME`: what clients are told. On the failover leader it moves to the "
        "promoted replica before `SENTINEL MASTERS` does. Value 1."
    ),
    P + "masters_agree": (
        "Computed across the Sentinels this exporter scraped in the same scrape; unreachable ones have no "
        "say. 0 for a second or so during every failover while the news spreads: alert with `for:`. A "
        "sidecar that scrapes one Sentinel always says 1; across sidecars use "
        "`count by (master) (count by (master, address) (jivs_sentinel_master_info)) > 1`."
    ),
    P + "master_status": "From the master's flags: `o_down` if set, else `s_down` if set, else `ok`.",
    P + "master_quorum": "`SENTINEL MASTERS` quorum.",
    P + "master_ckquorum": (
        "`SENTINEL CKQUORUM`: 1 on OK, 0 on an error reply; the reason (e.g. NOQUORUM) is logged when the "
        "verdict changes."
    ),
    P + "master_sentinels": "`num-other-sentinels` + 1.",
    P + "master_sentinels_ok": (
        "1 + peers from `SENTINEL SENTINELS` without `s_down`/`o_down` (the voters CKQUORUM counts)."
    ),
    P + "master_replicas": "Entries of `SENTINEL REPLICAS` (a failed old master shows up here, down).",
    P + "master_replicas_ok": (
        "Replicas without `s_down`/`o_down`/`disconnected` whose `master-link-status` is `ok`. Sentinel "
        "refreshes a replica's INFO every 10 s, so this lags by up to that."
    ),
    P + "master_failover_in_progress": (
        "Master flag `failover_in_progress`; only the Sentinel leading the failover sets it, so use `max by (master)`."
    ),
    P + "master_config_epoch": "`SENTINEL MASTERS` config-epoch.",
    P + "master_failovers_total": (
        "Kept by the exporter since it started: a config-epoch rise or `+switch-master` events (a thread "
        "subscribed per Sentinel), one failover counted once whichever comes first; several events "
        "between scrapes count as several. The first reading is the baseline."
    ),
    P + "master_last_failover_timestamp_seconds": (
        "Time of the last `+switch-master` received, or of the scrape that saw the epoch rise; 0 = none "
        "since the exporter started."
    ),
    P + "master_last_ok_ping_reply_timestamp_seconds": (
        "Scrape time minus `last-ok-ping-reply` (ms ago). `time() - this` is the age."
    ),
    P + "master_down_after_seconds": "`down-after-milliseconds` / 1000.",
    P + "master_failover_timeout_seconds": "`failover-timeout` / 1000.",
    P + "master_parallel_syncs": "`parallel-syncs`.",
}

ACL_TEXT = f"""## Minimal ACL

The exporter sends only AUTH, PING, INFO, SUBSCRIBE `+switch-master` and five
read-only SENTINEL subcommands. In `sentinel.conf` (Redis 6.2+; tested on 7.0):

```
{MINIMAL_ACL} >CHANGE-ME
```

or at runtime `ACL SETUSER` with the same rules (then `SENTINEL CONFIG REWRITE`
is not needed: Sentinel persists ACL users in its config). Prefer `#<sha256>`
over `>password`. Without `+sentinel|ckquorum` only the per-master collector
fails (`collector_success{{collector="master:<name>"}} 0`); without `+subscribe`
or the channel the exporter still counts failovers from config epochs (run it
with `--no-sentinel.watch-events`). It needs nothing that changes state:
`SENTINEL SET/RESET/FAILOVER`, `CONFIG` and `ACL` are all denied."""


def render() -> str:
    """The whole reference as Markdown."""
    lines = [
        "# Sentinel exporter metrics",
        "",
        "<!-- Generated by `python -m exporters.sentinel.reference --write`; do not edit. -->",
        "",
        f"{SPEC.description} Default port {SPEC.default_port}; run with "
        f"`jivsmon exporter {SPEC.name}` or `python -m exporters.{SPEC.name}`.",
        "Each target is one Sentinel; `sentinel` is its host:port, `master` a monitored master's name.",
        "Per scrape: one connection per Sentinel (kept open), two pipelined round trips.",
        "",
        "| Metric | Type | Labels | Meaning | Source and notes |",
        "|---|---|---|---|---|",
    ]
    for m in jivs_sentinel.METRICS:
        labels = ", ".join(f"`{label}`" for label in m.labels) or "-"
        lines.append(f"| `{m.name}` | {m.type} | {labels} | {m.help} | {NOTES[m.name]} |")
    lines += [
        "",
        ACL_TEXT,
        "",
        "## Configuration",
        "",
        "```",
        ENV_HELP.rstrip(),
        "```",
        "",
        reference.COMMON_FLAGS,
    ]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    sys.exit(reference.main(sys.argv[1:], DOC, render))
