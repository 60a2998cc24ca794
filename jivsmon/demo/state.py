"""The demo's state folder: what runs (pids, ports, URLs), the lock against a second demo, and stopping it all.

Everything the demo starts is a process group of its own (see
jivsmon.services.process), recorded in ``state.json`` as soon as it runs, so
`jivsmon demo down` can stop it even after a demo that failed half-way.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import subprocess
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from jivsmon.errors import JivsmonError
from jivsmon.services.postgres import PG_BIN, postgres_argv

STATE_FILE = "state.json"
MARKER = ".jivsmon-demo"


@dataclass
class Service:
    """One running part of the demo."""

    name: str
    pid: int
    kind: str = "process"  # "postgres" is stopped with pg_ctl so it shuts down cleanly
    url: str = ""
    data_dir: str = ""


@dataclass
class DemoState:
    """Everything `demo up` started, in start order."""

    root: Path
    started_at: float = field(default_factory=time.time)
    services: list[Service] = field(default_factory=list)
    info: dict[str, Any] = field(default_factory=dict)

    def add(self, service: Service) -> None:
        """Record a started service and save at once (a later failure must still be stoppable)."""
        self.services.append(service)
        self.save()

    def save(self) -> None:
        """Write state.json atomically."""
        data = {"started_at": self.started_at, "services": [asdict(s) for s in self.services], "info": self.info}
        tmp = self.root / f".{STATE_FILE}.tmp"
        tmp.write_text(json.dumps(data, indent=2, sort_keys=True) + "\n")
        os.replace(tmp, self.root / STATE_FILE)

    @classmethod
    def load(cls, root: Path) -> DemoState | None:
        """The recorded state, or None when no demo was started here."""
        path = root / STATE_FILE
        if not path.exists():
            return None
        data = json.loads(path.read_text())
        return cls(root, data["started_at"], [Service(**s) for s in data["services"]], data.get("info", {}))

    def running(self) -> list[Service]:
        """Recorded services whose process still exists."""
        return [s for s in self.services if _alive(s.pid)]


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def prepare_root(root: Path) -> DemoState:
    """Claim the state folder for a new demo; refuse if one runs or the folder is not ours."""
    existing = DemoState.load(root)
    if existing and existing.running():
        names = ", ".join(s.name for s in existing.running()[:5])
        raise JivsmonError(f"a demo is already running in {root} ({names}, ...); `make demo-down` stops it")
    if root.exists() and any(root.iterdir()) and not (root / MARKER).exists():
        raise JivsmonError(f"{root} exists and was not made by the demo; choose another --state-dir")
    if root.exists():  # a stopped demo's leftovers: the folder is ours (marker), its data stale
        for child in root.iterdir():
            shutil.rmtree(child) if child.is_dir() else child.unlink()
    root.mkdir(parents=True, exist_ok=True)
    root.chmod(0o755)  # the postgres OS user must reach its data folders below
    (root / MARKER).write_text("state folder of `jivsmon demo`; `jivsmon demo down` stops what it records\n")
    state = DemoState(root)
    state.save()
    return state


def stop_all(root: Path, timeout: float = 15.0) -> list[str]:
    """Stop every recorded service, newest first; return the names stopped."""
    state = DemoState.load(root)
    if state is None:
        return []
    stopped = []
    for service in reversed(state.services):
        if _alive(service.pid):
            _stop(service, timeout)
            stopped.append(service.name)
    state.services = []
    state.save()
    return stopped


def _stop(service: Service, timeout: float) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.killpg(service.pid, signal.SIGCONT)  # a drill may have paused it
    if service.kind == "postgres":
        subprocess.run(
            postgres_argv([str(PG_BIN / "pg_ctl"), "-D", service.data_dir, "-m", "fast", "-w", "stop"]),
            capture_output=True,
            check=False,
            timeout=timeout + 5,
        )
    with contextlib.suppress(ProcessLookupError):
        os.killpg(service.pid, signal.SIGTERM)
    deadline = time.monotonic() + timeout
    while _alive(service.pid) and time.monotonic() < deadline:
        _reap(service.pid)
        time.sleep(0.1)
    with contextlib.suppress(ProcessLookupError):
        os.killpg(service.pid, signal.SIGKILL)
    _reap(service.pid)


def _reap(pid: int) -> None:
    # Our own children become zombies until waited for; others' are reaped by init.
    with contextlib.suppress(ChildProcessError, OSError):
        os.waitpid(pid, os.WNOHANG)
