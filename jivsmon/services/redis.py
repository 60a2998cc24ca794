"""Real Redis servers and Sentinels (Debian's redis-server) on free loopback ports."""

from __future__ import annotations

import socket
from dataclasses import dataclass, field
from pathlib import Path

from jivsmon.services.ports import LOOPBACK, free_port
from jivsmon.services.process import Process

REDIS_SERVER = "/usr/bin/redis-server"


def ping(port: int, password: str | None = None, timeout: float = 0.5) -> bool:
    """True if a Redis/Sentinel on the loopback port answers PING with PONG."""
    try:
        with socket.create_connection((LOOPBACK, port), timeout=timeout) as sock:
            if password:
                sock.sendall(f"AUTH {password}\r\n".encode())
                sock.recv(64)
            sock.sendall(b"PING\r\n")
            return sock.recv(64).startswith(b"+PONG")
    except OSError:
        return False


@dataclass
class RedisServer:
    """One redis-server (master or replica) with its own folder; RDB snapshots land in ``root``."""

    root: Path
    replica_of: int | None = None
    password: str | None = None
    extra: dict[str, str] = field(default_factory=dict)
    port: int = 0
    process: Process | None = None

    def config_text(self) -> str:
        """redis.conf for this server: loopback only, no protected-mode surprises."""
        lines = [
            f"port {self.port}",
            f"bind {LOOPBACK}",
            f"dir {self.root}",
            "dbfilename dump.rdb",
            "save ''",
            "appendonly no",
            "protected-mode no",
            "daemonize no",
        ]
        if self.replica_of:
            lines.append(f"replicaof {LOOPBACK} {self.replica_of}")
        if self.password:
            lines += [f"requirepass {self.password}", f"masterauth {self.password}"]
        lines += [f"{k} {v}" for k, v in self.extra.items()]
        return "\n".join(lines) + "\n"

    def start(self, timeout: float = 20.0) -> RedisServer:
        """Write redis.conf and start; returns once PING answers."""
        self.root.mkdir(parents=True, exist_ok=True)
        self.port = self.port or free_port()
        conf = self.root / "redis.conf"
        conf.write_text(self.config_text())
        self.process = Process(f"redis:{self.port}", [REDIS_SERVER, str(conf)], self.root / "redis.log")
        self.process.wait_until(lambda: ping(self.port, self.password), timeout)
        return self

    def stop(self) -> None:
        """Stop the server."""
        if self.process:
            self.process.stop()

    def __enter__(self) -> RedisServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()


@dataclass
class Sentinel:
    """One Sentinel (``redis-server --sentinel``) watching one master; it rewrites its own config."""

    root: Path
    master_name: str
    master_port: int
    quorum: int = 2
    down_after_ms: int = 1000
    failover_timeout_ms: int = 5000
    password: str | None = None
    port: int = 0
    process: Process | None = None

    def config_text(self) -> str:
        """sentinel.conf; short down-after so tests see failovers in seconds, not the default 30 s."""
        name = self.master_name
        lines = [
            f"port {self.port}",
            f"bind {LOOPBACK}",
            f"dir {self.root}",
            "protected-mode no",
            f"sentinel monitor {name} {LOOPBACK} {self.master_port} {self.quorum}",
            f"sentinel down-after-milliseconds {name} {self.down_after_ms}",
            f"sentinel failover-timeout {name} {self.failover_timeout_ms}",
            f"sentinel parallel-syncs {name} 1",
        ]
        if self.password:
            lines.append(f"sentinel auth-pass {name} {self.password}")
        return "\n".join(lines) + "\n"

    def start(self, timeout: float = 20.0) -> Sentinel:
        """Write sentinel.conf and start; returns once PING answers."""
        self.root.mkdir(parents=True, exist_ok=True)
        self.port = self.port or free_port()
        conf = self.root / "sentinel.conf"
        conf.write_text(self.config_text())
        self.process = Process(
            f"sentinel:{self.port}", [REDIS_SERVER, str(conf), "--sentinel"], self.root / "sentinel.log"
        )
        self.process.wait_until(lambda: ping(self.port), timeout)
        return self

    def stop(self) -> None:
        """Stop the Sentinel."""
        if self.process:
            self.process.stop()

    def __enter__(self) -> Sentinel:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()
