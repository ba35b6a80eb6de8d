"""Qualifiers stay with their figures: terms, compliance, tables, pages, reports and exports.

Hand-built claims about invented reports, in our own words.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json

from typer.testing import CliRunner

from databases import migrated_sqlite
from trucewatch import store
from trucewatch.cli import app
from trucewatch.cli import ledger as _ledger_verbs  # noqa: F401  registers the verbs
from trucewatch.ledger import DocInfo, agreement_ledger, propose_agreements
from trucewatch.model import (
    ActionKind,
    Agreement,
    AgreementKind,
    Claim,
    Commitment,
    Document,
    EventType,
    Place,
    Precision,
    Qualifier,
    Quantity,
    QuantityKind,
    Source,
    Span,
    When,
)
from trucewatch.report.exports import to_csv
from trucewatch.report.records import to_records
from trucewatch.report.render import compliance_phrase

WAER = frozenset({"waer"})
AUGUST = When(dt.datetime(2016, 8, 1), Precision.MONTH)
DEAL = Agreement(
    AgreementKind.LOCAL_TRUCE,
    "Synthetic August deal",
    reached=AUGUST,
    place_id="waer",
    commitments=(
        Commitment(
            "Government",
            ActionKind.RELEASE_DETAINEES,
            7300,
            QuantityKind.DETAINEES,
            Qualifier.MORE_THAN,
            id="c",
        ),
    ),
)


def released(cid: str, value: int, qualifier: Qualifier, on: str, doc: str = "d1") -> Claim:
    return Claim(
        EventType.DETAINEES_RELEASED,
        doc,
        (Span(doc, 0, 10),),
        When(dt.datetime.fromisoformat(on), Precision.DAY),
        place_id="waer",
        quantities=(Quantity(QuantityKind.DETAINEES, value, qualifier),),
        id=cid,
    )


def compliance(*claims: Claim):
    docs = {"d1": DocInfo(dt.date(2017, 3, 8), "Outlet")}
    [row] = agreement_ledger(DEAL, claims, scope=WAER, as_of=dt.date(2017, 3, 8), docs=docs).compliance
    return row


def test_a_target_of_more_than_7300_stays_more_than_in_compliance_and_report():
    row = compliance(released("r", 194, Qualifier.EXACT, "2017-03-01"))
    assert row.text() == "194 of > 7,300 detainees (≤ 2.7%)"
    assert compliance_phrase(row) == "194 of more than 7,300 detainees released — at most 2.7 %"


def test_at_least_194_of_more_than_7300_keeps_both_qualifiers():
    row = compliance(released("r", 194, Qualifier.AT_LEAST, "2017-03-01"))
    assert row.text() == "≥ 194 of > 7,300 detainees (~2.7%)"
    assert row.by_source[0].text() == "≥ 194" and row.by_source[0].at_least


def test_batches_that_add_up_keep_the_weakest_qualifier():
    from trucewatch.ledger.figures import figure_text, sum_qualifier

    row = compliance(
        released("a", 50, Qualifier.AT_LEAST, "2017-01-10"), released("b", 30, Qualifier.EXACT, "2017-02-10")
    )
    assert (row.delivered, row.delivered_text()) == (80, "≥ 80")
    assert sum_qualifier([Qualifier.EXACT, Qualifier.ABOUT]) == Qualifier.ABOUT
    assert figure_text(15000, Qualifier.LESS_THAN, words=True) == "up to 15,000"


def test_a_proposed_term_keeps_the_qualifier_of_its_report():
    claim = Claim(
        EventType.AGREEMENT_REACHED,
        "d1",
        (Span("d1", 0, 10),),
        AUGUST,
        place_id="waer",
        quantities=(Quantity(QuantityKind.DETAINEES, 7300, Qualifier.MORE_THAN),),
    )
    [agreement] = propose_agreements([claim])
    [term] = agreement.commitments
    assert (term.target, term.qualifier) == (7300, Qualifier.MORE_THAN)


def test_tables_json_and_exports_show_the_qualifiers(tmp_path):
    text = (
        "SYNTHETIC. In August the rebels agreed to leave for more than 7,300 detainees; 194 are free so far."
    )
    db = tmp_path / "figures.db"
    s = store.open_store(migrated_sqlite(db))
    try:
        with s.session() as session:
            store.upsert_places(session, [Place("Waer", kind="neighbourhood", id="waer")])
            doc = Document(
                text,
                hashlib.sha256(text.encode()).hexdigest(),
                published=dt.date(2017, 3, 8),
                source=Source("Wire"),
            )
            doc_id, _ = store.add_document(session, doc)
            at = text.index("more than 7,300 detainees")
            store.replace_claims(
                session,
                doc_id,
                "test",
                "1",
                [
                    Claim(
                        EventType.AGREEMENT_REACHED,
                        doc_id,
                        (Span(doc_id, 0, len(text)),),
                        AUGUST,
                        place="Waer",
                        place_id="waer",
                        quantities=(
                            Quantity(
                                QuantityKind.DETAINEES, 7300, Qualifier.MORE_THAN, Span(doc_id, at, at + 26)
                            ),
                        ),
                    ),
                ],
            )
            claims = store.list_claims(session)
            documents = {doc_id: store.get_document(session, doc_id)}
    finally:
        s.close()
    runner = CliRunner()
    out = runner.invoke(
        app, ["--db", f"sqlite:///{db}", "agreements", "--as-of", "2017-03-08"], env={"COLUMNS": "200"}
    )
    assert out.exit_code == 0 and "0 of > 7,300 detainees" in out.output
    [listed] = json.loads(
        runner.invoke(
            app, ["--db", f"sqlite:///{db}", "agreements", "--as-of", "2017-03-08", "--json"]
        ).output
    )
    assert listed["compliance"][0]["target_qualifier"] == "more_than"
    assert listed["compliance"][0]["text"].startswith("0 of > 7,300 detainees")
    csv = to_csv(to_records(claims, documents, {}))
    assert "detainees > 7,300" in csv
