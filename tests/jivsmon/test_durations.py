from __future__ import annotations

import pytest

from jivsmon.durations import Duration


@pytest.mark.parametrize(
    ("text", "seconds", "rendered"),
    [
        ("30s", 30, "30s"),
        ("5m", 300, "5m"),
        ("1h30m", 5400, "1h30m"),
        ("24h", 86400, "1d"),
        ("30d", 2592000, "30d"),
        ("2w", 1209600, "14d"),
        ("250ms", 0.25, "250ms"),
        ("0s", 0, "0s"),
    ],
    ids=lambda v: str(v),
)
def test_parse_and_render(text: str, seconds: float, rendered: str) -> None:
    d = Duration.parse(text)
    assert d.seconds == pytest.approx(seconds)
    assert str(d) == rendered
    assert Duration.parse(str(d)) == d


@pytest.mark.parametrize("text", ["", "5", "5 m", "m5", "-1s", "1.5h", "5M"])
def test_rejects_non_durations(text: str) -> None:
    with pytest.raises(ValueError, match="not a duration"):
        Duration.parse(text)


def test_arithmetic() -> None:
    assert Duration.parse("24h") + Duration.parse("2h") == Duration.parse("26h")
    assert str(Duration.parse("4h") * 1.5) == "6h"
