"""How backup records become freshness series: errored attempts never count as fresh."""

from __future__ import annotations

from typing import Any

import pytest

from exporters.backup.records import Backup, emit, unix_time
from exporters.runtime.target import Scrape


def _series(backups: list[Backup], repositories: tuple[str, ...] = ()) -> dict[tuple[str, str], float]:
    scrape = Scrape("pgbackrest", "source")
    emit(scrape, backups, repositories)
    return {(s.name, s.labels["type"]): s.value for f in scrape.families.values() for s in f.samples}


def _b(start: float, completed: bool, kind: str = "full", stop: float | None = None) -> Backup:
    return Backup(f"b{start}", "main/repo1", kind, start, stop if stop is not None else start + 10, 100.0, completed)


CASES: list[Any] = [
    pytest.param([_b(100, True), _b(200, False)], 100, 0, 200, id="errored-newest-attempt"),
    pytest.param([_b(100, True), _b(200, True)], 200, 1, 200, id="both-completed"),
    pytest.param([_b(200, False)], 0, 0, 200, id="only-errored"),
    pytest.param([_b(200, True), _b(100, False)], 200, 1, 200, id="errored-older-one"),
]


@pytest.mark.parametrize(("backups", "last_start", "attempt_ok", "attempt_at"), CASES)
def test_last_success_and_last_attempt(
    backups: list[Backup], last_start: float, attempt_ok: int, attempt_at: float
) -> None:
    series = _series(backups)
    assert series[("jivs_backup_last_success_start_timestamp_seconds", "full")] == last_start
    assert series[("jivs_backup_last_attempt_success", "full")] == attempt_ok
    assert series[("jivs_backup_last_attempt_timestamp_seconds", "full")] == attempt_at


def test_types_are_separate_and_an_empty_repository_reports_never() -> None:
    series = _series([_b(100, True, "incr", stop=130)], ("main/repo1",))
    assert series[("jivs_backup_last_success_duration_seconds", "incr")] == 30
    assert series[("jivs_backup_last_success_finish_timestamp_seconds", "full")] == 0
    assert ("jivs_backup_last_attempt_success", "full") not in series


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("2026-12-04T03:07:12Z", 1796353632, id="rfc3339-z"),
        pytest.param("2026-12-04T04:07:12.5+01:00", 1796353632.5, id="offset-fraction"),
        pytest.param("2026-12-04T03:07:12.123456789Z", 1796353632.123456, id="go-nanoseconds"),
        pytest.param("2026-12-04 03:07:12 UTC", 1796353632, id="backup-label"),
        pytest.param("0001-01-01T00:00:00Z", None, id="go-zero-time"),
        pytest.param(None, None, id="null"),
        pytest.param(1796353632, 1796353632, id="unix-seconds"),
    ],
)
def test_unix_time(text: object, expected: float | None) -> None:
    result = unix_time(text)
    assert result == (None if expected is None else pytest.approx(expected))
