from __future__ import annotations

import argparse
import re
import subprocess
import sys
from pathlib import Path

import pytest

from jivsmon.cli import main, parser


def _tree(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def test_build_twice_is_byte_identical(tmp_path: Path, repo: Path) -> None:
    config = str(repo / "stack.yaml")
    assert main(["--config", config, "build", "--out", str(tmp_path / "one")]) == 0
    assert main(["--config", config, "build", "--out", str(tmp_path / "two")]) == 0
    one, two = _tree(tmp_path / "one"), _tree(tmp_path / "two")
    assert len(one) > 1 and one == two


def test_check_on_broken_config_exits_2_names_fields_and_writes_nothing(tmp_path: Path, repo: Path) -> None:
    broken = tmp_path / "stack.yaml"
    text = (repo / "stack.yaml").read_text()
    text = text.replace("    - name: pg-replica-3\n", "    - {}\n").replace(
        "max_client_connections: 2000", "max_client_connections: many"
    )
    broken.write_text(text)
    before = sorted(tmp_path.rglob("*"))
    run = subprocess.run(
        [sys.executable, "-m", "jivsmon", "--config", str(broken), "check"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        check=False,
    )
    assert run.returncode == 2
    assert f"{broken}: postgres.replicas[2].name: required" in run.stderr
    assert f"{broken}: pgbouncer.max_client_connections: expected integer, got str" in run.stderr
    assert "Traceback" not in run.stderr
    assert sorted(tmp_path.rglob("*")) == before


def test_build_with_broken_config_keeps_previous_build(tmp_path: Path, repo: Path) -> None:
    out = tmp_path / "build"
    assert main(["--config", str(repo / "stack.yaml"), "build", "--out", str(out)]) == 0
    before = _tree(out)
    broken = tmp_path / "broken.yaml"
    broken.write_text("environment: [\n")
    assert main(["--config", str(broken), "build", "--out", str(out)]) == 2
    assert _tree(out) == before


def test_check_on_default_config_passes(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--config", str(repo / "stack.yaml"), "check"]) == 0
    assert "config ok" in capsys.readouterr().out


def test_every_subcommand_is_reachable_from_make(repo: Path) -> None:
    # `jivsmon --help` and `make help` tell the same story: each subcommand has a make target.
    makefile = (repo / "Makefile").read_text()
    sub = next(a for a in parser()._actions if isinstance(a, argparse._SubParsersAction))
    commands = set(sub.choices)
    used = set(re.findall(r"\$\(JIVSMON\) ([a-z-]+)", makefile))
    assert commands <= used, f"subcommands without a make target: {sorted(commands - used)}"
