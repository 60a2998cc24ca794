"""Benchmark: the backup exporter with every source on, against real services.

Sources: the archiver (a real PostgreSQL 15 with archive_mode=on, read by a
pg_monitor-only role connected to its own database, so pg_stat_database
counts only its statements), a folder of two real pg_basebackup backups, a
real Redis after BGSAVE (``total_commands_processed`` counts its commands),
a restore-test status file, a real pgBackRest stanza with one full backup and
a WAL-G listing (``cat`` of a listing in WAL-G's format; wal-g is not
installable here), both with the default 2m cache. The exporter runs as a
subprocess served over HTTP.
Prints: scrape latency p50/p99 (sequential, and 8 concurrent scrapers),
PostgreSQL statements, Redis commands and pgbackrest/walg command runs per
scrape, and RSS after the warm-up and after N scrapes.
Usage: PYTHONPATH=. python bench/backup_exporter.py [--scrapes 2000]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import statistics
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import redis
import requests

from bench._scrapeperf import rss_mib
from jivsmon.services.ports import LOOPBACK, free_port, wait_for_port
from jivsmon.services.postgres import PG_BIN, PostgresServer, owned_workdir, postgres_argv
from jivsmon.services.redis import RedisServer

REPO = Path(__file__).resolve().parents[1]
PASSWORD = "bench-pw-2"
WALG = [
    {
        "backup_name": "base_000000010000000000000004",
        "time": "2026-12-04T02:00:31Z",
        "wal_file_name": "000000010000000000000004",
        "start_time": "2026-12-04T02:00:01Z",
        "finish_time": "2026-12-04T02:00:30Z",
        "compressed_size": 511705088,
        "uncompressed_size": 3204448256,
    }
]


def as_postgres(*argv: str) -> None:
    """Run a command as the postgres user; raise with its stderr on failure."""
    done = subprocess.run(postgres_argv(list(argv)), capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"{argv[0]}: {done.stderr}")


def chown(path: Path) -> Path:
    """Make a folder the postgres user's."""
    path.mkdir(parents=True, exist_ok=True)
    shutil.chown(path, "postgres", "postgres")
    return path


def setup(root: Path) -> tuple[PostgresServer, RedisServer, list[str], dict[str, str]]:
    """Start the services, make the backups; the exporter's argv and environment."""
    repo, backups = chown(root / "repo"), chown(root / "basebackups")
    conf = root / "pgbackrest.conf"
    server = PostgresServer(root / "pg", "primary")
    server._prepare_root()
    conf.write_text(
        f"[global]\nrepo1-path={repo}\nrepo1-retention-full=10\nlog-path={root}\nlock-path={root}/lock\n"
        "log-level-console=warn\nlog-level-file=off\nstart-fast=y\ncompress-type=none\n"
        f"[main]\npg1-path={server.data}\npg1-port={server.port}\npg1-socket-path={server.root / 'run'}\n"
    )
    server.settings = {
        "archive_mode": "on",
        "archive_command": f"'pgbackrest --config={conf} --stanza=main archive-push %p'",
    }
    server.init().start()
    as_postgres("pgbackrest", f"--config={conf}", "--stanza=main", "stanza-create")
    as_postgres("pgbackrest", f"--config={conf}", "--stanza=main", "backup", "--type=full")
    for name in ("b1", "b2"):
        as_postgres(
            str(PG_BIN / "pg_basebackup"),
            "-h",
            LOOPBACK,
            "-p",
            str(server.port),
            "-U",
            "postgres",
            "-D",
            str(backups / name),
            "-X",
            "stream",
            "-c",
            "fast",
            "--no-sync",
        )
    server.execute(f"CREATE ROLE monitor LOGIN PASSWORD '{PASSWORD}' IN ROLE pg_monitor")
    server.execute("CREATE DATABASE bench")
    cache = RedisServer(root / "redis").start()
    redis.Redis(host=LOOPBACK, port=cache.port).bgsave()
    (root / "walg.json").write_text(json.dumps(WALG))
    (root / "restore.json").write_text('{"finished_at": "2026-12-01T03:00:00Z", "success": true}')
    pgbackrest = " ".join(postgres_argv(["pgbackrest"]))
    argv = [
        "--pgbackrest.stanza=main",
        f"--pgbackrest.config={conf}",
        f"--pgbackrest.command={pgbackrest}",
        f"--walg.json-command=cat {root / 'walg.json'}",
        f"--basebackup.dir={backups}",
        f"--redis.address={LOOPBACK}:{cache.port}",
        f"--redis.rdb-path={root / 'redis'}",
        f"--restore-test.status-file={root / 'restore.json'}",
    ]
    env = {"JIVS_BACKUP_ARCHIVER_DSN": server.dsn(user="monitor", dbname="bench", password=PASSWORD)}
    return server, cache, argv, env


def latencies(url: str, count: int, workers: int) -> list[float]:
    """Seconds per scrape, ``count`` scrapes by ``workers`` concurrent scrapers."""

    def one(_: int) -> float:
        with requests.Session() as s:
            t0 = time.perf_counter()
            s.get(url, timeout=30).raise_for_status()
            return time.perf_counter() - t0

    with ThreadPoolExecutor(workers) as pool:
        return list(pool.map(one, range(count)))


def pct(values: list[float], q: int) -> float:
    """Percentile in milliseconds."""
    return (
        statistics.quantiles(values, n=100, method="inclusive")[q - 1] * 1000 if len(values) > 1 else values[0] * 1000
    )


def main() -> int:
    """Run the benchmark and print the table."""
    cli = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    cli.add_argument("--scrapes", type=int, default=2000)
    n = cli.parse_args().scrapes
    root = owned_workdir("jivs-bench-backup-")
    server, cache, argv, env = setup(root)
    port = free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "exporters.backup", f"--web.listen-address={LOOPBACK}:{port}", *argv],
        cwd=REPO,
        env={**os.environ, **env, "PYTHONPATH": str(REPO)},
        stderr=subprocess.DEVNULL,
    )
    try:
        assert wait_for_port(port), "exporter did not start"
        url = f"http://{LOOPBACK}:{port}/metrics"
        body = requests.get(url, timeout=30).text
        down = [line for line in body.splitlines() if line.startswith("jivs_backup_up") and line.endswith(" 0.0")]
        assert not down, down
        latencies(url, 50, 1)
        rss_warm = rss_mib(proc.pid)
        commits0 = server.execute("SELECT xact_commit FROM pg_stat_database WHERE datname = 'bench'")[0][0]
        client = redis.Redis(host=LOOPBACK, port=cache.port)
        cmds0 = client.info("stats")["total_commands_processed"]
        seq = latencies(url, n, 1)
        conc = latencies(url, n, 8)
        rss_end = rss_mib(proc.pid)
        redis_cmds = client.info("stats")["total_commands_processed"] - cmds0 - 1  # minus our own INFO
    finally:
        proc.send_signal(signal.SIGTERM)
        proc.wait(30)
    time.sleep(1.0)  # the exporter's backend flushes its statistics as it exits
    commits = server.execute("SELECT xact_commit FROM pg_stat_database WHERE datname = 'bench'")[0][0] - commits0
    server.stop("immediate")
    cache.stop()
    shutil.rmtree(root, ignore_errors=True)
    total = 2 * n
    print(f"backup exporter, all six sources, {n} sequential + {n} scrapes by 8 concurrent scrapers")
    print(
        "| p50 seq | p99 seq | p50 8-conc | p99 8-conc | PG statements/scrape | Redis commands/scrape "
        "| RSS warm | RSS end |"
    )
    print("|---|---|---|---|---|---|---|---|")
    print(
        f"| {pct(seq, 50):.1f} ms | {pct(seq, 99):.1f} ms | {pct(conc, 50):.1f} ms | {pct(conc, 99):.1f} ms "
        f"| {commits / total:.2f} | {redis_cmds / total:.2f} | {rss_warm:.1f} MiB | {rss_end:.1f} MiB |"
    )
    print(
        "pgbackrest/walg commands: one each per --cache.max-age (2m), not per scrape; concurrent scrapes "
        "share one collection per source, so per-scrape counts under concurrency can be below 1."
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
