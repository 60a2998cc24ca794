"""A handle on a running demo for the drills: its services by name, their ports, and restarting one.

Everything is read from the demo's state folder (state.json and the config
files the demo wrote), so the drills work on a demo started by another
process. A restarted service replaces its old pid in state.json at once, so
`jivsmon demo down` still stops everything.
"""

from __future__ import annotations

import contextlib
import os
import re
import signal
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import psycopg
import yaml

from jivsmon.config_model import StackConfig
from jivsmon.demo.state import DemoState, Service
from jivsmon.errors import JivsmonError
from jivsmon.services.ports import LOOPBACK, wait_for_port
from jivsmon.services.postgres import PG_BIN, _children, postgres_argv
from jivsmon.services.process import Process
from jivsmon.services.prometheus import instant_query
from jivsmon.services.redis import REDIS_SERVER, ping


def _setting(path: Path, pattern: str) -> int:
    """The last integer a config file assigns with ``pattern`` (a regex with one group)."""
    values = re.findall(pattern, path.read_text(), flags=re.MULTILINE)
    if not values:
        raise JivsmonError(f"{path}: no {pattern!r} found")
    return int(values[-1])


@dataclass
class Demo:
    """The running demo: state, config, Prometheus URL, and what drills hold open (threads, connections)."""

    state: DemoState
    config: StackConfig
    held: dict[str, Any] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)

    @property
    def prometheus(self) -> str:
        """The first Prometheus of the HA pair."""
        url: str = self.state.info["prometheus"][0]
        return url

    def query(self, expr: str) -> list[dict[str, Any]]:
        """An instant query against the demo Prometheus."""
        return instant_query(self.prometheus, expr)

    def external_labels(self) -> dict[str, set[str]]:
        """The external labels of the Prometheus servers (name -> values), from their config files."""
        out: dict[str, set[str]] = {}
        for config in sorted(self.state.root.glob("prometheus-*/prometheus.yml")):
            labels = (yaml.safe_load(config.read_text()) or {}).get("global", {}).get("external_labels", {})
            for name, value in labels.items():
                out.setdefault(str(name), set()).add(str(value))
        return out

    def service(self, name: str) -> Service:
        """The recorded service of that name."""
        for s in self.state.services:
            if s.name == name:
                return s
        raise JivsmonError(f"the demo has no service {name!r}")

    def replace(self, name: str, proc: Process) -> None:
        """Record a restarted service's new pid (same name, kind and folders)."""
        with self.lock:
            old = self.service(name)
            old.pid = proc.pid
            self.state.save()

    def signal_group(self, name: str, sig: signal.Signals) -> None:
        """Send sig to a service's process group (what `demo down` stops)."""
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.service(name).pid, sig)

    # PostgreSQL

    def pg_data(self, name: str) -> Path:
        """A PostgreSQL server's data directory."""
        return Path(self.service(name).data_dir)

    def pg_port(self, name: str) -> int:
        """A PostgreSQL server's port (from the postgresql.conf the demo wrote)."""
        return _setting(self.pg_data(name) / "postgresql.conf", r"^port = (\d+)")

    def pg_dsn(self, name: str, dbname: str = "postgres") -> str:
        """Superuser DSN of a server."""
        return f"host={LOOPBACK} port={self.pg_port(name)} user=postgres dbname={dbname} connect_timeout=5"

    def sql(self, name: str, statement: str) -> list[tuple[Any, ...]]:
        """Run one statement (autocommit) on a server; its rows."""
        with psycopg.connect(self.pg_dsn(name), autocommit=True) as conn:
            cur = conn.execute(statement.encode())
            return cur.fetchall() if cur.description else []

    def pg_ready(self, name: str) -> bool:
        """True if the server answers."""
        try:
            self.sql(name, "SELECT 1")
        except psycopg.Error:
            return False
        return True

    def pg_start(self, name: str) -> None:
        """Start a stopped server from its data directory, as the demo did."""
        data = self.pg_data(name)
        proc = Process(
            f"postgres:{name}", postgres_argv([str(PG_BIN / "postgres"), "-D", str(data)]), data.parent / "postgres.log"
        )
        self.replace(name, proc)
        proc.wait_until(lambda: self.pg_ready(name), timeout=60)

    def pg_signal(self, name: str, sig: signal.Signals) -> None:
        """Signal the postmaster and each of its children (they are session leaders: killpg misses them)."""
        pid = self.service(name).pid
        pids = [pid, *_children(pid)]
        for p in reversed(pids) if sig == signal.SIGCONT else pids:
            with contextlib.suppress(ProcessLookupError):
                os.kill(p, sig)

    # Redis and Sentinel

    def redis_conf(self, name: str) -> Path:
        """redis.conf (redis-N) or sentinel.conf (sentinel-N) of a recorded Redis process."""
        kind = "sentinel" if name.startswith("sentinel") else "redis"
        return self.state.root / "redis" / name / f"{kind}.conf"

    def redis_port(self, name: str) -> int:
        """The port of redis-N or sentinel-N."""
        return _setting(self.redis_conf(name), r"^port (\d+)")

    def redis_start(self, name: str) -> None:
        """Start a stopped Redis or Sentinel with the config it has (Sentinel rewrote its own)."""
        conf = self.redis_conf(name)
        argv = [REDIS_SERVER, str(conf), *(["--sentinel"] if name.startswith("sentinel") else [])]
        proc = Process(name, argv, conf.parent / f"{conf.stem}.log")
        self.replace(name, proc)
        port = self.redis_port(name)
        proc.wait_until(lambda: ping(port), timeout=30)

    def redis_names(self) -> list[str]:
        """redis-1, redis-2, ... as recorded."""
        return [s.name for s in self.state.services if re.fullmatch(r"redis-\d+", s.name)]

    # PgBouncer and the backend

    def pgbouncer_port(self) -> int:
        """PgBouncer's listen port."""
        return _setting(self.state.root / "pgbouncer" / "pgbouncer.ini", r"^listen_port = (\d+)")

    def pgbouncer_up(self) -> bool:
        """True if PgBouncer accepts connections."""
        return wait_for_port(self.pgbouncer_port(), timeout=0.5)

    @property
    def backend(self) -> str:
        """The demo backend's base URL."""
        url: str = self.state.info["backend"]
        return url
