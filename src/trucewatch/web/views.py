"""The pages. Each view reads the store, applies the caller's role, renders a template.

Role rules are the API's (trucewatch.disclosure): admin and analyst see
confidential sources and may review; viewer (and anonymous public, when
TRUCEWATCH_PUBLIC_READ is on) see them redacted and may not write. Every page
that includes confidential material is recorded in the audit log, as the API does.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import Annotated, Any, TypeVar
from urllib.parse import quote, urlencode

from fastapi import APIRouter, Depends, Form, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from jinja2 import ChoiceLoader, Environment, PackageLoader, StrictUndefined, pass_context

from trucewatch import days, disclosure, errors, stored_ledger
from trucewatch import ledger_service as service
from trucewatch.api.auth import client_address, login_policy
from trucewatch.days import today as today_utc
from trucewatch.incidents import check_reviewer, entered_by, record_incident
from trucewatch.ledger import ceasefires as ceasefire_ledgers
from trucewatch.ledger.figures import figure_text, share_prefix
from trucewatch.model import Claim, EventType, Qualifier, Quantity, QuantityKind, Status
from trucewatch.report import exports, timeline
from trucewatch.report.charts import bar_chart
from trucewatch.report.load import find_place, iter_records, places_by_id
from trucewatch.report.records import REDACTED_SOURCE, REDACTED_TEXT, to_records
from trucewatch.report.render import configure, html_to_pdf, percent, render_report_html, when_text
from trucewatch.report.situation import PlaceNotFound, build_situation, violations_chart
from trucewatch.store import (
    Session,
    claim_map,
    facets,
    get_claim,
    get_document,
    get_event,
    list_claims,
    list_places,
    logins,
    place_descendants,
    save_event,
    search,
    set_claim_status,
)
from trucewatch.store.accounts import AccessRole, get_user, record
from trucewatch.store.attacks import After
from trucewatch.store.claims import claims_by_ids, claims_of_document
from trucewatch.store.db import Store
from trucewatch.store.documents import documents_by_id
from trucewatch.store.visibility import all_public
from trucewatch.web import i18n, mapdata, publicread, visits
from trucewatch.web import session as ws
from trucewatch.web.i18n import N_
from trucewatch.web.present import segments, type_colour

router = APIRouter(include_in_schema=False)
BEING_REVIEWED = N_("Being reviewed by %(name)s until %(time)s UTC.")
SECOND_ANALYST = N_("You entered this incident; another analyst must confirm it (ask one to review it).")
LedgerT = TypeVar("LedgerT")
REVIEW_PAGE = 50
TIMELINE_PAGE = 100  # claims listed under a timeline; the chart counts them all


@lru_cache(maxsize=1)
def environment() -> Environment:
    env = Environment(
        loader=ChoiceLoader(
            [PackageLoader("trucewatch.web", "templates"), PackageLoader("trucewatch.report", "templates")]
        ),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["colour"] = type_colour
    env.filters["figure"] = lambda q: figure_text(q.value, q.qualifier)
    env.filters["compliance_status"] = lambda c: COMPLIANCE_STATUS_WORDS.get(c.status.value, c.status.value)
    env.globals["month_end"] = _month_end
    env.globals.update(
        precision_words=PRECISION_WORDS,
        role_words=ROLE_WORDS,
        qualifier_words=QUALIFIER_WORDS,
        type_words=TYPE_WORDS,
        agreement_kind_words=AGREEMENT_KIND_WORDS,
        action_words=ACTION_WORDS,
        record_status_words=RECORD_STATUS_WORDS,
        stand_ins=STAND_INS,
        unit_words=UNIT_WORDS,
    )
    env.globals["bar_end"] = lambda bar: bar.start + dt.timedelta(days=bar.days - 1)
    configure(env)
    env.filters["compliance"] = _compliance  # after configure: the report's, in the page's language
    env.filters["when"] = _when
    return env


# Words for a claim's page, marked for `make messages` and translated in the page (`_`).
PRECISION_WORDS = {
    "minute": N_("to the minute"),
    "hour": N_("to the hour"),
    "day": N_("to the day"),
    "week": N_("to the week"),
    "month": N_("to the month"),
    "year": N_("to the year"),
}
ROLE_WORDS = {
    "perpetrator": N_("perpetrator"),
    "target": N_("target"),
    "party": N_("party"),
    "mediator": N_("mediator"),
    "guarantor": N_("guarantor"),
    "monitor": N_("monitor"),
    "beneficiary": N_("beneficiary"),
}
TYPE_WORDS = {  # what happened, in words, where a form offers the types
    "attack.airstrike": N_("air or drone strike"),
    "attack.shelling": N_("shelling (artillery, mortars, rockets)"),
    "attack.clash": N_("armed clash"),
    "attack.civilians": N_("violence against civilians"),
    "attack.explosion": N_("explosion or bomb"),
    "attack.aid": N_("attack on aid"),
    "ceasefire.start": N_("ceasefire begins"),
    "ceasefire.end": N_("ceasefire ends"),
    "agreement.reached": N_("agreement reached"),
    "negotiation.meeting": N_("negotiation meeting"),
    "aid.delivered": N_("aid delivered"),
    "aid.blocked": N_("aid blocked"),
    "siege.imposed": N_("siege imposed"),
    "siege.lifted": N_("siege lifted"),
    "evacuation": N_("evacuation"),
    "detainees.released": N_("detainees released"),
    "territory.control": N_("change of control"),
    "other": N_("other event"),
}
AGREEMENT_KIND_WORDS = {
    "ceasefire": N_("ceasefire agreement"),
    "local_truce": N_("local truce"),
    "evacuation": N_("evacuation agreement"),
    "aid_access": N_("aid access agreement"),
    "prisoner_exchange": N_("prisoner exchange"),
    "other": N_("agreement"),
}
ACTION_WORDS = {  # a commitment's action, before its target figure
    "release_detainees": N_("release detainees"),
    "allow_aid": N_("allow aid"),
    "cease_fire": N_("cease fire"),
    "evacuate": N_("evacuate"),
    "withdraw": N_("withdraw"),
    "hand_over_weapons": N_("hand over weapons"),
    "lift_siege": N_("lift the siege"),
    "other": N_("other commitment"),
}
RECORD_STATUS_WORDS = {"proposed": N_("proposed"), "confirmed": N_("confirmed"), "rejected": N_("rejected")}
QUALIFIER_WORDS = {
    "exact": N_("exactly"),
    "more_than": N_("more than"),
    "at_least": N_("at least"),
    "about": N_("about"),
    "less_than": N_("up to"),
    "imprecise": N_("imprecise: no number given"),
}


# A commitment's progress in words ("194 of 7,300 detainees released — 2.7 %"), each piece through
# the page's catalogue: in English exactly report.render.compliance_phrase, in Arabic in its own order.
DONE_WORDS = {  # translators: what was done toward the commitment (Arabic: the verbal noun)
    "release_detainees": N_("released"),
    "evacuate": N_("evacuated"),
    "allow_aid": N_("delivered"),
    "lift_siege": N_("lifted"),
    "withdraw": N_("withdrawn"),
    "hand_over_weapons": N_("handed over"),
    "cease_fire": N_("observed"),
    "other": N_("done"),
}
UNIT_WORDS = {  # translators: what is counted, after the verbal noun (Arabic: definite, genitive)
    "killed": N_("killed"),
    "injured": N_("injured"),
    "people": N_("people"),
    "fighters": N_("fighters"),
    "civilians": N_("civilians"),
    "detainees": N_("detainees"),
    "residents": N_("residents"),
    "trucks": N_("trucks"),
    "buses": N_("buses"),
    "times": N_("times"),
}
FIGURE_WORDS = {
    "more_than": N_("more than %(n)s"),
    "at_least": N_("at least %(n)s"),
    "about": N_("about %(n)s"),
    "less_than": N_("up to %(n)s"),
    "imprecise": N_("some %(n)s"),
}
SHARE_WORDS = {
    "≥ ": N_("at least %(percent)s"),
    "≤ ": N_("at most %(percent)s"),
    "~": N_("about %(percent)s"),
}
COMPLIANCE_STATUS_WORDS = {
    "pending": N_("pending"),
    "partial": N_("partial"),
    "met": N_("met"),
    "overdue": N_("overdue"),
    "breached": N_("breached"),
}
# Words the pages put in place of what they may not or cannot show (translated in the page)
UNKNOWN_SOURCE = N_("unknown source")
# report.records' REDACTED_SOURCE and REDACTED_TEXT, written out for `make messages` to find
STAND_INS = (N_("confidential source"), N_("[withheld: confidential source]"), UNKNOWN_SOURCE)
# Chart titles and markers drawn by report/ (translated where the page shows them).
CHART_WORDS = (N_("Attacks per day"), N_("ceasefire start"), N_("people killed per week"))


def compliance_text(c: Any, gettext: Any) -> str:
    """A commitment's progress in the language of `gettext` (see DONE_WORDS)."""
    unit_key = c.unit.value if c.unit else "times"
    unit = gettext(UNIT_WORDS.get(unit_key, unit_key))
    verb = gettext(DONE_WORDS.get(c.commitment.action.value, DONE_WORDS["other"]))

    def figure(value: int | None, qualifier: Any) -> str:
        if value is None:
            return "?"
        words = FIGURE_WORDS.get(qualifier.value)
        return gettext(words) % {"n": f"{value:,}"} if words else f"{value:,}"

    done = figure(c.delivered, c.delivered_qualifier)
    if c.target is None:
        return str(gettext(N_("%(done)s %(unit)s %(verb)s")) % {"done": done, "unit": unit, "verb": verb})
    prefix = share_prefix(c.delivered_qualifier, c.target_qualifier)
    share = percent(c.share)
    if prefix in SHARE_WORDS:
        share = gettext(SHARE_WORDS[prefix]) % {"percent": share}
    phrase = gettext(N_("%(done)s of %(target)s %(unit)s %(verb)s — %(share)s"))
    return str(
        phrase
        % {
            "done": done,
            "target": figure(c.target, c.target_qualifier),
            "unit": unit,
            "verb": verb,
            "share": share,
        }
    )


@pass_context
def _compliance(context: Any, c: Any) -> str:
    return compliance_text(c, context["_"])


CLAIM_STATUS_WORDS = (N_("proposed"), N_("confirmed"), N_("rejected"))


@pass_context
def _when(context: Any, when: Any) -> str:
    """report.render.when_text, its words in the page's language."""
    gettext = context["_"]
    if when is None:
        return str(gettext(N_("undated")))
    if when.open_ended:
        return str(gettext(N_("since %(day)s")) % {"day": when.iso()})
    return when_text(when)


def _month_end(month: str) -> str:
    """The last day of a month given as "YYYY-MM", as two digits (a facet's date range)."""
    year, mon = (int(x) for x in month.split("-")[:2])
    first_next = dt.date(year + mon // 12, mon % 12 + 1, 1)
    return f"{(first_next - dt.timedelta(days=1)).day:02d}"


# --- who is asking ------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Visitor:
    name: str | None  # None: anonymous
    role: AccessRole
    csrf: str
    user: Any = None  # store.accounts.User for audit entries

    @property
    def reader(self) -> disclosure.Reader:
        return disclosure.Reader(self.role, self.user, channel="web:")

    @property
    def sees_confidential(self) -> bool:
        return self.reader.sees_confidential

    @property
    def may_write(self) -> bool:
        return self.role.may_write

    @property
    def public_only(self) -> bool:
        """Anonymous public read: the API's rule (web/publicread.py), never more."""
        return self.reader.public_only


class LoginRequired(Exception):
    pass


class Forbidden(errors.Forbidden):
    """The visitor's role may not do this (or the form has expired): the web's 403 page."""


class PublicRefused(errors.Forbidden):
    """A page public read does not cover (ledger, report, export): 403, as the API answers."""


def _store(request: Request) -> Store:
    store: Store = request.app.state.store
    return store


def visitor(request: Request) -> Visitor:
    data = ws.verify(request.app.state.web_key, request.cookies.get(ws.COOKIE))
    if data is not None:
        with _store(request).session() as s:
            user = get_user(s, data.user)
        if user is not None and not getattr(user, "disabled", False):
            return Visitor(user.name, user.role, data.csrf, user)
    if request.app.state.public_read:
        return Visitor(None, AccessRole.PUBLIC, "")
    raise LoginRequired


def analyst(who: Annotated[Visitor, Depends(visitor)]) -> Visitor:
    if not who.may_write:
        raise Forbidden
    return who


def member(who: Annotated[Visitor, Depends(visitor)]) -> Visitor:
    """Any account; anonymous public read is refused (the API's refuse_public)."""
    if who.public_only:
        raise PublicRefused
    return who


Who = Annotated[Visitor, Depends(visitor)]
Member = Annotated[Visitor, Depends(member)]
Analyst = Annotated[Visitor, Depends(analyst)]


def _check_csrf(request: Request, who: Visitor, token: str | None) -> None:
    origin = request.headers.get("origin")
    if origin and origin.rstrip("/") != str(request.base_url).rstrip("/"):
        raise Forbidden
    if not ws.csrf_ok(who.csrf, token):
        raise Forbidden


def page(
    request: Request, template: str, who: Visitor | None, status: int = 200, **context: Any
) -> HTMLResponse:
    """A page in the reader's interface language (i18n.choose), labels through its catalogue."""
    asked = request.query_params.get("lang")
    lang = i18n.choose(asked, request.cookies.get(i18n.COOKIE), request.headers.get("accept-language"))
    html = (
        environment()
        .get_template(template)
        .render(
            request=request,
            who=who,
            lang=lang,
            dir=i18n.LANGUAGES[lang].direction,
            languages=i18n.LANGUAGES,
            _=i18n.translations(lang).gettext,
            nav=_nav(who),
            status=status,
            **context,
        )
    )
    response = HTMLResponse(html, status_code=status, headers={"cache-control": "no-store"})
    if asked in i18n.LANGUAGES and asked != request.cookies.get(i18n.COOKIE):
        response.set_cookie(i18n.COOKIE, asked, max_age=365 * 24 * 3600, samesite="lax", httponly=True)
    return response


def _nav(who: Visitor | None) -> list[tuple[str, str]]:
    """The menu's links and labels (translated in the page; N_ marks them for `make messages`)."""
    links = [("/map", N_("Map"))]
    if who is None or not who.public_only:
        links.insert(0, ("/", N_("Overview")))
    links.append(("/documents", N_("Documents")))
    if who is not None and not who.public_only:
        links.append(("/trends", N_("Trends")))
    if who is not None and who.may_write:
        links.append(("/review", N_("Review")))
        links.append(("/incidents/new", N_("Add an incident")))
    return links


def _audit(
    session: Session, who: Visitor, confidential_doc_ids: Iterable[str], via: str, via_id: str | None
) -> None:
    disclosure.audit_documents(
        session, who.reader, confidential_doc_ids, via, via_id, known_confidential=True
    )


class BadQuery(errors.InvalidInput):
    """A query parameter a page cannot use (a date out of range, say): a 400 page that says which."""


def _day(value: str | None, name: str) -> dt.date | None:
    """A date parameter by the one rule of trucewatch.days; None when not given."""
    try:
        return days.parse_optional_day(value)
    except days.BadDay as exc:
        raise BadQuery(f"{name}: {exc}") from None


def _as_of(value: str | None) -> dt.date:
    return _day(value, "as_of") or today_utc()


# --- log in / out -------------------------------------------------------------


@router.get("/login")
def login_form(request: Request, next: str = "/") -> HTMLResponse:
    return page(request, "login.html", None, next=_safe_next(next), error=None)


def _safe_next(target: str) -> str:
    """Only local paths: never redirect a visitor to another site after logging in."""
    return target if target.startswith("/") and not target.startswith("//") and "\\" not in target else "/"


@router.post("/login")
def login(
    request: Request,
    name: Annotated[str, Form(max_length=80)],
    password: Annotated[str, Form(max_length=1000)],
    next: Annotated[str, Form(max_length=500)] = "/",
) -> Response:
    origin = request.headers.get("origin")
    if origin and origin.rstrip("/") != str(request.base_url).rstrip("/"):
        return page(
            request,
            "login.html",
            None,
            status=403,
            next="/",
            error="Refused: the form came from another site.",
        )
    tried = logins.attempt(
        _store(request), name, password, client_address(request), via="web", policy=login_policy(request)
    )
    user = tried.user
    if user is None:
        status = {logins.Outcome.THROTTLED: 429, logins.Outcome.LOCKED: 403}.get(tried.outcome, 401)
        error = {
            429: f"Too many failed logins; try again in {tried.retry_after} s.",
            403: "This account is locked after too many failed logins; ask an admin to unlock it.",
        }.get(status, "Wrong name or password.")
        refused = page(request, "login.html", None, status=status, next=_safe_next(next), error=error)
        if tried.retry_after:
            refused.headers["Retry-After"] = str(tried.retry_after)
        return refused
    with _store(request).session() as s:
        record(s, user=user, action="web.login", resource="users", resource_id=user.name)
    response = RedirectResponse(_safe_next(next), status_code=303)
    cookie = ws.sign(request.app.state.web_key, ws.new_session(user.name))
    response.set_cookie(
        ws.COOKIE,
        cookie,
        max_age=ws.MAX_AGE,
        httponly=True,
        samesite="lax",
        secure=request.url.scheme == "https",
        path="/",
    )
    return response


@router.post("/logout")
def logout(request: Request, who: Who, csrf: Annotated[str | None, Form()] = None) -> Response:
    _check_csrf(request, who, csrf)
    response = RedirectResponse("/login", status_code=303)
    response.delete_cookie(ws.COOKIE, path="/")
    return response


# --- overview -----------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class CeasefireCard:
    """One ceasefire on the overview: its ledger, a small chart of violations per day against its
    window, and the claims behind its last violation (the evidence a number links to)."""

    ledger: Any
    chart: Any
    last_violation: dt.date | None
    last_violation_claim: str | None


@router.get("/")
def overview(request: Request, who: Member, as_of: str | None = None) -> HTMLResponse:
    """What changed: per ceasefire violations per day against its window, per agreement its
    compliance, per siege the days since the last aid; when the last report came in, and a warning
    where the data is stale. Every figure links to the page or claim it comes from."""
    day = _as_of(as_of)
    # the live overview (no as_of) tells what came in since the reader's last visit
    seen = visits.visit(request.cookies.get(visits.COOKIE), _now()) if as_of is None else None
    with _store(request).session() as s:
        arrivals = (
            search.arrivals_since(
                s,
                seen.since,
                shown_documents=disclosure.shown_documents(who.reader),
                shown_claims=disclosure.shown_claims(who.reader),
            )
            if seen is not None and seen.since is not None
            else None
        )
        withhold = who.reader.redacts  # confidential publication dates (disclosure.published_as_seen)
        # today's ledger is stored (refreshed for what changed); another day's is computed
        ledgers = stored_ledger if day == today_utc() else service
        ceasefires = ledgers.ceasefire_ledgers(s, as_of=day, withhold_confidential=withhold)
        agreements = ledgers.agreement_ledgers(s, as_of=day, withhold_confidential=withhold)
        sieges = ledgers.siege_ledgers(s, as_of=day, withhold_confidential=withhold)
        places = places_by_id(s)
        cards = [_ceasefire_card(s, cf, day) for cf in ceasefires]
        latest = search.last_report(s, disclosure.shown_documents(who.reader), as_of=day)
        if latest is not None:  # its id and title are shown: a confidential one is audited
            disclosure.audit_documents(s, who.reader, [latest.document_id], "overview", None)
    stale_after = ceasefire_ledgers.STALE_DAYS
    response = page(
        request,
        "overview.html",
        who,
        as_of=day,
        arrivals=arrivals,
        since=seen.since if seen else None,
        cards=cards,
        agreements=agreements,
        sieges=sieges,
        latest=latest,
        stale=latest is None or (day - latest.published).days > stale_after,
        stale_after=stale_after,
        place_name=lambda pid: places[pid].name if pid in places else (pid or "everywhere"),
    )
    if seen is not None:
        response.set_cookie(
            visits.COOKIE, seen.cookie(), max_age=visits.MAX_AGE, samesite="lax", httponly=True
        )
    return response


def _ceasefire_card(session: Session, cf: Any, day: dt.date) -> CeasefireCard:
    last = max((h for h in cf.violations if h.when and h.claim_ids), key=lambda h: h.when.start, default=None)
    return CeasefireCard(
        cf,
        _violations_chart(session, cf, day),
        last.when.start.date() if last is not None else None,
        last.claim_ids[-1] if last is not None else None,
    )


def _violations_chart(session: Session, ledger: Any, day: dt.date) -> Any:
    """Attacks per day from as long before the start as the ceasefire has run (two weeks at least)
    to as long after it, or the as-of day: the ceasefire page's chart, the overview's small multiple."""
    cf = ledger.ceasefire
    scope = frozenset(place_descendants(session, cf.place_id)) if cf.place_id else frozenset()
    attacks = [c for h in (*ledger.before.violations, *ledger.period.violations) for c in h.claims]
    start = cf.start.start.date()
    length = max(ledger.days, 14)
    return violations_chart(
        attacks if scope else [dataclasses.replace(c, place_id="*") for c in attacks],
        scope or frozenset({"*"}),
        start - dt.timedelta(days=length),
        min(day, start + dt.timedelta(days=length)),
        start,
    )


# --- map ----------------------------------------------------------------------


MapFilter = Annotated[str | None, Query(max_length=300)]


@router.get("/map")
def map_page(
    request: Request,
    who: Who,
    place: MapFilter = None,
    type: MapFilter = None,
    actor: MapFilter = None,
    since: Annotated[str | None, Query(alias="from")] = None,
    to: str | None = None,
) -> HTMLResponse:
    """The map with its filters: a plain GET form (works without JavaScript); map.js refetches the
    points as a filter or the time slider moves."""
    # Checked here, so a bad date is this page's 400 and not a map that silently stays empty.
    _day(since, "from")
    _day(to, "to")
    if type and mapdata.wanted_types(type) == []:
        raise BadQuery(f"type: no event type {type!r}")
    families = sorted({t.value.split(".")[0] for t in EventType})
    query = {
        k: v
        for k, v in (("place", place), ("type", type), ("actor", actor), ("from", since), ("to", to))
        if v
    }
    with _store(request).session() as s:
        actors = claim_map.actors(s, public_only=who.public_only)
    return page(
        request,
        "map.html",
        who,
        events_url="/map/events.geojson" + (f"?{urlencode(query)}" if query else ""),
        tile_url=request.app.state.tile_url or "",
        legend=[
            (name, type_colour(next(t for t in EventType if t.value.startswith(name)))) for name in families
        ],
        families=families,
        types=REVIEW_TYPES,
        actors=actors,
        chosen={
            "place": place or "",
            "type": type or "",
            "actor": actor or "",
            "from": since or "",
            "to": to or "",
        },
    )


@router.get("/map/events.geojson")
def map_events(
    request: Request,
    who: Who,
    place: MapFilter = None,
    type: MapFilter = None,
    actor: MapFilter = None,
    since: Annotated[str | None, Query(alias="from")] = None,
    to: str | None = None,
) -> Response:
    """One point per (place, event type) with its count: counts only, no source or quote to redact.
    Also the main region to open on and the date extent of the claims (for the time slider)."""
    try:
        first, last = _day(since, "from"), _day(to, "to")
    except BadQuery as exc:
        return Response(json.dumps({"detail": str(exc)}), status_code=400, media_type="application/json")
    with _store(request).session() as s:
        scope = None
        if place:
            where = find_place(s, place)
            scope = place_descendants(s, where.id) if where is not None and where.id else set()
        types = mapdata.wanted_types(type)
        points, unmapped = claim_map.map_points(
            s,
            place_ids=scope,
            types=types,
            since=first,
            until=last,
            public_only=who.public_only,
            actor=actor,
        )
        begin, end = claim_map.extent(
            s, place_ids=scope, types=types, public_only=who.public_only, actor=actor
        )
    data = mapdata.to_geojson(points, unmapped, type_colour, first=begin, last=end)
    return Response(json.dumps(data, ensure_ascii=False), media_type="application/geo+json")


@router.get("/places/{place_ref}/claims")
def place_claims(
    request: Request,
    who: Who,
    place_ref: str,
    type: Annotated[str, Query(max_length=40)],
    after: Annotated[str | None, Query(max_length=400)] = None,
) -> HTMLResponse:
    """The claims behind one map point: one type at exactly this place, newest first, a page at a time."""
    if type not in REVIEW_TYPES:
        return page(request, "error.html", who, status=404, message=N_("No such event type."))
    with _store(request).session() as s:
        place = find_place(s, place_ref)
        if place is None or place.id is None:
            return _no_place(request, who, place_ref)
        total, undated = claim_map.count_at(s, place.id, type, public_only=who.public_only)
        claims = claim_map.claims_at(
            s, place.id, type, _after(after), TIMELINE_PAGE + 1, public_only=who.public_only
        )
        more = len(claims) > TIMELINE_PAGE
        claims = claims[:TIMELINE_PAGE]
        docs = documents_by_id(s, {c.document_id for c in claims})
        records = to_records(claims, docs, places_by_id(s), show_confidential=who.sees_confidential)
        _audit(s, who, [d for d, doc in docs.items() if doc.is_confidential], "place-claims", place.id)
    older = None
    if more:
        tail = claims[-1]
        assert tail.when is not None and tail.id is not None
        query = {"type": type, "after": f"{tail.when.start.isoformat()}|{tail.id}"}
        older = f"/places/{quote(place.id, safe='')}/claims?{urlencode(query)}"
    return page(
        request,
        "claims.html",
        who,
        place=place,
        type=type,
        total=total,
        undated=undated,
        records=records,
        older=older,
        timeline=mapdata.timeline_url(place.id),
    )


# --- timelines ----------------------------------------------------------------


@router.get("/places/{place_ref}/timeline")
def place_timeline(
    request: Request,
    who: Who,
    place_ref: str,
    days: int = Query(60, ge=1, le=3660),
    to: str | None = None,
    after: Annotated[str | None, Query(max_length=400)] = None,
) -> HTMLResponse:
    """Attacks per day (aggregated in SQL) and the newest TIMELINE_PAGE claims, with a link to older ones."""
    with _store(request).session() as s:
        place = find_place(s, place_ref)
        if place is None or place.id is None:
            return _no_place(request, who, place_ref)
        scope = frozenset(place_descendants(s, place.id))
        source: Any = publicread if who.public_only else timeline  # the same four functions
        last = _day(to, "to") or source.latest_attack_day(s, scope) or today_utc()
        first = last - dt.timedelta(days=days - 1)
        chart = bar_chart(source.attack_days(s, scope, first, last), first, last, title="Attacks per day")
        total = source.count_attacks(s, scope, first, last)
        claims = source.attack_page(s, scope, first, last, _after(after), TIMELINE_PAGE + 1)
        more = claims[TIMELINE_PAGE] if len(claims) > TIMELINE_PAGE else None
        claims = claims[:TIMELINE_PAGE]
        docs = documents_by_id(s, {c.document_id for c in claims})
        records = to_records(claims, docs, places_by_id(s), show_confidential=who.sees_confidential)
        _audit(s, who, [d for d, doc in docs.items() if doc.is_confidential], "timeline", place.id)
    older = None
    if more is not None:
        tail = claims[-1]
        assert tail.when is not None and tail.id is not None
        query = {"days": days, "to": last.isoformat(), "after": f"{tail.when.start.isoformat()}|{tail.id}"}
        older = f"/places/{quote(place.id, safe='')}/timeline?{urlencode(query)}"
    return page(
        request,
        "timeline.html",
        who,
        place=place,
        chart=chart,
        records=records,
        total=total,
        older=older,
    )


def _after(value: str | None) -> After | None:
    """The list position from an 'older' link (time|claim id); None starts at the newest."""
    if not value or "|" not in value:
        return None
    when, _, claim_id = value.partition("|")
    try:
        return After(dt.datetime.fromisoformat(when).replace(tzinfo=None), claim_id)
    except ValueError:
        return None


def _ledger_page(
    request: Request,
    who: Visitor,
    s: Session,
    ledger_for: Callable[..., LedgerT],
    record_id: str,
    day: dt.date,
) -> LedgerT | HTMLResponse:
    """The ledger of one agreement or ceasefire as known by `day`, as `who` may see it; else the 404
    page saying why (no such record, or none known by then)."""
    try:
        return ledger_for(
            s, record_id, as_of=day, today=today_utc(), withhold_confidential=who.reader.redacts
        )
    except service.LedgerError as exc:
        return page(request, "error.html", who, status=404, message=str(exc))


@router.get("/ceasefires/{ceasefire_id}")
def ceasefire_page(
    request: Request, who: Member, ceasefire_id: str, as_of: str | None = None
) -> HTMLResponse:
    day = _as_of(as_of)
    with _store(request).session() as s:
        ledger = _ledger_page(request, who, s, stored_ledger.ceasefire_ledger_for, ceasefire_id, day)
        if isinstance(ledger, HTMLResponse):
            return ledger
        cf = ledger.ceasefire
        attacks = [c for h in (*ledger.before.violations, *ledger.period.violations) for c in h.claims]
        chart = _violations_chart(s, ledger, day)
        docs = documents_by_id(s, {c.document_id for c in attacks})
        records = to_records(
            [c for h in ledger.violations for c in h.claims],
            docs,
            places_by_id(s),
            show_confidential=who.sees_confidential,
        )
        place = places_by_id(s).get(cf.place_id or "")
        _audit(s, who, [d for d, doc in docs.items() if doc.is_confidential], "ceasefire", ceasefire_id)
    return page(request, "ceasefire.html", who, ledger=ledger, chart=chart, records=records, place=place)


# --- claims, events, agreements -----------------------------------------------


@router.get("/claims/{claim_id}")
def claim_page(request: Request, who: Who, claim_id: str) -> HTMLResponse:
    with _store(request).session() as s:
        claim = get_claim(s, claim_id)
        if claim is None or (who.public_only and not all_public(s, [claim.document_id])):
            return page(request, "error.html", who, status=404, message=N_("No such claim."))
        doc = get_document(s, claim.document_id)
        assert doc is not None
        hidden = doc.is_confidential and not who.sees_confidential
        places = places_by_id(s)
        record_ = to_records([claim], {doc.id or "": doc}, places, show_confidential=who.sees_confidential)
        if doc.is_confidential:
            _audit(s, who, [claim.document_id], "claim", claim_id)
        hidden_event = claim.event_id in disclosure.hidden_events(s, who.reader, [claim.event_id])
        place = places.get(claim.place_id) if claim.place_id else None
    source = doc.source
    return page(
        request,
        "claim.html",
        who,
        claim=claim,
        place=place,
        quote=REDACTED_TEXT if hidden else (record_[0].notes if record_ else ""),
        event_id=None if hidden_event else claim.event_id,
        record=record_[0] if record_ else None,
        doc=doc,
        hidden=hidden,
        source_name=REDACTED_SOURCE if hidden else (source.name if source else UNKNOWN_SOURCE),
        reliability=None if hidden or source is None else source.reliability.value,
        source_kind=None if hidden or source is None else source.kind,
        title=None if hidden else doc.title,
        segments=[] if hidden else segments(doc.text, claim.evidence, claim.document_id),
        withheld=REDACTED_TEXT,
    )


@router.get("/events/{event_id}")
def event_page(request: Request, who: Who, event_id: str) -> HTMLResponse:
    with _store(request).session() as s:
        event = get_event(s, event_id)
        if event is None:
            return page(request, "error.html", who, status=404, message=N_("No such event."))
        claims = claims_by_ids(s, list(event.claim_ids))
        if who.public_only and not all_public(s, {c.document_id for c in claims}):
            return page(request, "error.html", who, status=404, message=N_("No such event."))
        docs = documents_by_id(s, {c.document_id for c in claims})
        records = to_records(claims, docs, places_by_id(s), show_confidential=who.sees_confidential)
        _audit(s, who, [d for d, doc in docs.items() if doc.is_confidential], "event", event_id)
    return page(request, "event.html", who, event=event, records=records)


@router.get("/agreements/{agreement_id}")
def agreement_page(
    request: Request, who: Member, agreement_id: str, as_of: str | None = None
) -> HTMLResponse:
    day = _as_of(as_of)
    with _store(request).session() as s:
        ledger = _ledger_page(request, who, s, stored_ledger.agreement_ledger_for, agreement_id, day)
        if isinstance(ledger, HTMLResponse):
            return ledger
        doc_ids = {
            cid_doc
            for c in ledger.compliance
            for f in c.by_source
            for cid_doc in (sp.document_id for sp in f.evidence)
        }
        docs = documents_by_id(s, doc_ids)
        secret = {d for d, doc in docs.items() if doc.is_confidential}
        place = places_by_id(s).get(ledger.agreement.place_id or "")
        _audit(s, who, secret, "agreement", agreement_id)

    def figure_source(name: str, evidence: Iterable[Any]) -> str:
        if not who.sees_confidential and any(sp.document_id in secret for sp in evidence):
            return REDACTED_SOURCE
        return name

    return page(request, "agreement.html", who, ledger=ledger, place=place, figure_source=figure_source)


@router.post("/agreements/{agreement_id}/review")
def review_agreement_page(
    request: Request,
    who: Analyst,
    agreement_id: str,
    action: Annotated[str, Form()],
    csrf: Annotated[str | None, Form()] = None,
) -> Response:
    """Confirm or reject an agreement from its page (analysts and admins; audited)."""
    _check_csrf(request, who, csrf)
    status = {"confirm": Status.CONFIRMED, "reject": Status.REJECTED}.get(action)
    if status is None:
        return page(request, "error.html", who, status=422, message=N_("Unknown action."))
    with _store(request).session() as s:
        try:
            service.review_agreement(s, agreement_id, status, user=who.user)
        except service.LedgerError as exc:
            return page(request, "error.html", who, status=404, message=str(exc))
    return RedirectResponse(f"/agreements/{quote(agreement_id, safe='')}", status_code=303)


# --- document library ---------------------------------------------------------------

LIBRARY_PAGE = 20


@router.get("/documents")
def documents_page(
    request: Request,
    who: Who,
    q: Annotated[str | None, Query(max_length=500)] = None,
    source: Annotated[str | None, Query(max_length=300)] = None,
    language: Annotated[str | None, Query(max_length=16)] = None,
    type: Annotated[str | None, Query(max_length=40)] = None,
    since: Annotated[str | None, Query(alias="from")] = None,
    to: str | None = None,
    page_: Annotated[int, Query(alias="page", ge=1, le=10_000)] = 1,
) -> HTMLResponse:
    """Full-text search over the documents this visitor may see (disclosure.shown_documents: a
    viewer never sees a confidential document, nor is one counted), faceted by source, language,
    event type of the claims drawn from them and month of publication; each facet a link that
    narrows the search. Every parameter is checked first: a bad one is a 400 saying which."""
    first, last = _day(since, "from"), _day(to, "to")
    if first is not None and last is not None and first > last:
        raise BadQuery("from: the start date is after the end date")
    if language and not LANGUAGE_CODE.fullmatch(language):
        raise BadQuery(f"language: not a language code ({language!r}); give one such as en or ar")
    if type and type not in REVIEW_TYPES:
        raise BadQuery(f"type: no event type {type!r}")
    filters = search.Filters(q, source, language, first, last, type or None)
    shown = disclosure.shown_documents(who.reader)
    with _store(request).session() as s:
        found = search.search(s, filters, shown, limit=LIBRARY_PAGE, offset=(page_ - 1) * LIBRARY_PAGE)
        types = facets.claim_types(s, filters, shown)
        claims_of = facets.claim_types_of(s, [h.document_id for h in found.hits])
        secret = disclosure.confidential_among(s, [h.document_id for h in found.hits])
        _audit(s, who, secret, "documents", None)
    chosen = {
        "q": q or "",
        "source": source or "",
        "language": language or "",
        "type": type or "",
        "from": since or "",
        "to": to or "",
    }

    def with_(**changes: str | int | None) -> str:
        query = {k: v for k, v in {**chosen, **changes}.items() if v not in (None, "")}
        return "/documents" + (f"?{urlencode(query)}" if query else "")

    last_page = max(1, -(-found.total // LIBRARY_PAGE))
    return page(
        request,
        "documents.html",
        who,
        found=found,
        types=types,
        claims_of=claims_of,
        chosen=chosen,
        chosen_month=_whole_month(first, last),
        with_=with_,
        page_no=page_,
        last_page=last_page,
        first_shown=(page_ - 1) * LIBRARY_PAGE + 1,
    )


LANGUAGE_CODE = re.compile(r"[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{1,8})*")


def _whole_month(first: dt.date | None, last: dt.date | None) -> str | None:
    """ "2017-03" when the dates chosen are exactly one calendar month (a month facet's link)."""
    if (
        first is None
        or last is None
        or first.day != 1
        or (first.year, first.month) != (last.year, last.month)
    ):
        return None
    month = f"{first:%Y-%m}"
    return month if f"{last.day:02d}" == _month_end(month) else None


@router.get("/documents/{document_id}")
def document_page(request: Request, who: Who, document_id: str) -> HTMLResponse:
    """One document as its reader may see it (one rule: disclosure.may_see_document), with the
    claims drawn from it."""
    with _store(request).session() as s:
        doc = get_document(s, document_id)
        if doc is None or not disclosure.may_see_document(who.reader, doc):
            return page(request, "error.html", who, status=404, message=N_("No such document."))
        claims = claims_of_document(s, document_id)
        records = to_records(
            claims, {document_id: doc}, places_by_id(s), show_confidential=who.sees_confidential
        )
        if doc.is_confidential:
            _audit(s, who, [document_id], "document", document_id)
    source = doc.source
    return page(
        request,
        "document.html",
        who,
        doc=doc,
        records=records,
        source_name=source.name if source else UNKNOWN_SOURCE,
        source_kind=source.kind if source else None,
        reliability=source.reliability.value if source else None,
        web_url=_web_url(doc.url),
        segments=segments(doc.text, [s_ for c in claims for s_ in c.evidence], document_id),
    )


def _web_url(url: str | None) -> str | None:
    """An ingested address worth a link: http(s) only (never javascript:, data: or a file path)."""
    if not url or not url.lower().startswith(("https://", "http://")) or any(c.isspace() for c in url):
        return None
    return url


# --- review queue -------------------------------------------------------------

REVIEW_TYPES = [t.value for t in EventType]


@router.get("/review")
def review_queue(
    request: Request,
    who: Analyst,
    type: str | None = None,
    page_no: int = Query(1, ge=1, le=100_000, alias="page"),
) -> HTMLResponse:
    """The proposed claims a page at a time; a claim another analyst has taken shows who."""
    from trucewatch.store.leases import active_leases

    with _store(request).session() as s:
        wanted = [EventType(type)] if type in REVIEW_TYPES else None
        claims = list_claims(
            s, status=Status.PROPOSED, types=wanted, limit=REVIEW_PAGE + 1, offset=(page_no - 1) * REVIEW_PAGE
        )
        more, claims = len(claims) > REVIEW_PAGE, claims[:REVIEW_PAGE]
        docs = documents_by_id(s, {c.document_id for c in claims})
        records = to_records(claims, docs, places_by_id(s), show_confidential=True)
        leases = active_leases(s, [c.id for c in claims if c.id], _now())
        mine = entered_by(s, claims, who.user)  # what this analyst entered waits for another
        _audit(s, who, [d for d, doc in docs.items() if doc.is_confidential], "review", None)
    query = {"type": type} if type in REVIEW_TYPES else {}
    return page(
        request,
        "review.html",
        who,
        records=records,
        types=REVIEW_TYPES,
        selected=type or "",
        leases=leases,
        entered_by_me=mine,
        me=who.user.name if who.user else "",
        page_no=page_no,
        next_url=f"/review?{urlencode({**query, 'page': page_no + 1})}" if more else None,
        prev_url=f"/review?{urlencode({**query, 'page': page_no - 1})}" if page_no > 1 else None,
    )


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


@router.post("/review/claims/{claim_id}/take")
def review_take(
    request: Request, who: Analyst, claim_id: str, csrf: Annotated[str | None, Form()] = None
) -> Response:
    """Take a claim from the queue: the other analysts see it as being reviewed by you for a while."""
    from trucewatch.store.leases import take

    _check_csrf(request, who, csrf)
    name = who.user.name if who.user else "?"
    with _store(request).session() as s:
        if get_claim(s, claim_id) is None:
            return page(request, "error.html", who, status=404, message=N_("No such claim."))
        lease = take(s, claim_id, name, _now())
    if lease.user_name != name:
        held_by = {"name": lease.user_name, "time": f"{lease.until:%H:%M}"}
        return page(request, "error.html", who, status=409, message=BEING_REVIEWED, message_args=held_by)
    return RedirectResponse(f"/review#claim-{quote(claim_id, safe='')}", status_code=303)


@router.post("/review/claims/{claim_id}")
def review_claim(
    request: Request,
    who: Analyst,
    claim_id: str,
    action: Annotated[str, Form()],
    csrf: Annotated[str | None, Form()] = None,
    type: Annotated[str | None, Form()] = None,
    date: Annotated[str | None, Form()] = None,
) -> Response:
    _check_csrf(request, who, csrf)
    from trucewatch.store.leases import active_leases, release

    with _store(request).session() as s:
        claim = get_claim(s, claim_id)
        if claim is None:
            return page(request, "error.html", who, status=404, message=N_("No such claim."))
        held = active_leases(s, [claim_id], _now()).get(claim_id)
        if held is not None and (who.user is None or held.user_name != who.user.name):
            held_by = {"name": held.user_name, "time": f"{held.until:%H:%M}"}
            return page(request, "error.html", who, status=409, message=BEING_REVIEWED, message_args=held_by)
        if action in ("confirm", "correct"):  # a correction confirms
            try:
                check_reviewer(s, claim, who.user, Status.CONFIRMED)
            except errors.Forbidden:
                return page(request, "error.html", who, status=403, message=SECOND_ANALYST)
        release(s, claim_id)  # acted on: the lease, if any, has done its work
        before = _claim_summary(claim)
        if action == "confirm":
            set_claim_status(s, claim_id, Status.CONFIRMED)
            after = {**before, "status": "confirmed"}
        elif action == "reject":
            set_claim_status(s, claim_id, Status.REJECTED)
            after = {**before, "status": "rejected"}
        elif action == "correct":
            new = _corrected(claim, type, date)
            if new is None:
                return page(
                    request,
                    "error.html",
                    who,
                    status=422,
                    message=N_(
                        "Give a known type and a date as YYYY, YYYY-MM, YYYY-MM-DD or YYYY-MM-DDTHH:MM."
                    ),
                )
            from trucewatch.api.review import save_corrected

            save_corrected(s, new)
            after = _claim_summary(new)
        else:
            return page(request, "error.html", who, status=422, message=N_("Unknown action."))
        record(
            s,
            user=who.user,
            action="claim.review",
            resource="claims",
            resource_id=claim_id,
            before=before,
            after=after,
        )
    return RedirectResponse("/review", status_code=303)


def _no_place(request: Request, who: Visitor, name: str) -> HTMLResponse:
    return page(
        request,
        "error.html",
        who,
        status=404,
        message=N_("No place named %(name)s."),
        message_args={"name": name},
    )


def _claim_summary(c: Claim) -> dict[str, Any]:
    return {"type": c.type.value, "when": c.when.iso() if c.when else None, "status": c.status.value}


def _corrected(claim: Claim, type_: str | None, date: str | None) -> Claim | None:
    changes: dict[str, Any] = {"status": Status.CONFIRMED}
    if type_:
        if type_ not in REVIEW_TYPES:
            return None
        changes["type"] = EventType(type_)
    if date:
        from trucewatch.ledger.agreements_file import parse_when

        try:  # at the precision typed: "2011" stays a year, "2017-03-08T00:01" keeps its minute
            changes["when"] = parse_when(date)
        except ValueError:
            return None
    return dataclasses.replace(claim, **changes)


@router.get("/incidents/new")
def incident_form(request: Request, who: Analyst) -> HTMLResponse:
    blank = dict.fromkeys(("type", "description", "date", "place", "kind", "value"), "")
    defaults = {"qualifier": "exact", "source": "", "confidential": False, "review": False}
    return _incident_page(request, who, {**blank, **defaults})


@router.post("/incidents")
def incident_create(
    request: Request,
    who: Analyst,
    type: Annotated[str, Form()],
    description: Annotated[str, Form()],
    csrf: Annotated[str | None, Form()] = None,
    date: Annotated[str | None, Form()] = None,
    place: Annotated[str | None, Form()] = None,
    kind: Annotated[str | None, Form()] = None,
    value: Annotated[str | None, Form()] = None,
    qualifier: Annotated[str | None, Form()] = None,
    source: Annotated[str | None, Form()] = None,
    confidential: Annotated[str | None, Form()] = None,
    review: Annotated[str | None, Form()] = None,
) -> Response:
    """An incident entered by hand (the API's POST /api/claims as a form): on a mistake the form
    comes back with what was typed and what to fix. With `review` it is left proposed, for a
    second analyst to confirm from the review queue."""
    _check_csrf(request, who, csrf)
    entered = {
        "type": type,
        "description": description,
        "date": (date or "").strip(),
        "place": place or "",
        "kind": kind or "",
        "value": (value or "").strip(),
        "qualifier": qualifier or Qualifier.EXACT.value,
        "source": (source or "").strip() or "field report",
        "confidential": bool(confidential),
        "review": bool(review),
    }
    try:
        with _store(request).session() as s:
            status = Status.PROPOSED if entered["review"] else Status.CONFIRMED
            claim = record_incident(s, **_incident_fields(entered), user=who.user, status=status)
    except errors.InvalidInput as e:
        return _incident_page(request, who, entered, str(e), status=422)
    return RedirectResponse(f"/claims/{quote(claim.id or '', safe='')}", status_code=303)


def _incident_fields(entered: dict[str, Any]) -> dict[str, Any]:
    """record_incident's arguments from the form's fields; InvalidInput names the field to fix."""
    if entered["type"] not in _EVENT_TYPES:
        raise errors.InvalidInput(f"unknown event type {entered['type']!r}")
    when = None
    if entered["date"]:
        from trucewatch.ledger.agreements_file import parse_when

        try:
            when = parse_when(entered["date"])
        except ValueError:
            raise errors.InvalidInput(
                f"the date {entered['date']!r} is not YYYY, YYYY-MM, YYYY-MM-DD or YYYY-MM-DDTHH:MM"
            ) from None
    quantities = []
    if entered["kind"] or entered["value"]:
        if entered["kind"] not in _QUANTITY_KINDS or not entered["value"].isdigit():
            raise errors.InvalidInput("a figure needs both a whole number and what it counts")
        if entered["qualifier"] not in _QUALIFIERS:
            raise errors.InvalidInput(f"unknown qualifier {entered['qualifier']!r}")
        figure = int(entered["value"])
        quantities.append(Quantity(QuantityKind(entered["kind"]), figure, Qualifier(entered["qualifier"])))
    return {
        "type": EventType(entered["type"]),
        "description": entered["description"],
        "when": when,
        "place_id": entered["place"] or None,
        "quantities": quantities,
        "source": entered["source"][:300],
        "confidential": entered["confidential"],
    }


_EVENT_TYPES = frozenset(t.value for t in EventType)
_QUANTITY_KINDS = frozenset(k.value for k in QuantityKind)
_QUALIFIERS = frozenset(q.value for q in Qualifier if q is not Qualifier.IMPRECISE)


def _incident_page(
    request: Request, who: Visitor, entered: dict[str, Any], error: str | None = None, status: int = 200
) -> HTMLResponse:
    with _store(request).session() as s:
        places = sorted(list_places(s), key=lambda p: (p.name.casefold(), p.id or ""))
    return page(
        request,
        "incident.html",
        who,
        status=status,
        types=sorted(_EVENT_TYPES),
        kinds=[k.value for k in QuantityKind],
        qualifiers=[q.value for q in Qualifier if q is not Qualifier.IMPRECISE],
        places=places,
        entered=entered,
        error=error,
    )


@router.post("/review/merge")
def review_merge(
    request: Request,
    who: Analyst,
    claim_ids: Annotated[list[str], Form()],
    csrf: Annotated[str | None, Form()] = None,
) -> Response:
    _check_csrf(request, who, csrf)
    from trucewatch.api.problems import Problem
    from trucewatch.api.review import merged_event

    with _store(request).session() as s:
        claims = [c for cid in dict.fromkeys(claim_ids) if (c := get_claim(s, cid)) is not None]
        if len(claims) < 2:
            return page(
                request, "error.html", who, status=422, message=N_("Choose at least two claims to merge.")
            )
        try:
            event = merged_event(claims, None)
        except Problem as exc:
            return page(request, "error.html", who, status=422, message=str(exc.detail))
        event_id = save_event(s, event)
        record(
            s,
            user=who.user,
            action="event.merge",
            resource="events",
            resource_id=event_id,
            after={"claims": [c.id for c in claims]},
        )
    return RedirectResponse(f"/events/{event_id}", status_code=303)


# --- reports and exports ------------------------------------------------------


@router.get("/report")
def report_page(
    request: Request,
    who: Member,
    place: str,
    format: str = "html",
    since: Annotated[str | None, Query(alias="from")] = None,
    to: str | None = None,
) -> Response:
    first, last = _day(since, "from"), _day(to, "to")
    if first is not None and last is not None and first > last:
        return page(
            request, "error.html", who, status=422, message=N_("The start date is after the end date.")
        )
    with _store(request).session() as s:
        try:
            situation = build_situation(
                s, place, since=first, until=last, show_confidential=who.sees_confidential
            )
        except PlaceNotFound as exc:
            return page(request, "error.html", who, status=404, message=str(exc))
        _audit(s, who, situation.confidential_doc_ids, "report", situation.place.id)
    html = render_report_html(situation)
    if format == "pdf":
        return Response(html_to_pdf(html), media_type="application/pdf")
    return HTMLResponse(html)


@router.get("/trends")
def trends(
    request: Request,
    who: Member,
    weeks: int = Query(26, ge=1, le=520),
    to: str | None = None,
    format: str = Query("html", pattern="^(html|csv)$"),
) -> Response:
    """Happenings and fatalities per week by type, attacks per week by perpetrator; a table under
    each chart, and the same figures as CSV (`format=csv`)."""
    from trucewatch.ledger.happenings import group_happenings
    from trucewatch.report.trends import monday, weekly_trends

    last = _day(to, "to") or today_utc()
    first = monday(last) - dt.timedelta(weeks=weeks - 1)
    with _store(request).session() as s:
        claims = list_claims(s, since=first, until=last, status=[Status.PROPOSED, Status.CONFIRMED])
        found = weekly_trends(group_happenings(claims), first, last)
    if format == "csv":
        rows: list[tuple[str, str, str, int]] = []
        for week in found.weeks:
            day = week.isoformat()
            rows += [(day, "events", k.value, c[week]) for k, c in found.by_type.items()]
            rows.append((day, "fatalities", "killed", found.fatalities[week]))
            rows += [(day, "attacks by", a, c[week]) for a, c in found.by_actor.items()]
        text = exports.csv_text(("week", "measure", "name", "value"), rows)  # cells made formula-safe
        name = f"trucewatch-trends-{found.weeks[0].isoformat()}.csv"
        return Response(
            text,
            media_type="text/csv; charset=utf-8",
            headers={"content-disposition": f'attachment; filename="{name}"'},
        )
    span = (found.weeks[0], found.weeks[-1] + dt.timedelta(days=6))
    charts = [
        (kind, bar_chart(counts, *span, title=f"{kind.value} per week", bin_days=7))
        for kind, counts in found.by_type.items()
    ]
    killed = bar_chart(found.fatalities, *span, title="people killed per week", bin_days=7)
    return page(
        request,
        "trends.html",
        who,
        found=found,
        charts=charts,
        killed=killed,
        weeks=weeks,
        to=last,
        title="Trends",
    )


@router.get("/export")
def export(request: Request, who: Member, format: str = "csv", place: str | None = None) -> Response:
    from collections.abc import Iterator

    from fastapi.responses import StreamingResponse

    from trucewatch.report.load import actor_kinds

    chosen = exports.export_formats().get(format)
    if chosen is None:
        return page(request, "error.html", who, status=422, message=N_("Unknown export format."))
    store = _store(request)
    with store.session() as s:
        where = find_place(s, place) if place else None
    if place and where is None:
        return _no_place(request, who, place)

    def body() -> Iterator[str]:
        tally = exports.ExportTally()
        try:
            with store.session() as s:
                records = iter_records(s, place=where, show_confidential=who.sees_confidential)
                yield from exports.stream_export(chosen, tally.watch(records), actor_kinds(s))
        finally:  # what was sent is audited, all of it or as far as a closed download got
            with store.session() as s:
                _audit(s, who, tally.confidential_documents, "export", format)

    return StreamingResponse(
        body(),
        media_type=chosen.media_type,
        headers={"content-disposition": f'attachment; filename="trucewatch-{chosen.name}{chosen.suffix}"'},
    )
