"""Pure parts of the store: date bounds and identifiers."""

from __future__ import annotations

import datetime as dt

import pytest

from trucewatch.model import Precision, When
from trucewatch.store import ids
from trucewatch.store.convert import utc, when_last


@pytest.mark.parametrize(
    ("start", "precision", "last"),
    [
        (dt.datetime(2017, 3, 8, 0, 1), Precision.MINUTE, dt.datetime(2017, 3, 8, 0, 2)),
        (dt.datetime(2017, 3, 8, 23), Precision.HOUR, dt.datetime(2017, 3, 9, 0, 0)),
        (dt.datetime(2017, 2, 28), Precision.DAY, dt.datetime(2017, 3, 1)),
        (dt.datetime(2017, 3, 6), Precision.WEEK, dt.datetime(2017, 3, 13)),
        (dt.datetime(2016, 12, 1), Precision.MONTH, dt.datetime(2017, 1, 1)),
        (dt.datetime(2016, 1, 1), Precision.YEAR, dt.datetime(2017, 1, 1)),
    ],
)
def test_a_date_covers_exactly_its_precision(start, precision, last):
    assert when_last(When(start, precision)) == last


def test_ranges_end_at_their_end_and_open_dates_never_end():
    end = dt.datetime(2017, 3, 10)
    assert when_last(When(dt.datetime(2017, 3, 8), Precision.DAY, end=end)) == end
    assert when_last(When(dt.datetime(2016, 8, 1), Precision.MONTH, open_ended=True)) is None


def test_aware_datetimes_become_naive_utc():
    beirut = dt.timezone(dt.timedelta(hours=2))
    assert utc(dt.datetime(2017, 3, 8, 1, 0, tzinfo=beirut)) == dt.datetime(2017, 3, 7, 23, 0)
    assert utc(dt.datetime(2017, 3, 8, 1, 0)) == dt.datetime(2017, 3, 8, 1, 0)


def test_document_ids_come_from_the_content_hash():
    digest = "43cb72e740844af0" + "0" * 48
    assert ids.document_id(digest) == "doc_43cb72e740844af0"
    assert ids.document_id(digest.upper()) == "doc_43cb72e740844af0"
    odd = ids.document_id("not-hex")
    assert odd.startswith("doc_") and len(odd) == 20 and odd == ids.document_id("not-hex")


def test_claim_ids_depend_on_what_was_claimed_and_where():
    base = ids.claim_id("doc_1", "rules", "ceasefire.start", [(0, 10)])
    assert base == ids.claim_id("doc_1", "rules", "ceasefire.start", [(0, 10)])
    assert base != ids.claim_id("doc_1", "rules", "ceasefire.start", [(0, 11)])
    assert base != ids.claim_id("doc_1", "rules", "ceasefire.end", [(0, 10)])
    assert base != ids.claim_id("doc_2", "rules", "ceasefire.start", [(0, 10)])
    assert base != ids.claim_id("doc_1", "manual", "ceasefire.start", [(0, 10)])


def test_new_ids_are_unique_and_prefixed():
    made = {ids.new_id("agr") for _ in range(100)}
    assert len(made) == 100 and all(m.startswith("agr_") for m in made)
