"""A real PgBouncer (Debian's package) on a free loopback port, in front of a PostgreSQL server.

PgBouncer refuses to run as root, so it runs as the postgres OS user in a
folder that user owns, like the PostgreSQL servers themselves.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from jivsmon.services.ports import LOOPBACK, free_port, wait_for_port
from jivsmon.services.postgres import ensure_os_user, postgres_argv
from jivsmon.services.process import Process

PGBOUNCER = "/usr/sbin/pgbouncer"


@dataclass
class PgBouncerServer:
    """PgBouncer pooling ``database`` on the server at ``upstream_port``; trust auth on loopback."""

    root: Path
    upstream_port: int
    database: str = "postgres"
    user: str = "postgres"
    max_client_conn: int = 100
    default_pool_size: int = 10
    port: int = 0
    process: Process | None = None

    def config_text(self) -> str:
        """pgbouncer.ini; the admin console (database ``pgbouncer``) is open to ``user`` for the exporter."""
        return (
            "\n".join(
                [
                    "[databases]",
                    f"{self.database} = host={LOOPBACK} port={self.upstream_port} dbname={self.database}",
                    "[pgbouncer]",
                    f"listen_addr = {LOOPBACK}",
                    f"listen_port = {self.port}",
                    f"unix_socket_dir = {self.root}",
                    "auth_type = trust",
                    f"auth_file = {self.root / 'userlist.txt'}",
                    f"admin_users = {self.user}",
                    f"stats_users = {self.user}",
                    "pool_mode = transaction",
                    f"max_client_conn = {self.max_client_conn}",
                    f"default_pool_size = {self.default_pool_size}",
                    "ignore_startup_parameters = extra_float_digits",
                    f"logfile = {self.root / 'pgbouncer.log'}",
                    f"pidfile = {self.root / 'pgbouncer.pid'}",
                ]
            )
            + "\n"
        )

    def start(self, timeout: float = 20.0) -> PgBouncerServer:
        """Write the config and start; returns once the port accepts connections."""
        user = ensure_os_user()
        self.root.mkdir(parents=True, exist_ok=True)
        os.chown(self.root, user.pw_uid, user.pw_gid)
        self.port = self.port or free_port()
        (self.root / "userlist.txt").write_text(f'"{self.user}" ""\n')
        ini = self.root / "pgbouncer.ini"
        ini.write_text(self.config_text())
        self.process = Process("pgbouncer", postgres_argv([PGBOUNCER, str(ini)]), self.root / "stdout.log")
        self.process.wait_until(lambda: wait_for_port(self.port, timeout=0.2), timeout)
        return self

    def stop(self) -> None:
        """Stop PgBouncer."""
        if self.process:
            self.process.stop()

    def __enter__(self) -> PgBouncerServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()
