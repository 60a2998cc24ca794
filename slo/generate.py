"""The build generator: build/rules/slo-<name>.yaml for every SLO of the stack."""

from __future__ import annotations

from collections.abc import Iterable

from jivsmon.config_model import StackConfig
from jivsmon.writer import Artifact, yaml_text
from slo.alerts import rule_file
from slo.spec import from_config


def artifacts(config: StackConfig) -> Iterable[Artifact]:
    """One rule file per SLO: recording rules and its six alerts."""
    for spec in from_config(config):
        yield Artifact.text(f"rules/slo-{spec.name}.yaml", yaml_text(rule_file(spec, config)))
