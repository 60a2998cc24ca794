"""The drill scenarios: each fault, the alert(s) it must fire at which tier, and its known consequences.

Expected tiers, ``for`` and evaluation intervals are read from the rule
catalogue for the same config the demo runs, so a drill checks the rules as
built, not a copy of them. Scenarios are listed in the order they run;
``disruptive`` ones (the primary, the Redis master) run in a batch after the
others.
"""

from __future__ import annotations

from functools import partial

from alerts.catalogue import all_rules
from jivsmon.config_model import StackConfig
from jivsmon.demo.drills import faults
from jivsmon.demo.drills.checks import (
    describe_master_change,
    exporter_answers_for_hung_target,
    new_redis_master_reported,
)
from jivsmon.demo.drills.model import Expect, Match, Scenario, match
from jivsmon.errors import JivsmonError

# Beyond this many clients PgBouncer cannot be flooded quickly from one process: the drill profile lowers it.
FLOODABLE_CLIENTS = 200
# How long a PostgreSQL primary waits for a frozen replica before dropping its WAL sender (wal_sender_timeout).
WAL_SENDER_TIMEOUT = 60.0
# The backup exporter serves pgBackRest listings up to this old (its --cache.max-age default).
BACKUP_CACHE_SECONDS = 120.0
# Longest backup schedule + margin a drill waits out.
BASE_BACKUP_LIMIT_TO_DRILL = 3600.0
# Enough time for the 5-minute error-ratio window to drop back under the burn-rate threshold.
SHORT_WINDOW_SECONDS = 300.0


class Expectations:
    """Build Expect records from the rules rendered for one config."""

    def __init__(self, config: StackConfig) -> None:
        self.rules = {r.name: r for r in all_rules(config)}
        self.interval = config.prometheus.evaluation_interval.seconds

    def __call__(self, name: str, **labels: str) -> Expect:
        rule = self.rules[name]
        return Expect(match(name, **labels), rule.tier, rule.effective_for.seconds, self.interval)


def catalogue(config: StackConfig) -> list[Scenario]:
    """Every scenario for this config, in run order."""
    e = Expectations(config)
    pg = config.postgres
    if len(pg.replicas) < 3:
        raise JivsmonError("the drills need 3 PostgreSQL replicas (one each to stop, pause and hang)")
    hung, paused, stopped = (r.name for r in pg.replicas[:3])
    sentinels = tuple(f"sentinel-{i}" for i in range(2, config.redis.sentinels + 1))
    backup_limit = (config.backups.postgres_base_backup + config.backups.staleness_margin).seconds
    clients = config.pgbouncer.max_client_connections + 5
    availability = next((s.name for s in config.slos if s.sli.type == "request"), "backend-availability")
    return [
        Scenario(
            name="base-backup-stale",
            fault=f"a fresh pgBackRest and pg_basebackup backup, then no more: it ages past {backup_limit:.0f}s "
            "(schedule + margin)",
            expects=(e("PostgresBaseBackupStale"),),
            inject=faults.take_backups,
            recover=faults.take_backups,
            detect_lead=backup_limit + BACKUP_CACHE_SECONDS,
            resolve_lead=BACKUP_CACHE_SECONDS,
            profile="backups.postgres_base_backup and staleness_margin shortened (real limit: "
            "24h + 2h); the rule is unchanged",
            needs_short=("backups", backup_limit, BASE_BACKUP_LIMIT_TO_DRILL),
        ),
        Scenario(
            name="replica-stopped",
            fault=f"pg_ctl stop -m fast on {stopped}",
            expects=(e("PostgresReplicaDisconnected", replica=stopped),),
            inject=partial(faults.stop_replica, name=stopped),
            recover=lambda demo: demo.pg_start(stopped),
        ),
        Scenario(
            name="replay-paused",
            fault=f"SELECT pg_wal_replay_pause() on {paused} while the primary keeps writing",
            expects=(e("PostgresReplicationLagHigh", replica=paused),),
            inject=partial(faults.pause_replay, name=paused),
            recover=partial(faults.resume_replay, name=paused),
            tolerated=(match("PostgresReplicationLagBytesHigh", replica=paused),),
        ),
        Scenario(
            name="exporter-target-hung",
            fault=f"SIGSTOP on {hung}'s postmaster and backends: connections to it hang",
            expects=(e("PostgresReplicaDisconnected", replica=hung),),
            inject=partial(faults.hang_server, name=hung),
            recover=partial(faults.unhang_server, name=hung),
            tolerated=(
                match("PostgresReplicationLagHigh", replica=hung),
                match("ScrapeTargetDown", job=pg.job, instance=hung),
            ),
            detect_lead=WAL_SENDER_TIMEOUT,
            verify=partial(exporter_answers_for_hung_target, target=hung),
        ),
        Scenario(
            name="sentinel-quorum-lost",
            fault=f"SIGTERM on {' and '.join(sentinels)} (quorum {config.redis.quorum} of {config.redis.sentinels})",
            expects=(e("SentinelQuorumLost"),),
            inject=partial(faults.stop_sentinels, names=sentinels),
            recover=partial(faults.start_sentinels, names=sentinels),
        ),
        Scenario(
            name="wal-archiving-broken",
            fault="ALTER SYSTEM SET archive_command = 'false', reload, writes and pg_switch_wal() every 30s",
            expects=(e("PostgresWALArchivingFailing"),),
            inject=faults.break_archiving,
            recover=faults.repair_archiving,
            detect_lead=60.0,
            resolve_lead=60.0,
        ),
        Scenario(
            name="pgbouncer-saturated",
            fault=f"{clients} client connections held open on PgBouncer (max_client_conn "
            f"{config.pgbouncer.max_client_connections})",
            expects=(e("PgBouncerClientConnectionsHigh"),),
            inject=partial(faults.flood_pgbouncer, clients=clients),
            recover=faults.release_pgbouncer,
            profile="pgbouncer.max_client_connections lowered (real: 2000) so one process can saturate it",
            needs_short=("pgbouncer", float(config.pgbouncer.max_client_connections), FLOODABLE_CLIENTS),
        ),
        Scenario(
            name="backend-5xx-burst",
            fault="POST /admin/fault {error_ratio: 0.6}: 60 % of backend requests fail with 5xx until recovery",
            expects=(e("BackendAvailabilityBurnRateCritical", slo=availability),),
            inject=lambda demo: faults.backend_fault(demo, 0.6, 900),
            recover=lambda demo: faults.backend_fault(demo, 0.0, 0),
            tolerated=tuple(
                match(name, slo=availability)
                for name in (
                    "BackendAvailabilityBurnRateHigh",
                    "BackendAvailabilityBurnRateMedium",
                    "BackendAvailabilityBurnRateLow",
                    "BackendAvailabilityErrorBudgetExhausted",
                )
            ),
            detect_lead=60.0,
            resolve_lead=SHORT_WINDOW_SECONDS,
        ),
        Scenario(
            name="primary-down",
            fault=f"pg_ctl stop -m immediate on {pg.primary} (a crash)",
            expects=(e("PostgresPrimaryDown"),),
            inject=faults.stop_primary,
            recover=lambda demo: demo.pg_start(pg.primary),
            tolerated=_primary_down_consequences(config),
            disruptive=True,
        ),
        Scenario(
            name="redis-master-killed",
            fault="SIGKILL on the Redis master Sentinel names; Sentinel promotes a replica",
            expects=(e("RedisDown"),),
            inject=faults.kill_redis_master,
            recover=faults.restart_killed_redis,
            tolerated=(match("RedisReplicationBroken"), match("SentinelMastersDisagree")),
            verify=new_redis_master_reported,
            describe=lambda demo: [describe_master_change(demo)],
            disruptive=True,
        ),
    ]


def _primary_down_consequences(config: StackConfig) -> tuple[Match, ...]:
    """Alerts that follow from the primary being down (Alertmanager inhibits those of dependent components)."""
    return (
        match("PostgresReplicaDisconnected"),
        match("PostgresReplicationLagHigh"),
        match("PostgresWALArchivingFailing"),
        match("ScrapeTargetDown", job=config.postgres.job, instance=config.postgres.primary),
    )


def profile_consequences(config: StackConfig) -> tuple[Match, ...]:
    """Alerts a drill profile makes fire on its own: a shortened backup schedule soon finds every backup stale."""
    limit = (config.backups.postgres_base_backup + config.backups.staleness_margin).seconds
    return (match("PostgresBaseBackupStale"),) if limit < BASE_BACKUP_LIMIT_TO_DRILL else ()


def select(scenarios: list[Scenario], names: list[str]) -> list[Scenario]:
    """The named scenarios in run order; a clear error for an unknown name."""
    known = {s.name for s in scenarios}
    unknown = [n for n in names if n not in known]
    if unknown:
        raise JivsmonError(f"unknown drill scenario(s) {', '.join(unknown)}; known: {', '.join(sorted(known))}")
    return [s for s in scenarios if not names or s.name in names]


def batches(scenarios: list[Scenario]) -> list[list[Scenario]]:
    """The quiet scenarios together, then the disruptive ones together (each list non-empty)."""
    quiet = [s for s in scenarios if not s.disruptive]
    loud = [s for s in scenarios if s.disruptive]
    return [b for b in (quiet, loud) if b]


def check_profile(scenarios: list[Scenario]) -> list[str]:
    """Scenarios whose setting is too large to drill: they need the drill profile."""
    return [
        f"{s.name}: {s.needs_short[0]} setting {s.needs_short[1]:.0f} is above {s.needs_short[2]:.0f}; "
        "run it with the drill profile (make drill, or --overlay jivsmon/demo/drills/drill-profile.yaml)"
        for s in scenarios
        if s.needs_short and s.needs_short[1] > s.needs_short[2]
    ]
