"""The committed metrics reference matches the code, and every catalogued metric is explained."""

from __future__ import annotations

from exporters.sentinel import reference
from jivsmon.catalogue import jivs_sentinel


def test_every_catalogued_metric_has_a_note() -> None:
    assert {m.name for m in jivs_sentinel.METRICS} == set(reference.NOTES)


def test_committed_reference_is_current() -> None:
    assert reference.DOC.read_text(encoding="utf-8") == reference.render(), (
        "run: python -m exporters.sentinel.reference --write"
    )
