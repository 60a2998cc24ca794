"""Real PostgreSQL 15 servers (Debian's postgresql-15) on free loopback ports: a primary and streaming replicas.

PostgreSQL refuses to run as root, so every server runs as the ``postgres`` OS
user (created if missing) in a folder it owns. The server is started through
``setpriv`` rather than ``runuser``: setpriv execs in place, so the process we
hold *is* the postmaster and ``pause()`` freezes the real server (its whole
process group, backends included) like a hung host.

Replicas are made with ``pg_basebackup -R -C -S <slot>``: a physical slot on
the primary and ``application_name`` = the replica's name, so the primary's
``pg_stat_replication`` shows it under that name. Typical use::

    with PostgresCluster(root, replicas=("pg-replica-1", "pg-replica-2")) as cluster:
        cluster.primary.execute("CREATE TABLE t (x int)")
        cluster.replicas[0].pause()
"""

from __future__ import annotations

import contextlib
import os
import pwd
import shutil
import signal
import subprocess
import tempfile
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from types import TracebackType
from typing import Any

import psycopg

from jivsmon.services.ports import LOOPBACK, free_port
from jivsmon.services.process import Process, ServiceError

PG_BIN = Path("/usr/lib/postgresql/15/bin")
OS_USER = "postgres"
SUPERUSER = "postgres"

# Fast-feedback settings for tests and demos: replicas report every second.
PRIMARY_SETTINGS: Mapping[str, str] = {
    "listen_addresses": f"'{LOOPBACK}'",
    "wal_level": "replica",
    "max_wal_senders": "10",
    "max_replication_slots": "10",
    "wal_keep_size": "'64MB'",
    "fsync": "off",
    "synchronous_commit": "on",
    "full_page_writes": "on",
    "shared_buffers": "'32MB'",
    "max_connections": "50",
    "logging_collector": "off",
}
REPLICA_SETTINGS: Mapping[str, str] = {
    "hot_standby": "on",
    "wal_receiver_status_interval": "'1s'",
    "hot_standby_feedback": "on",
}


def ensure_os_user() -> pwd.struct_passwd:
    """The postgres OS user, created (system user, no login) if missing."""
    try:
        return pwd.getpwnam(OS_USER)
    except KeyError:
        subprocess.run(
            [
                "useradd",
                "--system",
                "--user-group",
                "--no-create-home",
                "--shell",
                "/usr/sbin/nologin",
                OS_USER,
            ],
            check=True,
        )
        return pwd.getpwnam(OS_USER)


def owned_workdir(prefix: str = "jivs-pg-", parent: Path | None = None) -> Path:
    """A fresh folder the postgres user owns and can reach (pytest's tmp dirs are root-only)."""
    user = ensure_os_user()
    path = Path(tempfile.mkdtemp(prefix=prefix, dir=parent or "/tmp"))
    os.chown(path, user.pw_uid, user.pw_gid)
    path.chmod(0o750)
    return path


def postgres_argv(argv: Sequence[str]) -> list[str]:
    """The argv that runs argv as the postgres OS user (setpriv execs in place, so the pid is the program's)."""
    user = ensure_os_user()
    return ["setpriv", f"--reuid={user.pw_uid}", f"--regid={user.pw_gid}", "--init-groups", "--reset-env", "--", *argv]


def _run(argv: Sequence[str], what: str) -> None:
    done = subprocess.run(postgres_argv(argv), capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise ServiceError(f"{what} failed ({done.returncode}): {done.stderr.strip() or done.stdout.strip()}")


def _children(pid: int) -> list[int]:
    """Direct children of a process, from /proc (Linux)."""
    try:
        text = Path(f"/proc/{pid}/task/{pid}/children").read_text()
    except OSError:
        return []
    return [int(child) for child in text.split()]


def _conf_lines(settings: Mapping[str, str]) -> str:
    return "".join(f"{key} = {value}\n" for key, value in settings.items())


@dataclass
class PostgresServer:
    """One postgres server with its data in ``root/data`` and its log in ``root/postgres.log``."""

    root: Path
    name: str = "primary"
    settings: Mapping[str, str] = field(default_factory=dict)
    port: int = 0
    process: Process | None = None

    @property
    def data(self) -> Path:
        """The data directory."""
        return self.root / "data"

    def dsn(self, user: str = SUPERUSER, dbname: str = "postgres", password: str | None = None, **extra: str) -> str:
        """A libpq key=value DSN for this server over loopback TCP."""
        parts = {"host": LOOPBACK, "port": str(self.port), "user": user, "dbname": dbname, **extra}
        if password is not None:
            parts["password"] = password
        return " ".join(f"{k}={v}" for k, v in parts.items())

    def _prepare_root(self) -> None:
        user = ensure_os_user()
        self.root.mkdir(parents=True, exist_ok=True)
        (self.root / "run").mkdir(exist_ok=True)
        for path in (self.root, self.root / "run"):
            os.chown(path, user.pw_uid, user.pw_gid)
        self.port = self.port or free_port()

    def init(self) -> PostgresServer:
        """Initdb a primary: trust for the superuser on loopback, scram for everyone else."""
        self._prepare_root()
        _run(
            [
                str(PG_BIN / "initdb"),
                "-D",
                str(self.data),
                "-U",
                SUPERUSER,
                "--auth-local=trust",
                "--auth-host=scram-sha-256",
                "-E",
                "UTF8",
                "--no-sync",
            ],
            "initdb",
        )
        hba = self.data / "pg_hba.conf"
        trusted = f"host all {SUPERUSER} {LOOPBACK}/32 trust\nhost replication {SUPERUSER} {LOOPBACK}/32 trust\n"
        hba.write_text(trusted + hba.read_text())
        self._write_settings({**PRIMARY_SETTINGS, **self.settings})
        return self

    def _write_settings(self, settings: Mapping[str, str]) -> None:
        own = {
            "port": str(self.port),
            "unix_socket_directories": f"'{self.root / 'run'}'",
            "cluster_name": f"'{self.name}'",
        }
        with (self.data / "postgresql.conf").open("a") as conf:
            conf.write("\n# jivsmon.services.postgres\n" + _conf_lines({**settings, **own}))

    def start(self, timeout: float = 30.0) -> PostgresServer:
        """Start the server; returns once it accepts connections."""
        self.process = Process(
            f"postgres:{self.name}:{self.port}",
            postgres_argv([str(PG_BIN / "postgres"), "-D", str(self.data)]),
            self.root / "postgres.log",
        )
        self.process.wait_until(self.ready, timeout)
        return self

    def ready(self) -> bool:
        """True if the server answers a query."""
        try:
            with psycopg.connect(self.dsn(), connect_timeout=2, autocommit=True) as conn:
                conn.execute("SELECT 1")
            return True
        except psycopg.Error:
            return False

    def execute(self, sql: str, params: Sequence[Any] | None = None) -> list[tuple[Any, ...]]:
        """Run one statement as the superuser (autocommit); rows if it returns any."""
        with psycopg.connect(self.dsn(), connect_timeout=5, autocommit=True) as conn:
            cur = conn.execute(sql.encode(), params)  # bytes: our own SQL, not a LiteralString
            return cur.fetchall() if cur.description else []

    def stop(self, mode: str = "fast", timeout: float = 30.0) -> None:
        """pg_ctl stop (smart, fast or immediate); resumes a paused server first."""
        if self.process is None or not self.process.alive():
            return
        self.resume()
        _run(
            [str(PG_BIN / "pg_ctl"), "-D", str(self.data), "-m", mode, "-t", str(int(timeout)), "-w", "stop"],
            "pg_ctl stop",
        )
        self.process.popen.wait(timeout)

    def kill(self) -> None:
        """SIGKILL the whole server (postmaster and backends): a crash."""
        self._signal_group(signal.SIGKILL)
        if self.process is not None:
            self.process.popen.wait(10)

    def pause(self) -> None:
        """SIGSTOP the postmaster and every backend: connections hang with their sockets open."""
        self._signal_group(signal.SIGSTOP)

    def resume(self) -> None:
        """SIGCONT after pause()."""
        self._signal_group(signal.SIGCONT)

    def _signal_group(self, sig: signal.Signals) -> None:
        # Every postgres child calls setsid(), so killpg() would reach the postmaster
        # alone: signal the postmaster first (no new forks) and then each child.
        if self.process is None or not self.process.alive():
            return
        pids = [self.process.pid, *_children(self.process.pid)]
        for pid in reversed(pids) if sig == signal.SIGCONT else pids:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, sig)

    def add_replica(
        self, name: str, root: Path, settings: Mapping[str, str] | None = None, start: bool = True
    ) -> PostgresServer:
        """A streaming replica of this server: pg_basebackup -R -C -S <slot>, application_name=name."""
        replica = PostgresServer(root=root, name=name, settings=dict(settings or {}))
        replica._prepare_root()
        slot = name.replace("-", "_")
        _run(
            [
                str(PG_BIN / "pg_basebackup"),
                "-h",
                LOOPBACK,
                "-p",
                str(self.port),
                "-U",
                SUPERUSER,
                "-D",
                str(replica.data),
                "-R",
                "-C",
                "-S",
                slot,
                "-X",
                "stream",
                "-c",
                "fast",
                "--no-sync",
            ],
            f"pg_basebackup for {name}",
        )
        conninfo = f"host={LOOPBACK} port={self.port} user={SUPERUSER} application_name={name}"
        replica._write_settings(
            {
                **REPLICA_SETTINGS,
                **replica.settings,
                "primary_conninfo": f"'{conninfo}'",
                "primary_slot_name": f"'{slot}'",
            }
        )
        return replica.start() if start else replica


class PostgresCluster:
    """A primary and named streaming replicas under one folder; a context manager that stops all."""

    def __init__(
        self,
        root: Path,
        replicas: Iterable[str] = (),
        primary_name: str = "primary",
        settings: Mapping[str, str] | None = None,
    ) -> None:
        self.root = root
        self.primary = PostgresServer(root / primary_name, primary_name, dict(settings or {}))
        self.replica_names = tuple(replicas)
        self.replicas: list[PostgresServer] = []

    def start(self) -> PostgresCluster:
        """Initdb and start the primary, then clone and start each replica; waits until they stream."""
        self.primary.init().start()
        for name in self.replica_names:
            self.replicas.append(self.primary.add_replica(name, self.root / name))
        return self

    def stop(self) -> None:
        """Stop replicas, then the primary; never raises on one that is already gone."""
        for server in [*self.replicas, self.primary]:
            try:
                server.stop("immediate")
            except (ServiceError, subprocess.SubprocessError, OSError):
                server.kill()

    def remove(self) -> None:
        """Delete the cluster's folder (only after stop())."""
        shutil.rmtree(self.root, ignore_errors=True)

    def __enter__(self) -> PostgresCluster:
        try:
            return self.start()
        except BaseException:
            self.stop()
            raise

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.stop()
