"""The `jivsmon check` step of the alerts capability: promtool and amtool on what was rendered."""

from __future__ import annotations

import yaml

from alerts.alertmanager import ALERTMANAGER_PATH
from alerts.amtool import check_config
from alerts.catalogue import GROUPS
from alerts.promtool import check_rules
from alerts.render import PROMETHEUS_RULE_PATH, rule_file_path
from jivsmon.config_model import StackConfig
from jivsmon.writer import Artifact, yaml_text


def check(config: StackConfig, artifacts: list[Artifact]) -> list[str]:
    """One message per problem in our rule files, the PrometheusRule and alertmanager.yml."""
    by_path = {str(a.path): a for a in artifacts}
    ours = [rule_file_path(name) for name, _ in GROUPS]
    problems = [f"{p}: not rendered" for p in [*ours, PROMETHEUS_RULE_PATH, ALERTMANAGER_PATH] if p not in by_path]
    to_check = [by_path[p] for p in ours if p in by_path]
    if PROMETHEUS_RULE_PATH in by_path:
        # promtool reads plain rule files: check the resource's spec as one.
        spec = yaml.safe_load(by_path[PROMETHEUS_RULE_PATH].content)["spec"]
        to_check.append(Artifact.text("rules/prometheusrule-spec.yaml", yaml_text(spec)))
    problems += [f"promtool check rules {r.name}: {r.output}" for r in check_rules(to_check) if not r.ok]
    if ALERTMANAGER_PATH in by_path:
        result = check_config(yaml.safe_load(by_path[ALERTMANAGER_PATH].content))
        if not result.ok:
            problems.append(f"amtool check-config: {result.output}")
    return problems
