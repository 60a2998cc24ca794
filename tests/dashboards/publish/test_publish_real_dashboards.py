"""The issue's acceptance run: the 15 built dashboards, published twice, then provisioned from files."""

from __future__ import annotations

from pathlib import Path

from dashboards import provisioning
from dashboards.build import dashboard_models
from jivsmon.config_model import StackConfig
from tests.dashboards.publish.publish_support import run_publish, running_grafana


def test_first_run_creates_15_and_second_run_creates_no_versions(stack: StackConfig) -> None:
    models = dashboard_models(stack)
    assert len(models) == 15
    with running_grafana() as (fake, url):
        first, _ = run_publish(url, models)
        assert (first.created, first.failed) == (15, 0)
        second, lines = run_publish(url, models)
        assert (second.created, second.updated, second.unchanged, second.failed) == (0, 0, 15, 0)
        assert lines[-1] == "publish: 0 created, 0 updated, 15 unchanged, 0 failed, 0 pruned"
        assert all(fake.version_count(m["uid"]) == 1 for m in models)


def test_provisioning_holds_every_built_dashboard(stack: StackConfig) -> None:
    paths = sorted(str(a.path) for a in provisioning.artifacts(stack))
    json_files = [p for p in paths if p.endswith(".json")]
    assert len(json_files) == 15
    assert {Path(p).stem for p in json_files} == {m["uid"] for m in dashboard_models(stack)}
