from __future__ import annotations

import dataclasses
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from jivsmon.config import config_from_data, load_config
from jivsmon.config_model import StackConfig
from jivsmon.durations import Duration
from jivsmon.errors import ConfigError

Mutation = Callable[[dict[str, Any]], None]


def test_default_stack_has_the_seed_figures(stack: StackConfig) -> None:
    assert [r.name for r in stack.postgres.replicas] == ["pg-replica-1", "pg-replica-2", "pg-replica-3"]
    assert (stack.backend.replicas.min, stack.backend.replicas.max) == (9, 30)
    assert len(stack.backend.zones) == 3
    assert stack.pgbouncer.max_client_connections == 2000
    assert (stack.redis.instances, stack.redis.sentinels) == (3, 3)
    assert stack.backups.wal_archive == Duration(300)
    assert stack.backups.postgres_base_backup == Duration(86400)
    assert stack.backups.redis_rdb == Duration(4 * 3600)
    assert stack.slos[0].objective == 99.7 and stack.slos[0].window == Duration(30 * 86400)
    assert stack.thresholds.replication_lag_seconds == 10
    assert stack.prometheus.instances == 2


def test_config_is_frozen(stack: StackConfig) -> None:
    with pytest.raises(dataclasses.FrozenInstanceError):
        stack.environment = "x"  # type: ignore[misc]


def test_missing_thresholds_take_schema_defaults(stack_data: dict[str, Any]) -> None:
    del stack_data["thresholds"]
    assert config_from_data(stack_data).thresholds.replication_lag_seconds == 10


def _drop(path: str) -> Mutation:
    def mutate(data: dict[str, Any]) -> None:
        *parents, last = path.split(".")
        node: Any = data
        for key in parents:
            node = node[int(key)] if key.isdigit() else node[key]
        del node[int(last) if last.isdigit() else last]

    return mutate


def _set(path: str, value: Any) -> Mutation:
    def mutate(data: dict[str, Any]) -> None:
        *parents, last = path.split(".")
        node: Any = data
        for key in parents:
            node = node[int(key)] if key.isdigit() else node[key]
        node[int(last) if last.isdigit() else last] = value

    return mutate


BROKEN: list[tuple[str, Mutation, list[str] | None]] = [
    ("replica-name-missing", _drop("postgres.replicas.2.name"), ["postgres.replicas[2].name: required"]),
    ("section-missing", _drop("redis"), ["redis: required"]),
    ("unknown-field", _set("pgbouncer.max_clients", 5), ["pgbouncer.max_clients: unknown field"]),
    (
        "wrong-type",
        _set("pgbouncer.max_client_connections", "lots"),
        ["pgbouncer.max_client_connections: expected integer, got str"],
    ),
    (
        "bad-duration",
        _set("backups.wal_archive", "5 minutes"),
        ["backups.wal_archive: '5 minutes' is not a duration (e.g. 30s, 5m, 24h)"],
    ),
    ("zero-duration", _set("backups.redis_rdb", "0s"), ["backups.redis_rdb: must be longer than 0s"]),
    (
        "objective-over-100",
        _set("slos.0.objective", 100.5),
        ["slos[0].objective: 100.5 is greater than or equal to the maximum of 100"],
    ),
    ("min-above-max", _set("backend.replicas.min", 31), ["backend.replicas.min: 31 is above max (30)"]),
    (
        "duplicate-replica",
        _set("postgres.replicas.1.name", "pg-replica-1"),
        [
            "postgres.replicas[0].name: duplicate replica name 'pg-replica-1'",
            "postgres.replicas[1].name: duplicate replica name 'pg-replica-1'",
        ],
    ),
    ("route-to-nowhere", _set("alertmanager.routes.low", "fax"), ["alertmanager.routes.low: no receiver named 'fax'"]),
    ("quorum-too-big", _set("redis.quorum", 4), ["redis.quorum: 4 is more than the 3 sentinels"]),
    (
        "not-finite",
        _set("thresholds.replication_lag_seconds", float("nan")),
        ["thresholds.replication_lag_seconds: nan is not a finite number"],
    ),
    ("root-not-a-mapping", lambda d: d.clear(), None),
]


@pytest.mark.parametrize(("mutate", "expected"), [(m, e) for _, m, e in BROKEN], ids=[i for i, _, _ in BROKEN])
def test_broken_config_names_each_problem(
    stack_data: dict[str, Any], mutate: Mutation, expected: list[str] | None
) -> None:
    mutate(stack_data)
    with pytest.raises(ConfigError) as err:
        config_from_data(stack_data)
    lines = [str(p) for p in err.value.problems]
    if expected is None:  # an emptied document: every section is reported missing
        assert "postgres: required" in lines and len(lines) > 10
    else:
        assert lines == expected


def test_several_problems_are_all_reported(stack_data: dict[str, Any]) -> None:
    del stack_data["postgres"]["replicas"][2]["name"]
    stack_data["pgbouncer"]["max_client_connections"] = -1
    with pytest.raises(ConfigError) as err:
        config_from_data(stack_data)
    assert [p.path for p in err.value.problems] == ["pgbouncer.max_client_connections", "postgres.replicas[2].name"]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("a: [1, 2\n", "stack.yaml:2:1: invalid YAML"),
        ("a: 1\na: 2\n", "invalid YAML: duplicate key 'a' (line 2)"),
    ],
    ids=["unclosed-list", "duplicate-key"],
)
def test_yaml_errors_name_the_line(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "stack.yaml"
    path.write_text(text)
    with pytest.raises(ConfigError) as err:
        load_config(path)
    assert message in str(err.value).replace(str(tmp_path) + "/", "")


def test_unreadable_file_is_a_config_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="cannot read"):
        load_config(tmp_path / "missing.yaml")


def test_overlay_changes_only_what_it_names(tmp_path: Path, repo: Path, stack: StackConfig) -> None:
    overlay = tmp_path / "drill.yaml"
    overlay.write_text("backups:\n  postgres_base_backup: 2m\n")
    drilled = load_config(repo / "stack.yaml", [overlay])
    assert drilled.backups.postgres_base_backup == Duration(120)
    assert dataclasses.replace(drilled, backups=stack.backups) == stack
