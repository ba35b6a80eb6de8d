"""Exports: ACLED-style CSV (round trip through import), GeoJSON, HXL, csv, json; redaction."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from synthetic import HOSTILE_MARKUP, PLACES, seed_synthetic
from trucewatch.cli import app
from trucewatch.cli import commands as _commands  # noqa: F401  registers the verbs
from trucewatch.model import EventType, Precision
from trucewatch.report import (
    ACLED_COLUMNS,
    REDACTED_SOURCE,
    import_acled_csv,
    load_records,
    parse_acled_row,
    read_acled_csv,
    render_export,
    to_geojson,
    to_hxl,
)
from trucewatch.report.load import actor_kinds
from trucewatch.store import Store, open_store


@pytest.fixture
def seeded(store: Store) -> Store:
    with store.session() as s:
        seed_synthetic(s, hostile=True)
    return store


def _acled(store: Store, *, show_confidential: bool = False) -> str:
    with store.session() as s:
        return render_export("acled", load_records(s, show_confidential=show_confidential), actor_kinds(s))


def _rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


def test_acled_export_has_the_acled_columns_in_order(seeded: Store) -> None:
    text = _acled(seeded)
    header = next(csv.reader(io.StringIO(text)))
    assert tuple(header) == ACLED_COLUMNS
    rows = _rows(text)
    shelling = next(r for r in rows if r["sub_event_type"] == "Shelling/artillery/missile attack")
    assert shelling["event_type"] == "Explosions/Remote violence"
    assert shelling["event_date"] == "2017-03-09" and shelling["time_precision"] == "1"
    assert shelling["actor1"] == "Syrian government" and shelling["inter1"] == "State forces"
    assert shelling["actor2"] == "Waer rebels" and shelling["inter2"] == "Rebel group"
    assert shelling["interaction"] == "State forces-Rebel group"  # the codebook's text, standard order
    assert shelling["fatalities"] == "2" and shelling["country"] == "Syria" and shelling["iso"] == "760"
    assert shelling["event_id_cnty"].startswith("SYR")
    month = next(r for r in rows if "7,300" in r["notes"])
    assert (month["event_date"], month["time_precision"]) == ("2016-08-15", "3")  # mid-month, ACLED's rule


def test_acled_export_round_trips_through_import(seeded: Store, tmp_path: Path) -> None:
    first = _acled(seeded, show_confidential=True)
    with open_store(f"sqlite:///{tmp_path / 'imported.db'}") as other:
        with other.session() as s:
            result = import_acled_csv(s, first)
        assert result.errors == []
        assert result.imported == len(_rows(first)) > 0
        again = _acled(other, show_confidential=True)
    assert _rows(again) == _rows(first)


def test_redacted_export_round_trips_and_stays_redacted(seeded: Store, tmp_path: Path) -> None:
    first = _acled(seeded)
    with open_store(f"sqlite:///{tmp_path / 'imported.db'}") as other:
        with other.session() as s:
            import_acled_csv(s, first)
        assert _rows(_acled(other, show_confidential=True)) == _rows(first)


def test_confidential_source_is_redacted_unless_the_caller_may_see_it(seeded: Store) -> None:
    hidden = _acled(seeded)
    assert "Anonymous negotiator" not in hidden and "Government artillery" not in hidden
    row = next(r for r in _rows(hidden) if r["fatalities"] == "2")
    assert row["source"] == REDACTED_SOURCE
    shown = _acled(seeded, show_confidential=True)
    row = next(r for r in _rows(shown) if r["fatalities"] == "2")
    assert row["source"] == "Anonymous negotiator" and "Government artillery" in row["notes"]


def test_geojson_is_an_rfc7946_feature_collection(seeded: Store) -> None:
    with seeded.session() as s:
        records = load_records(s)
    doc = json.loads(json.dumps(to_geojson(records)))
    assert doc["type"] == "FeatureCollection" and "crs" not in doc
    assert len(doc["features"]) == len(records) > 0
    waer = next(p for p in PLACES if p.name == "Waer")
    for feature in doc["features"]:
        assert feature["type"] == "Feature" and isinstance(feature["properties"], dict)
        geometry = feature["geometry"]
        assert geometry["type"] == "Point"
        lon, lat = geometry["coordinates"]
        assert (lon, lat) == (waer.longitude, waer.latitude)  # [longitude, latitude], not the other way
        assert -180 <= lon <= 180 and -90 <= lat <= 90
    ids = [f["id"] for f in doc["features"]]
    assert len(set(ids)) == len(ids)


def test_hxl_export_is_read_by_libhxl(seeded: Store, tmp_path: Path) -> None:
    hxl = pytest.importorskip("hxl")
    with seeded.session() as s:
        rows = to_hxl(load_records(s), actor_kinds(s))
    assert "#date+occurred" in rows[1] and "#affected+killed" in rows[1] and "#geo+lat" in rows[1]
    path = tmp_path / "events.csv"
    with path.open("w", newline="", encoding="utf-8") as f:
        csv.writer(f).writerows(rows)
    dataset = hxl.data(str(path), hxl.InputOptions(allow_local=True))
    tags = [c.display_tag for c in dataset.columns]
    assert {"#date+occurred", "#adm1+name", "#loc+name", "#geo+lat", "#geo+lon", "#event+type"} <= set(tags)
    values = list(dataset)
    assert len(values) == len(rows) - 2
    assert {row.get("#loc+name") for row in values} == {"Waer"}
    assert sorted(int(row.get("#affected+killed")) for row in values)[-1] == 2


def test_hostile_text_is_kept_verbatim_and_formula_cells_are_neutralised(store: Store) -> None:
    with store.session() as s:
        seed_synthetic(s, hostile=True)
        records = load_records(s)
    rows = json.loads(render_export("json", records))["records"]
    assert any(HOSTILE_MARKUP in r["source"] for r in rows)  # data is data: exports do not alter text
    assert "=cmd" not in render_export("csv", [])  # header only
    from dataclasses import replace

    evil = replace(records[0], notes='=HYPERLINK("http://x")')
    line = render_export("csv", [evil]).splitlines()[1]
    assert "'=HYPERLINK" in line


def test_import_reads_acled_style_rows_without_our_tags() -> None:
    row = {c: "" for c in ACLED_COLUMNS}
    row.update(
        event_id_cnty="SYR999",
        event_date="08 March 2017",
        time_precision="1",
        event_type="explosions/remote violence",  # case differs across ACLED vintages
        sub_event_type="Shelling/artillery/missile attack",
        country="Syria",
        location="Waer",
        latitude="34.74",
        longitude="36.67",
        fatalities="3",
        source="Some outlet",
        notes="Synthetic note.",
    )
    event = parse_acled_row(row)
    assert event.type == EventType.ATTACK_SHELLING
    assert event.when.precision == Precision.DAY and event.when.start.date().isoformat() == "2017-03-08"
    assert event.country_code == "SY" and event.fatalities == 3


def test_bad_rows_are_reported_and_skipped() -> None:
    header = ",".join(ACLED_COLUMNS)
    good = dict.fromkeys(ACLED_COLUMNS, "")
    good.update(event_date="2017-03-08", event_type="Battles", sub_event_type="Armed clash", location="Waer")
    bad = dict(good, event_date="not a date")
    text = header + "\n" + "\n".join(",".join(r[c] for c in ACLED_COLUMNS) for r in (good, bad)) + "\n"
    events, errors = read_acled_csv(text)
    assert len(events) == 1 and len(errors) == 1 and "row 3" in errors[0] and "event_date" in errors[0]
    assert read_acled_csv("a,b\n1,2\n")[1][0].startswith("not an ACLED-style CSV")


@pytest.mark.parametrize("fmt", ["csv", "acled", "geojson", "json", "hxl"])
def test_export_cli_writes_each_format(fmt: str, tmp_path: Path) -> None:
    db = tmp_path / "cli.db"
    with open_store(f"sqlite:///{db}") as st, st.session() as s:
        seed_synthetic(s)
    out = tmp_path / f"out.{fmt}"
    result = CliRunner().invoke(
        app, ["--db", str(db), "export", "--format", fmt, "--place", "Homs", "-o", str(out)]
    )
    assert result.exit_code == 0, result.output
    text = out.read_text(encoding="utf-8")
    assert "Waer" in text
    assert "Anonymous negotiator" not in text


def test_import_acled_cli_round_trip(tmp_path: Path) -> None:
    db, other = tmp_path / "a.db", tmp_path / "b.db"
    with open_store(f"sqlite:///{db}") as st, st.session() as s:
        seed_synthetic(s)
    runner = CliRunner()
    first, second = tmp_path / "a.csv", tmp_path / "b.csv"
    assert runner.invoke(app, ["--db", str(db), "export", "-f", "acled", "-o", str(first)]).exit_code == 0
    result = runner.invoke(app, ["--db", str(other), "import-acled", str(first)])
    assert result.exit_code == 0, result.output
    assert runner.invoke(app, ["--db", str(other), "export", "-f", "acled", "-o", str(second)]).exit_code == 0
    assert _rows(second.read_text()) == _rows(first.read_text())


@pytest.mark.parametrize(
    ("event_type", "sub_event_type", "expected"),
    [
        ("Explosions/Remote violence", "Shelling/artillery/missile attack", EventType.ATTACK_SHELLING),
        ("Strategic Developments", "Agreement", EventType.AGREEMENT_REACHED),  # older files' capitals
        ("Battles", "Government regains territory", EventType.TERRITORY_CONTROL),
    ],
)
def test_rows_from_acled_itself_are_read_by_their_types(event_type, sub_event_type, expected):
    from trucewatch.report import parse_acled_row

    row = {
        "event_id_cnty": "SYR1",
        "event_date": "2017-03-10",
        "time_precision": "1",
        "event_type": event_type,
        "sub_event_type": sub_event_type,
        "country": "Syria",
        "location": "Al Waer",
        "latitude": "34.74",
        "longitude": "36.66",
        "fatalities": "0",
    }
    assert parse_acled_row(row).type == expected
