"""The real faults the drills inject into a running demo, and what undoes each.

Faults that need something kept going (WAL-generating writes, clients held
open on PgBouncer) keep it in ``Demo.held`` until their recovery stops it.
"""

from __future__ import annotations

import contextlib
import signal
import subprocess
import threading
import time
from pathlib import Path

import psycopg
import requests

from jivsmon.demo.drills.handle import Demo
from jivsmon.demo.parts import run_as_postgres
from jivsmon.services.ports import LOOPBACK
from jivsmon.services.postgres import PG_BIN, postgres_argv
from jivsmon.services.process import ServiceError

LOAD_TABLE = "drill_load"
# About 80 kB of WAL a second: lag shows at once, yet a stopped replica's slot stays far below its alert.
ROWS = 20
INSERT = f"INSERT INTO {LOAD_TABLE} (pad) SELECT repeat('x', 2000) FROM generate_series(1, {ROWS})"


class WriteLoad:
    """A thread writing rows (and so WAL) on the primary until stopped; it rides out a primary restart."""

    def __init__(self, dsn: str, pause: float = 0.5, switch_every: float = 0.0) -> None:
        self.dsn, self.pause, self.switch_every = dsn, pause, switch_every
        self.stop_event = threading.Event()
        self.rows = 0
        self.thread = threading.Thread(target=self._run, name="drill-write-load", daemon=True)

    def start(self) -> WriteLoad:
        """Start writing."""
        self.thread.start()
        return self

    def stop(self) -> None:
        """Stop writing and wait for the thread."""
        self.stop_event.set()
        self.thread.join(10)

    def _run(self) -> None:
        last_switch = time.monotonic()
        while not self.stop_event.is_set():
            # The primary may be down (another drill): wait and reconnect.
            with contextlib.suppress(psycopg.Error), psycopg.connect(self.dsn, autocommit=True) as conn:
                conn.execute(f"CREATE TABLE IF NOT EXISTS {LOAD_TABLE} (id bigserial, pad text)".encode())
                while not self.stop_event.wait(self.pause):
                    conn.execute(INSERT.encode())
                    self.rows += ROWS
                    if self.switch_every and time.monotonic() - last_switch > self.switch_every:
                        conn.execute(b"SELECT pg_switch_wal()")
                        last_switch = time.monotonic()
            self.stop_event.wait(1.0)


def _start_load(demo: Demo, key: str, switch_every: float = 0.0) -> None:
    demo.held[key] = WriteLoad(
        demo.pg_dsn(demo.config.postgres.primary, demo.config.postgres.database), switch_every=switch_every
    ).start()


def _stop_load(demo: Demo, key: str) -> None:
    load = demo.held.pop(key, None)
    if isinstance(load, WriteLoad):
        load.stop()


# Replicas


def stop_replica(demo: Demo, name: str) -> None:
    """pg_ctl stop -m fast on a replica: its WAL receiver goes away, the primary sees it disconnect."""
    subprocess.run(
        postgres_argv([str(PG_BIN / "pg_ctl"), "-D", str(demo.pg_data(name)), "-m", "fast", "-w", "stop"]),
        capture_output=True,
        check=True,
        timeout=60,
    )


def pause_replay(demo: Demo, name: str) -> None:
    """Pause WAL replay on a replica while the primary keeps writing: replay lag grows."""
    demo.sql(name, "SELECT pg_wal_replay_pause()")
    _start_load(demo, f"load:{name}")


def resume_replay(demo: Demo, name: str) -> None:
    """Stop the writes and resume replay."""
    _stop_load(demo, f"load:{name}")
    demo.sql(name, "SELECT pg_wal_replay_resume()")


def hang_server(demo: Demo, name: str) -> None:
    """SIGSTOP a server and all its processes: connections to it hang with their sockets open."""
    demo.pg_signal(name, signal.SIGSTOP)


def unhang_server(demo: Demo, name: str) -> None:
    """SIGCONT after hang_server."""
    demo.pg_signal(name, signal.SIGCONT)


def stop_primary(demo: Demo) -> None:
    """pg_ctl stop -m immediate on the primary: like a crash, every client and replica loses it."""
    name = demo.config.postgres.primary
    subprocess.run(
        postgres_argv([str(PG_BIN / "pg_ctl"), "-D", str(demo.pg_data(name)), "-m", "immediate", "-w", "stop"]),
        capture_output=True,
        check=True,
        timeout=60,
    )


# WAL archiving and backups


def break_archiving(demo: Demo) -> None:
    """archive_command = 'false' and WAL being written and switched: segments pile up, attempts fail."""
    primary = demo.config.postgres.primary
    demo.sql(primary, "ALTER SYSTEM SET archive_command = 'false'")
    demo.sql(primary, "SELECT pg_reload_conf()")
    _start_load(demo, "load:archiving", switch_every=30.0)


def repair_archiving(demo: Demo) -> None:
    """Reset archive_command to the configured pgBackRest push; the backlog drains."""
    _stop_load(demo, "load:archiving")
    primary = demo.config.postgres.primary
    demo.sql(primary, "ALTER SYSTEM RESET archive_command")
    demo.sql(primary, "SELECT pg_reload_conf()")
    demo.sql(primary, "SELECT pg_switch_wal()")


def take_backups(demo: Demo) -> None:
    """A fresh pgBackRest backup and a fresh pg_basebackup: both base backup sources start ageing now."""
    root = demo.state.root
    config = root / "pgbackrest" / "pgbackrest.conf"
    run_as_postgres(["pgbackrest", f"--config={config}", "--stanza=main", "backup", "--type=incr"], "pgbackrest backup")
    target = root / "basebackups" / time.strftime("%Y%m%dT%H%M%SZ", time.gmtime())
    port = str(demo.pg_port(demo.config.postgres.primary))
    argv = [str(PG_BIN / "pg_basebackup"), "-h", LOOPBACK, "-p", port, "-U", "postgres"]
    run_as_postgres([*argv, "-D", str(target), "-X", "stream", "-c", "fast", "--no-sync"], "pg_basebackup")


def newest_basebackup(root: Path) -> str:
    """Name of the newest backup folder (for the report)."""
    folders = sorted(p.name for p in (root / "basebackups").iterdir() if p.is_dir())
    return folders[-1] if folders else ""


# Redis and Sentinel


def current_master(demo: Demo) -> str:
    """host:port of the master as the first Sentinel that answers names it."""
    for name in (s.name for s in demo.state.services if s.name.startswith("sentinel-")):
        done = subprocess.run(
            [
                "redis-cli",
                "-p",
                str(demo.redis_port(name)),
                "SENTINEL",
                "get-master-addr-by-name",
                demo.config.redis.master_name,
            ],
            capture_output=True,
            text=True,
            check=False,
            timeout=5,
        )
        words = done.stdout.split()
        if done.returncode == 0 and len(words) == 2:
            return f"{words[0]}:{words[1]}"
    raise ServiceError("no Sentinel names a master")


def redis_name_at(demo: Demo, address: str) -> str:
    """Which redis-N listens at host:port."""
    port = int(address.rsplit(":", 1)[1])
    for name in demo.redis_names():
        if demo.redis_port(name) == port:
            return name
    raise ServiceError(f"no demo Redis at {address}")


def kill_redis_master(demo: Demo) -> None:
    """SIGKILL the current master; Sentinel must promote a replica."""
    address = current_master(demo)
    name = redis_name_at(demo, address)
    demo.held["redis:killed"] = (name, address)
    demo.signal_group(name, signal.SIGKILL)


def restart_killed_redis(demo: Demo) -> None:
    """Start the killed Redis again; Sentinel turns it into a replica of the new master."""
    name, _ = demo.held["redis:killed"]
    demo.redis_start(name)


def stop_sentinels(demo: Demo, names: tuple[str, ...]) -> None:
    """SIGTERM some Sentinels."""
    for name in names:
        demo.signal_group(name, signal.SIGTERM)


def start_sentinels(demo: Demo, names: tuple[str, ...]) -> None:
    """Start the stopped Sentinels again with their own (rewritten) configs."""
    for name in names:
        demo.redis_start(name)


# PgBouncer and the backend


def flood_pgbouncer(demo: Demo, clients: int) -> None:
    """Open and hold that many client connections on PgBouncer (those beyond max_client_conn are refused)."""
    port, db = demo.pgbouncer_port(), demo.config.postgres.database
    dsn = f"host={LOOPBACK} port={port} user=postgres dbname={db} connect_timeout=5"
    held: list[psycopg.Connection[tuple[object, ...]]] = []
    refused = 0
    for _ in range(clients):
        try:
            held.append(psycopg.connect(dsn, autocommit=True))
        except psycopg.Error:
            refused += 1
    demo.held["pgbouncer:clients"] = held
    demo.held["pgbouncer:refused"] = refused


def release_pgbouncer(demo: Demo) -> None:
    """Close the held client connections."""
    for conn in demo.held.pop("pgbouncer:clients", []):
        with contextlib.suppress(psycopg.Error):
            conn.close()


def backend_fault(demo: Demo, error_ratio: float, seconds: float) -> None:
    """Ask the demo backend to fail that share of requests with 5xx for that long (0, 0 ends it)."""
    resp = requests.post(
        f"{demo.backend}/admin/fault", json={"error_ratio": error_ratio, "seconds": seconds}, timeout=10
    )
    resp.raise_for_status()
