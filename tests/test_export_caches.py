"""What the fast export keeps from one record to the next (dates, parties, figures, ACLED days, actor
kinds, the collector's scans) never changes a byte: the real `trucewatch export` command, its caches
made tiny so that they are emptied again and again while it runs, writes for an analyst and a viewer
what the record-by-record path writes (test_export_fast's oracle) over worlds with confidential
sources and documents, up to eight actors and six figures per claim, undated claims and claims dated
to every precision; and two worlds exported in turn by one process each get their own bytes."""

from __future__ import annotations

import csv
import datetime as dt
import functools
import gc
import hashlib
import io
from pathlib import Path

import pytest
from typer.testing import CliRunner

from test_export_fast import build_world, old_records, old_text
from trucewatch.cli import app
from trucewatch.cli import commands as _commands  # noqa: F401  registers the verbs
from trucewatch.cli.report import _unscanned
from trucewatch.model import (
    ActorRole,
    Claim,
    Document,
    EventType,
    Precision,
    Qualifier,
    Quantity,
    QuantityKind,
    Role,
    Source,
    Span,
    When,
)
from trucewatch.report import acled, load, records
from trucewatch.store import add_document, open_store
from trucewatch.store.claims import replace_claims_of_documents

FORMATS = ("csv", "acled", "hxl", "geojson", "json")


def _expected(db: Path, fmt: str, show_confidential: bool) -> str:
    with open_store(f"sqlite:///{db}") as store, store.session() as s:
        return old_text(fmt, old_records(s, show_confidential=show_confidential), s)


def _exported(db: Path, out: Path, fmt: str, show_confidential: bool) -> str:
    args = ["--db", f"sqlite:///{db}", "export", "-f", fmt, "-o", str(out)]
    result = CliRunner().invoke(app, [*args, "--show-confidential"] if show_confidential else args)
    assert result.exit_code == 0, result.output
    return out.read_bytes().decode("utf-8")


@pytest.fixture
def tiny_caches(monkeypatch: pytest.MonkeyPatch) -> None:
    """Caches of two entries: emptied many times over in any export."""
    monkeypatch.setattr(records, "_pair", functools.lru_cache(maxsize=2)(records._pair.__wrapped__))
    monkeypatch.setattr(records, "_figures", functools.lru_cache(maxsize=2)(records._figures.__wrapped__))
    monkeypatch.setattr(acled, "_tags_text", functools.lru_cache(maxsize=2)(acled._tags_text.__wrapped__))
    monkeypatch.setattr(load._CatalogueKinds, "get", _small_kinds_get(load._CatalogueKinds.get))


def _small_kinds_get(get):  # type: ignore[no-untyped-def]
    def small(self, name, default=None):  # type: ignore[no-untyped-def]
        if self.by_suffix.cache_info().currsize > 2:
            self.by_suffix.cache_clear()
        return get(self, name, default)

    return small


@pytest.mark.usefixtures("tiny_caches")
@pytest.mark.parametrize("show_confidential", [False, True], ids=["viewer", "analyst"])
@pytest.mark.parametrize("fmt", FORMATS)
def test_the_export_command_writes_the_record_by_record_bytes(
    tmp_path: Path, fmt: str, show_confidential: bool
) -> None:
    worlds = []
    for seed in (4, 5):  # one process, two worlds in turn: nothing of the first is kept for the second
        db = tmp_path / f"world-{seed}.db"
        with open_store(f"sqlite:///{db}") as store:
            build_world(store, seed)
        text = _exported(db, tmp_path / f"out-{seed}", fmt, show_confidential)
        assert text.encode() == _expected(db, fmt, show_confidential).encode()
        worlds.append(text)
    assert worlds[0] != worlds[1]
    assert records._pair.cache_info().currsize <= 2 and records._figures.cache_info().misses > 2


def _same_parties_world(db: Path) -> None:
    """Claims of one report that share their parties and figures, but not their type: an attack
    whose only named party is its target writes the target as actor 2, any other claim as actor 1."""
    text = "Shelling hit Waer; talks in Waer; more shelling; a truce."
    doc = Document(text, hashlib.sha256(text.encode()).hexdigest(), source=Source("Wire"))
    target = (ActorRole("Waer rebels", Role.TARGET),)
    figures = (Quantity(QuantityKind.KILLED, 7, Qualifier.ABOUT), Quantity(QuantityKind.INJURED, None))
    day = When(dt.datetime(2017, 3, 8), Precision.DAY)
    with open_store(f"sqlite:///{db}") as store, store.session() as s:
        doc_id, _ = add_document(s, doc)
        claims = [
            Claim(kind, doc_id, (Span(doc_id, i * 10, i * 10 + 9),), when, actors=target, quantities=figures)
            for i, (kind, when) in enumerate(
                [
                    (EventType.ATTACK_SHELLING, day),
                    (EventType.OTHER, day),
                    (EventType.CEASEFIRE_START, None),
                    (EventType.ATTACK_SHELLING, When(dt.datetime(2017, 3, 1), Precision.MONTH)),
                ]
            )
        ]
        replace_claims_of_documents(s, "rules", "1", {doc_id: claims})


@pytest.mark.parametrize("fmt", ["csv", "acled"])
def test_claims_that_share_parties_keep_each_their_own_actors(tmp_path: Path, fmt: str) -> None:
    db = tmp_path / "same.db"
    _same_parties_world(db)
    text = _exported(db, tmp_path / "out", fmt, False)
    assert text == _expected(db, fmt, False)
    if fmt == "csv":
        rows = list(csv.DictReader(io.StringIO(text)))
        pairs = {(r["type"], r["actor1"], r["actor2"]) for r in rows}
        assert ("attack.shelling", "", "Waer rebels") in pairs and ("other", "Waer rebels", "") in pairs
        assert {r["figures"] for r in rows} == {"killed ~7; injured ?"}


def test_the_worlds_hold_many_parties_and_figures_and_every_kind_of_date(tmp_path: Path) -> None:
    db = tmp_path / "world.db"
    with open_store(f"sqlite:///{db}") as store:
        build_world(store, 4)
        with store.session() as s:
            viewer = old_records(s, show_confidential=False)
    assert any(r.redacted for r in viewer) and any(not r.redacted for r in viewer)
    assert any(r.when is None for r in viewer)
    assert {r.when.precision for r in viewer if r.when} == set(Precision)
    claims = [r.full_claim() for r in viewer]
    assert any(c is not None and len(c.actors) == 8 for c in claims)
    assert any(c is not None and len(c.quantities) == 6 for c in claims)


def test_a_date_is_written_on_its_own_clock_whatever_was_written_before() -> None:
    """When.iso keeps what it wrote by the instant and its offset: the same instant seen from two
    offsets reads on two wall clocks."""
    utc = dt.datetime(2017, 3, 8, 22, 30, tzinfo=dt.UTC)
    beirut = utc.astimezone(dt.timezone(dt.timedelta(hours=2)))
    assert utc == beirut
    for precision, first, second in (
        (Precision.MINUTE, "2017-03-08T22:30", "2017-03-09T00:30"),
        (Precision.DAY, "2017-03-08", "2017-03-09"),
        (Precision.MONTH, "2017-03", "2017-03"),
    ):
        assert When(utc, precision).iso() == first
        assert When(beirut, precision).iso() == second
        assert When(utc, precision).iso() == first


def test_the_collector_is_left_as_it_was_found() -> None:
    if gc.get_freeze_count():
        pytest.skip("something in this process froze objects already")
    with _unscanned():
        assert gc.get_freeze_count() > 0
    assert gc.get_freeze_count() == 0
    gc.freeze()  # someone else's frozen objects are theirs: never unfrozen by an export
    try:
        frozen = gc.get_freeze_count()
        with _unscanned():
            pass
        assert gc.get_freeze_count() == frozen
    finally:
        gc.unfreeze()
