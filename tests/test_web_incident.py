"""Entering an incident by hand from the web (analysts; CSRF-checked; audited), over real HTTP
through the ASGI app on a real SQLite file. The reports are written for these tests."""

from __future__ import annotations

import re

from api_helpers import client
from trucewatch.store import list_claims
from trucewatch.store.accounts import audit_entries

PASSWORD = "a long synthetic password"
WORDS = "Caller from the north district: mortar rounds hit the bread queue at about 7 am, two dead."


def _login(c, name: str) -> str:
    signed_in = c.post("/login", data={"name": name, "password": PASSWORD}, follow_redirects=False)
    assert signed_in.status_code == 303
    form = c.get("/incidents/new")
    token = re.search(r'name="csrf" value="([^"]+)"', form.text)
    return token[1] if token else ""


def _manual(store) -> list:
    with store.session() as session:
        return [c for c in list_claims(session) if c.extractor == "manual"]


def test_an_analyst_adds_an_incident_that_keeps_its_date_precision_place_and_figure(sqlite_world):
    store, _, _ = sqlite_world
    with client(store) as c:
        csrf = _login(c, "analyst1")
        form = {
            "csrf": csrf,
            "type": "attack.shelling",
            "description": WORDS,
            "date": "2017-03",
            "place": "north",
            "qualifier": "at_least",
            "value": "2",
            "kind": "killed",
            "source": "Field team (synthetic)",
        }
        made = c.post("/incidents", data=form, follow_redirects=False)
        shown = c.get(made.headers["location"])
    assert made.status_code == 303 and made.headers["location"].startswith("/claims/")
    (claim,) = _manual(store)
    assert claim.type.value == "attack.shelling" and claim.when is not None and claim.when.iso() == "2017-03"
    assert claim.place_id == "north" and claim.status.value == "confirmed"
    figures = [(q.kind.value, q.value, q.qualifier.value) for q in claim.quantities]
    assert figures == [("killed", 2, "at_least")]
    assert shown.status_code == 200 and "mortar rounds hit the bread queue" in shown.text
    with store.session() as session:
        (created,) = audit_entries(session, action="claim.create")
    assert created.user_name == "analyst1"


def test_a_mistake_brings_the_form_back_with_what_was_typed_and_stores_nothing(sqlite_world):
    store, _, _ = sqlite_world
    hostile = "<script>alert(1)</script> gunfire near the bakery"
    with client(store) as c:
        csrf = _login(c, "analyst1")
        base = {"csrf": csrf, "type": "attack.clash", "description": hostile}
        bad_date = c.post("/incidents", data={**base, "date": "08/03/2017"})
        bad_figure = c.post("/incidents", data={**base, "value": "12"})
        bad_place = c.post("/incidents", data={**base, "place": "nowhere"})
        bad_type = c.post("/incidents", data={**base, "type": "attack.<b>"})
    for response, says in (
        (bad_date, "08/03/2017"),
        (bad_figure, "a figure needs both"),
        (bad_place, "nowhere"),
        (bad_type, "unknown event type"),
    ):
        assert response.status_code == 422, response.text
        assert says in response.text.replace("&#39;", "'")
        assert "<script>alert(1)</script>" not in response.text  # typed words come back escaped
        assert "&lt;script&gt;alert(1)&lt;/script&gt; gunfire" in response.text
    assert _manual(store) == []


def test_a_viewer_may_not_add_and_a_post_without_the_token_is_refused(sqlite_world):
    store, _, _ = sqlite_world
    with client(store) as c:
        _login(c, "viewer1")
        form = c.get("/incidents/new")
        posted = c.post("/incidents", data={"type": "attack.clash", "description": WORDS})
    assert form.status_code == 403 and posted.status_code == 403
    with client(store) as c:
        _login(c, "analyst1")
        unsigned = c.post("/incidents", data={"type": "attack.clash", "description": WORDS})
        menu = c.get("/").text
    assert unsigned.status_code == 403 and 'href="/incidents/new"' in menu
    assert _manual(store) == []


def test_the_form_comes_in_arabic_right_to_left(sqlite_world):
    store, _, _ = sqlite_world
    with client(store) as c:
        _login(c, "analyst1")
        arabic = c.get("/incidents/new?lang=ar")
    assert arabic.status_code == 200 and 'dir="rtl"' in arabic.text
    assert "إضافة حادثة" in arabic.text and "Add an incident" not in arabic.text
    assert '<option value="attack.clash">اشتباك مسلح</option>' in arabic.text  # words shown, codes sent


def test_an_incident_left_for_review_waits_in_the_queue_until_a_second_analyst_confirms(sqlite_world):
    store, _, _ = sqlite_world
    with client(store) as c:
        csrf = _login(c, "analyst1")
        form = {"csrf": csrf, "type": "aid.blocked", "description": WORDS, "review": "1"}
        made = c.post("/incidents", data=form, follow_redirects=False)
        claim_id = made.headers["location"].removeprefix("/claims/")
        queue = c.get("/review").text
        mine = queue[queue.index(f'id="claim-{claim_id}"') :].split("</article>")[0]
        assert "You entered this: another analyst confirms it." in mine and 'value="confirm"' not in mine
        token = re.search(r'name="csrf" value="([^"]+)"', queue)
        assert token is not None
        # who entered it may not confirm it, not even by correcting it
        for action in ({"action": "confirm"}, {"action": "correct", "type": "aid.blocked"}):
            own = c.post(f"/review/claims/{claim_id}", data={**action, "csrf": token[1]})
            assert own.status_code == 403 and "another analyst must confirm it" in own.text
    (claim,) = _manual(store)
    assert claim.id == claim_id and claim.status.value == "proposed"
    assert f'id="claim-{claim_id}"' in queue
    with client(store) as c:
        _login(c, "admin1")
        token = re.search(r'name="csrf" value="([^"]+)"', c.get("/review").text)
        assert token is not None
        confirmed = c.post(f"/review/claims/{claim_id}", data={"action": "confirm", "csrf": token[1]})
    assert confirmed.status_code == 200 and _manual(store)[0].status.value == "confirmed"
