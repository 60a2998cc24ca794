"""RE2 literals for label matchers built from config values."""

from __future__ import annotations

import re

import pytest

from alerts.rules.re2 import any_of, literal


@pytest.mark.parametrize(
    ("text", "expected"),
    [("jivs-backend", "jivs-backend"), ("eu.central(1)", r"eu\.central\(1\)"), ("a|b*", r"a\|b\*")],
    ids=["dash-stays", "dots-and-parens", "alternation-and-star"],
)
def test_literal_escapes_only_metacharacters(text: str, expected: str) -> None:
    assert literal(text) == expected
    assert re.fullmatch(literal(text), text)  # Python's re agrees with RE2 on these escapes


def test_any_of_matches_exactly_the_texts() -> None:
    pattern = any_of(("eu-central-1a", "eu.x"))
    assert re.fullmatch(pattern, "eu.x") and not re.fullmatch(pattern, "euXx")
