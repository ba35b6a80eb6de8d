"""The /trends page: happenings and fatalities per week by type and perpetrator, with a table under
each chart and a CSV of what is shown (report/trends.py). Synthetic claims written for these tests."""

from __future__ import annotations

import csv
import datetime as dt
import io

from api_helpers import client
from trucewatch import store as st
from trucewatch.ledger.happenings import group_happenings
from trucewatch.model import ActorRole, Claim, EventType, Precision, Quantity, QuantityKind, Role, Span, When
from trucewatch.report.trends import weekly_trends

PASSWORD = "a long synthetic password"


def _claim(cid: str, kind: EventType, day: str, precision: Precision = Precision.DAY, **kw: object) -> Claim:
    return Claim(
        kind,
        "d1",
        (Span("d1", 0, 5),),
        When(dt.datetime.fromisoformat(day), precision),
        place="Old Town",
        place_id="oldtown",
        id=cid,
        **kw,  # type: ignore[arg-type]
    )


def test_weekly_counts_count_happenings_once_and_leave_out_what_no_week_holds():
    shelling = dict(
        actors=(ActorRole("Hill brigade", Role.PERPETRATOR),), quantities=(Quantity(QuantityKind.KILLED, 4),)
    )
    claims = [
        _claim("a", EventType.ATTACK_SHELLING, "2024-03-05", **shelling),  # Tuesday of the week of 4 March
        _claim("b", EventType.ATTACK_SHELLING, "2024-03-05", **shelling),  # the same happening, told again
        _claim("c", EventType.ATTACK_AIRSTRIKE, "2024-03-12"),
        _claim("d", EventType.AID_DELIVERED, "2024-03-01", Precision.MONTH),  # March: no week
    ]
    found = weekly_trends(group_happenings(claims), dt.date(2024, 3, 1), dt.date(2024, 3, 17))
    assert found.weeks == (dt.date(2024, 2, 26), dt.date(2024, 3, 4), dt.date(2024, 3, 11))
    assert found.by_type[EventType.ATTACK_SHELLING] == {dt.date(2024, 3, 4): 1}
    assert found.fatalities[dt.date(2024, 3, 4)] == 4
    assert found.by_actor == {
        "Hill brigade": {dt.date(2024, 3, 4): 1},
        "unattributed": {dt.date(2024, 3, 11): 1},
    }
    assert found.left_out == 1


def test_the_trends_page_and_its_csv(sqlite_world):
    store, _, _ = sqlite_world
    hostile = '=HYPERLINK("http://example.org","click")'
    with store.session() as session:
        st.upsert_places(session, [st_place()])
        doc_id, _ = st.add_document(session, _doc())
        made = [
            Claim(
                EventType.ATTACK_SHELLING,
                doc_id,
                (Span(doc_id, 0, 20),),
                When(dt.datetime(2024, 3, 5), Precision.DAY),
                place="Old Town",
                place_id="oldtown",
                actors=(ActorRole(hostile, Role.PERPETRATOR),),
                quantities=(Quantity(QuantityKind.KILLED, 3),),
            )
        ]
        st.replace_claims(session, doc_id, "test", "1", made)
    with client(store) as c:
        assert (
            c.post(
                "/login", data={"name": "viewer1", "password": PASSWORD}, follow_redirects=False
            ).status_code
            == 303
        )
        page = c.get("/trends?weeks=4&to=2024-03-17")
        table = c.get("/trends?weeks=4&to=2024-03-17&format=csv")
        bad = c.get("/trends?weeks=0")
    assert page.status_code == 200 and "attack.shelling per week" in page.text
    assert "people killed per week" in page.text and '<a href="/trends"' in page.text
    assert hostile not in page.text  # escaped: the name is text, not markup
    rows = list(csv.reader(io.StringIO(table.text)))
    assert rows[0] == ["week", "measure", "name", "value"]
    assert ["2024-03-04", "events", "attack.shelling", "1"] in rows
    assert ["2024-03-04", "fatalities", "killed", "3"] in rows
    assert ["2024-03-04", "attacks by", "'" + hostile, "1"] in rows  # a formula in a name is defused
    assert bad.status_code == 422


def st_place():
    from trucewatch.model import Place

    return Place("Old Town", kind="town", id="oldtown")


def _doc():
    import hashlib

    from trucewatch.model import Document, Source

    text = "SYNTHETIC. Shells fell on Old Town on Tuesday, killing three people."
    return Document(
        text=text, content_hash=hashlib.sha256(text.encode()).hexdigest(), source=Source("Valley Wire")
    )
