"""Dashboard 12, backups and DR: freshness against schedule and RPO, WAL archiving, RDB, restore tests."""

from __future__ import annotations

import grafanalib.core as G

from dashboards import style as s
from dashboards.layout import Row, new_dashboard, row
from dashboards.queries import backups as b
from dashboards.style import Query as Q
from jivsmon.config_model import StackConfig
from jivsmon.durations import Duration

SLUG = "backups-dr"


def _due(every: Duration, margin: Duration) -> s.Steps:
    """Orange once a backup is overdue, red once it is overdue by more than the margin."""
    return s.above(every.seconds, every.seconds + margin.seconds)


def _base_backups_row(config: StackConfig) -> Row:
    """PostgreSQL base backups: age against the schedule, last attempt, size and duration."""
    bk = config.backups
    return row(
        "PostgreSQL base backups",
        s.stat(
            "Base backup age",
            f"Since the newest completed base backup; due every "
            f"{bk.postgres_base_backup}, red after {bk.staleness_margin} more.",
            [Q(b.base_backup_age(config), "{{source}} {{type}}")],
            "s",
            steps=_due(bk.postgres_base_backup, bk.staleness_margin),
            w=12,
            h=5,
        ),
        s.state_timeline(
            "Last attempt",
            "1 if the newest attempt completed, per source and type.",
            [Q(b.last_attempt_ok(config), "{{source}} {{type}}")],
            mappings=s.up_down("completed", "FAILED"),
            w=12,
            h=5,
        ),
        s.timeseries(
            "Backup size",
            "Size of the newest completed backup.",
            [Q(b.backup_size(config), "{{source}} {{type}}")],
            "bytes",
            min=0,
        ),
        s.timeseries(
            "Backup duration",
            "How long the newest completed backup took.",
            [Q(b.backup_duration(config), "{{source}} {{type}}")],
            "s",
            min=0,
        ),
    )


def _wal_archiving_row(config: StackConfig) -> Row:
    """WAL archiving against the RPO: age of the last archive, backlog and rate."""
    rpo = config.backups.wal_archive
    return row(
        "WAL archiving (RPO)",
        s.stat(
            "Last WAL archived",
            f"Data a restore would lose now; the RPO is {rpo}.",
            [Q(b.wal_age(config))],
            "s",
            steps=s.above(rpo.seconds, 2 * rpo.seconds),
            w=6,
        ),
        s.stat(
            "Archive backlog",
            "WAL segments waiting to be archived.",
            [Q(b.wal_backlog(config))],
            "short",
            steps=s.above(10, 100),
            w=6,
        ),
        s.timeseries(
            "Archiving rate",
            "WAL segments archived and failed per second.",
            [Q(b.wal_rate(config, "archived"), "archived"), Q(b.wal_rate(config, "failed"), "failed")],
            "ops",
            min=0,
        ),
        s.timeseries(
            "Time since last archive",
            f"Against the RPO of {rpo}.",
            [Q(b.wal_age(config), "age")],
            "s",
            steps=s.above(rpo.seconds, 2 * rpo.seconds),
            min=0,
            w=24,
        ),
    )


def _redis_rdb_row(config: StackConfig) -> Row:
    """Redis RDB snapshots: file age against the schedule and the last BGSAVE."""
    bk = config.backups
    return row(
        "Redis RDB",
        s.stat(
            "RDB file age",
            f"Age of the newest RDB file; due every {bk.redis_rdb}.",
            [Q(b.rdb_age(config))],
            "s",
            steps=_due(bk.redis_rdb, bk.staleness_margin),
            w=12,
        ),
        s.stat(
            "Last BGSAVE",
            "1 if the last BGSAVE succeeded.",
            [Q(b.rdb_bgsave_ok(config))],
            "none",
            mappings=s.up_down("OK", "FAILED"),
            steps=s.below(1),
            w=12,
        ),
    )


def _restore_tests_row(config: StackConfig) -> Row:
    """Restore verifications, their age and result, and which backup sources are readable."""
    bk = config.backups
    return row(
        "Restore tests and sources",
        s.stat(
            "Last passing restore test",
            f"Since a restore verification last passed; due every {bk.restore_test}.",
            [Q(b.restore_test_age(config))],
            "s",
            steps=_due(bk.restore_test, bk.staleness_margin),
            w=8,
        ),
        s.stat(
            "Last restore test",
            "1 if the last restore verification passed.",
            [Q(b.restore_test_ok(config))],
            "none",
            mappings=s.up_down("PASSED", "FAILED"),
            steps=s.below(1),
            w=8,
        ),
        s.stat(
            "Sources readable",
            "1 per backup source the exporter could read.",
            [Q(b.sources_up(config), "{{source}}")],
            "none",
            mappings=s.up_down(),
            steps=s.below(1),
            w=8,
        ),
    )


def dashboard(config: StackConfig) -> G.Dashboard:
    """The backups dashboard."""
    bk = config.backups
    return new_dashboard(
        config,
        SLUG,
        description=f"Every backup against its schedule (base {bk.postgres_base_backup}, "
        f"RDB {bk.redis_rdb}, restore test {bk.restore_test}) and the WAL RPO {bk.wal_archive}.",
        rows=[
            _base_backups_row(config),
            _wal_archiving_row(config),
            _redis_rdb_row(config),
            _restore_tests_row(config),
        ],
        related=("postgres-overview", "postgres-replication", "redis-cache"),
    )
