"""The pg_basebackup folder source against real pg_basebackup backups."""

from __future__ import annotations

import json
import shutil
import time
from pathlib import Path
from typing import Any

from exporters.backup.basebackup import BasebackupDirTarget, read_manifest
from jivsmon.services.postgres import PostgresServer

Fn = Any  # the conftest fixtures' callables

FINISH = "jivs_backup_last_success_finish_timestamp_seconds"
START = "jivs_backup_last_success_start_timestamp_seconds"


def test_plain_and_tar_backups_are_completed_with_their_times_and_size(
    archiving_pg: PostgresServer, pg_folder: Fn, basebackup: Fn, scrape: Fn
) -> None:
    folder = pg_folder("bb-formats")
    before = time.time()
    basebackup(archiving_pg, folder / "plain")
    basebackup(archiving_pg, folder / "tar", "-Ft")
    after = time.time()
    target = BasebackupDirTarget([folder])
    samples = scrape(target)
    labels = {"source": "basebackup_dir", "repository": str(folder), "type": "full"}
    assert samples.value("jivs_backup_up", source="basebackup_dir") == 1
    assert before - 1 <= samples.value(START, **labels) <= samples.value(FINISH, **labels) <= after + 1
    assert samples.value("jivs_backup_last_attempt_success", **labels) == 1
    manifest = json.loads((folder / "tar" / "backup_manifest").read_text())
    assert samples.value("jivs_backup_last_success_size_bytes", **labels) == sum(f["Size"] for f in manifest["Files"])
    for name in ("plain", "tar"):
        record = next(b for b in target.scan(folder) if b.name == name)
        assert record.completed and record.size and record.size > 1_000_000


def test_an_emptied_newest_backup_does_not_move_the_last_success(
    archiving_pg: PostgresServer, pg_folder: Fn, basebackup: Fn, scrape: Fn
) -> None:
    folder = pg_folder("bb-emptied")
    basebackup(archiving_pg, folder / "monday")
    target = BasebackupDirTarget([folder])
    labels = {"source": "basebackup_dir", "repository": str(folder), "type": "full"}
    good = scrape(target)
    time.sleep(1.1)  # the next backup's label must carry a later START TIME (1 s resolution)
    basebackup(archiving_pg, folder / "tuesday")
    assert scrape(target).value(START, **labels) > good.value(START, **labels)
    for child in (folder / "tuesday").iterdir():
        shutil.rmtree(child) if child.is_dir() else child.unlink()
    after = scrape(target)
    assert after.value(START, **labels) == good.value(START, **labels)
    assert after.value(FINISH, **labels) == good.value(FINISH, **labels)
    assert after.value("jivs_backup_last_attempt_success", **labels) == 0
    assert after.value("jivs_backup_last_attempt_timestamp_seconds", **labels) > good.value(START, **labels)


def test_a_truncated_manifest_is_not_a_completed_backup(
    archiving_pg: PostgresServer, pg_folder: Fn, basebackup: Fn, scrape: Fn
) -> None:
    folder = pg_folder("bb-truncated")
    basebackup(archiving_pg, folder / "only")
    manifest = folder / "only" / "backup_manifest"
    assert read_manifest(manifest) is not None
    manifest.write_bytes(manifest.read_bytes()[:-200])
    assert read_manifest(manifest) is None
    samples = scrape(BasebackupDirTarget([folder]))
    labels = {"source": "basebackup_dir", "repository": str(folder), "type": "full"}
    assert samples.value(FINISH, **labels) == 0  # never: the freshness alert fires
    assert samples.value("jivs_backup_last_attempt_success", **labels) == 0


def test_an_empty_folder_reports_never_and_a_missing_one_is_down(tmp_path: Path, scrape: Fn) -> None:
    samples = scrape(BasebackupDirTarget([tmp_path]))
    labels = {"source": "basebackup_dir", "repository": str(tmp_path), "type": "full"}
    assert samples.value(START, **labels) == 0 and samples.value(FINISH, **labels) == 0
    down = scrape(BasebackupDirTarget([tmp_path / "gone"]))
    assert down.value("jivs_backup_up", source="basebackup_dir") == 0
    assert not [k for k in down if k[0] != "jivs_backup_up"]
