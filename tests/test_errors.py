"""One error hierarchy (trucewatch.errors), mapped once to CLI messages and once to HTTP problems."""

from __future__ import annotations

import pytest
import typer
from fastapi import FastAPI
from fastapi.testclient import TestClient

from trucewatch import errors
from trucewatch.api import problems
from trucewatch.cli import cli_errors
from trucewatch.days import BadDay
from trucewatch.ingest.failures import ReadProblem
from trucewatch.ledger.agreements_file import AgreementFileError
from trucewatch.ledger_service import AmbiguousPlace, LedgerError, LedgerNotFound
from trucewatch.report.situation import PlaceNotFound
from trucewatch.store.accounts import AccountError
from trucewatch.store.errors import (
    DatabaseUnavailable,
    InvalidValue,
    NotFound,
    SchemaMismatch,
    StoreError,
    UnknownReference,
)
from trucewatch.store.sources import SourceConflict
from trucewatch.web.views import BadQuery, Forbidden, PublicRefused


@pytest.mark.parametrize(
    ("error", "kind", "status"),
    [
        (NotFound("no claim c1"), errors.NotFound, 404),
        (LedgerNotFound("no agreement a1"), errors.NotFound, 404),
        (PlaceNotFound("no place named 'Atlantis'"), errors.NotFound, 404),
        (AmbiguousPlace("place 'Rafah' is ambiguous", ("eg", "ps")), errors.Ambiguous, 422),
        (UnknownReference("no place p1"), errors.InvalidInput, 422),
        (InvalidValue("a source kind cannot be empty"), errors.InvalidInput, 422),
        (BadDay("not a day"), errors.InvalidInput, 422),
        (AgreementFileError("deals.yaml: no 'reached'"), errors.InvalidInput, 422),
        (BadQuery("from: not a day"), errors.InvalidInput, 422),
        (Forbidden(), errors.Forbidden, 403),
        (PublicRefused(), errors.Forbidden, 403),
        (SourceConflict("the source is confidential"), errors.Conflict, 409),
        (DatabaseUnavailable("cannot open database"), errors.Unavailable, 503),
        (SchemaMismatch("the schema is older"), errors.Unavailable, 503),
        (StoreError("the database failed"), StoreError, 503),
        (AccountError("a user named 'ann' exists already"), errors.TrucewatchError, 400),
        (LedgerError("cannot do that"), errors.TrucewatchError, 400),
    ],
)
def test_every_error_raised_on_purpose_is_a_trucewatch_error_of_one_kind_with_one_status(error, kind, status):
    assert isinstance(error, errors.TrucewatchError) and isinstance(error, kind)
    assert problems.problem_status(error) == status


def test_the_old_bases_still_catch_what_they_caught():
    assert isinstance(BadDay("x"), ValueError) and isinstance(AgreementFileError("x"), ValueError)
    assert isinstance(PlaceNotFound("x"), LookupError) and isinstance(LedgerNotFound("x"), LedgerError)
    assert isinstance(SourceConflict("x"), StoreError) and isinstance(DatabaseUnavailable("x"), StoreError)
    assert isinstance(ReadProblem("empty", "the file is empty"), errors.TrucewatchError)


def test_the_cli_shows_any_trucewatch_error_as_one_line_and_exit_code_1(capsys):
    with pytest.raises(typer.Exit) as exit_, cli_errors():
        raise AmbiguousPlace("place 'Rafah' is ambiguous (eg, ps): give its id [or a name]", ("eg", "ps"))
    assert exit_.value.exit_code == 1
    said = capsys.readouterr().err.strip()
    assert said == "error: place 'Rafah' is ambiguous (eg, ps): give its id [or a name]"


def test_the_cli_lets_an_unexpected_error_through():
    with pytest.raises(KeyError), cli_errors():
        raise KeyError("a bug")


def _app() -> FastAPI:
    app = FastAPI()
    problems.install(app)

    @app.get("/ambiguous")
    def ambiguous() -> None:
        raise AmbiguousPlace("place 'Rafah' is ambiguous (eg, ps): give its id", ("eg", "ps"))

    @app.get("/missing")
    def missing() -> None:
        raise PlaceNotFound("no place named 'Atlantis'")

    @app.get("/down")
    def down() -> None:
        raise DatabaseUnavailable("cannot open database postgresql://tw:secret@db/tw")

    return app


def test_the_api_answers_each_kind_with_its_problem():
    with TestClient(_app(), raise_server_exceptions=False) as c:
        ambiguous, missing, down = c.get("/ambiguous"), c.get("/missing"), c.get("/down")
    assert ambiguous.status_code == 422 and ambiguous.json()["candidates"] == ["eg", "ps"]
    assert ambiguous.headers["content-type"].startswith(problems.MEDIA_TYPE)
    assert missing.status_code == 404 and missing.json()["detail"] == "no place named 'Atlantis'"
    assert down.status_code == 503 and "secret" not in down.text  # the database's details stay in the log
