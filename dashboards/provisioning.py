"""build/grafana-provisioning/: the files for teams that provision Grafana from disk instead of the API.

The folder mirrors Grafana's provisioning directory (``paths.provisioning``,
``/etc/grafana/provisioning`` by default), so it can be copied over it as is:

- ``dashboards/jivs.yaml``: a file provider (keys as in Grafana's provisioning
  docs) that loads the JSON below into the configured folder, with UI edits
  disallowed so the files stay the source of truth;
- ``dashboards/jivs/<uid>.json``: one normalised dashboard model per file;
- ``datasources/prometheus.yaml``: the Prometheus datasource the dashboards
  select by name, with a stable UID.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from dashboards.build import dashboard_models
from jivsmon.config_model import StackConfig
from jivsmon.writer import Artifact, json_text, yaml_text

ROOT = "grafana-provisioning"
# Where Grafana reads the JSON once the folder is copied into its provisioning directory.
DASHBOARDS_PATH = "/etc/grafana/provisioning/dashboards/jivs"
DATASOURCE_UID = "jivs-prometheus"
PROVIDER_NAME = "jivs-monitoring"


def artifacts(config: StackConfig) -> Iterable[Artifact]:
    """The provisioning files for the dashboards of the build (the GENERATORS entry)."""
    return provisioning_artifacts(config, dashboard_models(config))


def provisioning_artifacts(config: StackConfig, models: Sequence[dict[str, Any]]) -> list[Artifact]:
    """Provider YAML, one JSON file per dashboard, and the datasource YAML."""
    files = [
        Artifact.text(f"{ROOT}/dashboards/jivs.yaml", yaml_text(dashboard_provider(config))),
        Artifact.text(f"{ROOT}/datasources/prometheus.yaml", yaml_text(datasource(config))),
    ]
    for model in models:
        # Provisioned dashboards must not carry a database id; Grafana assigns it.
        body = {k: v for k, v in model.items() if k != "id"}
        files.append(Artifact.text(f"{ROOT}/dashboards/jivs/{model['uid']}.json", json_text(body)))
    return files


def dashboard_provider(config: StackConfig) -> dict[str, Any]:
    """The dashboard provider (apiVersion 1): type file, into the configured folder."""
    return {
        "apiVersion": 1,
        "providers": [
            {
                "name": PROVIDER_NAME,
                "orgId": 1,
                "folder": config.grafana.folder_title,
                "folderUid": config.grafana.folder_uid,
                "type": "file",
                "disableDeletion": False,
                "updateIntervalSeconds": 60,
                "allowUiUpdates": False,
                "options": {"path": DASHBOARDS_PATH, "foldersFromFilesStructure": False},
            }
        ],
    }


def datasource(config: StackConfig) -> dict[str, Any]:
    """The datasource file (apiVersion 1): Prometheus by the name the dashboards use, read-only in the UI."""
    return {
        "apiVersion": 1,
        "datasources": [
            {
                "name": config.grafana.datasource,
                "type": "prometheus",
                "uid": DATASOURCE_UID,
                "access": "proxy",
                "orgId": 1,
                "url": config.prometheus.url,
                # Not the default: a team's own default datasource must not be taken over.
                "isDefault": False,
                "editable": False,
                "jsonData": {"httpMethod": "POST"},
            }
        ],
    }
