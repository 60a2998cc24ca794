"""A reusable psycopg connection for exporters: bounded on every side, re-established after failure.

Bounds: ``connect_timeout`` for the handshake, ``statement_timeout`` on the
server, TCP keepalives and ``tcp_user_timeout`` for a peer that vanished, and
``interrupt()`` for a peer that is alive at the TCP level but never answers
(a SIGSTOPped server: the kernel still ACKs, so no TCP timeout fires).
interrupt() shuts the socket down through a duplicate descriptor: the worker
blocked on it wakes with an error, and the fd number cannot be reused under
it. A lost connection raises one of ``FATAL``; the next query reconnects.
"""

from __future__ import annotations

import contextlib
import os
import socket
import threading
from collections.abc import Mapping, Sequence
from typing import Any

import psycopg
from psycopg.conninfo import conninfo_to_dict

FATAL: tuple[type[BaseException], ...] = (psycopg.OperationalError, psycopg.InterfaceError)


def connection_options(
    dsn: str, application_name: str, statement_timeout_ms: int, connect_timeout: int
) -> dict[str, Any]:
    """The DSN's own settings over our defaults (a user's explicit choice wins)."""
    defaults: dict[str, Any] = {
        "application_name": application_name,
        "connect_timeout": str(connect_timeout),
        "keepalives": "1",
        "keepalives_idle": "5",
        "keepalives_interval": "2",
        "keepalives_count": "2",
        "tcp_user_timeout": str(connect_timeout * 1000),
        "options": f"-c statement_timeout={statement_timeout_ms} -c lock_timeout={statement_timeout_ms}",
    }
    return {**defaults, **conninfo_to_dict(dsn)}


class PgConnection:
    """One lazily opened autocommit connection, shared by successive scrapes of one target."""

    def __init__(
        self,
        dsn: str,
        application_name: str = "jivs-exporter",
        statement_timeout_ms: int = 3000,
        connect_timeout: int = 3,
    ) -> None:
        self._options = connection_options(dsn, application_name, statement_timeout_ms, connect_timeout)
        self._conn: psycopg.Connection[tuple[Any, ...]] | None = None
        self._lock = threading.Lock()
        self.connects = 0

    def _connection(self) -> psycopg.Connection[tuple[Any, ...]]:
        with self._lock:
            if self._conn is not None and not self._conn.closed and not self._conn.broken:
                return self._conn
            old, self._conn = self._conn, None
        if old is not None:
            old.close()
        conn = psycopg.connect(autocommit=True, **self._options)
        with self._lock:
            self._conn = conn
            self.connects += 1
        return conn

    def query(self, sql: str, params: Sequence[Any] | Mapping[str, Any] | None = None) -> list[tuple[Any, ...]]:
        """Rows of one statement; on a lost connection the connection is dropped and FATAL raised."""
        conn = self._connection()
        try:
            cur = conn.execute(sql.encode(), params)  # bytes: our own constant SQL
            return cur.fetchall() if cur.description else []
        except FATAL:
            self.close()
            raise

    def interrupt(self) -> None:
        """Wake a thread blocked on the socket (from another thread); the connection is then lost."""
        with self._lock:
            conn = self._conn
            if conn is None or conn.closed:
                return
            try:
                dup = socket.socket(fileno=os.dup(conn.fileno()))
            except (OSError, psycopg.Error):
                return
        try:
            dup.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass
        finally:
            dup.close()

    def close(self) -> None:
        """Close the connection if open; the next query reconnects."""
        with self._lock:
            conn, self._conn = self._conn, None
        if conn is not None:
            with contextlib.suppress(psycopg.Error):
                conn.close()
