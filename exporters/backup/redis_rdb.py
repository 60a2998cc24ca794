"""Redis persistence: ``INFO persistence`` and the RDB file's own modification time.

Redis sets ``rdb_last_save_time`` to the start time when it boots (see
LASTSAVE's documentation), so after a restart without a save it looks fresh
while nothing new is on disk. The newest RDB file's mtime (the live
``dump.rdb`` or the newest copy in a backup folder) cannot be fooled that
way; it is 0 when no file matches. ``--redis.rdb-path`` is a file, a folder
(its ``*.rdb`` files) or a glob.
"""

from __future__ import annotations

import glob
from pathlib import Path
from typing import Any

import redis

from exporters.backup.contract import put
from exporters.runtime.target import Scrape, Target


def newest_rdb(pattern: str) -> float:
    """The modification time of the newest matching file, 0 if none."""
    path = Path(pattern)
    paths = [str(p) for p in path.glob("*.rdb")] if path.is_dir() else glob.glob(pattern)
    times = []
    for name in paths:
        try:
            times.append(Path(name).stat().st_mtime)
        except FileNotFoundError:  # rotated away between listing and stat
            continue
    return max(times, default=0.0)


def persistence_samples(scrape: Scrape, info: dict[str, Any]) -> None:
    """The INFO persistence fields of the contract."""
    put(scrape, "jivs_backup_redis_last_save_timestamp_seconds", float(info["rdb_last_save_time"]))
    put(scrape, "jivs_backup_redis_last_bgsave_success", 1 if info["rdb_last_bgsave_status"] == "ok" else 0)
    duration = float(info.get("rdb_last_bgsave_time_sec", -1))
    if duration >= 0:  # -1: no BGSAVE since start
        put(scrape, "jivs_backup_redis_last_bgsave_duration_seconds", duration)
    put(scrape, "jivs_backup_redis_changes_since_last_save", float(info["rdb_changes_since_last_save"]))
    put(scrape, "jivs_backup_redis_bgsave_in_progress", float(info["rdb_bgsave_in_progress"]))
    put(scrape, "jivs_backup_redis_aof_rewrite_in_progress", float(info["aof_rewrite_in_progress"]))
    put(scrape, "jivs_backup_redis_aof_last_write_success", 1 if info["aof_last_write_status"] == "ok" else 0)


class RedisTarget(Target):
    """The ``redis`` source: one Redis server and, optionally, where its RDB files land."""

    def __init__(self, host: str, port: int, password: str | None, rdb_path: str | None, timeout: float) -> None:
        super().__init__("redis")
        self.address, self.rdb_path = f"{host}:{port}", rdb_path
        self.client = redis.Redis(
            host=host,
            port=port,
            password=password,
            socket_timeout=timeout,
            socket_connect_timeout=timeout,
            health_check_interval=0,
        )
        self.statements = 0

    def collect(self, scrape: Scrape) -> None:
        """INFO persistence (one command) and the file time; Redis unreachable fails the source."""
        self.statements += 1
        info: dict[str, Any] = self.client.info("persistence")
        persistence_samples(scrape, info)
        if self.rdb_path:
            put(scrape, "jivs_backup_redis_rdb_file_timestamp_seconds", newest_rdb(self.rdb_path))

    def interrupt(self) -> None:
        """Drop the connections of a hung server."""
        self.client.connection_pool.disconnect()

    def close(self) -> None:
        """Close the connections."""
        self.client.close()

    def describe(self) -> str:
        """Address and RDB location."""
        return self.address + (f", RDB {self.rdb_path}" if self.rdb_path else "")
