"""Benchmark: our replication exporter vs Debian's prometheus-postgres-exporter on one local cluster.

Sidecar setting: each exporter scrapes ONE server, the primary of a cluster
with two streaming replicas (Debian's 0.11 cannot scrape several DSNs at once:
it answers 500 "collected before with the same name and label values"). A
third row shows ours with all three servers as targets. Each exporter has its
own pg_monitor-only role, so pg_stat_statements counts its statements.
Prints one table: scrape latency p50/p99 (sequential, 8 concurrent scrapers),
SQL statements per scrape, RSS after the warm-up and after N scrapes.
Usage: PYTHONPATH=. python bench/replication_exporter.py [--scrapes 10000]
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import requests

from bench._scrapeperf import concurrent, ms, rss_mib, sequential, timed
from jivsmon.services.ports import free_port, wait_for_port
from jivsmon.services.postgres import PostgresCluster, PostgresServer, owned_workdir

REPO = Path(__file__).resolve().parents[1]
GO_EXPORTER = "/usr/bin/prometheus-postgres-exporter"
PASSWORD = "bench-pw-1"


def start_ours(servers: list[PostgresServer], log: Path) -> tuple[subprocess.Popen[bytes], str]:
    port = free_port()
    env = {
        **os.environ,
        **{
            f"JIVS_REPLICATION_DSN_{s.name.upper().replace('-', '_')}": s.dsn(user="bench_ours", password=PASSWORD)
            for s in servers
        },
    }
    argv = [
        sys.executable,
        "-m",
        "exporters.replication",
        f"--web.listen-address=127.0.0.1:{port}",
        "--replicas.expected=pg-replica-1,pg-replica-2",
        "--log.level=warn",
        "--config=/nonexistent",
        *[f"--target={s.name}" for s in servers],
    ]
    proc = subprocess.Popen(argv, cwd=REPO, env=env, stdout=subprocess.DEVNULL, stderr=log.open("wb"))
    return proc, f"http://127.0.0.1:{port}/metrics"


def start_go(servers: list[PostgresServer], log: Path) -> tuple[subprocess.Popen[bytes], str]:
    port = free_port()
    dsns = ",".join(f"postgresql://bench_go:{PASSWORD}@127.0.0.1:{s.port}/postgres?sslmode=disable" for s in servers)
    proc = subprocess.Popen(
        [GO_EXPORTER, f"--web.listen-address=127.0.0.1:{port}", "--log.level=warn"],
        env={**os.environ, "DATA_SOURCE_NAME": dsns},
        stdout=subprocess.DEVNULL,
        stderr=log.open("wb"),
    )
    return proc, f"http://127.0.0.1:{port}/metrics"


def statements_per_scrape(servers: list[PostgresServer], role: str, scrape: Callable[[], object], count: int) -> float:
    for s in servers:
        s.execute("SELECT pg_stat_statements_reset()")
    for _ in range(count):
        scrape()
    sql = (
        "SELECT coalesce(sum(calls), 0) FROM pg_stat_statements s JOIN pg_roles r ON r.oid = s.userid "
        "WHERE r.rolname = %s"
    )
    return sum(float(s.execute(sql, [role])[0][0]) for s in servers) / count


def measure(name: str, url: str, pid: int, servers: list[PostgresServer], role: str, scrapes: int) -> list[str]:
    sequential(url, 20)  # warm-up: connections open, code paths loaded
    rss_start = rss_mib(pid)
    seq = sequential(url, 300)
    conc = concurrent(url, 400)
    with requests.Session() as session:
        per_scrape = statements_per_scrape(servers, role, lambda: timed(session, url), 50)
    done, half = 20 + 300 + 400 + 50, 0.0
    while done < scrapes:
        batch = min(1000, scrapes - done)
        concurrent(url, batch)
        done += batch
        if not half and done >= scrapes // 2:
            half = rss_mib(pid)
    return [
        name,
        ms(seq, 50),
        ms(seq, 99),
        ms(conc, 50),
        ms(conc, 99),
        f"{per_scrape:.1f}",
        f"{rss_start:.1f}",
        f"{half or rss_mib(pid):.1f}",
        f"{rss_mib(pid):.1f}",
    ]


def main() -> int:
    """Run both exporters against one cluster and print the table."""
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--scrapes", type=int, default=10000, help="scrapes per exporter before the last RSS")
    args = ap.parse_args()
    root = owned_workdir("jivs-bench-repl-")
    settings = {"shared_preload_libraries": "'pg_stat_statements'", "pg_stat_statements.track": "all"}
    rows = []
    with PostgresCluster(root, ("pg-replica-1", "pg-replica-2"), "pg-primary", settings) as cluster:
        cluster.primary.execute("CREATE EXTENSION pg_stat_statements")
        for role in ("bench_ours", "bench_go"):
            cluster.primary.execute(f"CREATE ROLE {role} LOGIN PASSWORD '{PASSWORD}' IN ROLE pg_monitor")
        time.sleep(1)  # roles replicate
        servers = [cluster.primary, *cluster.replicas]
        primary = [cluster.primary]
        runs = (
            ("ours (Python), primary", start_ours, "bench_ours", primary),
            ("postgres_exporter 0.11 (Go), primary", start_go, "bench_go", primary),
            ("ours (Python), 3 servers", start_ours, "bench_ours", servers),
        )
        for name, start, role, scraped in runs:
            proc, url = start(scraped, root / f"{role}.log")
            try:
                assert wait_for_port(int(url.split(":")[2].split("/")[0]))
                rows.append(measure(name, url, proc.pid, servers, role, args.scrapes))
            finally:
                proc.terminate()
                proc.wait(10)
    cluster.remove()
    head = [
        "exporter",
        "seq p50 ms",
        "seq p99 ms",
        "8x p50 ms",
        "8x p99 ms",
        "stmts/scrape",
        "RSS MiB start",
        f"RSS MiB @{args.scrapes // 2}",
        f"RSS MiB @{args.scrapes}",
    ]
    print(f"primary + 2 streaming replicas, {args.scrapes} scrapes per exporter, {os.cpu_count()} CPUs")
    print("| " + " | ".join(head) + " |")
    print("|" + "---|" * len(head))
    for row in rows:
        print("| " + " | ".join(row) + " |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
