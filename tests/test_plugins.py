"""Readers and exports register by entry point (trucewatch.plugins): a new export format is one
module and one entry-point line, found by the CLI and the Python API like the built-in ones.

The plug-in here is a real distribution on sys.path (a module and its .dist-info with
entry_points.txt), as pip would install it; nothing in trucewatch is patched."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

import trucewatch.cli.commands  # noqa: F401  registers the verbs
from trucewatch import Trucewatch
from trucewatch.cli import app
from trucewatch.ingest import readers as readers_module
from trucewatch.ingest.readers import ReaderSpec, readers
from trucewatch.plugins import PluginError, registered
from trucewatch.report.exports import ExportFormat, export_formats

# The whole plug-in: one module.
TSV_MODULE = """
from trucewatch.report.exports import ExportFormat


def _tsv(records, actor_kinds):
    rows = [("type", "date", "location")]
    rows += [(r.type.value, r.date, r.location or "") for r in records]
    return "".join("\\t".join(row) + "\\n" for row in rows)


TSV = ExportFormat("tsv", "text/tab-separated-values", ".tsv", _tsv, "type, date and place, tab-separated")
NOT_AN_EXPORT = "a string"
"""


def _install(site: Path, entry_points: str) -> None:
    (site / "tw_tsv_export.py").write_text(TSV_MODULE, encoding="utf-8")
    dist = site / "tw_tsv_export-1.0.dist-info"
    dist.mkdir()
    (dist / "METADATA").write_text(
        "Metadata-Version: 2.1\nName: tw-tsv-export\nVersion: 1.0\n", encoding="utf-8"
    )
    (dist / "entry_points.txt").write_text(entry_points, encoding="utf-8")


@pytest.fixture
def site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    folder = tmp_path / "site-packages"
    folder.mkdir()
    monkeypatch.syspath_prepend(str(folder))
    registered.cache_clear()
    yield folder
    registered.cache_clear()  # the next test sees trucewatch's own registry again


def test_the_built_in_readers_and_exports_are_registered_like_plug_ins() -> None:
    assert set(export_formats()) == {"acled", "csv", "geojson", "hxl", "json"}
    assert all(isinstance(f, ExportFormat) for f in export_formats().values())
    found = readers()
    assert set(found) == {"text", "html", "pdf", "jsonl"}
    assert all(isinstance(r, ReaderSpec) for r in found.values()) and ".md" in found["text"].suffixes


def test_a_new_export_is_one_module_found_by_the_cli_and_the_python_api(site: Path, tmp_path: Path) -> None:
    _install(site, "[trucewatch.exports]\ntsv = tw_tsv_export:TSV\n")
    assert "tsv" in export_formats()
    report = tmp_path / "reports"
    report.mkdir()
    (report / "r.txt").write_text("A ceasefire went into effect in Waer at noon on Friday.", encoding="utf-8")
    db = tmp_path / "plugin.db"
    with Trucewatch(db) as tw:
        tw.ingest(report, source="Valley Wire", published=dt.date(2019, 5, 3))
        tw.extract()
        text = tw.export("tsv")
    assert text.splitlines()[0] == "type\tdate\tlocation"
    assert "ceasefire.start\t2019-05-03T12:00\tWaer" in text.splitlines()
    result = CliRunner().invoke(app, ["--db", str(db), "export", "--format", "tsv"])
    assert result.exit_code == 0 and result.stdout == text


def test_a_broken_plug_in_is_named_not_a_traceback(site: Path) -> None:
    _install(site, "[trucewatch.exports]\nodd = tw_tsv_export:NOT_AN_EXPORT\n")
    with pytest.raises(PluginError, match=r"entry point 'odd' .* is a str, not a ExportFormat"):
        export_formats()


def test_a_file_no_reader_takes_is_refused_with_the_endings_there_are(tmp_path: Path) -> None:
    odd = tmp_path / "notes.xyz"
    odd.write_text("A truce held.", encoding="utf-8")
    (failure,) = list(readers_module.read_file(odd, readers_module.ReadOptions()))
    assert failure.reason == "unsupported" and ".jsonl" in failure.message and ".md" in failure.message
