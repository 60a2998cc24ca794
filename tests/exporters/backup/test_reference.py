"""The generated reference is committed up to date, and every contract metric is documented."""

from __future__ import annotations

from exporters.backup import reference
from exporters.backup.contract import CONTRACT


def test_reference_is_up_to_date() -> None:
    assert reference.DOC.read_text(encoding="utf-8") == reference.render(), (
        "run: python -m exporters.backup.reference --write"
    )


def test_every_contract_metric_has_a_note() -> None:
    assert set(reference.NOTES) == set(CONTRACT)
