"""The data-store rule groups (postgres, replication, pgbouncer, redis, sentinel, backup) follow the stack config."""

from __future__ import annotations

from typing import Any

import pytest

from alerts.model import AlertRule
from alerts.rules import backup, pgbouncer, postgres, redis, replication, sentinel
from alerts.rules.units import human_bytes, num
from jivsmon.config import config_from_data

GROUPS = (postgres, replication, pgbouncer, redis, sentinel, backup)


@pytest.mark.parametrize(
    ("value", "text"),
    [(268435456, "268435456"), (0.95, "0.95"), (2000 * 0.85, "1700"), (1e-3, "0.001"), (93600.0, "93600")],
    ids=["big-int-stays-exact", "ratio", "product-rounds-to-int", "small", "float-seconds"],
)
def test_num_writes_thresholds_exactly(value: float, text: str) -> None:
    assert num(value) == text


@pytest.mark.parametrize(
    ("value", "text"),
    [(268435456, "256 MiB"), (1073741824, "1 GiB"), (1536, "1.5 KiB"), (100, "100 B")],
    ids=["mib", "gib", "kib", "bytes"],
)
def test_human_bytes(value: float, text: str) -> None:
    assert human_bytes(value) == text


def _rules(data: dict[str, Any]) -> dict[str, AlertRule]:
    config = config_from_data(data)
    return {rule.name: rule for group in GROUPS for rule in group.rules(config)}


# (section, key, new value, alert, text its expression must then contain)
OVERRIDES = [
    ("thresholds", "replication_lag_seconds", 30, "PostgresReplicationLagHigh", "> 30)"),
    ("thresholds", "replication_lag_bytes", 1073741824, "PostgresReplicationLagBytesHigh", "> 1073741824"),
    (
        "thresholds",
        "replication_slot_retained_wal_bytes",
        2147483648,
        "PostgresReplicationSlotInactive",
        "> 2147483648",
    ),
    ("thresholds", "postgres_connections_ratio", 0.7, "PostgresConnectionsHigh", "> 0.7"),
    ("thresholds", "postgres_cache_hit_ratio", 0.99, "PostgresCacheHitRatioLow", "< 0.99"),
    ("thresholds", "postgres_long_transaction_seconds", 600, "PostgresLongRunningTransaction", "> 600"),
    ("thresholds", "pgbouncer_client_maxwait_seconds", 0.5, "PgBouncerClientsWaiting", "> 0.5"),
    ("thresholds", "redis_memory_ratio", 0.8, "RedisMemoryHigh", "> 0.8"),
    ("pgbouncer", "max_client_connections", 1000, "PgBouncerClientConnectionsHigh", "> 850"),
    ("backups", "postgres_base_backup", "12h", "PostgresBaseBackupStale", "> 50400"),
    ("backups", "redis_rdb", "1h", "RedisRDBBackupStale", "> 10800"),
    ("backups", "restore_test", "7d", "RestoreTestStale", "> 612000"),
    ("backups", "wal_archive", "15m", "PostgresWALArchivingFailing", "[15m]"),
    ("postgres", "primary", "db-main", "PostgresPrimaryDown", 'target="db-main"'),
    (
        "postgres",
        "replicas",
        [{"name": "east"}, {"name": "west.2"}],
        "PostgresReplicationLagHigh",
        r'target=~"east|west\\.2"',
    ),
    ("redis", "master_name", "sessions", "SentinelQuorumLost", 'master="sessions"'),
    ("backups", "job", "backup-x", "PostgresBaseBackupFailed", 'job="backup-x"'),
]


@pytest.mark.parametrize(
    ("section", "key", "value", "alert", "text"), OVERRIDES, ids=[f"{s}.{k}" for s, k, *_ in OVERRIDES]
)
def test_expressions_follow_the_stack_config(
    stack_data: dict[str, Any], section: str, key: str, value: Any, alert: str, text: str
) -> None:
    assert text not in _rules(stack_data)[alert].expr
    stack_data[section][key] = value
    assert text in _rules(stack_data)[alert].expr


def test_the_wal_rule_waits_one_rpo(stack_data: dict[str, Any]) -> None:
    stack_data["backups"]["wal_archive"] = "15m"
    assert str(_rules(stack_data)["PostgresWALArchivingFailing"].effective_for) == "15m"


def test_the_six_groups_have_21_alerts_in_every_tier(stack_data: dict[str, Any]) -> None:
    rules = _rules(stack_data).values()
    assert len(rules) == 21
    assert {r.tier for r in rules} == {"critical", "high", "medium", "low"}
