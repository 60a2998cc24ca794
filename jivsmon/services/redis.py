"""Real Redis servers and Sentinels (Debian's redis-server) on free loopback ports."""

from __future__ import annotations

import socket
from dataclasses import dataclass, field
from functools import partial
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
    requirepass: str | None = None  # clients (and the other Sentinels) must AUTH with this
    extra: list[str] = field(default_factory=list)  # more sentinel.conf lines, e.g. ACL ``user`` rules
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
        if self.requirepass:
            lines += [f"requirepass {self.requirepass}", f"sentinel sentinel-pass {self.requirepass}"]
        lines += self.extra
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
        self.process.wait_until(lambda: ping(self.port, self.requirepass), timeout)
        return self

    def stop(self) -> None:
        """Stop the Sentinel."""
        if self.process:
            self.process.stop()

    def __enter__(self) -> Sentinel:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()


def command(port: int, *words: str, timeout: float = 2.0) -> str:
    """Send one inline command to the Redis on the loopback port; its first reply line (``+OK``, ``-ERR ...``)."""
    with socket.create_connection((LOOPBACK, port), timeout=timeout) as sock:
        sock.sendall((" ".join(words) + "\r\n").encode())
        return sock.recv(4096).decode(errors="replace").split("\r\n", 1)[0]


def info(port: int, section: str, password: str | None = None, timeout: float = 0.5) -> str:
    """The ``INFO <section>`` text of a Redis or Sentinel on the loopback port ('' if it does not answer)."""
    try:
        with socket.create_connection((LOOPBACK, port), timeout=timeout) as sock:
            if password:
                sock.sendall(f"AUTH {password}\r\n".encode())
                sock.recv(64)
            sock.sendall(f"INFO {section}\r\n".encode())
            data = b""
            while not data.endswith(b"\r\n\r\n") and len(data) < 65536:
                chunk = sock.recv(4096)
                if not chunk:
                    break
                data += chunk
            return data.decode(errors="replace")
    except OSError:
        return ""


@dataclass
class SentinelCluster:
    """A master, its replicas and the Sentinels watching it, like the JIVS stack's 3 + 3."""

    root: Path
    master_name: str = "mymaster"
    replica_count: int = 2
    sentinel_count: int = 3
    quorum: int = 2
    down_after_ms: int = 1000
    failover_timeout_ms: int = 5000
    requirepass: str | None = None
    sentinel_extra: list[str] = field(default_factory=list)
    servers: list[RedisServer] = field(default_factory=list)
    sentinels: list[Sentinel] = field(default_factory=list)

    def start(self, timeout: float = 30.0) -> SentinelCluster:
        """Start everything; returns once every Sentinel has found all replicas and all other Sentinels."""
        try:
            self._start(timeout)
        except BaseException:
            self.stop()
            raise
        return self

    def _start(self, timeout: float) -> None:
        # No 5 s wait before the first full sync: replicas attach in well under a second.
        master = RedisServer(self.root / "redis-0", extra={"repl-diskless-sync-delay": "0"}).start()
        self.servers = [master]
        for i in range(1, self.replica_count + 1):
            self.servers.append(RedisServer(self.root / f"redis-{i}", replica_of=master.port).start())
        # Replicas in sync before the Sentinels look: their first INFO then already says link up
        # (Sentinel re-reads a replica's INFO only every 10 s).
        for replica in self.servers[1:]:
            assert replica.process is not None
            replica.process.wait_until(partial(self._replicating, replica.port), timeout)
        for i in range(self.sentinel_count):
            sentinel = Sentinel(
                self.root / f"sentinel-{i}",
                self.master_name,
                master.port,
                quorum=self.quorum,
                down_after_ms=self.down_after_ms,
                failover_timeout_ms=self.failover_timeout_ms,
                requirepass=self.requirepass,
                extra=list(self.sentinel_extra),
            )
            self.sentinels.append(sentinel.start())
        want = f"slaves={self.replica_count},sentinels={self.sentinel_count}"
        for sentinel in self.sentinels:
            assert sentinel.process is not None
            port = sentinel.port
            sentinel.process.wait_until(partial(self._sees, port, want), timeout)

    def _sees(self, port: int, want: str) -> bool:
        return want in info(port, "sentinel", self.requirepass)

    @staticmethod
    def _replicating(port: int) -> bool:
        return "master_link_status:up" in info(port, "replication")

    @property
    def addresses(self) -> list[str]:
        """host:port of each Sentinel."""
        return [f"{LOOPBACK}:{s.port}" for s in self.sentinels]

    def stop(self) -> None:
        """Stop the Sentinels first (so they start no failover), then the servers."""
        services: list[Sentinel | RedisServer] = [*self.sentinels, *self.servers]
        for service in services:
            service.stop()

    def __enter__(self) -> SentinelCluster:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()
