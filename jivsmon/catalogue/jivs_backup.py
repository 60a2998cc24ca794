"""Metrics of our backup-freshness exporter (exporters/backup): the contract it implements.

Timestamps, never ages: alerts compute ``time() - x``. ``source`` is pgbackrest,
walg, basebackup_dir, archiver, redis or restore_test.
"""

from functools import partial

from jivsmon.catalogue.model import Metric

_m = partial(Metric, source="jivs_backup")
_BK = ("source", "repository", "type")

METRICS = (
    _m("jivs_backup_up", type="gauge", help="1 if the source could be read on the last scrape.", labels=("source",)),
    _m(
        "jivs_backup_cache_timestamp_seconds",
        type="gauge",
        help="When a slow source was last actually read.",
        labels=("source",),
    ),
    _m(
        "jivs_backup_last_success_start_timestamp_seconds",
        type="gauge",
        help="Start of the newest completed backup.",
        labels=_BK,
    ),
    _m(
        "jivs_backup_last_success_finish_timestamp_seconds",
        type="gauge",
        help="End of the newest completed backup.",
        labels=_BK,
    ),
    _m(
        "jivs_backup_last_success_duration_seconds",
        type="gauge",
        help="Duration of the newest completed backup.",
        labels=_BK,
    ),
    _m("jivs_backup_last_success_size_bytes", type="gauge", help="Size of the newest completed backup.", labels=_BK),
    _m(
        "jivs_backup_last_attempt_success",
        type="gauge",
        help="1 if the newest backup attempt completed, 0 if it errored.",
        labels=_BK,
    ),
    _m(
        "jivs_backup_last_attempt_timestamp_seconds",
        type="gauge",
        help="Start of the newest backup attempt, completed or not.",
        labels=_BK,
    ),
    _m("jivs_backup_wal_archived_total", type="counter", help="WAL files archived (pg_stat_archiver.archived_count)."),
    _m("jivs_backup_wal_failed_total", type="counter", help="Failed archive attempts (pg_stat_archiver.failed_count)."),
    _m("jivs_backup_wal_last_archived_timestamp_seconds", type="gauge", help="When the last WAL file was archived."),
    _m("jivs_backup_wal_last_failed_timestamp_seconds", type="gauge", help="When archiving last failed."),
    _m("jivs_backup_wal_ready_segments", type="gauge", help="WAL segments waiting to be archived (.ready files)."),
    _m("jivs_backup_redis_last_save_timestamp_seconds", type="gauge", help="rdb_last_save_time (reset at startup)."),
    _m(
        "jivs_backup_redis_rdb_file_timestamp_seconds",
        type="gauge",
        help="Modification time of the newest RDB file: survives restarts.",
    ),
    _m("jivs_backup_redis_last_bgsave_success", type="gauge", help="1 if the last BGSAVE succeeded."),
    _m("jivs_backup_redis_last_bgsave_duration_seconds", type="gauge", help="Duration of the last BGSAVE."),
    _m("jivs_backup_redis_changes_since_last_save", type="gauge", help="Writes not yet in an RDB file."),
    _m("jivs_backup_redis_bgsave_in_progress", type="gauge", help="1 while a BGSAVE runs."),
    _m("jivs_backup_redis_aof_rewrite_in_progress", type="gauge", help="1 while an AOF rewrite runs."),
    _m("jivs_backup_redis_aof_last_write_success", type="gauge", help="1 if the last AOF write succeeded."),
    _m("jivs_backup_restore_test_last_timestamp_seconds", type="gauge", help="When the last restore verification ran."),
    _m("jivs_backup_restore_test_last_success", type="gauge", help="1 if the last restore verification passed."),
    _m(
        "jivs_backup_restore_test_last_success_timestamp_seconds",
        type="gauge",
        help="When a restore verification last passed.",
    ),
)
