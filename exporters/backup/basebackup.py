"""A folder of ``pg_basebackup`` backups, one backup per subfolder (plain or tar format).

A backup is *completed* when its ``backup_manifest`` exists and its
``Manifest-Checksum`` matches: pg_basebackup writes the manifest last, so a
killed, failed or emptied backup has none (or a truncated one). Times: the
start is ``START TIME`` of ``backup_label`` (in the folder, or the first
members of ``base.tar[.gz]``), the finish is the manifest's modification time;
a subfolder without a readable label counts as an attempt at its own mtime.
The size is the sum of the file sizes the manifest lists (WAL not included).
Type ``incr`` when the label says ``INCREMENTAL FROM LSN`` (PostgreSQL 17+), else ``full``.
Parsed manifests are cached by (mtime, size), so a scrape re-reads only what changed.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import os
import tarfile
from collections.abc import Sequence
from dataclasses import dataclass
from io import BufferedIOBase
from pathlib import Path

from exporters.backup.records import Backup, emit, unix_time
from exporters.runtime.target import Scrape, Target

LABEL = "backup_label"
MANIFEST = "backup_manifest"
TARS = ("base.tar", "base.tar.gz")


@dataclass(frozen=True)
class Manifest:
    """What a valid manifest tells: the data size."""

    size: float


def read_manifest(path: Path) -> Manifest | None:
    """The manifest's facts, or None when it is missing, truncated or its checksum is wrong."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return None
    cut = raw.rfind(b'"Manifest-Checksum"')
    if cut < 0:
        return None
    try:
        data = json.loads(raw)
    except (json.JSONDecodeError, UnicodeDecodeError):
        return None
    if hashlib.sha256(raw[:cut]).hexdigest() != data.get("Manifest-Checksum"):
        return None
    return Manifest(size=float(sum(int(f.get("Size", 0)) for f in data.get("Files", []))))


def _open(path: Path) -> BufferedIOBase:
    return gzip.open(path) if path.name.endswith(".gz") else path.open("rb")


def _label_from_tar(folder: Path) -> str | None:
    for name in TARS:
        path = folder / name
        if not path.exists():
            continue
        with _open(path) as raw, tarfile.open(fileobj=raw, mode="r|") as tar:
            for count, member in enumerate(tar):
                if member.name.lstrip("./") == LABEL:
                    handle = tar.extractfile(member)
                    return None if handle is None else handle.read().decode("utf-8", "replace")
                if count > 8:  # the server sends backup_label first; don't read a whole archive for it
                    break
    return None


def read_label(folder: Path) -> dict[str, str] | None:
    """backup_label as key -> value, or None when the folder has none."""
    try:
        text: str | None = (folder / LABEL).read_text(errors="replace")
    except FileNotFoundError:
        text = _label_from_tar(folder)
    if text is None:
        return None
    fields = {}
    for line in text.splitlines():
        key, sep, value = line.partition(": ")
        if sep:
            fields[key.strip()] = value.strip()
    return fields


def _label_time(fields: dict[str, str]) -> float | None:
    stamp = fields.get("START TIME", "")
    date, _, zone = stamp.rpartition(" ")
    if zone in ("UTC", "GMT"):
        return unix_time(f"{date}+00:00")
    try:
        return unix_time(stamp)  # a numeric offset; a named zone other than UTC is not parseable
    except ValueError:
        return None


class BasebackupDirTarget(Target):
    """The ``basebackup_dir`` source: every configured folder, scanned on each scrape."""

    def __init__(self, folders: Sequence[Path]) -> None:
        super().__init__("basebackup_dir")
        self.folders = list(folders)
        self._manifests: dict[Path, tuple[tuple[int, int], Manifest | None]] = {}

    def collect(self, scrape: Scrape) -> None:
        """Scan every folder; a missing folder fails the source."""
        backups: list[Backup] = []
        for folder in self.folders:
            if not folder.is_dir():
                raise FileNotFoundError(f"backup folder {folder} does not exist")
            backups.extend(self.scan(folder))
        emit(scrape, backups, [str(f) for f in self.folders])

    def scan(self, folder: Path) -> list[Backup]:
        """One record per subfolder."""
        found = []
        for entry in sorted(os.scandir(folder), key=lambda e: e.name):
            if entry.is_dir(follow_symlinks=False) and not entry.name.startswith(".") and entry.name != "lost+found":
                found.append(self._backup(folder, Path(entry.path)))
        return found

    def _manifest(self, path: Path) -> Manifest | None:
        try:
            st = path.stat()
        except FileNotFoundError:
            self._manifests.pop(path, None)
            return None
        key = (st.st_mtime_ns, st.st_size)
        cached = self._manifests.get(path)
        if cached is None or cached[0] != key:
            cached = (key, read_manifest(path))
            self._manifests[path] = cached
        return cached[1]

    def _backup(self, folder: Path, sub: Path) -> Backup:
        fields = read_label(sub) or {}
        manifest = self._manifest(sub / MANIFEST)
        start = _label_time(fields) or sub.stat().st_mtime
        stop = (sub / MANIFEST).stat().st_mtime if manifest is not None else None
        return Backup(
            name=sub.name,
            repository=str(folder),
            type="incr" if "INCREMENTAL FROM LSN" in fields else "full",
            start=start,
            stop=stop,
            size=None if manifest is None else manifest.size,
            completed=manifest is not None and bool(fields),
        )

    def describe(self) -> str:
        """The folders it scans."""
        return ", ".join(str(f) for f in self.folders)
