"""Publishing against the fake Grafana: idempotence, updates, dry run, refusals, prune."""

from __future__ import annotations

import copy
from collections.abc import Iterator

import pytest

from jivsmon.naming import MANAGED_TAG
from tests.dashboards.publish.fake_grafana import FakeGrafana
from tests.dashboards.publish.publish_support import FOLDER, MESSAGE, client, model, run_publish, running_grafana

Grafana = tuple[FakeGrafana, str]


@pytest.fixture
def grafana() -> Iterator[Grafana]:
    with running_grafana() as running:
        yield running


N = 4


def test_first_publish_creates_folder_and_every_dashboard(grafana: Grafana) -> None:
    fake, url = grafana
    summary, lines = run_publish(url, [model(i) for i in range(N)])
    assert (summary.created, summary.updated, summary.unchanged, summary.failed) == (N, 0, 0, 0)
    assert fake.folders[FOLDER]["title"] == "JIVS Monitoring"
    for i in range(N):
        stored = fake.dashboards[f"jivs-test-{i}"]
        assert stored.folder_uid == FOLDER
        assert [v["message"] for v in stored.versions] == [MESSAGE]
    assert sum(1 for line in lines if line.lstrip().startswith("created    jivs-test-")) == N
    assert lines[-1] == f"publish: {N} created, 0 updated, 0 unchanged, 0 failed, 0 pruned"


def test_second_run_reports_unchanged_and_creates_no_versions(grafana: Grafana) -> None:
    fake, url = grafana
    models = [model(i) for i in range(N)]
    run_publish(url, models)
    posts = fake.count("POST", "/api/dashboards/db")
    summary, _ = run_publish(url, models)
    assert (summary.created, summary.updated, summary.unchanged) == (0, 0, N)
    assert fake.count("POST", "/api/dashboards/db") == posts
    assert all(fake.version_count(f"jivs-test-{i}") == 1 for i in range(N))


def test_changed_dashboard_is_updated_with_exactly_one_new_version(grafana: Grafana) -> None:
    fake, url = grafana
    run_publish(url, [model(i) for i in range(N)])
    summary, _ = run_publish(url, [model(0, expr="node_load1")] + [model(i) for i in range(1, N)])
    assert (summary.updated, summary.unchanged) == (1, N - 1)
    assert fake.version_count("jivs-test-0") == 2
    assert fake.dashboards["jivs-test-0"].model["panels"][0]["targets"][0]["expr"] == "sum(node_load1)"
    versions = client(url).dashboard_versions("jivs-test-0")
    assert [v["version"] for v in versions] == [2, 1]


def test_dry_run_prints_a_diff_and_changes_nothing(grafana: Grafana) -> None:
    fake, url = grafana
    summary, lines = run_publish(url, [model(0)], dry_run=True)
    assert summary.created == 1 and fake.folders == {} and fake.dashboards == {}
    assert any("would create folder" in line for line in lines)
    run_publish(url, [model(0)])
    summary, lines = run_publish(url, [model(0, expr="node_load1")], dry_run=True)
    text = "\n".join(lines)
    assert summary.updated == 1 and "(dry run, nothing changed)" in lines[-1]
    assert '-          "expr": "sum(up)",' in text and '+          "expr": "sum(node_load1)",' in text
    assert "--- grafana/jivs-test-0" in text and "+++ build/jivs-test-0" in text
    assert fake.version_count("jivs-test-0") == 1
    assert fake.dashboards["jivs-test-0"].model["panels"][0]["targets"][0]["expr"] == "sum(up)"


def test_someone_elses_edit_to_a_managed_dashboard_is_replaced_by_the_definition(
    grafana: Grafana,
) -> None:
    fake, url = grafana
    run_publish(url, [model(0)])
    edited = copy.deepcopy(fake.dashboards["jivs-test-0"].model)
    edited["title"] = "Edited in the UI"
    fake.save({"dashboard": edited, "folderUid": FOLDER, "message": "ui", "overwrite": False})
    summary, _ = run_publish(url, [model(0)])
    assert summary.updated == 1
    assert fake.dashboards["jivs-test-0"].model["title"] == "Test dashboard 0"
    assert fake.version_count("jivs-test-0") == 3


@pytest.mark.parametrize("force", [False, True], ids=["refused", "forced"])
def test_unmanaged_dashboard_with_our_uid(grafana: Grafana, force: bool) -> None:
    fake, url = grafana
    fake.add_folder(FOLDER, "JIVS Monitoring")
    fake.add_dashboard(model(0, title="Hand made", managed=False), FOLDER)
    summary, lines = run_publish(url, [model(0), model(1)], force=force)
    stored = fake.dashboards["jivs-test-0"].model
    if force:
        assert (summary.failed, summary.updated, summary.created) == (0, 1, 1)
        assert MANAGED_TAG in stored["tags"] and stored["title"] == "Test dashboard 0"
    else:
        assert (summary.failed, summary.created) == (1, 1)
        assert stored["title"] == "Hand made" and fake.version_count("jivs-test-0") == 1
        assert any("does not manage" in line and "--force" in line for line in lines)


@pytest.mark.parametrize("force", [False, True], ids=["refused", "forced"])
def test_unmanaged_dashboard_with_our_title_in_the_folder(grafana: Grafana, force: bool) -> None:
    fake, url = grafana
    fake.add_folder(FOLDER, "JIVS Monitoring")
    mine = model(9, title="Test dashboard 0", managed=False) | {"uid": "someone-else"}
    fake.add_dashboard(mine, FOLDER)
    summary, lines = run_publish(url, [model(0)], force=force)
    if force:
        assert (summary.failed, summary.created) == (0, 1)
        assert "someone-else" not in fake.dashboards
        assert fake.dashboards["jivs-test-0"].model["title"] == "Test dashboard 0"
    else:
        assert (summary.failed, summary.created) == (1, 0)
        assert "jivs-test-0" not in fake.dashboards and "someone-else" in fake.dashboards
        assert any("name-exists" in line and "--force" in line for line in lines)


def test_prune_deletes_only_managed_dashboards_no_longer_defined(grafana: Grafana) -> None:
    fake, url = grafana
    run_publish(url, [model(i) for i in range(3)])
    fake.add_dashboard(model(7, title="Hand made", managed=False), FOLDER)
    fake.add_folder("staging", "Staging")
    fake.add_dashboard(model(8), "staging")  # managed, but another stack's folder
    summary, _ = run_publish(url, [model(0), model(1)], prune=True, dry_run=True)
    assert summary.pruned == 1 and "jivs-test-2" in fake.dashboards
    summary, lines = run_publish(url, [model(0), model(1)], prune=True)
    assert (summary.pruned, summary.unchanged) == (1, 2)
    assert set(fake.dashboards) == {"jivs-test-0", "jivs-test-1", "jivs-test-7", "jivs-test-8"}
    assert any(line.lstrip().startswith("pruned") and "jivs-test-2" in line for line in lines)


def test_without_prune_nothing_is_deleted(grafana: Grafana) -> None:
    fake, url = grafana
    run_publish(url, [model(i) for i in range(3)])
    summary, _ = run_publish(url, [model(0)])
    assert summary.pruned == 0 and len(fake.dashboards) == 3


def test_dashboard_moved_out_of_the_folder_is_moved_back(grafana: Grafana) -> None:
    fake, url = grafana
    run_publish(url, [model(0)])
    fake.dashboards["jivs-test-0"].folder_uid = ""
    summary, _ = run_publish(url, [model(0)])
    assert summary.updated == 1 and fake.dashboards["jivs-test-0"].folder_uid == FOLDER


@pytest.mark.parametrize(
    "models, message",
    [
        ([model(0), model(0)], "share the uid"),
        ([model(0, managed=False)], "lacks the"),
        ([{"title": "no uid", "tags": [MANAGED_TAG]}], "has no uid"),
    ],
    ids=["duplicate-uid", "untagged", "no-uid"],
)
def test_bad_models_publish_nothing(grafana: Grafana, models: list[dict[str, object]], message: str) -> None:
    fake, url = grafana
    with pytest.raises(Exception, match=message):
        run_publish(url, models)
    assert fake.requests == [] and fake.dashboards == {}
