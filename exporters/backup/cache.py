"""Slow sources (a repository listing over the network) read in the background and cached.

A ``CachedRead`` answers from its cache while that is younger than
``max_age``. Once older, a scrape starts one background refresh and waits for
it at most ``wait`` seconds: a quick refresh is served fresh, a slow one keeps
running (bounded by the command's own timeout) while the scrape serves the
previous result. The cache's wall-clock time is exported as
``jivs_backup_cache_timestamp_seconds`` so a stuck refresh is visible. A
refresh that fails raises into that scrape (the source reports ``up 0``) and
the next scrape tries again.
"""

from __future__ import annotations

import os
import signal
import subprocess
import threading
import time
from collections.abc import Callable, Mapping, Sequence
from typing import Generic, TypeVar

T = TypeVar("T")


class CommandError(RuntimeError):
    """A command failed, timed out or could not be started."""


def run_command(argv: Sequence[str], timeout: float, env: Mapping[str, str] | None = None) -> str:
    """The command's stdout; on timeout its whole process group is killed."""
    try:
        proc = subprocess.Popen(
            list(argv),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            stdin=subprocess.DEVNULL,
            env=None if env is None else dict(env),
            start_new_session=True,  # its own group, so a timeout also kills what it started
            text=True,
        )
    except OSError as exc:
        raise CommandError(f"{argv[0]}: cannot run: {exc.strerror}") from None
    try:
        out, err = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.communicate()
        raise CommandError(f"{argv[0]}: no answer within {timeout:g}s") from None
    if proc.returncode != 0:
        tail = (err.strip() or out.strip()).splitlines()[-3:]
        raise CommandError(f"{argv[0]} exited with {proc.returncode}: {' '.join(tail)}")
    return out


class CachedRead(Generic[T]):
    """The result of ``read()``, at most ``max_age`` seconds old when a refresh is quick enough."""

    def __init__(
        self,
        read: Callable[[], T],
        max_age: float,
        wait: float,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self._read, self.max_age, self.wait, self._clock = read, max_age, wait, clock
        self._lock = threading.Lock()
        self._value: tuple[T, float] | None = None  # (result, wall-clock time of the read)
        self._refresh: threading.Thread | None = None
        self._error: BaseException | None = None
        self._done = threading.Event()
        self.reads = 0

    def get(self) -> tuple[T, float]:
        """(result, when it was read); raises if the refresh this scrape waited for failed."""
        with self._lock:
            value = self._value
            if value is not None and self._clock() - value[1] < self.max_age:
                return value
            if self._refresh is None:
                self._done.clear()
                self._refresh = threading.Thread(target=self._run, daemon=True, name="backup-cache-refresh")
                self._refresh.start()
            done = self._done
        done.wait(self.wait)
        with self._lock:
            if done.is_set():
                error, self._error = self._error, None
                if error is not None:
                    raise error
            if self._value is None:
                raise TimeoutError(f"first read still running after {self.wait:g}s")
            return self._value

    def _run(self) -> None:
        started = self._clock()
        try:
            result = self._read()
        except Exception as exc:
            with self._lock:
                self._error, self._refresh = exc, None
        else:
            with self._lock:
                self._value, self._error, self._refresh = (result, started), None, None
                self.reads += 1
        finally:
            self._done.set()
