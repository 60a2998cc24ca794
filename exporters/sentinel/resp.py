"""A minimal RESP2 client for Redis Sentinel: timeouts on every socket call, pipelines, interruptible.

Why not redis-py: the runtime's ``interrupt()`` must shut down the very socket a
hung collection blocks on, from another thread; the exporter wants raw replies
(redis-py reshapes ``SENTINEL`` and ``INFO`` replies differently across
versions); and its connection handshake sends commands (``CLIENT SETINFO``,
``HELLO``) that the minimal Sentinel ACL does not grant. What a Sentinel
exporter needs is small: AUTH, pipelined commands, and reading pub/sub
messages, all here.
"""

from __future__ import annotations

import contextlib
import socket
import ssl
import threading
from collections.abc import Sequence
from typing import TypeAlias


class RespError(Exception):
    """An error reply from the server (``-ERR ...``); the connection stays usable."""


# A reply: simple/bulk strings are str, integers int, nil None, arrays lists, errors RespError.
Reply: TypeAlias = "str | int | list[Reply] | RespError | None"


class ProtocolError(ConnectionError):
    """The server sent something that is not RESP; the connection is dropped."""


class Incomplete(Exception):
    """The buffer does not hold a whole reply yet."""


def encode(args: Sequence[str]) -> bytes:
    """One command as a RESP array of bulk strings."""
    out = [b"*%d\r\n" % len(args)]
    for arg in args:
        data = arg.encode()
        out.append(b"$%d\r\n%s\r\n" % (len(data), data))
    return b"".join(out)


def parse(buf: bytes | bytearray, pos: int = 0) -> tuple[Reply, int]:
    """The reply starting at ``pos`` and the position after it; raises Incomplete if it is cut short."""
    end = buf.find(b"\r\n", pos)
    if end < 0:
        raise Incomplete
    kind, line, after = buf[pos : pos + 1], bytes(buf[pos + 1 : end]), end + 2
    if kind == b"+":
        return line.decode(errors="replace"), after
    if kind == b"-":
        return RespError(line.decode(errors="replace")), after
    try:
        size = int(line)
    except ValueError:
        raise ProtocolError(f"bad RESP length {line[:40]!r}") from None
    if kind == b":":
        return size, after
    if kind == b"$":
        if size < 0:
            return None, after
        if len(buf) < after + size + 2:
            raise Incomplete
        return bytes(buf[after : after + size]).decode(errors="replace"), after + size + 2
    if kind == b"*":
        if size < 0:
            return None, after
        items: list[Reply] = []
        for _ in range(size):
            item, after = parse(buf, after)
            items.append(item)
        return items, after
    raise ProtocolError(f"unexpected RESP type byte {kind!r}")


class RespClient:
    """One connection to one Redis or Sentinel; connects lazily and again after any failure."""

    def __init__(
        self,
        host: str,
        port: int,
        *,
        timeout: float,
        username: str | None = None,
        password: str | None = None,
        tls: ssl.SSLContext | None = None,
    ) -> None:
        self.host, self.port, self.timeout = host, port, timeout
        self.username, self.password, self.tls = username, password, tls
        self._sock: socket.socket | None = None
        self._buf = bytearray()
        self._lock = threading.Lock()  # guards _sock between the reader and interrupt()
        self.interrupted = False  # set by interrupt(), cleared by rearm(): no reconnect in between

    @property
    def connected(self) -> bool:
        """True while a connection is open."""
        return self._sock is not None

    def connect(self) -> None:
        """Open the connection and authenticate (AUTH [user] password) if a password is set."""
        self.close()
        if self.interrupted:
            raise ConnectionAbortedError(f"{self.host}:{self.port}: interrupted")
        sock = socket.create_connection((self.host, self.port), timeout=self.timeout)
        try:
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_KEEPALIVE, 1)
            if self.tls is not None:
                sock = self.tls.wrap_socket(sock, server_hostname=self.host)
        except BaseException:
            sock.close()
            raise
        with self._lock:
            self._sock, self._buf = sock, bytearray()
        if self.password is not None:
            auth = ["AUTH", self.username, self.password] if self.username else ["AUTH", self.password]
            reply = self.pipeline([auth])[0]
            if isinstance(reply, RespError):
                self.close()
                raise PermissionError(f"AUTH refused: {reply}")

    def pipeline(self, commands: Sequence[Sequence[str]]) -> list[Reply]:
        """Send all commands, then read one reply per command (error replies are returned, not raised).

        A reused connection the server has since closed (a Sentinel restart)
        is reopened once; a timeout is never retried, so a hung server costs
        one timeout, not two.
        """
        reused = self._sock is not None
        if not reused:
            self.connect()
        try:
            return self._roundtrip(commands)
        except (ConnectionResetError, BrokenPipeError):
            self.close()
            if not reused or self.interrupted:
                raise
        self.connect()
        try:
            return self._roundtrip(commands)
        except BaseException:
            self.close()
            raise

    def _roundtrip(self, commands: Sequence[Sequence[str]]) -> list[Reply]:
        try:
            self.send(commands)
            return [self.read() for _ in commands]
        except BaseException:
            self.close()
            raise

    def call(self, *args: str) -> Reply:
        """One command; an error reply is raised as RespError."""
        reply = self.pipeline([args])[0]
        if isinstance(reply, RespError):
            raise reply
        return reply

    def send(self, commands: Sequence[Sequence[str]]) -> None:
        """Write commands without reading replies (pub/sub)."""
        sock = self._require()
        sock.sendall(b"".join(encode(c) for c in commands))

    def read(self, timeout: float | None = None) -> Reply:
        """The next reply; socket.timeout if none is complete within ``timeout`` (the buffer is kept)."""
        sock = self._require()
        while True:
            try:
                reply, used = parse(self._buf)
            except Incomplete:
                pass
            else:
                del self._buf[:used]
                return reply
            sock.settimeout(self.timeout if timeout is None else timeout)
            chunk = sock.recv(65536)
            if not chunk:
                raise ConnectionResetError(f"{self.host}:{self.port} closed the connection")
            self._buf += chunk

    def interrupt(self) -> None:
        """Make a read blocked in another thread fail at once; no reconnect until rearm()."""
        with self._lock:
            self.interrupted = True
            sock = self._sock
        if sock is not None:
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)

    def rearm(self) -> None:
        """Allow connecting again after interrupt() (at the start of the next collection)."""
        self.interrupted = False

    def close(self) -> None:
        """Close the connection; the next call reconnects."""
        with self._lock:
            sock, self._sock = self._sock, None
        if sock is not None:
            sock.close()

    def _require(self) -> socket.socket:
        sock = self._sock
        if sock is None:
            raise ConnectionResetError(f"{self.host}:{self.port}: not connected")
        return sock
