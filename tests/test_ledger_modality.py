"""Done, done so far, or only expected (ledger/modality.py), in English and in Arabic; sentences
written for these tests."""

from __future__ import annotations

import pytest

from trucewatch.ledger.modality import Mood, mood_of


@pytest.mark.parametrize(
    ("text", "mood"),
    [
        ("Some 400 fighters left the district on Saturday.", Mood.DONE),
        ("About 1,500 people are expected to depart next week.", Mood.FORECAST),
        ("The buses will leave at dawn.", Mood.FORECAST),
        ("The army has released 194 detainees so far.", Mood.TOTAL),
        ("خرج 400 مقاتل من الحي يوم السبت.", Mood.DONE),
        ("من المقرر أن يخرج 400 مقاتل من الحي يوم السبت.", Mood.FORECAST),
        ("ومن المتوقع ان تدخل القافلة الى البلدة غدا.", Mood.FORECAST),  # hamza dropped: the same word
        ("أفرج النظام عن 194 معتقلا حتى الآن.", Mood.TOTAL),
    ],
)
def test_how_a_report_tells_of_a_delivery(text: str, mood: Mood) -> None:
    assert mood_of(text) is mood
