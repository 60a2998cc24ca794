"""A started background program: log file, readiness wait, stop, pause and resume."""

from __future__ import annotations

import os
import signal
import subprocess
import time
from collections.abc import Callable, Sequence
from pathlib import Path

from jivsmon.errors import JivsmonError


class ServiceError(JivsmonError, RuntimeError):
    """A service did not start or answer; the message carries the tail of its log."""


class Process:
    """One child process whose output goes to a log file."""

    def __init__(
        self, name: str, argv: Sequence[str], log: Path, cwd: Path | None = None, env: dict[str, str] | None = None
    ) -> None:
        self.name, self.argv, self.log = name, list(argv), log
        log.parent.mkdir(parents=True, exist_ok=True)
        with log.open("ab") as out:
            self.popen = subprocess.Popen(
                self.argv,
                stdout=out,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
                cwd=cwd,
                env={**os.environ, **(env or {})},
                start_new_session=True,
            )

    @property
    def pid(self) -> int:
        """The child's process id."""
        return self.popen.pid

    def alive(self) -> bool:
        """True while the process has not exited."""
        return self.popen.poll() is None

    def wait_until(self, ready: Callable[[], bool], timeout: float = 30.0) -> None:
        """Poll ready() until true; raise ServiceError with the log tail if it dies or times out."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if not self.alive():
                raise ServiceError(f"{self.name} exited with {self.popen.returncode}:\n{self.log_tail()}")
            if ready():
                return
            time.sleep(0.1)
        raise ServiceError(f"{self.name} not ready after {timeout:.0f}s:\n{self.log_tail()}")

    def log_tail(self, lines: int = 30) -> str:
        """The last lines of the log, for error messages."""
        try:
            return "\n".join(self.log.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return "(no log)"

    def pause(self) -> None:
        """SIGSTOP: the process hangs with its sockets open, like a frozen host."""
        os.kill(self.pid, signal.SIGSTOP)

    def resume(self) -> None:
        """SIGCONT after pause()."""
        os.kill(self.pid, signal.SIGCONT)

    def stop(self, timeout: float = 10.0) -> None:
        """SIGTERM (resuming a paused process first), then SIGKILL after timeout."""
        if not self.alive():
            return
        try:
            os.kill(self.pid, signal.SIGCONT)
            self.popen.terminate()
            self.popen.wait(timeout)
        except subprocess.TimeoutExpired:
            self.popen.kill()
            self.popen.wait(timeout)
        except ProcessLookupError:
            pass
