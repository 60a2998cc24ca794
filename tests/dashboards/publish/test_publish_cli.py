"""`jivsmon publish` end to end: env and flags, exit codes, and the token never shown."""

from __future__ import annotations

import socket
import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from dashboards.publish import cli as publish_cli
from dashboards.publish.client import GrafanaError
from jivsmon.cli import main
from jivsmon.config_model import StackConfig
from tests.dashboards.publish.fake_grafana import FakeGrafana
from tests.dashboards.publish.publish_support import ADMIN, VIEWER, client, model, running_grafana

Grafana = tuple[FakeGrafana, str]


@pytest.fixture
def grafana() -> Iterator[Grafana]:
    with running_grafana() as running:
        yield running


STACK = str(Path(__file__).resolve().parents[3] / "stack.yaml")
MODELS = [model(i) for i in range(3)]


def _models(config: StackConfig) -> list[dict[str, Any]]:
    return MODELS


@pytest.fixture(autouse=True)
def _small_build(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(publish_cli, "default_models", _models)
    monkeypatch.delenv("GRAFANA_URL", raising=False)
    monkeypatch.delenv("GRAFANA_TOKEN", raising=False)


def publish(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], url: str, token: str | None, *flags: str
) -> tuple[int, str]:
    """Run the CLI; returns the exit code and stdout+stderr."""
    monkeypatch.setenv("GRAFANA_URL", url)
    if token is not None:
        monkeypatch.setenv("GRAFANA_TOKEN", token)
    code = main(["--config", STACK, "publish", "--timeout", "0.5", "--retries", "1", *flags])
    captured = capsys.readouterr()
    return code, captured.out + captured.err


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_publish_twice_creates_then_reports_unchanged(
    grafana: Grafana, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    fake, url = grafana
    code, out = publish(monkeypatch, capsys, url, ADMIN)
    assert code == 0 and "publish: 3 created, 0 updated, 0 unchanged, 0 failed, 0 pruned" in out
    assert fake.folders["jivs-monitoring"]["title"] == "JIVS Monitoring"  # from stack.yaml
    code, out = publish(monkeypatch, capsys, url, ADMIN)
    assert code == 0 and "publish: 0 created, 0 updated, 3 unchanged, 0 failed, 0 pruned" in out
    assert all(fake.version_count(m["uid"]) == 1 for m in MODELS)
    assert ADMIN not in out


def test_token_file_is_read(
    grafana: Grafana, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    fake, url = grafana
    token_file = tmp_path / "token"
    token_file.write_text(ADMIN + "\n")
    code, out = publish(monkeypatch, capsys, url, "not-this-one", "--token-file", str(token_file))
    assert code == 0 and len(fake.dashboards) == 3 and ADMIN not in out


def test_dry_run_changes_nothing_and_exits_0(
    grafana: Grafana, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    fake, url = grafana
    code, out = publish(monkeypatch, capsys, url, ADMIN, "--dry-run")
    assert code == 0 and "+++ build/jivs-test-0" in out and fake.dashboards == {} and fake.folders == {}


def test_a_refused_dashboard_gives_exit_1(
    grafana: Grafana, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    fake, url = grafana
    fake.add_dashboard(model(1, managed=False), "")
    code, out = publish(monkeypatch, capsys, url, ADMIN)
    assert code == 1 and "2 created, 0 updated, 0 unchanged, 1 failed" in out


@pytest.mark.parametrize(
    "token, words",
    [
        ("sa-wrong-77e1f0a9b2c3", "refused the token (401 Unauthorized)"),
        (VIEWER, "(403 Access denied)"),
    ],
    ids=["unknown-token", "viewer-token"],
)
def test_refused_token_is_a_clear_error_and_never_shown(
    grafana: Grafana, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], token: str, words: str
) -> None:
    fake, url = grafana
    code, out = publish(monkeypatch, capsys, url, token)
    assert code == 1 and words in out and token not in out
    assert fake.dashboards == {}


def test_unreachable_grafana_is_a_clear_error(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    url = f"http://127.0.0.1:{free_port()}"
    code, out = publish(monkeypatch, capsys, url, ADMIN)
    assert code == 1 and f"cannot reach Grafana at {url} (connection refused)" in out
    assert ADMIN not in out


@pytest.mark.parametrize(
    "env_url, token, flags, words",
    [
        ("http://127.0.0.1:1", None, [], "no Grafana token"),
        ("http://127.0.0.1:1", None, ["--token-file", "/nonexistent/token"], "cannot read"),
        ("ftp://grafana", ADMIN, [], "is not an http:// or https:// URL"),
        ("http://127.0.0.1:1", ADMIN, ["--retries", "-1"], "--retries >= 0"),
    ],
    ids=["no-token", "missing-token-file", "bad-url", "bad-retries"],
)
def test_bad_input_exits_2(
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    env_url: str,
    token: str | None,
    flags: list[str],
    words: str,
) -> None:
    code, out = publish(monkeypatch, capsys, env_url, token, *flags)
    assert code == 2 and words in out


def test_empty_token_file_exits_2(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    (tmp_path / "token").write_text("\n")
    code, out = publish(monkeypatch, capsys, "http://127.0.0.1:1", None, "--token-file", str(tmp_path / "token"))
    assert code == 2 and "is empty" in out


def test_token_is_in_no_exception_text_or_repr(grafana: Grafana) -> None:
    _, url = grafana
    secret = "sa-secret-3b9c0d1e2f"
    bad = client(url, secret)
    assert secret not in repr(bad)
    calls: list[Callable[[], object]] = [lambda: bad.get_folder("x"), lambda: bad.save_dashboard(model(0), "", "m")]
    for call in calls:
        with pytest.raises(GrafanaError) as caught:
            call()
        assert secret not in str(caught.value) and secret not in repr(caught.value)


def test_commit_message_names_the_git_revision(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    assert publish_cli.git_revision() is None
    git = ["git", "-c", "user.name=t", "-c", "user.email=t@example.invalid"]
    subprocess.run([*git, "init", "-q"], check=True)
    subprocess.run([*git, "commit", "-q", "--allow-empty", "-m", "x"], check=True)
    revision = publish_cli.git_revision()
    assert revision is not None and len(revision) >= 7
    assert publish_cli.commit_message(revision).endswith(f"from git {revision}")
    assert "unknown git revision" in publish_cli.commit_message(None)
