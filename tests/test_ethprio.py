"""The ETH/PRIO export loads beside the released Civil Conflict Ceasefire file: same columns, its codes.

RELEASED_COLUMNS is the column list of the released file (CFD) as a public script reading
it names every column (docs/formats.md, "ETH/PRIO"), typed here by hand, in no particular
order: the released file's own order is not published where we could read it.
"""

from __future__ import annotations

import csv
import datetime as dt
import io

from trucewatch.ledger.ethprio import ethprio_csv, ethprio_rows
from trucewatch.model import Ceasefire, CeasefirePurpose, Precision, When

RELEASED_COLUMNS = {
    *(f"link_id{n}" for n in range(1, 36)),
    "evidence_onset", "evidence_end", "comment", "factivia_source", "cc", "cf_id", "uniq_id",
    "ucdp_actor_id", "actor_name", "ucdp_acd_id", "ucdp_dyad", "pax_id", "cf_dec_yr",
    "cf_dec_month", "cf_dec_day", "cf_effect_yr", "cf_effect_month", "cf_effect_day",
    "p_other_comment", "cf_pp", "splinter", "end_yr", "end_month", "end_day", "factivia_page",
    "truce", "recentadditions", "coder", "id", "ended", "fixed_time", "location", "region", "link",
    "side", "partial", "written", "fixed", "nsa_frac", "p_humanitarian", "p_peaceprocess",
    "p_holiday", "p_election", "p_other", "p_unclear", "ceasefire_class", "timing", "implement",
    "enforcement", "ddr", "mediator_nego", "mediator_send",
}  # fmt: skip


def _cf(**kw: object) -> Ceasefire:
    base: dict[str, object] = {
        "start": When(dt.datetime(2017, 3, 8, 0, 1), Precision.MINUTE),
        "place_id": "gn_waer",
        "parties": ("Syrian government", "Waer rebels"),
        "id": "cf_1",
    }
    base.update(kw)
    return Ceasefire(**base)  # type: ignore[arg-type]


def test_the_export_has_exactly_the_released_files_columns() -> None:
    text = ethprio_csv([_cf()], {"gn_waer": "Syria"})
    header = next(csv.reader(io.StringIO(text)))
    assert set(header) == RELEASED_COLUMNS and len(header) == len(RELEASED_COLUMNS)


def test_one_row_per_ceasefire_and_actor_with_the_country_as_location() -> None:
    rows = list(
        csv.DictReader(
            io.StringIO(ethprio_csv([_cf(), _cf(id="cf_2", parties=("ISIS",))], {"gn_waer": "Syria"}))
        )
    )
    assert [(r["cf_id"], r["actor_name"]) for r in rows] == [
        ("cf_1", "Syrian government"),
        ("cf_1", "Waer rebels"),
        ("cf_2", "ISIS"),
    ]
    assert {r["location"] for r in rows} == {"Syria"}
    assert len({r["uniq_id"] for r in rows}) == 3


def test_purpose_is_six_dummies_and_class_is_the_content_code() -> None:
    (peace,) = ethprio_rows(_cf(parties=("A",), purpose=CeasefirePurpose.PEACE_PROCESS, monitor="UN"))
    dummies = ("p_humanitarian", "p_peaceprocess", "p_holiday", "p_election", "p_other", "p_unclear")
    assert [peace[c] for c in dummies] == [0, 1, 0, 0, 0, 0]
    assert peace["ceasefire_class"] == 2 and peace["implement"] == 1  # a monitor: compliance mechanism
    (unknown,) = ethprio_rows(_cf(parties=("A",)))
    assert [unknown[c] for c in dummies] == [0, 0, 0, 0, 0, 1] and unknown["ceasefire_class"] == 1
    (national,) = ethprio_rows(_cf(parties=("A",), coverage="national", written=True))
    assert (national["partial"], national["written"]) == (0, 1)


def test_date_parts_a_month_only_end_and_no_invented_codes() -> None:
    (row,) = ethprio_rows(
        _cf(parties=("A",), end=When(dt.datetime(2017, 4, 1), Precision.MONTH), ended_how="collapsed")
    )
    assert (row["cf_dec_yr"], row["cf_dec_month"], row["cf_dec_day"]) == (2017, 3, 8)
    assert (row["end_yr"], row["end_month"], row["end_day"]) == (2017, 4, -1)
    assert row["ended"] == -1 and row["side"] == -1 and row["ucdp_acd_id"] == -1  # unverified codes: missing
    assert "ended: collapsed" in row["comment"]


def test_the_ceasefires_verb_writes_the_file_with_the_country_as_location(tmp_path) -> None:
    from typer.testing import CliRunner

    from databases import migrated_sqlite
    from test_ledger_store import seed_waer
    from trucewatch import store
    from trucewatch.cli import app
    from trucewatch.cli import ledger as _ledger_verbs  # noqa: F401  registers the verbs

    db = tmp_path / "ledger.db"
    s = store.open_store(migrated_sqlite(db))
    seed_waer(s)
    s.close()
    out = tmp_path / "cfd.csv"
    args = ["--db", f"sqlite:///{db}", "ceasefires", "--as-of", "2017-03-08", "--ethprio", str(out)]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8"))))
    assert set(rows[0]) == RELEASED_COLUMNS
    assert len(rows) >= 2 and len({r["cf_id"] for r in rows}) == 1  # one ceasefire, one row per party
    assert {r["location"] for r in rows} == {"Syria"}
