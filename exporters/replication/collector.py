"""ReplicationTarget: one PostgreSQL server (primary or standby) read for replication health.

The role is detected on every scrape (``pg_is_in_recovery()``), so a failover
needs no restart. Statements per scrape: one on a standby (status with the WAL
receiver folded in), three on a primary (status, pg_stat_replication, slots),
plus one with heartbeat mode on.

Lag seconds come from the primary's pg_stat_replication. PostgreSQL sets the
lag columns to NULL once a standby has caught up and nothing new is written;
reading NULL as "unknown" (or computing ``now() - last replay`` on the standby)
makes lag grow on an idle primary (postgres_exporter #385). Here NULL becomes 0
only if the standby's LSN for that kind equals the primary's current LSN;
otherwise the sample is left out (no measurement yet). A standby that is
connected but stuck shows in the bytes lag and replay_paused; one cut off
while its received LSN equals its replayed LSN (postgres_exporter #977) shows
in wal_receiver_streaming, last_msg_receipt_timestamp_seconds and the
primary's replica_connected.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any, Protocol

from exporters.runtime.postgres import FATAL
from exporters.runtime.target import Scrape, Target
from jivsmon.catalogue import jivs_replication

HELP = {m.name: m.help for m in jivs_replication.METRICS}
P = "jivs_replication_"
LAG_KINDS = ("write", "flush", "replay")
BYTES_KINDS = ("sent", "write", "flush", "replay")
_TABLE = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)?$")

STATUS_SQL = """
SELECT pg_is_in_recovery(),
       pg_wal_lsn_diff(pg_last_wal_receive_lsn(), '0/0'),
       pg_wal_lsn_diff(pg_last_wal_replay_lsn(), '0/0'),
       extract(epoch FROM pg_last_xact_replay_timestamp()),
       CASE WHEN pg_is_in_recovery() THEN pg_is_wal_replay_paused() END,
       (SELECT status FROM pg_stat_wal_receiver),
       (SELECT extract(epoch FROM last_msg_receipt_time) FROM pg_stat_wal_receiver)
"""

REPLICATION_SQL = """
SELECT application_name, state, sync_state,
       extract(epoch FROM write_lag), extract(epoch FROM flush_lag), extract(epoch FROM replay_lag),
       pg_wal_lsn_diff(c.lsn, sent_lsn), pg_wal_lsn_diff(c.lsn, write_lsn),
       pg_wal_lsn_diff(c.lsn, flush_lsn), pg_wal_lsn_diff(c.lsn, replay_lsn)
FROM pg_stat_replication, (SELECT pg_current_wal_lsn() AS lsn) AS c
ORDER BY application_name, state = 'streaming' DESC, pid
"""

SLOTS_SQL = """
SELECT slot_name, slot_type, active, pg_wal_lsn_diff(pg_current_wal_lsn(), restart_lsn)
FROM pg_replication_slots ORDER BY slot_name
"""


class Connection(Protocol):
    """What the target needs from a connection (exporters.runtime.postgres.PgConnection)."""

    def query(self, sql: str) -> list[tuple[Any, ...]]:
        """Rows of one statement."""

    def interrupt(self) -> None:
        """Wake a blocked query from another thread."""

    def close(self) -> None:
        """Close; the next query reconnects."""


def heartbeat_sql(table: str, primary: bool) -> str:
    """Write (primary) or read (standby) the heartbeat row; table is ``[schema.]name``."""
    if not _TABLE.match(table):
        raise ValueError(f"heartbeat table {table!r}: expected [schema.]name")
    if primary:
        return (
            f"INSERT INTO {table} (id, ts) VALUES (1, now()) ON CONFLICT (id) DO UPDATE "
            f"SET ts = excluded.ts RETURNING extract(epoch FROM ts)"
        )
    return f"SELECT extract(epoch FROM ts) FROM {table} WHERE id = 1"


def _num(value: Any) -> float | None:
    return None if value is None else float(value)


class ReplicationTarget(Target):
    """One server; on a primary also the per-replica view and the slots."""

    fatal = FATAL

    def __init__(
        self,
        name: str,
        conn: Connection,
        expected_replicas: Sequence[str] = (),
        heartbeat_table: str | None = None,
        description: str = "",
    ) -> None:
        super().__init__(name)
        self.conn, self.expected = conn, tuple(expected_replicas)
        self.heartbeat_table, self.description = heartbeat_table, description or name
        if heartbeat_table:
            heartbeat_sql(heartbeat_table, True)  # validate now, not on the first scrape

    def collect(self, scrape: Scrape) -> None:
        """Status first (a failure here is `up 0`), then the role's collectors."""
        rows = self.conn.query(STATUS_SQL)
        in_recovery = bool(rows[0][0])
        scrape.run("recovery", lambda s: self._status(s, rows[0]))
        if not in_recovery:
            scrape.run("replication", self._replication)
            scrape.run("slots", self._slots)
        if self.heartbeat_table:
            scrape.run("heartbeat", lambda s: self._heartbeat(s, not in_recovery))

    def _status(self, s: Scrape, row: tuple[Any, ...]) -> None:
        in_recovery, receive, replay, replayed_at, paused, receiver, receipt = row
        s.target_sample(P + "in_recovery", HELP[P + "in_recovery"], 1 if in_recovery else 0)
        if not in_recovery:
            return
        for name, value in (
            (P + "receive_lsn_bytes", receive),
            (P + "replay_lsn_bytes", replay),
            (P + "last_replay_timestamp_seconds", replayed_at),
            (P + "last_msg_receipt_timestamp_seconds", receipt),
        ):
            if value is not None:
                s.target_sample(name, HELP[name], float(value))
        s.target_sample(P + "replay_paused", HELP[P + "replay_paused"], 1 if paused else 0)
        s.target_sample(
            P + "wal_receiver_streaming", HELP[P + "wal_receiver_streaming"], 1 if receiver == "streaming" else 0
        )

    def _replication(self, s: Scrape) -> None:
        seen: dict[str, tuple[Any, ...]] = {}
        for row in self.conn.query(REPLICATION_SQL):
            seen.setdefault(str(row[0]), row)  # the streaming sender first if a name repeats
        streaming = {name for name, row in seen.items() if row[1] == "streaming"}
        for name, row in seen.items():
            _, state, sync_state, *lags = row
            s.sample(
                P + "replica_info",
                HELP[P + "replica_info"],
                1,
                {"replica": name, "state": str(state), "sync_state": str(sync_state)},
                typ="info",
            )
            behind = dict(zip(BYTES_KINDS, (_num(v) for v in lags[3:]), strict=True))
            for kind, value in behind.items():
                if value is not None:
                    s.sample(
                        P + "replica_lag_bytes",
                        HELP[P + "replica_lag_bytes"],
                        max(0.0, value),
                        {"replica": name, "kind": kind},
                    )
            for kind, lag in zip(LAG_KINDS, lags[:3], strict=True):
                seconds, gap = _num(lag), behind[kind]
                if seconds is None and gap is not None and gap <= 0:
                    seconds = 0.0  # caught up and idle: PostgreSQL reports NULL, the truth is 0
                if seconds is not None:
                    s.sample(
                        P + "replica_lag_seconds",
                        HELP[P + "replica_lag_seconds"],
                        seconds,
                        {"replica": name, "kind": kind},
                    )
        for name in sorted(set(self.expected) | streaming):
            s.sample(
                P + "replica_connected", HELP[P + "replica_connected"], 1 if name in streaming else 0, {"replica": name}
            )
        s.sample(P + "replicas_connected", HELP[P + "replicas_connected"], len(streaming))
        s.sample(P + "replicas_expected", HELP[P + "replicas_expected"], len(self.expected))

    def _slots(self, s: Scrape) -> None:
        for slot, slot_type, active, retained in self.conn.query(SLOTS_SQL):
            s.sample(
                P + "slot_active",
                HELP[P + "slot_active"],
                1 if active else 0,
                {"slot": str(slot), "slot_type": str(slot_type)},
            )
            if retained is not None:
                s.sample(
                    P + "slot_retained_wal_bytes",
                    HELP[P + "slot_retained_wal_bytes"],
                    max(0.0, float(retained)),
                    {"slot": str(slot)},
                )

    def _heartbeat(self, s: Scrape, primary: bool) -> None:
        assert self.heartbeat_table is not None
        rows = self.conn.query(heartbeat_sql(self.heartbeat_table, primary))
        if rows and rows[0][0] is not None:
            s.target_sample(
                P + "heartbeat_timestamp_seconds", HELP[P + "heartbeat_timestamp_seconds"], float(rows[0][0])
            )

    def interrupt(self) -> None:
        """Shut the socket down under a hung query."""
        self.conn.interrupt()

    def close(self) -> None:
        """Close the connection."""
        self.conn.close()

    def describe(self) -> str:
        """The redacted DSN."""
        return self.description
