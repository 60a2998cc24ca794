"""The Redis persistence source against a real redis-server: BGSAVE, and a restart without a save."""

from __future__ import annotations

import os
import time
from pathlib import Path
from typing import Any

import redis

from exporters.backup.redis_rdb import RedisTarget, newest_rdb
from jivsmon.services.ports import LOOPBACK
from jivsmon.services.redis import RedisServer


def _bgsave(client: redis.Redis) -> None:
    client.bgsave()
    deadline = time.monotonic() + 30
    while (info := client.info("persistence"))["rdb_bgsave_in_progress"] or info["rdb_changes_since_last_save"]:
        assert time.monotonic() < deadline, "BGSAVE never finished"
        time.sleep(0.1)


def test_bgsave_and_a_restart_without_save(tmp_path: Path, scrape: Any) -> None:
    server = RedisServer(tmp_path).start()
    try:
        client = redis.Redis(host=LOOPBACK, port=server.port)
        client.set("k", "v")
        target = RedisTarget(LOOPBACK, server.port, None, str(tmp_path), timeout=3)
        dirty = scrape(target)
        assert dirty.value("jivs_backup_up", source="redis") == 1
        assert dirty.value("jivs_backup_redis_changes_since_last_save") >= 1
        assert dirty.value("jivs_backup_redis_rdb_file_timestamp_seconds") == 0  # no file yet
        assert "jivs_backup_redis_last_bgsave_duration_seconds" not in dirty.names()  # none since start

        _bgsave(client)
        saved = scrape(target)
        rdb = tmp_path / "dump.rdb"
        assert saved.value("jivs_backup_redis_rdb_file_timestamp_seconds") == rdb.stat().st_mtime
        assert saved.value("jivs_backup_redis_last_save_timestamp_seconds") == client.lastsave().timestamp()
        assert saved.value("jivs_backup_redis_last_bgsave_success") == 1
        assert saved.value("jivs_backup_redis_changes_since_last_save") == 0
        assert saved.value("jivs_backup_redis_bgsave_in_progress") == 0
        assert saved.value("jivs_backup_redis_aof_last_write_success") == 1

        # The snapshot is from three hours ago; Redis restarts (save '' : no save on shutdown).
        three_hours_ago = time.time() - 3 * 3600
        os.utime(rdb, (three_hours_ago, three_hours_ago))
        server.stop()
        server.start()
        restarted = scrape(RedisTarget(LOOPBACK, server.port, None, str(rdb), timeout=3))
        assert restarted.value("jivs_backup_redis_last_save_timestamp_seconds") >= three_hours_ago + 3 * 3600 - 60
        assert restarted.value("jivs_backup_redis_rdb_file_timestamp_seconds") == three_hours_ago
    finally:
        server.stop()
    down = scrape(RedisTarget(LOOPBACK, server.port, None, str(tmp_path), timeout=1))
    assert down.value("jivs_backup_up", source="redis") == 0


def test_newest_rdb_in_a_backup_folder_or_glob(tmp_path: Path) -> None:
    for age, name in ((7200, "a.rdb"), (60, "b.rdb"), (10, "notes.txt")):
        path = tmp_path / name
        path.write_text(name)
        stamp = time.time() - age
        os.utime(path, (stamp, stamp))
    newest = (tmp_path / "b.rdb").stat().st_mtime
    assert newest_rdb(str(tmp_path)) == newest
    assert newest_rdb(str(tmp_path / "*.rdb")) == newest
    assert newest_rdb(str(tmp_path / "a.rdb")) == (tmp_path / "a.rdb").stat().st_mtime
    assert newest_rdb(str(tmp_path / "missing" / "*.rdb")) == 0
