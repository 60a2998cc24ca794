"""Backup freshness from our backup exporter (jivs_backup_*): ages, never raw timestamps."""

from __future__ import annotations

from dashboards.style import RATE
from jivsmon.config_model import StackConfig
from jivsmon.promql import sel


def _b(config: StackConfig, metric: str, **labels: str) -> str:
    return sel(metric, job=config.backups.job, **labels)


def base_backup_age(config: StackConfig) -> str:
    """Age of the newest completed PostgreSQL base backup, per source and type."""
    finish = _b(config, "jivs_backup_last_success_finish_timestamp_seconds", source="~pgbackrest|walg|basebackup_dir")
    return f"time() - max by (source, type) ({finish})"


def last_attempt_ok(config: StackConfig) -> str:
    """1 if the newest backup attempt completed, per source and type."""
    return f"min by (source, type) ({_b(config, 'jivs_backup_last_attempt_success')})"


def backup_size(config: StackConfig) -> str:
    """Size of the newest completed backup."""
    return f"max by (source, type) ({_b(config, 'jivs_backup_last_success_size_bytes')})"


def backup_duration(config: StackConfig) -> str:
    """How long the newest completed backup took."""
    return f"max by (source, type) ({_b(config, 'jivs_backup_last_success_duration_seconds')})"


def wal_age(config: StackConfig) -> str:
    """Seconds since the last WAL segment was archived: the data a restore would lose."""
    return f"time() - max({_b(config, 'jivs_backup_wal_last_archived_timestamp_seconds')})"


def wal_rate(config: StackConfig, outcome: str) -> str:
    """WAL segments archived or failed per second ("archived" or "failed")."""
    return f"sum(rate({_b(config, f'jivs_backup_wal_{outcome}_total')}[{RATE}]))"


def wal_backlog(config: StackConfig) -> str:
    """WAL segments waiting to be archived."""
    return f"max({_b(config, 'jivs_backup_wal_ready_segments')})"


def rdb_age(config: StackConfig) -> str:
    """Age of the newest Redis RDB file."""
    return f"time() - max({_b(config, 'jivs_backup_redis_rdb_file_timestamp_seconds')})"


def rdb_bgsave_ok(config: StackConfig) -> str:
    """1 if the last BGSAVE succeeded."""
    return f"min({_b(config, 'jivs_backup_redis_last_bgsave_success')})"


def restore_test_age(config: StackConfig) -> str:
    """Seconds since a restore verification last passed."""
    return f"time() - max({_b(config, 'jivs_backup_restore_test_last_success_timestamp_seconds')})"


def restore_test_ok(config: StackConfig) -> str:
    """1 if the last restore verification passed."""
    return f"min({_b(config, 'jivs_backup_restore_test_last_success')})"


def sources_up(config: StackConfig) -> str:
    """1 per backup source the exporter could read."""
    return f"min by (source) ({_b(config, 'jivs_backup_up')})"
