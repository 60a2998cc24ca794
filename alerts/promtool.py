"""Runs Prometheus' promtool on rendered rule files and on promtool unit-test files.

Test-file convention (for every capability that renders rules):

- promtool unit tests live in ``tests/alerts/promtool/<group>.test.yaml`` (the
  alert rule groups) and ``tests/slo/promtool/*.test.yaml`` (the SLO rules);
- each names its rule files by the basename build/ gives them, e.g.
  ``rule_files: [node.yaml]`` for ``build/rules/node.yaml``;
- every alert has a case where it fires (exact labels and annotations) and an
  ``alert_rule_test`` entry with ``exp_alerts: []`` where it must stay quiet;
  tests/alerts/test_coverage.py enforces both for every alert.

``run_unit_tests`` writes the rule artifacts flat into a temporary folder,
copies each test file beside them and runs ``promtool test rules`` on it, so
the tests always run against freshly rendered rules, never a stale build/.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from jivsmon.errors import JivsmonError
from jivsmon.writer import Artifact

TIMEOUT_SECONDS = 120


@dataclass(frozen=True)
class ToolResult:
    """The outcome of one tool run: what was checked, whether it passed, what the tool said."""

    name: str
    ok: bool
    output: str


def binary(name: str) -> str:
    """Absolute path of a tool on PATH, or a clear error naming the package to install."""
    found = shutil.which(name)
    if found is None:
        raise JivsmonError(f"{name} not found on PATH (install Debian's prometheus packages: make bootstrap)")
    return found


def run(name: str, argv: Sequence[str], cwd: Path) -> ToolResult:
    """Run a tool and capture its combined output."""
    try:
        proc = subprocess.run(
            [binary(argv[0]), *argv[1:]],
            cwd=cwd,
            capture_output=True,
            text=True,
            timeout=TIMEOUT_SECONDS,
            check=False,
        )
    except subprocess.TimeoutExpired:
        # A test with a huge eval range can run for minutes: report, don't hang.
        return ToolResult(name, False, f"{argv[0]} did not finish within {TIMEOUT_SECONDS} s")
    return ToolResult(name, proc.returncode == 0, (proc.stdout + proc.stderr).strip())


def rule_artifacts(artifacts: Iterable[Artifact]) -> list[Artifact]:
    """The Prometheus rule files among rendered artifacts (build/rules/*.yaml)."""
    return [a for a in artifacts if a.path.parent == PurePosixPath("rules") and a.path.suffix == ".yaml"]


def _write_flat(artifacts: Iterable[Artifact], folder: Path) -> list[str]:
    names = []
    for artifact in artifacts:
        name = artifact.path.name
        if name in names:
            raise JivsmonError(f"two rule files are named {name}")
        (folder / name).write_bytes(artifact.content)
        names.append(name)
    return names


def check_rules(artifacts: Iterable[Artifact]) -> list[ToolResult]:
    """``promtool check rules`` on each rule artifact."""
    with tempfile.TemporaryDirectory(prefix="jivs-promtool-") as tmp:
        folder = Path(tmp)
        return [run(name, ["promtool", "check", "rules", name], folder) for name in _write_flat(artifacts, folder)]


def run_unit_tests(rules: Iterable[Artifact], test_files: Sequence[Path]) -> list[ToolResult]:
    """``promtool test rules`` on each test file, against the given rule artifacts."""
    with tempfile.TemporaryDirectory(prefix="jivs-promtool-") as tmp:
        folder = Path(tmp)
        _write_flat(rules, folder)
        results = []
        for index, test_file in enumerate(test_files):
            # Prefixed so two test files with one basename never overwrite each other.
            copy = folder / f"test-{index:03d}-{test_file.name}"
            shutil.copyfile(test_file, copy)
            result = run(str(test_file), ["promtool", "test", "rules", copy.name], folder)
            results.append(result)
        return results
