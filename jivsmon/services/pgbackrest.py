"""A real pgBackRest stanza on a local repository (Debian's pgbackrest), run as the postgres OS user."""

from __future__ import annotations

import os
import subprocess
from dataclasses import dataclass
from pathlib import Path

from jivsmon.services.postgres import PostgresServer, ensure_os_user, postgres_argv
from jivsmon.services.process import ServiceError


@dataclass
class PgBackRestStanza:
    """Stanza ``name`` backing up ``server`` into ``root/repo``; ``archive_command`` pushes WAL into it."""

    root: Path
    server: PostgresServer
    name: str = "main"

    @property
    def config(self) -> Path:
        """The pgbackrest.conf written by write_config()."""
        return self.root / "pgbackrest.conf"

    @property
    def archive_command(self) -> str:
        """The archive_command value (quoted for postgresql.conf) that pushes WAL into the repository."""
        return f"'pgbackrest --config={self.config} --stanza={self.name} archive-push %p'"

    def write_config(self) -> PgBackRestStanza:
        """Write the config; call before the server starts archiving (the server's port must be set)."""
        user = ensure_os_user()
        for folder in (self.root, self.root / "repo", self.root / "log", self.root / "lock"):
            folder.mkdir(parents=True, exist_ok=True)
            os.chown(folder, user.pw_uid, user.pw_gid)
        self.config.write_text(
            f"[global]\nrepo1-path={self.root / 'repo'}\nrepo1-retention-full=7\n"
            f"log-path={self.root / 'log'}\nlock-path={self.root / 'lock'}\nstart-fast=y\n"
            f"[{self.name}]\npg1-path={self.server.data}\npg1-port={self.server.port}\n"
            f"pg1-socket-path={self.server.root / 'run'}\n"
        )
        return self

    def command(self, *args: str) -> list[str]:
        """The argv running pgbackrest with this stanza's config as the postgres user."""
        return postgres_argv(["pgbackrest", f"--config={self.config}", f"--stanza={self.name}", *args])

    def run(self, *args: str, timeout: float = 300) -> str:
        """Run a pgbackrest command; ServiceError with its output when it fails."""
        done = subprocess.run(self.command(*args), capture_output=True, text=True, check=False, timeout=timeout)
        if done.returncode != 0:
            raise ServiceError(f"pgbackrest {' '.join(args)} failed: {done.stderr.strip() or done.stdout.strip()}")
        return done.stdout

    def create(self) -> PgBackRestStanza:
        """stanza-create (the server must be running)."""
        self.run("stanza-create")
        return self

    def backup(self, kind: str = "full") -> None:
        """Take a backup of the given type (full, diff, incr)."""
        self.run("backup", f"--type={kind}")
