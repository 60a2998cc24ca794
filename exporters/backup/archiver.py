"""WAL archiving: ``pg_stat_archiver`` and the ``.ready`` backlog, in one statement over one reused connection.

``pg_ls_archive_statusdir()`` is granted to ``pg_monitor``, so the role needs
nothing more. NULL times (never archived, never failed) are exported as 0.
An idle database archives nothing and is not stale: the signals are a backlog
of ``.ready`` segments that grows, and failures that move.
"""

from __future__ import annotations

from exporters.backup.contract import put
from exporters.runtime.postgres import PgConnection
from exporters.runtime.target import Scrape, Target

QUERY = """
SELECT archived_count, failed_count,
       coalesce(extract(epoch FROM last_archived_time), 0)::float8,
       coalesce(extract(epoch FROM last_failed_time), 0)::float8,
       (SELECT count(*) FROM pg_ls_archive_statusdir() WHERE name LIKE '%.ready')
FROM pg_stat_archiver
"""


class ArchiverTarget(Target):
    """The ``archiver`` source: one PostgreSQL server (normally the primary)."""

    def __init__(self, conn: PgConnection, shown_dsn: str) -> None:
        super().__init__("archiver")
        self.conn, self.shown_dsn = conn, shown_dsn
        self.statements = 0

    def collect(self, scrape: Scrape) -> None:
        """One query; a lost connection fails the source and the next scrape reconnects."""
        self.statements += 1
        archived, failed, last_archived, last_failed, ready = self.conn.query(QUERY)[0]
        put(scrape, "jivs_backup_wal_archived_total", archived)
        put(scrape, "jivs_backup_wal_failed_total", failed)
        put(scrape, "jivs_backup_wal_last_archived_timestamp_seconds", last_archived)
        put(scrape, "jivs_backup_wal_last_failed_timestamp_seconds", last_failed)
        put(scrape, "jivs_backup_wal_ready_segments", ready)

    def interrupt(self) -> None:
        """Unblock a query to a hung server."""
        self.conn.interrupt()

    def close(self) -> None:
        """Close the connection."""
        self.conn.close()

    def describe(self) -> str:
        """The DSN, password masked."""
        return self.shown_dsn
