"""trucewatch from Python: one object over one database, the way the CLI uses it.

    from trucewatch import Trucewatch

    with Trucewatch("monitoring.db") as tw:          # an SQLite file, or a database URL
        tw.ingest("reports/", source="Syria Direct")
        tw.extract()
        for ledger in tw.agreements(as_of="2017-03-08"):
            print(ledger.agreement.title, [c.text() for c in ledger.compliance])
        tw.report("Waer", "waer.pdf")

Each method is one transaction (or, for ingest and extract, one per document,
so an interrupted run keeps what it finished). Confidential sources: the
object reads as the person running Python, as an analyst does at the command
line (confidential material shown, every read of it written to the audit log
under "python:<login>"); `confidential=False` reads as a viewer, with
confidential sources redacted (and those reads audited too).
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, TextIO

from trucewatch import days
from trucewatch.days import parse_day

if TYPE_CHECKING:
    from trucewatch.disclosure import Reader
    from trucewatch.extract_store import ExtractSummary
    from trucewatch.ingest.run import IngestReport
    from trucewatch.ledger import AgreementLedger, CeasefireLedger, SiegeLedger, ViolationCounts
    from trucewatch.model import Claim, EventType
    from trucewatch.store import Store

__all__ = ["Trucewatch"]

Day = dt.date | str | None


@contextmanager
def _text_file(output: str | Path | TextIO) -> Iterator[TextIO]:
    """`output` opened for writing when it is a path; an open file as it is (its owner closes it)."""
    if isinstance(output, str | Path):
        with Path(output).open("w", encoding="utf-8", newline="") as out:
            yield out
    else:
        yield output


def _day(value: Day) -> dt.date | None:
    if value is None or isinstance(value, dt.date):
        return value
    return parse_day(value)


class Trucewatch:
    """A trucewatch database: ingest, extract, ledgers, exports and reports as methods."""

    def __init__(self, database: str | Path | None = None, *, confidential: bool = True) -> None:
        """`database`: an SQLite file path or a database URL (default: TRUCEWATCH_DATABASE_URL,
        else ./trucewatch.db); created and migrated on first use."""
        from trucewatch.disclosure import Reader, cli_reader
        from trucewatch.store import open_store
        from trucewatch.store.accounts import AccessRole

        self.store: Store = open_store(str(database) if database is not None else None)
        login = (cli_reader().actor or "cli:unknown").removeprefix("cli:")
        role = AccessRole.ANALYST if confidential else AccessRole.VIEWER
        # audited as "python:<login>", each read's via "python export", "python agreements" ...
        self.reader: Reader = Reader(role, actor=f"python:{login}", channel="python ")

    # -- life cycle --

    def close(self) -> None:
        self.store.close()

    def __enter__(self) -> Trucewatch:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    @property
    def _withhold(self) -> bool:
        return self.reader.redacts

    # -- documents and claims --

    def ingest(
        self,
        *paths: str | Path,
        source: str | None = None,
        published: Day = None,
        confidential: bool = False,
        language: str | None = None,
    ) -> IngestReport:
        """Read report files and folders (txt, html, pdf, jsonl) and store each document once;
        `source`, `published` and `language` fill in what a file does not say."""
        from trucewatch.ingest.readers import ReadOptions
        from trucewatch.ingest.run import ingest_paths

        options = ReadOptions(
            source=source, published=_day(published), confidential=confidential, language=language
        )
        return ingest_paths(self.store, [Path(p) for p in paths], options, actor=self.reader.actor)

    def extract(
        self, document_ids: Iterable[str] | None = None, *, budget: float | None = None
    ) -> ExtractSummary:
        """Extract claims from stored documents (all by default); a re-run replaces, never doubles."""
        from trucewatch.extract_store import extract_and_store

        return extract_and_store(self.store, document_ids, budget=budget, actor=self.reader.actor)

    def claims(
        self,
        *,
        place: str | None = None,
        types: Sequence[EventType | str] | None = None,
        since: Day = None,
        until: Day = None,
    ) -> list[Claim]:
        """Claims (place: a name or id, its places inside included), in date order; the confidential
        reports among their documents are audited as read."""
        from trucewatch.model import EventType
        from trucewatch.report.load import load_claims, place_scope

        with self.store.session() as session:
            found = load_claims(
                session,
                place=place_scope(session, place),
                since=_day(since),
                until=_day(until),
                types=[EventType(t) for t in types] if types else None,
            )
            self._audit(session, {c.document_id for c in found}, "claims")
            return found

    def add_incident(
        self,
        type: EventType | str,
        description: str,
        *,
        when: Day = None,
        place: str | None = None,
        actors: Sequence[tuple[str, str]] = (),
        quantities: dict[str, int] | None = None,
        source: str = "field report",
        confidential: bool = False,
    ) -> Claim:
        """Enter an incident by hand (a field report, a phone call): a document holding
        `description` and one confirmed claim on it; `actors` as (name, role) pairs."""
        from trucewatch.incidents import record_incident
        from trucewatch.model import ActorRole, EventType, Precision, Quantity, QuantityKind, Role, When
        from trucewatch.report.load import place_scope

        day = _day(when)
        with self.store.session() as session:
            where = place_scope(session, place)
            return record_incident(
                session,
                type=EventType(type),
                description=description,
                when=When(dt.datetime(day.year, day.month, day.day), Precision.DAY) if day else None,
                place_id=where.id if where else None,
                actors=[ActorRole(name, Role(role)) for name, role in actors],
                quantities=[Quantity(QuantityKind(k), v) for k, v in (quantities or {}).items()],
                source=source,
                confidential=confidential,
                actor=self.reader.actor,
            )

    # -- the ledger --

    def agreements(self, *, as_of: Day = None) -> list[AgreementLedger]:
        """Every agreement known by `as_of` (default today) with its compliance as of then."""
        from trucewatch import ledger_service as service
        from trucewatch.disclosure import referenced_documents

        with self.store.session() as session:
            found = service.agreement_ledgers(
                session, as_of=_day(as_of) or days.today(), withhold_confidential=self._withhold
            )
            self._audit(session, referenced_documents(found), "agreements")
            return found

    def agreement(self, agreement_id: str, *, as_of: Day = None) -> AgreementLedger:
        """One agreement and its compliance as of a day; NotFound when it was not known by then."""
        from trucewatch import ledger_service as service
        from trucewatch.disclosure import referenced_documents

        with self.store.session() as session:
            found = service.agreement_ledger_for(
                session,
                agreement_id,
                as_of=_day(as_of) or days.today(),
                withhold_confidential=self._withhold,
            )
            self._audit(session, referenced_documents(found), "agreement", agreement_id)
            return found

    def ceasefires(self, *, as_of: Day = None) -> list[CeasefireLedger]:
        """Every ceasefire known by `as_of` with its verdict and violations."""
        from trucewatch import ledger_service as service
        from trucewatch.disclosure import referenced_documents

        with self.store.session() as session:
            found = service.ceasefire_ledgers(
                session, as_of=_day(as_of) or days.today(), withhold_confidential=self._withhold
            )
            self._audit(session, referenced_documents(found), "ceasefires")
            return found

    def violations(self, *, as_of: Day = None) -> list[ViolationCounts]:
        """Every ceasefire's violations known by `as_of`, per party and per day, counted by the
        database at once: `ceasefires()`'s figures without the attacks behind them."""
        from trucewatch import ledger_service as service

        day = _day(as_of) or days.today()
        with self.store.session() as session:
            known = service.all_ceasefires(session, as_of=day, withhold_confidential=self._withhold)
            return service.ceasefire_violations(
                session, known, as_of=day, withhold_confidential=self._withhold
            )

    def sieges(self, *, as_of: Day = None) -> list[SiegeLedger]:
        """Every siege known by `as_of` with its population figures and access log."""
        from trucewatch import ledger_service as service
        from trucewatch.disclosure import referenced_documents

        with self.store.session() as session:
            found = service.siege_ledgers(
                session, as_of=_day(as_of) or days.today(), withhold_confidential=self._withhold
            )
            self._audit(session, referenced_documents(found), "sieges")
            return found

    def confirm_agreement(self, agreement_id: str) -> None:
        """Store a proposed agreement as confirmed (audited under the reader's name)."""
        from trucewatch import ledger_service as service

        with self.store.session() as session:
            service.confirm_agreement(session, agreement_id, actor=self.reader.actor)

    # -- exports and reports --

    def export(
        self,
        fmt: str = "csv",
        *,
        place: str | None = None,
        since: Day = None,
        until: Day = None,
        as_of: Day = None,
    ) -> str:
        """Claims as text in a registered export format (csv, acled, geojson, json, hxl, plug-ins');
        `as_of`: only what was known that day. (`export_to` writes one of any size to a file.)"""
        text = io.StringIO()
        self.export_to(text, fmt, place=place, since=since, until=until, as_of=as_of)
        return text.getvalue()

    def export_to(
        self,
        output: str | Path | TextIO,
        fmt: str = "csv",
        *,
        place: str | None = None,
        since: Day = None,
        until: Day = None,
        as_of: Day = None,
    ) -> int:
        """`export`, written to `output` (a file path, or an open text file) as the claims are read
        from the store a page at a time, so memory does not grow with the export; returns how many
        records were read."""
        from trucewatch.report import export_format
        from trucewatch.report.exports import ExportTally, stream_export
        from trucewatch.report.load import actor_kinds, iter_records, place_scope

        export = export_format(fmt)  # InvalidInput for an unknown one
        tally = ExportTally()
        with self.store.session() as session:
            records = iter_records(
                session,
                place=place_scope(session, place),
                since=_day(since),
                until=_day(until),
                show_confidential=not self._withhold,
                as_of=_day(as_of),
            )
            try:
                with _text_file(output) as out:
                    for chunk in stream_export(export, tally.watch(records), actor_kinds(session)):
                        out.write(chunk)
            finally:  # what was read is what was shown, even when writing stopped half way
                self._audit(session, tally.confidential_documents, "export", fmt)
        return tally.records

    def report(self, place: str, output: str | Path, *, since: Day = None, until: Day = None) -> Path:
        """Write the situation report on `place` to `output` (.html or .pdf)."""
        from trucewatch.errors import InvalidInput
        from trucewatch.report import build_situation, html_to_pdf, render_report_html

        path = Path(output)
        if path.suffix.lower() not in (".html", ".htm", ".pdf"):
            raise InvalidInput(f"{path}: a report is written as .html or .pdf")
        with self.store.session() as session:
            situation = build_situation(
                session, place, since=_day(since), until=_day(until), show_confidential=not self._withhold
            )
            self._audit(session, situation.confidential_doc_ids, "report", situation.place.id)
        html = render_report_html(situation)
        if path.suffix.lower() == ".pdf":
            path.write_bytes(html_to_pdf(html))
        else:
            path.write_text(html, encoding="utf-8")
        return path

    # -- helpers --

    def _audit(
        self, session: object, document_ids: Iterable[str], via: str, via_id: str | None = None
    ) -> None:
        from trucewatch.disclosure import audit_documents

        audit_documents(session, self.reader, document_ids, via, via_id)  # type: ignore[arg-type]
