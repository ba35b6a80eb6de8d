"""Situation reports (HTML, PDF) and standard exports (csv, ACLED, GeoJSON, json, HXL).

with store.session() as s:
    records = load_records(s, place=find_place(s, "Waer"))
text = render_export("acled", records)

with store.session() as s:
    report = build_situation(s, "Waer", until=dt.date(2017, 3, 10))
pdf = html_to_pdf(render_report_html(report))
"""

from trucewatch.report.acled import ACLED_COLUMNS, ACLED_TYPES, AcledEvent, parse_acled_row, to_acled_rows
from trucewatch.report.exports import (
    ExportFormat,
    export_counts,
    export_format,
    export_formats,
    render_export,
    to_csv,
    to_geojson,
    to_hxl,
    to_json,
)
from trucewatch.report.importer import ImportResult, import_acled_csv, read_acled_csv
from trucewatch.report.load import find_place, load_records
from trucewatch.report.records import REDACTED_SOURCE, Record, to_records
from trucewatch.report.render import html_to_pdf, render_report_html
from trucewatch.report.situation import PlaceNotFound, SituationReport, build_situation

__all__ = [
    "ACLED_COLUMNS",
    "ACLED_TYPES",
    "REDACTED_SOURCE",
    "AcledEvent",
    "ExportFormat",
    "ImportResult",
    "PlaceNotFound",
    "Record",
    "SituationReport",
    "build_situation",
    "export_counts",
    "export_format",
    "export_formats",
    "find_place",
    "html_to_pdf",
    "import_acled_csv",
    "load_records",
    "parse_acled_row",
    "read_acled_csv",
    "render_export",
    "render_report_html",
    "to_acled_rows",
    "to_csv",
    "to_geojson",
    "to_hxl",
    "to_json",
    "to_records",
]
