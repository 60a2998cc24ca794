"""Benchmark: our Sentinel exporter vs Debian's prometheus-redis-exporter scraping the same Sentinel.

A real cluster (1 master, 2 replicas, 3 Sentinels) on loopback. Sidecar
setting: each exporter scrapes ONE Sentinel (redis_exporter detects Sentinel
mode from INFO and adds its sentinel metrics); a third row shows ours scraping
all three Sentinels (which also gives masters_agree). Prints one table:
scrape latency p50/p99 (sequential, 8 concurrent scrapers), Sentinel commands
per scrape (the Sentinel's total_commands_processed, minus its background
traffic measured while idle), RSS after the warm-up and after N scrapes.
Usage: PYTHONPATH=. python bench/sentinel_exporter.py [--scrapes 5000]
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import requests

from bench._scrapeperf import concurrent, ms, rss_mib, sequential, timed
from jivsmon.services.ports import free_port, wait_for_port
from jivsmon.services.redis import SentinelCluster, info

REPO = Path(__file__).resolve().parents[1]
GO_EXPORTER = "/usr/bin/prometheus-redis-exporter"
Start = Callable[[list[int], Path], tuple["subprocess.Popen[bytes]", str]]


def start_ours(ports: list[int], log: Path) -> tuple[subprocess.Popen[bytes], str]:
    port = free_port()
    addresses = ",".join(f"127.0.0.1:{p}" for p in ports)
    argv = [
        sys.executable,
        "-m",
        "exporters.sentinel",
        f"--web.listen-address=127.0.0.1:{port}",
        f"--sentinel.addresses={addresses}",
        "--log.level=warn",
        "--config=/nonexistent",
    ]
    proc = subprocess.Popen(argv, cwd=REPO, stdout=subprocess.DEVNULL, stderr=log.open("wb"))
    return proc, f"http://127.0.0.1:{port}/metrics"


def start_go(ports: list[int], log: Path) -> tuple[subprocess.Popen[bytes], str]:
    port = free_port()
    argv = [GO_EXPORTER, "-web.listen-address", f"127.0.0.1:{port}", "-redis.addr", f"redis://127.0.0.1:{ports[0]}"]
    proc = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=log.open("wb"))
    return proc, f"http://127.0.0.1:{port}/metrics"


def commands(port: int) -> int:
    """Commands the Sentinel has processed so far (INFO stats; Sentinel has no commandstats section)."""
    for line in info(port, "stats", timeout=2).splitlines():
        if line.startswith("total_commands_processed:"):
            return int(line.split(":")[1])
    raise RuntimeError(f"no total_commands_processed from the Sentinel on port {port}")


def commands_per_scrape(port: int, url: str, count: int = 100) -> float:
    """Commands per scrape on the first Sentinel, minus the idle rate of the same period."""
    before, began = commands(port), time.monotonic()
    time.sleep(2.0)
    idle_rate = (commands(port) - before - 1) / (time.monotonic() - began)
    before, began = commands(port), time.monotonic()
    with requests.Session() as session:
        for _ in range(count):
            timed(session, url)
    spent = commands(port) - before - 1 - idle_rate * (time.monotonic() - began)
    return spent / count


def measure(name: str, url: str, pid: int, port: int, scrapes: int) -> list[str]:
    sequential(url, 20)  # warm-up: connections open, code paths loaded
    rss_start = rss_mib(pid)
    seq = sequential(url, 300)
    conc = concurrent(url, 400)
    per_scrape = commands_per_scrape(port, url)
    done = 20 + 300 + 400 + 100
    while done < scrapes:
        batch = min(1000, scrapes - done)
        concurrent(url, batch)
        done += batch
    return [
        name,
        ms(seq, 50),
        ms(seq, 99),
        ms(conc, 50),
        ms(conc, 99),
        f"{per_scrape:.1f}",
        f"{rss_start:.1f}",
        f"{rss_mib(pid):.1f}",
    ]


def main() -> int:
    """Run both exporters against one cluster and print the table."""
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--scrapes", type=int, default=5000, help="scrapes per exporter before the last RSS")
    args = ap.parse_args()
    rows: list[list[str]] = []
    with tempfile.TemporaryDirectory(prefix="jivs-bench-sentinel-") as tmp, SentinelCluster(Path(tmp)) as cluster:
        ports = [s.port for s in cluster.sentinels]
        runs: tuple[tuple[str, Start, list[int]], ...] = (
            ("ours (Python), 1 Sentinel", start_ours, ports[:1]),
            ("redis_exporter 1.45 (Go), 1 Sentinel", start_go, ports[:1]),
            ("ours (Python), 3 Sentinels", start_ours, ports),
        )
        for name, start, scraped in runs:
            proc, url = start(scraped, Path(tmp) / f"{len(rows)}.log")
            try:
                assert wait_for_port(int(url.split(":")[2].split("/")[0]))
                rows.append(measure(name, url, proc.pid, ports[0], args.scrapes))
            finally:
                proc.terminate()
                proc.wait(10)
    head = [
        "exporter",
        "seq p50 ms",
        "seq p99 ms",
        "8x p50 ms",
        "8x p99 ms",
        "cmds/scrape (1st Sentinel)",
        "RSS MiB start",
        f"RSS MiB @{args.scrapes}",
    ]
    print(
        f"1 master + 2 replicas + 3 Sentinels (Redis 7.0), {args.scrapes} scrapes per exporter, {os.cpu_count()} CPUs"
    )
    print("| " + " | ".join(head) + " |")
    print("|" + "---|" * len(head))
    for row in rows:
        print("| " + " | ".join(row) + " |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
