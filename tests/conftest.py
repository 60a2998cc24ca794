"""Shared pytest fixtures: the repository root, the default stack config, and its raw data."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest
import yaml

from jivsmon.config import load_config
from jivsmon.config_model import StackConfig

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="session")
def repo() -> Path:
    """The repository root."""
    return REPO


@pytest.fixture(scope="session")
def stack() -> StackConfig:
    """The default stack config, from stack.yaml."""
    return load_config(REPO / "stack.yaml")


@pytest.fixture(scope="session")
def _stack_data() -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load((REPO / "stack.yaml").read_text())
    return data


@pytest.fixture
def stack_data(_stack_data: dict[str, Any]) -> dict[str, Any]:
    """A fresh, mutable copy of stack.yaml as data."""
    return copy.deepcopy(_stack_data)
