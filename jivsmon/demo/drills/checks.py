"""Checks a drill makes while its fault is active, beyond the alerts: each returns failures ([] when all is well)."""

from __future__ import annotations

from jivsmon.demo.drills import faults
from jivsmon.demo.drills.handle import Demo
from jivsmon.services.process import ServiceError


def _values(demo: Demo, expr: str) -> list[float]:
    return [float(r["value"][1]) for r in demo.query(expr)]


def exporter_answers_for_hung_target(demo: Demo, target: str) -> list[str]:
    """Our replication exporter still answers every scrape in time and reports the hung target as up 0."""
    job = demo.config.postgres.replication_job
    failures = []
    if _values(demo, f'min_over_time(up{{job="{job}"}}[2m])') != [1.0]:
        failures.append(f"the {job} exporter missed a scrape while {target} hung")
    slowest = _values(demo, f'max_over_time(scrape_duration_seconds{{job="{job}"}}[2m])')
    if not slowest or slowest[0] >= 10.0:
        failures.append(f"the {job} scrape took {slowest} s while {target} hung (Prometheus gives it 10 s)")
    if _values(demo, f'jivs_replication_up{{job="{job}",target="{target}"}}') != [0.0]:
        failures.append(f"jivs_replication_up{{target={target!r}}} is not 0 while it hangs")
    # The primary stands for the healthy targets (other drills may have stopped the other replicas).
    primary = demo.config.postgres.primary
    if _values(demo, f'jivs_replication_up{{job="{job}",target="{primary}"}}') != [1.0]:
        failures.append(f"the exporter stopped reading {primary} while {target} hung")
    return failures


def new_redis_master_reported(demo: Demo) -> list[str]:
    """After the kill, the Sentinel exporter reports one new master, the one the Sentinels name."""
    killed, old = demo.held["redis:killed"]
    try:
        now = faults.current_master(demo)
    except ServiceError as exc:
        return [str(exc)]
    master = demo.config.redis.master_name
    reported = {r["metric"]["address"] for r in demo.query(f'jivs_sentinel_master_info{{master="{master}"}}')}
    failures = []
    if now == old:
        failures.append(f"Sentinel still names the killed {killed} ({old}) as master")
    if reported != {now}:
        failures.append(f"jivs_sentinel_master_info reports {sorted(reported)}, the Sentinels name {now}")
    return failures


def describe_master_change(demo: Demo) -> str:
    """A note for the report: which Redis was killed and which took over."""
    killed, old = demo.held.get("redis:killed", ("?", "?"))
    try:
        return f"killed {killed} ({old}); new master {faults.current_master(demo)}"
    except ServiceError:
        return f"killed {killed} ({old}); no Sentinel names a master"
