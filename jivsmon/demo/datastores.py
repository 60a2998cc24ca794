"""The demo's data stores, each with its stock exporter.

PostgreSQL primary + replicas with pgBackRest and a verified base backup,
PgBouncer, and Redis with Sentinel.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

from jivsmon.config_model import StackConfig
from jivsmon.demo.parts import REPO, Targets, record, run_as_postgres
from jivsmon.demo.state import DemoState, Service
from jivsmon.services import stock_exporters
from jivsmon.services.pgbackrest import PgBackRestStanza
from jivsmon.services.pgbouncer import PgBouncerServer
from jivsmon.services.ports import LOOPBACK
from jivsmon.services.postgres import PG_BIN, PostgresCluster, ensure_os_user
from jivsmon.services.redis import RedisServer, Sentinel, command


def start_postgres(state: DemoState, config: StackConfig, targets: Targets) -> tuple[PostgresCluster, PgBackRestStanza]:
    """Primary + replicas archiving WAL into pgBackRest (one full backup taken), each with a postgres_exporter."""
    cluster = PostgresCluster(
        state.root / "pg", replicas=[r.name for r in config.postgres.replicas], primary_name=config.postgres.primary
    )
    stanza = PgBackRestStanza(state.root / "pgbackrest", cluster.primary)
    # archive_timeout bounds WAL age on a quiet primary to the RPO the stack promises.
    cluster.primary.settings = {
        "archive_mode": "on",
        "archive_command": stanza.archive_command,
        "archive_timeout": f"'{int(config.backups.wal_archive.seconds)}s'",
    }
    cluster.primary.init()
    stanza.write_config()
    cluster.primary.start()
    _record_pg(state, cluster.primary.name, cluster.primary)
    cluster.primary.execute(f"CREATE DATABASE {config.postgres.database}")
    stanza.create().backup("full")
    for replica in config.postgres.replicas:
        server = cluster.primary.add_replica(replica.name, cluster.root / replica.name)
        cluster.replicas.append(server)
        _record_pg(state, replica.name, server)
    for server in [cluster.primary, *cluster.replicas]:
        exporter = stock_exporters.postgres_exporter(
            state.root / "logs",
            f"postgresql://postgres@{LOOPBACK}:{server.port}/postgres?sslmode=disable",
            name=f"postgres-exporter-{server.name}",
        ).start()
        record(state, exporter.name, exporter.process)
        targets.add(config.postgres.job, exporter.address, server.name)
    return cluster, stanza


def take_basebackup(state: DemoState, cluster: PostgresCluster) -> Path:
    """A pg_basebackup into the backups folder, verified by scripts/restore-test.sh (status file beside it)."""
    folder = state.root / "basebackups"
    folder.mkdir(exist_ok=True)
    _chown_postgres(folder)
    target = folder / time.strftime("%Y%m%dT%H%M%SZ", time.gmtime())
    run_as_postgres(
        [
            str(PG_BIN / "pg_basebackup"),
            "-h",
            LOOPBACK,
            "-p",
            str(cluster.primary.port),
            "-U",
            "postgres",
            "-D",
            str(target),
            "-X",
            "stream",
            "-c",
            "fast",
            "--no-sync",
        ],
        "pg_basebackup",
    )
    status = state.root / "restore-test" / "status.json"
    status.parent.mkdir(exist_ok=True)
    _chown_postgres(status.parent)
    run_as_postgres(
        ["bash", str(REPO / "scripts" / "restore-test.sh"), "--backup", str(folder), "--status-file", str(status)],
        "restore test",
    )
    return status


def _chown_postgres(path: Path) -> None:
    user = ensure_os_user()
    os.chown(path, user.pw_uid, user.pw_gid)


def _record_pg(state: DemoState, name: str, server: object) -> None:
    proc = getattr(server, "process", None)
    if proc is not None:
        state.add(Service(name, proc.pid, kind="postgres", data_dir=str(getattr(server, "data", ""))))


def start_pgbouncer(state: DemoState, config: StackConfig, cluster: PostgresCluster, targets: Targets) -> int:
    """PgBouncer before the primary with the configured client limit, and its exporter."""
    bouncer = PgBouncerServer(
        state.root / "pgbouncer",
        cluster.primary.port,
        database=config.postgres.database,
        max_client_conn=config.pgbouncer.max_client_connections,
    ).start()
    record(state, "pgbouncer", bouncer.process)
    exporter = stock_exporters.pgbouncer_exporter(state.root / "logs", bouncer.port, "postgres").start()
    record(state, exporter.name, exporter.process)
    targets.add(config.pgbouncer.job, exporter.address, "pgbouncer")
    return bouncer.port


def start_redis(state: DemoState, config: StackConfig, targets: Targets) -> tuple[list[int], list[int]]:
    """A Redis master, its replicas and the Sentinels; a redis_exporter per Redis. Returns both port lists."""
    redis_ports: list[int] = []
    for index in range(config.redis.instances):
        server = RedisServer(
            state.root / "redis" / f"redis-{index + 1}",
            replica_of=redis_ports[0] if index else None,
            extra={"save": "14400 1", "maxmemory": "64mb", "maxmemory-policy": "allkeys-lru"},
        )
        server.start()
        record(state, f"redis-{index + 1}", server.process)
        if index == 0:  # the first RDB snapshot, as the 4-hourly schedule would have made
            command(server.port, "BGSAVE")
        redis_ports.append(server.port)
        exporter = stock_exporters.redis_exporter(state.root / "logs", server.port, f"redis-exporter-{index + 1}")
        exporter.start()
        record(state, exporter.name, exporter.process)
        targets.add(config.redis.job, exporter.address, f"redis-{index + 1}")
    sentinel_ports = []
    for index in range(config.redis.sentinels):
        sentinel = Sentinel(
            state.root / "redis" / f"sentinel-{index + 1}",
            config.redis.master_name,
            redis_ports[0],
            quorum=config.redis.quorum,
            down_after_ms=5000,
            failover_timeout_ms=60000,
        ).start()
        record(state, f"sentinel-{index + 1}", sentinel.process)
        sentinel_ports.append(sentinel.port)
    return redis_ports, sentinel_ports
