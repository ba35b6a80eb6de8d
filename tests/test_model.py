import datetime as dt

import pytest

from trucewatch.model import EventType, Precision, Span, When


@pytest.mark.parametrize(
    ("precision", "expected"),
    [
        (Precision.YEAR, "2017"),
        (Precision.MONTH, "2017-03"),
        (Precision.DAY, "2017-03-08"),
        (Precision.MINUTE, "2017-03-08T00:01"),
    ],
)
def test_when_renders_only_the_precision_the_text_gives(precision, expected):
    assert When(dt.datetime(2017, 3, 8, 0, 1), precision).iso() == expected


def test_span_refuses_negative_or_reversed_offsets():
    with pytest.raises(ValueError):
        Span("doc", 5, 2)
    assert Span("doc", 2, 5).quote("abcdefg") == "cde"


def test_attack_types_are_marked_as_attacks():
    assert EventType.ATTACK_SHELLING.is_attack
    assert not EventType.CEASEFIRE_START.is_attack
