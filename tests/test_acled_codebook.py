"""ACLED to the codebook: a hand-written file of all 25 sub-event types imports whole and
re-exports field for field; revisions update in place; precision and actor categories honest.

tests/data/acled_codebook.csv is written by hand to ACLED's current codebook: one row per
sub-event type (and one more), actor categories as text and as the older digits, quotes,
commas and line breaks in notes, Arabic text, every column filled where ACLED fills it.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from pathlib import Path

import pytest
from sqlalchemy import func, select, text
from typer.testing import CliRunner

from trucewatch.cli import app
from trucewatch.cli import commands as _commands  # noqa: F401  registers the verbs
from trucewatch.model import (
    ActorRole,
    Claim,
    Document,
    EventType,
    Place,
    Precision,
    Role,
    Source,
    Span,
    When,
)
from trucewatch.report import import_acled_csv, load_records, render_export
from trucewatch.report.acled import acled_export
from trucewatch.report.acled_codes import ACLED_COLUMNS, SUB_EVENT_TYPES, codebook_pair
from trucewatch.report.load import actor_kinds
from trucewatch.store import Store, add_document, list_claims, open_store, replace_claims, upsert_places
from trucewatch.store.accounts import AuditRow
from trucewatch.store.tables import AcledEventRow, ClaimRow, DocumentRow

FILE = Path(__file__).parent / "data" / "acled_codebook.csv"
# Rows written with the older digits: the export writes the current codebook's text.
DIGIT_ROWS = {
    "TWT1002": ("Rebel group", "State forces", "State forces-Rebel group"),
    "TWT1007": ("State forces", "Rebel group", "State forces-Rebel group"),
    "TWT1011": ("Political militia", "Civilians", "Political militia-Civilians"),
    "TWT1015": ("Protesters", "", "Protesters only"),
    "TWT1026": ("External/Other forces", "Rebel group", "Rebel group-External/Other forces"),
}


def _rows(text: str) -> dict[str, dict[str, str]]:
    return {r["event_id_cnty"]: r for r in csv.DictReader(io.StringIO(text))}


def _export(store: Store) -> str:
    with store.session() as s:
        return render_export("acled", load_records(s, show_confidential=True), actor_kinds(s))


@pytest.fixture
def imported(store: Store) -> Store:
    """The hand-written file imported into a fresh database (SQLite, and PostgreSQL when available)."""
    with store.session() as s:
        result = import_acled_csv(s, FILE.read_text(encoding="utf-8"))
    assert result.errors == [] and result.imported == 26
    return store


def test_the_file_covers_every_sub_event_type_of_the_codebook() -> None:
    original = _rows(FILE.read_text(encoding="utf-8"))
    pairs = {(r["event_type"], r["sub_event_type"]) for r in original.values()}
    assert {(e, s) for e, subs in SUB_EVENT_TYPES.items() for s in subs} <= pairs
    assert sum(len(subs) for subs in SUB_EVENT_TYPES.values()) == 25 and len(SUB_EVENT_TYPES) == 6


def test_import_then_export_gives_every_field_back(imported: Store) -> None:
    original = _rows(FILE.read_text(encoding="utf-8"))
    exported = _rows(_export(imported))
    assert set(exported) == set(original)
    for event_id, row in original.items():
        expected = dict(row)
        if event_id in DIGIT_ROWS:
            expected["inter1"], expected["inter2"], expected["interaction"] = DIGIT_ROWS[event_id]
        assert {c: exported[event_id][c] for c in ACLED_COLUMNS} == {c: expected[c] for c in ACLED_COLUMNS}


def test_the_export_parses_back_to_the_same_text(imported: Store) -> None:
    text_out = _export(imported)
    notes = _rows(text_out)["TWT1004"]["notes"]
    assert notes == 'A chlorine attack was reported on Badama;\nresidents described "a yellow cloud".'
    assert "حمص" in _rows(text_out)["TWT1007"]["notes"]


def test_types_outside_the_taxonomy_are_kept_and_other_is_never_a_ceasefire_end(imported: Store) -> None:
    with imported.session() as s:
        claims = list_claims(s)
        docs = {r.id: r.title for r in s.scalars(select(DocumentRow))}
    by_event = {docs[c.document_id].rsplit(" ", 1)[-1]: c.type for c in claims}
    assert len(by_event) == 26
    assert by_event["TWT1025"] == EventType.OTHER  # Strategic developments / Other: a mass grave
    assert by_event["TWT1015"] == EventType.OTHER and by_event["TWT1019"] == EventType.OTHER
    assert EventType.CEASEFIRE_END not in by_event.values()
    assert (
        by_event["TWT1007"] == EventType.ATTACK_SHELLING and by_event["TWT1010"] == EventType.ATTACK_CIVILIANS
    )
    assert codebook_pair("strategic developments", "OTHER") == (
        "Strategic developments",
        "Other",
        EventType.OTHER,
    )
    assert codebook_pair("Protests", "Excessive force against protestors") is not None  # older spelling


def test_text_and_digit_actor_categories_are_both_read(imported: Store) -> None:
    with imported.session() as s:
        kinds = actor_kinds(s)
    assert kinds["Hayat Tahrir al-Sham"].value == "rebel"  # "2" in TWT1002, "Rebel group" elsewhere
    assert kinds["NDF: National Defence Forces"].value == "militia"  # "3" in TWT1011
    assert kinds["Civilians (Syria)"].value == "civilians"
    assert kinds["Military Forces of Israel (2022-)"].value == "external"  # "8" in TWT1026


def test_a_revised_event_overwrites_the_stored_one_in_place_and_is_audited(imported: Store) -> None:
    original = _rows(FILE.read_text(encoding="utf-8"))
    revised = dict(original["TWT1005"], fatalities="11", timestamp="1700009999")
    revised["notes"] = "Air strikes on al-Bab market, 11 civilians killed, the toll revised."
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=ACLED_COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerow(revised)
    with imported.session() as s:
        before = s.scalar(select(func.count()).select_from(ClaimRow))
        result = import_acled_csv(s, out.getvalue(), actor="cli:tester")
    assert (result.imported, result.updated, result.errors) == (0, 1, [])
    with imported.session() as s:
        assert s.scalar(select(func.count()).select_from(ClaimRow)) == before  # no double count
        assert s.scalar(select(func.count()).select_from(DocumentRow)) == 26
        entry = s.scalars(select(AuditRow).where(AuditRow.action == "acled.event.update")).one()
        assert entry.resource_id == "TWT1005" and entry.user_name == "cli:tester"
    row = _rows(_export(imported))["TWT1005"]
    assert (row["fatalities"], row["timestamp"], row["notes"]) == ("11", "1700009999", revised["notes"])

    # The same row again changes nothing; an older version of it is not applied.
    stale = dict(original["TWT1005"], fatalities="1", timestamp="1600000000")
    for again, field in ((revised, "unchanged"), (stale, "older")):
        buf = io.StringIO()
        w = csv.DictWriter(buf, fieldnames=ACLED_COLUMNS, lineterminator="\n")
        w.writeheader()
        w.writerow(again)
        with imported.session() as s:
            res = import_acled_csv(s, buf.getvalue())
        assert getattr(res, field) == 1 and res.written == 0
    assert _rows(_export(imported))["TWT1005"]["fatalities"] == "11"


def test_an_analysts_correction_is_exported_and_the_rest_stays_as_acled_wrote_it(imported: Store) -> None:
    with imported.session() as s:
        doc_id = s.scalar(select(AcledEventRow.document_id).where(AcledEventRow.event_id == "TWT1003"))
        claim = next(c for c in list_claims(s) if c.document_id == doc_id)
        row = s.get(ClaimRow, claim.id)
        row.when_start = dt.datetime(2017, 3, 5)  # the analyst moves the clash a day later
        row.when_last = dt.datetime(2017, 3, 6)
    exported = _rows(_export(imported))["TWT1003"]
    assert exported["event_date"] == "2017-03-05"
    assert exported["assoc_actor_1"] == "Hezbollah" and exported["admin2"] == "Tadmor"
    assert exported["source_scale"] == "International" and exported["timestamp"] == "1700000103"


YEAR_ONLY = When(dt.datetime(2017, 1, 1), Precision.YEAR)


def _day(month: int, day: int) -> When:
    return When(dt.datetime(2017, month, day), Precision.DAY)


def _store_claim(
    store: Store, *, when: When | None, kind: EventType, actors=(), place: Place | None = None
) -> None:
    with store.session() as s:
        doc = Document(text="Text of the report.", content_hash=f"h-{kind}-{when}", source=Source("Monitor"))
        doc_id, _ = add_document(s, doc)
        place_id = upsert_places(s, [place])[0] if place else None
        claim = Claim(kind, doc_id, (Span(doc_id, 0, 4),), when=when, place_id=place_id, actors=tuple(actors))
        replace_claims(s, doc_id, "rules", "1", [claim])


def test_year_only_and_undated_records_are_left_out_and_counted(tmp_path: Path) -> None:
    with open_store(f"sqlite:///{tmp_path / 'a.db'}") as store:
        _store_claim(store, when=YEAR_ONLY, kind=EventType.ATTACK_SHELLING)
        _store_claim(store, when=None, kind=EventType.ATTACK_CLASH)
        _store_claim(
            store, when=When(dt.datetime(2017, 3, 1), Precision.MONTH), kind=EventType.ATTACK_AIRSTRIKE
        )
        with store.session() as s:
            records = load_records(s)
        result = acled_export(records)
    assert [r["event_date"] for r in result.rows] == ["2017-03-15"]  # the month: mid-month, precision 3
    assert result.rows[0]["time_precision"] == "3"
    assert dict(result.skipped) == {"only the year known": 1, "undated": 1}


def test_the_cli_counts_what_it_wrote_and_what_it_left_out(tmp_path: Path) -> None:
    db = tmp_path / "cli.db"
    with open_store(f"sqlite:///{db}") as store:
        _store_claim(store, when=YEAR_ONLY, kind=EventType.ATTACK_SHELLING)
        _store_claim(store, when=_day(3, 9), kind=EventType.ATTACK_CLASH)
    out = tmp_path / "out.csv"
    result = CliRunner().invoke(app, ["--db", str(db), "export", "-f", "acled", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert "wrote 1 of 2 records" in result.output and "1 only the year known" in result.output
    imported = CliRunner().invoke(app, ["--db", str(tmp_path / "other.db"), "import-acled", str(FILE)])
    assert imported.exit_code == 0, imported.output
    assert "imported 26 new events, updated 0 in place; skipped 0 rows" in imported.output


def test_violence_against_civilians_puts_the_victim_second_with_categories_and_targeting(
    tmp_path: Path,
) -> None:
    waer = Place("Waer", "SY", 34.738912, 36.661934, kind="neighbourhood")
    with open_store(f"sqlite:///{tmp_path / 'a.db'}") as store:
        # Extraction named only the victims: they must not land in actor 1.
        _store_claim(
            store,
            when=When(dt.datetime(2017, 2, 1), Precision.DAY),
            kind=EventType.ATTACK_CIVILIANS,
            actors=[ActorRole("Waer residents", Role.TARGET)],
            place=waer,
        )
        _store_claim(
            store,
            when=When(dt.datetime(2017, 2, 2), Precision.DAY),
            kind=EventType.ATTACK_SHELLING,
            actors=[ActorRole("Syrian government", Role.PERPETRATOR), ActorRole("Waer rebels", Role.TARGET)],
            place=waer,
        )
        row_vac, row_shell = (r for r in _rows(_export(store)).values())
    assert (row_vac["actor1"], row_vac["actor2"]) == ("Unidentified Armed Group (Syria)", "Waer residents")
    assert (row_vac["inter1"], row_vac["inter2"]) == ("Political militia", "Civilians")  # catalogue kinds
    assert row_vac["civilian_targeting"] == "Civilians targeted"
    assert row_vac["interaction"] == "Political militia-Civilians"
    assert row_shell["interaction"] == "State forces-Rebel group" and row_shell["civilian_targeting"] == ""
    assert (row_shell["latitude"], row_shell["longitude"]) == ("34.7389", "36.6619")  # 4 decimals


def test_a_countrywide_claim_gets_the_countrys_point(tmp_path: Path) -> None:
    syria = Place("Syria", "SY", kind="country")
    with open_store(f"sqlite:///{tmp_path / 'a.db'}") as store:
        _store_claim(
            store,
            when=When(dt.datetime(2017, 2, 1), Precision.DAY),
            kind=EventType.CEASEFIRE_START,
            place=syria,
        )
        row = next(iter(_rows(_export(store)).values()))
    assert row["location"] == "Syria" and row["geo_precision"] == "3"
    assert (float(row["latitude"]), float(row["longitude"])) == pytest.approx((33.5102, 36.2913), abs=1e-3)


def test_json_columns_hold_arabic_as_utf8_so_like_finds_it(imported: Store) -> None:
    with imported.session() as s:
        like = "SELECT count(*) FROM acled_events WHERE CAST(fields AS TEXT) LIKE '%حمص%'"
        found = s.execute(text(like)).scalar()
        raw = s.execute(
            text("SELECT CAST(fields AS TEXT) FROM acled_events WHERE event_id = 'TWT1007'")
        ).scalar()
    assert found == 1 and "\\u" not in raw


OLD_FILE = """data_id,iso,event_id_cnty,event_id_no_cnty,event_date,year,time_precision,event_type,\
sub_event_type,actor1,assoc_actor_1,inter1,actor2,assoc_actor_2,inter2,interaction,region,country,\
admin1,admin2,admin3,location,latitude,longitude,geo_precision,source,source_scale,notes,fatalities,\
timestamp,iso3
7001,760,SYR5001,5001,08 March 2017,2017,1,Strategic Developments,Other,\
Military Forces of Syria (2000-),,1,,,0,10,Middle East,Syria,Homs,Homs,Homs,Al Waer,34.7389,\
36.6619,1,SANA,National,"Curfew declared in al-Waer, Homs.",0,1500000001,SYR
7002,760,SYR5002,5002,09 March 2017,2017,1,Violence against civilians,Attack,\
NDF: National Defence Forces,,3,Civilians (Syria),,7,37,Middle East,Syria,Homs,Homs,Homs,Al Waer,\
34.7389,36.6619,1,Syria Direct,National,A man was shot at the crossing.,1,1500000002,SYR
"""


def test_a_file_in_the_pre_2023_columns_is_read_and_written_in_the_current_codebook(
    sqlite_store: Store,
) -> None:
    with sqlite_store.session() as s:
        result = import_acled_csv(s, OLD_FILE)
    assert (result.imported, result.errors) == (2, [])
    rows = _rows(_export(sqlite_store))
    curfew, shot = rows["SYR5001"], rows["SYR5002"]
    assert (curfew["event_date"], curfew["event_type"], curfew["sub_event_type"]) == (
        "2017-03-08",
        "Strategic developments",
        "Other",
    )
    assert (curfew["inter1"], curfew["inter2"], curfew["interaction"]) == (
        "State forces",
        "",
        "State forces only",
    )
    assert curfew["disorder_type"] == "Strategic developments" and curfew["timestamp"] == "1500000001"
    assert (shot["interaction"], shot["civilian_targeting"]) == (
        "Political militia-Civilians",
        "Civilians targeted",
    )
    with sqlite_store.session() as s:
        assert EventType.CEASEFIRE_END not in {c.type for c in list_claims(s)}  # a curfew ends no ceasefire


def test_an_event_imported_before_the_acled_table_is_updated_in_place(sqlite_store: Store) -> None:
    with sqlite_store.session() as s:  # as the importer before migration 0007 stored it
        doc = Document(
            text="old notes",
            content_hash="legacy-hash",
            title="ACLED-style event SYR5001",
            source=Source("SANA"),
            origin="acled-import",
        )
        doc_id, _ = add_document(s, doc)
        replace_claims(
            s, doc_id, "acled-import", "1", [Claim(EventType.CEASEFIRE_END, doc_id, (Span(doc_id, 0, 3),))]
        )
    with sqlite_store.session() as s:
        result = import_acled_csv(s, OLD_FILE)
    assert (result.imported, result.updated) == (1, 1)
    with sqlite_store.session() as s:
        assert s.scalar(select(func.count()).select_from(DocumentRow)) == 2
        kinds = [c.type for c in list_claims(s)]
    assert kinds.count(EventType.OTHER) == 1 and EventType.CEASEFIRE_END not in kinds


def test_interaction_labels_follow_the_codebooks_table() -> None:
    from trucewatch.report.acled_codes import current_interaction, interaction_label

    assert interaction_label("2", "1") == "State forces-Rebel group"  # 12, whichever actor is first
    assert interaction_label("8", "7") == "External/Other forces-Civilians"  # 78: the table's exception
    assert interaction_label("3", None) == "Political militia only"
    assert current_interaction("78") == "External/Other forces-Civilians"
    assert current_interaction("28") == "Rebel group-External/Other forces"


def test_a_week_is_written_on_its_middle_day(tmp_path: Path) -> None:
    monday = When(dt.datetime(2017, 3, 6), Precision.WEEK)
    with open_store(f"sqlite:///{tmp_path / 'a.db'}") as store:
        _store_claim(store, when=monday, kind=EventType.ATTACK_CLASH)
        row = next(iter(_rows(_export(store)).values()))
    assert (row["event_date"], row["time_precision"]) == ("2017-03-08", "2")


def test_civilians_targeted_by_remote_violence_but_never_in_a_battle(tmp_path: Path) -> None:
    civilians = [ActorRole("Syrian government", Role.PERPETRATOR), ActorRole("Waer residents", Role.TARGET)]
    with open_store(f"sqlite:///{tmp_path / 'a.db'}") as store:
        _store_claim(store, when=_day(2, 3), kind=EventType.ATTACK_SHELLING, actors=civilians)
        _store_claim(store, when=_day(2, 4), kind=EventType.ATTACK_CLASH, actors=civilians)
        rows = sorted(_rows(_export(store)).values(), key=lambda r: r["event_date"])
    assert [r["civilian_targeting"] for r in rows] == ["Civilians targeted", ""]
    assert rows[0]["interaction"] == "State forces-Civilians"


def test_disorder_types_follow_the_codebooks_table() -> None:
    from trucewatch.report.acled_codes import disorder_type

    assert (
        disorder_type("Protests", "Excessive force against protesters")
        == "Political violence; Demonstrations"
    )
    assert disorder_type("Riots", "Mob violence") == "Political violence"
    assert disorder_type("Riots", "Violent demonstration") == "Demonstrations"
    assert disorder_type("Battles", "Armed clash") == "Political violence"
    assert disorder_type("Strategic developments", "Agreement") == "Strategic developments"
