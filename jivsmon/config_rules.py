"""Rules about the stack config that JSON Schema cannot express, each reported by field path."""

from __future__ import annotations

import re
from collections import Counter

from jivsmon.config_model import TIERS, StackConfig
from jivsmon.errors import Problem


def semantic_problems(config: StackConfig) -> list[Problem]:
    """Every cross-field problem in an otherwise schema-valid config."""
    return [
        *_postgres(config),
        *_backend(config),
        *_alerting(config),
        *_redis(config),
        *_slos(config),
        *_durations(config),
    ]


def _duplicates(names: list[str]) -> set[str]:
    return {name for name, count in Counter(names).items() if count > 1}


def _postgres(config: StackConfig) -> list[Problem]:
    names = [r.name for r in config.postgres.replicas]
    out = [
        Problem(f"postgres.replicas[{i}].name", f"duplicate replica name {n!r}")
        for i, n in enumerate(names)
        if n in _duplicates(names)
    ]
    if config.postgres.primary in names:
        out.append(Problem("postgres.primary", "the primary is also listed as a replica"))
    return out


def _backend(config: StackConfig) -> list[Problem]:
    bounds = config.backend.replicas
    if bounds.min > bounds.max:
        return [Problem("backend.replicas.min", f"{bounds.min} is above max ({bounds.max})")]
    return []


def _alerting(config: StackConfig) -> list[Problem]:
    known = {name for name, _ in config.alertmanager.receivers}
    return [
        Problem(f"alertmanager.routes.{tier}", f"no receiver named {getattr(config.alertmanager.routes, tier)!r}")
        for tier in TIERS
        if getattr(config.alertmanager.routes, tier) not in known
    ]


def _redis(config: StackConfig) -> list[Problem]:
    redis = config.redis
    if redis.quorum > redis.sentinels:
        return [Problem("redis.quorum", f"{redis.quorum} is more than the {redis.sentinels} sentinels")]
    return []


# A plain vector selector: metric name, optionally one {...} of matchers (SLO rules wrap it).
_SELECTOR = re.compile(r"^[a-zA-Z_:][a-zA-Z0-9_:]*(\{[^{}]*\})?$")


def _slos(config: StackConfig) -> list[Problem]:
    names = [s.name for s in config.slos]
    out = [
        Problem(f"slos[{i}].name", f"duplicate SLO name {n!r}") for i, n in enumerate(names) if n in _duplicates(names)
    ]
    for i, slo in enumerate(config.slos):
        for field in ("total", "errors", "up", "histogram"):
            value = getattr(slo.sli, field, None)
            if isinstance(value, str) and not _SELECTOR.match(value.strip()):
                out.append(
                    Problem(
                        f"slos[{i}].sli.{field}", f'{value!r} is not a vector selector like metric{{label="value"}}'
                    )
                )
        if getattr(slo.sli, "histogram", "").split("{")[0].endswith("_bucket"):
            out.append(Problem(f"slos[{i}].sli.histogram", "name the histogram family, without _bucket"))
    return out


def _durations(config: StackConfig) -> list[Problem]:
    fields = {
        "prometheus.evaluation_interval": config.prometheus.evaluation_interval,
        "backups.postgres_base_backup": config.backups.postgres_base_backup,
        "backups.wal_archive": config.backups.wal_archive,
        "backups.redis_rdb": config.backups.redis_rdb,
        "backups.restore_test": config.backups.restore_test,
        **{f"slos[{i}].window": s.window for i, s in enumerate(config.slos)},
    }
    return [Problem(path, "must be longer than 0s") for path, d in fields.items() if d.seconds <= 0]
