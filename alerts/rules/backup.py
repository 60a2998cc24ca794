"""Backup alert rules: base backups, WAL archiving against the RPO, Redis RDB files, restore tests.

From our backup exporter, which exports timestamps; the rules compute ages.
Each freshness limit is the stack's schedule plus ``staleness_margin``. WAL
archiving is judged by failures and the ``.ready`` backlog, never by the age of
the last archived file: an idle database archives nothing and is not behind.
Where the exporter reports no backup at all for an hour, the backup counts as
missing: unknown freshness is the problem then.
"""

from __future__ import annotations

from alerts.model import AlertRule
from alerts.rules.units import num
from jivsmon.config_model import StackConfig
from jivsmon.durations import Duration
from jivsmon.promql import sel

COMPONENT = "backup"
DASHBOARD = "backups-dr"
BASE_BACKUP_SOURCES = "pgbackrest|walg|basebackup_dir"
ABSENT_WINDOW = "1h"


def _job(config: StackConfig) -> str:
    return config.backups.job


def _limit(config: StackConfig, schedule: Duration) -> Duration:
    return schedule + config.backups.staleness_margin


def _base_backup_finished(config: StackConfig) -> str:
    metric = "jivs_backup_last_success_finish_timestamp_seconds"
    return sel(metric, job=_job(config), source="~" + BASE_BACKUP_SOURCES)


def base_backup_age(config: StackConfig) -> str:
    """Seconds since the newest completed base backup finished, per source and repository."""
    return f"time() - max by (job, source, repository) ({_base_backup_finished(config)})"


def base_backup_stale(config: StackConfig) -> str:
    """Newest base backup older than schedule plus margin, or none known at all."""
    metric = _base_backup_finished(config)
    limit = _limit(config, config.backups.postgres_base_backup)
    return f"({base_backup_age(config)} > {num(limit.seconds)}) or absent_over_time({metric}[{ABSENT_WINDOW}])"


def base_backup_attempt_failed(config: StackConfig) -> str:
    """Per source, repository and type: the newest attempt errored."""
    metric = sel("jivs_backup_last_attempt_success", job=_job(config), source="~" + BASE_BACKUP_SOURCES)
    return f"{metric} == 0"


def wal_archive_behind(config: StackConfig) -> str:
    """WAL segments waiting while archiving fails, or a backlog that never emptied for a whole RPO.

    Failing: archive attempts failed within the RPO and no success came after the
    last failure. Stuck: a hung archive_command fails nothing, but the ``.ready``
    backlog then never reaches 0. Either way the value is the current backlog.
    """
    job, rpo = _job(config), config.backups.wal_archive
    ready = sel("jivs_backup_wal_ready_segments", job=job)
    failed = sel("jivs_backup_wal_failed_total", job=job)
    archived_at = sel("jivs_backup_wal_last_archived_timestamp_seconds", job=job)
    failed_at = sel("jivs_backup_wal_last_failed_timestamp_seconds", job=job)
    failing = f"(increase({failed}[{rpo}]) > 0) unless on (job, instance) ({archived_at} > {failed_at})"
    stuck = f"min_over_time({ready}[{rpo}]) > 0"
    return f"{ready} > 0 and on (job, instance) (({failing}) or ({stuck}))"


def rdb_stale(config: StackConfig) -> str:
    """Newest RDB file older than schedule plus margin (file time: a restart does not reset it)."""
    metric = sel("jivs_backup_redis_rdb_file_timestamp_seconds", job=_job(config))
    limit = _limit(config, config.backups.redis_rdb)
    return f"(time() - {metric} > {num(limit.seconds)}) or absent_over_time({metric}[{ABSENT_WINDOW}])"


def restore_test_overdue(config: StackConfig) -> str:
    """No passing restore verification within schedule plus margin, the latest one failed, or none ran."""
    job = _job(config)
    passed_at = sel("jivs_backup_restore_test_last_success_timestamp_seconds", job=job)
    passed = sel("jivs_backup_restore_test_last_success", job=job)
    ran_at = sel("jivs_backup_restore_test_last_timestamp_seconds", job=job)
    limit = _limit(config, config.backups.restore_test)
    return (
        f"(time() - {passed_at} > {num(limit.seconds)}) or ({passed} == 0)"
        f" or absent_over_time({ran_at}[{ABSENT_WINDOW}])"
    )


def rules(config: StackConfig) -> tuple[AlertRule, ...]:
    """The backup rule group."""
    b = config.backups
    base_limit = _limit(config, b.postgres_base_backup)
    return (
        AlertRule(
            name="PostgresWALArchivingFailing",
            expr=wal_archive_behind(config),
            tier="critical",
            component=COMPONENT,
            summary="WAL archiving is behind the RPO",
            description=(
                "{{ $value }} WAL segments on {{ $labels.instance }} are waiting to be archived while "
                f"archive_command fails or makes no progress, for longer than the RPO of {b.wal_archive}: "
                "that WAL exists only on the primary's disk."
            ),
            dashboard=DASHBOARD,
            for_=b.wal_archive,
        ),
        AlertRule(
            name="PostgresBaseBackupStale",
            expr=base_backup_stale(config),
            tier="high",
            component=COMPONENT,
            summary="No recent PostgreSQL base backup",
            description=(
                "{{ if $labels.source }}The newest completed base backup in {{ $labels.source }} "
                "{{ $labels.repository }} finished {{ $value | humanizeDuration }} ago"
                "{{ else }}The backup exporter reports no completed base backup{{ end }}; "
                f"one is expected every {b.postgres_base_backup} (limit {base_limit} with margin)."
            ),
            dashboard=DASHBOARD,
            for_=Duration.parse("10m"),
        ),
        AlertRule(
            name="PostgresBaseBackupFailed",
            expr=base_backup_attempt_failed(config),
            tier="medium",
            component=COMPONENT,
            summary="The last PostgreSQL base backup attempt failed",
            description=(
                "The newest {{ $labels.type }} backup attempt in {{ $labels.source }} "
                "{{ $labels.repository }} errored; the previous successful backup is getting older."
            ),
            dashboard=DASHBOARD,
            for_=Duration.parse("5m"),
        ),
        AlertRule(
            name="RedisRDBBackupStale",
            expr=rdb_stale(config),
            tier="medium",
            component=COMPONENT,
            summary="No recent Redis RDB snapshot",
            description=(
                "{{ if $labels.instance }}The newest Redis RDB file seen by {{ $labels.instance }} was "
                "written {{ $value | humanizeDuration }} ago"
                "{{ else }}The backup exporter reports no Redis RDB file{{ end }}; "
                f"one is expected every {b.redis_rdb} (limit {_limit(config, b.redis_rdb)} with margin)."
            ),
            dashboard=DASHBOARD,
        ),
        AlertRule(
            name="RestoreTestStale",
            expr=restore_test_overdue(config),
            tier="medium",
            component=COMPONENT,
            summary="The backup restore test is failing or overdue",
            description=(
                "{{ if $labels.instance }}Restore verification reported by {{ $labels.instance }}: "
                "none has passed within "
                f"{_limit(config, b.restore_test)}, or the latest run failed"
                "{{ else }}No restore verification result has been reported for an hour{{ end }}; "
                f"it should pass every {b.restore_test}. Until it does, restorability is unproven."
            ),
            dashboard=DASHBOARD,
        ),
    )
