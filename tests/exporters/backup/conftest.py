"""Fixtures for the backup exporter's tests: real PostgreSQL servers (archiving to a folder, or to
pgBackRest), and a helper that scrapes targets through the runtime and returns the samples."""

from __future__ import annotations

import os
import pwd
import shutil
import subprocess
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

import pytest

from exporters.backup.plugin import SPEC
from exporters.runtime.exporter import Exporter
from exporters.runtime.target import Target
from jivsmon.services.postgres import PG_BIN, PostgresServer, owned_workdir, postgres_argv


class Samples(dict[tuple[str, frozenset[tuple[str, str]]], float]):
    """One exposition: {(sample name, labels): value}."""

    def value(self, name: str, **labels: str) -> float:
        """The value of one sample; KeyError lists what there is."""
        key = (name, frozenset(labels.items()))
        if key not in self:
            raise KeyError(f"{name}{labels} not in {sorted(k for k in self if k[0] == name)}")
        return self[key]

    def names(self) -> set[str]:
        """The sample names present."""
        return {name for name, _ in self}


Scraper = Callable[..., Samples]


def _scrape(*targets: Target, timeout: float = 8.0) -> Samples:
    families = Exporter(SPEC, list(targets), timeout).scrape()
    return Samples({(s.name, frozenset(s.labels.items())): s.value for f in families for s in f.samples})


@pytest.fixture(scope="session")
def scrape() -> Scraper:
    """scrape(*targets) -> Samples: one scrape through the runtime's Exporter."""
    return _scrape


def _as_postgres_run(argv: Sequence[str], check: bool = True) -> subprocess.CompletedProcess[str]:
    """Run a command as the postgres OS user."""
    done = subprocess.run(postgres_argv(argv), capture_output=True, text=True, check=False)
    if check and done.returncode != 0:
        raise AssertionError(f"{argv[0]} failed ({done.returncode}): {done.stderr or done.stdout}")
    return done


def _chown(path: Path) -> None:
    user = pwd.getpwnam("postgres")
    os.chown(path, user.pw_uid, user.pw_gid)


@pytest.fixture(scope="module")
def pg_folder(workdir: Path) -> Callable[[str], Path]:
    """pg_folder(name) -> a new folder under workdir that the postgres user owns."""

    def make(name: str) -> Path:
        folder = workdir / name
        folder.mkdir()
        _chown(folder)
        return folder

    return make


@pytest.fixture(scope="session")
def as_postgres() -> Callable[..., subprocess.CompletedProcess[str]]:
    """as_postgres(argv, check=True): run a command as the postgres OS user."""
    return _as_postgres_run


@pytest.fixture(scope="module")
def workdir() -> Iterator[Path]:
    """A folder the postgres user owns, removed afterwards."""
    path = owned_workdir("jivs-backup-test-")
    yield path
    shutil.rmtree(path, ignore_errors=True)


@pytest.fixture(scope="module")
def archiving_pg(workdir: Path) -> Iterator[PostgresServer]:
    """A primary with archive_mode=on copying WAL into ``<workdir>/archive``."""
    archive = workdir / "archive"
    archive.mkdir()
    _chown(archive)
    command = f"'test ! -f {archive}/%f && cp %p {archive}/%f'"
    server = PostgresServer(workdir / "pg", "primary", {"archive_mode": "on", "archive_command": command})
    server.init().start()
    yield server
    server.stop("immediate")


def _basebackup(server: PostgresServer, target: Path, *extra: str) -> None:
    pg_basebackup = str(PG_BIN / "pg_basebackup")
    where = ["-h", "127.0.0.1", "-p", str(server.port), "-U", "postgres", "-D", str(target)]
    _as_postgres_run([pg_basebackup, *where, "-X", "stream", "-c", "fast", "--no-sync", *extra])


@pytest.fixture(scope="session")
def basebackup() -> Callable[..., None]:
    """basebackup(server, target, *extra): a real pg_basebackup (-X stream) made by the postgres user."""
    return _basebackup
