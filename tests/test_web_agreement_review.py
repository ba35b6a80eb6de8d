"""Confirm or reject an agreement from its web page (analysts; CSRF-checked; audited)."""

from __future__ import annotations

import re

from api_helpers import client
from trucewatch.store import get_agreement
from trucewatch.store.accounts import audit_entries

PASSWORD = "a long synthetic password"


def _login(c, name: str) -> None:
    signed_in = c.post("/login", data={"name": name, "password": PASSWORD}, follow_redirects=False)
    assert signed_in.status_code == 303


def _status(store, agreement_id: str) -> str | None:
    with store.session() as session:
        found = get_agreement(session, agreement_id)
    return found.status.value if found else None


def test_an_analyst_confirms_then_rejects_an_agreement_and_a_viewer_cannot(sqlite_world):
    store, seeded, _ = sqlite_world
    url = f"/agreements/{seeded.agreement}"
    with client(store) as c:
        _login(c, "viewer1")
        seen = c.get(url)
        refused = c.post(f"{url}/review", data={"action": "confirm"}, follow_redirects=False)
    assert seen.status_code == 200 and 'name="action"' not in seen.text
    assert refused.status_code == 403
    with client(store) as c:
        _login(c, "analyst1")
        page = c.get(url)
        token = re.search(r'name="csrf" value="([^"]+)"', page.text)
        assert token is not None and 'value="reject"' in page.text

        def review(action: str, csrf: str | None = token[1]):
            data = {"action": action} if csrf is None else {"action": action, "csrf": csrf}
            return c.post(f"{url}/review", data=data, follow_redirects=False)

        assert review("reject", csrf=None).status_code == 403
        assert review("confirm").status_code == 303 and _status(store, seeded.agreement) == "confirmed"
        assert review("reject").status_code == 303 and _status(store, seeded.agreement) == "rejected"
        assert review("merge").status_code == 422
    with store.session() as session:
        actions = [e.action for e in audit_entries(session, resource_id=seeded.agreement)]
    assert actions[:2] == ["agreement.reject", "agreement.confirm"]  # newest first


def test_a_correction_keeps_the_precision_the_analyst_types(sqlite_world):
    from trucewatch.store import get_claim

    store, seeded, _ = sqlite_world
    claim_id = seeded.open_claims[0]
    with client(store) as c:
        _login(c, "analyst1")
        token = re.search(r'name="csrf" value="([^"]+)"', c.get("/review").text)
        assert token is not None

        def correct(date: str):
            data = {"action": "correct", "date": date, "csrf": token[1]}
            return c.post(f"/review/claims/{claim_id}", data=data, follow_redirects=False)

        shown = []
        for typed in ("2011", "2016-08", "2017-03-08T00:01", "2017-03-08T14"):
            assert correct(typed).status_code in (200, 303)
            with store.session() as session:
                when = get_claim(session, claim_id).when
            shown.append(when.iso() if when else None)
        assert correct("08/03/2017").status_code == 422
    assert shown == ["2011", "2016-08", "2017-03-08T00:01", "2017-03-08T14"]


def test_a_claim_taken_by_one_analyst_shows_who_to_the_others_and_is_theirs_to_act_on(
    sqlite_world, monkeypatch
):
    from trucewatch.web import views

    store, _, _ = sqlite_world
    monkeypatch.setattr(views, "REVIEW_PAGE", 1)  # a page of one claim, to see the paging
    with client(store) as first, client(store) as second:
        _login(first, "analyst1")
        _login(second, "admin1")
        one = first.get("/review")
        token = re.search(r'name="csrf" value="([^"]+)"', one.text)
        claim_id = re.search(r'id="claim-([^"]+)"', one.text)
        assert token is not None and claim_id is not None and "Next page" in one.text
        page_two = first.get("/review?page=2")
        assert "Previous page" in page_two.text and claim_id[1] not in page_two.text
        taken = first.post(
            f"/review/claims/{claim_id[1]}/take", data={"csrf": token[1]}, follow_redirects=False
        )
        assert taken.status_code == 303
        seen_by_other = second.get("/review")
        other_token = re.search(r'name="csrf" value="([^"]+)"', seen_by_other.text)
        assert "Being reviewed by analyst1" in seen_by_other.text and other_token is not None
        other_try = second.post(
            f"/review/claims/{claim_id[1]}",
            data={"action": "reject", "csrf": other_token[1]},
            follow_redirects=False,
        )
        assert other_try.status_code == 409 and "analyst1" in other_try.text
        assert "You are reviewing this" in first.get("/review").text
        done = first.post(
            f"/review/claims/{claim_id[1]}",
            data={"action": "confirm", "csrf": token[1]},
            follow_redirects=False,
        )
        assert done.status_code == 303
    assert _status_of_claim(store, claim_id[1]) == "confirmed"


def _status_of_claim(store, claim_id: str) -> str:
    from trucewatch.store import get_claim

    with store.session() as session:
        return get_claim(session, claim_id).status.value
