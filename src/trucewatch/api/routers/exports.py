"""Exports (csv, ACLED, GeoJSON, JSON, HXL) and situation reports (HTML, PDF) over the API.

The same records and reports as `trucewatch export` / `trucewatch report` and
the web's /export and /report, with the API's role rules: callers who may not
see confidential sources get them redacted, and every response that includes
confidential material is audited. Anonymous public read is refused: an export
or a report combines every source's claims, as ledger figures do.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query
from fastapi.responses import Response, StreamingResponse

from trucewatch.api.auth import Principal, Reader, StoreDep
from trucewatch.api.problems import Problem
from trucewatch.api.redaction import Disclosure, public_only
from trucewatch.api.routers.common import AsOf, Since, Until, check_dates
from trucewatch.model import Place
from trucewatch.report import exports
from trucewatch.report.load import actor_kinds, find_place, iter_records, load_records, record_precisions
from trucewatch.report.records import Record
from trucewatch.report.render import html_to_pdf, render_report_html
from trucewatch.report.situation import PlaceNotFound, build_situation
from trucewatch.store import Session

router = APIRouter(prefix="/api", tags=["exports"])

_FORMATS = exports.export_formats()  # the registered ones (plug-ins too) when the app is built
ReportFormat = Literal["html", "pdf"]
PlaceName = Annotated[
    str | None,
    Query(
        max_length=300,
        description="A place id or name; records in the place or anywhere inside it (see /api/places).",
    ),
]

_TEXT = {"schema": {"type": "string"}}
_EXPORT_CONTENT: dict[str, Any] = {
    "text/csv": _TEXT,
    "application/geo+json": {"schema": {"type": "object"}},
    "application/json": {"schema": {"type": "object"}},
}
_EXPORT_HEADERS: dict[str, Any] = {
    "X-Records-Written": {"description": "Records written to the file.", "schema": {"type": "integer"}},
    "X-Records-Left-Out": {
        "description": "Records left out and why (ACLED and HXL rows need a day or a month), "
        'e.g. "3 only the year known, 10 undated"; empty when none.',
        "schema": {"type": "string"},
    },
}
_REPORT_CONTENT: dict[str, Any] = {
    "text/html": _TEXT,
    "application/pdf": {"schema": {"type": "string", "format": "binary"}},
}


def _refuse_public(who: Principal) -> None:
    if public_only(who):
        raise Problem(
            403,
            "exports and reports combine every source's claims; anonymous public read does not cover them",
        )


def _place(session: Session, ref: str | None) -> Place | None:
    """The place named or identified by `ref`; a 422 problem when one is given but unknown."""
    if ref is None:
        return None
    found = find_place(session, ref)
    if found is None or found.id is None:
        raise Problem(422, f"no place with id or name {ref!r}; list places at /api/places")
    return found


@router.get(
    "/export",
    summary="Export records (csv, ACLED, GeoJSON, JSON, HXL)",
    response_class=Response,
    responses={
        200: {
            "description": "The export, as a download",
            "content": _EXPORT_CONTENT,
            "headers": _EXPORT_HEADERS,
        }
    },
)
def export(
    who: Reader,
    store: StoreDep,
    format: Annotated[
        str,
        Query(
            max_length=40,
            description="; ".join(f"{f.name}: {f.description}" for f in _FORMATS.values()),
            json_schema_extra={"enum": list(_FORMATS)},
        ),
    ] = "csv",
    place: PlaceName = None,
    since: Since = None,
    until: Until = None,
    as_of: AsOf = None,
) -> Response:
    _refuse_public(who)
    check_dates(since, until)
    export = _FORMATS.get(format)
    if export is None:
        raise Problem(422, f"unknown export format {format!r}; use one of {', '.join(_FORMATS)}")
    shows = who.sees_confidential
    loaded: list[Record] | None = None  # a format that cannot stream: rendered over a list
    with store.session() as session:
        where = _place(session, place)
        if export.streams:  # the counts go in the headers, before the first record is read
            precisions = record_precisions(
                session, place=where, since=since, until=until, show_confidential=shows, as_of=as_of
            )
            written, left_out = exports.export_counts_by_precision(format, precisions)
        else:
            loaded = load_records(
                session, place=where, since=since, until=until, show_confidential=shows, as_of=as_of
            )
            written, left_out = exports.export_counts(format, loaded)

    def body() -> Iterator[str]:
        tally = exports.ExportTally()
        try:
            with store.session() as session:
                records = (
                    loaded
                    if loaded is not None
                    else iter_records(
                        session, place=where, since=since, until=until, show_confidential=shows, as_of=as_of
                    )
                )
                yield from exports.stream_export(export, tally.watch(records), actor_kinds(session))
        finally:  # what was sent is audited, all of it or as far as a closed download got
            d = Disclosure(who)
            d.touched.update(tally.confidential_documents)
            with store.session() as session:
                d.audit(session, "export", format)

    return StreamingResponse(
        body(),
        media_type=export.media_type,
        headers={
            "content-disposition": f'attachment; filename="trucewatch-{export.name}{export.suffix}"',
            "X-Records-Written": str(written),
            "X-Records-Left-Out": ", ".join(f"{n} {why}" for why, n in sorted(left_out.items())),
        },
    )


@router.get(
    "/report",
    summary="A situation report on one place (HTML or PDF)",
    response_class=Response,
    responses={200: {"description": "The report", "content": _REPORT_CONTENT}},
)
def report(
    who: Reader,
    store: StoreDep,
    place: Annotated[str, Query(min_length=1, max_length=300, description="A place id or name.")],
    since: Since = None,
    until: Until = None,
    format: Annotated[ReportFormat, Query(description="html, or pdf (rendered by WeasyPrint).")] = "html",
) -> Response:
    _refuse_public(who)
    check_dates(since, until)
    d = Disclosure(who)
    with store.session() as session:
        try:
            situation = build_situation(
                session, place, since=since, until=until, show_confidential=who.sees_confidential
            )
        except PlaceNotFound:
            raise Problem(422, f"no place with id or name {place!r}; list places at /api/places") from None
        d.touched.update(situation.confidential_doc_ids)
        d.audit(session, "report", situation.place.id)
    html = render_report_html(situation)
    if format == "pdf":
        name = f"trucewatch-report-{_slug(situation.place.id or 'place')}-{situation.until:%Y-%m-%d}.pdf"
        return Response(
            html_to_pdf(html),
            media_type="application/pdf",
            headers={"content-disposition": f'attachment; filename="{name}"'},
        )
    return Response(html, media_type="text/html; charset=utf-8")


def _slug(text: str) -> str:
    return "".join(ch if ch.isascii() and (ch.isalnum() or ch in "-_") else "-" for ch in text)[:60]
