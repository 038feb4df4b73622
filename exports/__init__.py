"""Renderers from an audit to text: the report and the working document in Markdown, and a JSON backup.

Pure functions of an audit snapshot (and its norm set): no files, no clock, no user interface. The CLI
(`toetsassistent export`) and the app's export screen both call these, so they always agree.
"""

from exports.completeness import incomplete_items
from exports.json_io import (
    ExportDamaged,
    ExportTooNew,
    ImportError_,
    InvalidJson,
    NotAnExport,
    TruncatedJson,
    import_json,
    render_json,
)
from exports.report import render_report
from exports.workdoc import render_workdoc

__all__ = [
    "ExportDamaged",
    "ExportTooNew",
    "ImportError_",
    "InvalidJson",
    "NotAnExport",
    "TruncatedJson",
    "import_json",
    "incomplete_items",
    "render_json",
    "render_report",
    "render_workdoc",
]
