"""CSV writer for spreadsheets: a header and a row per finding (or per clean file), safe against
formula injection.

Columns: path, status, page, rule, name, severity, message, bbox, measured, expected, count,
unit (of measured and expected, where the finding gives one: mm, px, pt).
``page`` is 1-based; a merged finding lists all its pages ("2;3;5") and its ``count``. ``bbox``,
``measured`` and ``expected`` hold JSON when they are not plain numbers or text. A file without
findings (one that passes cleanly) has one row of its own, with its path and status and the
finding's columns empty, so a spreadsheet of a batch lists every file. Any text cell that
starts with = + - @, a tab or a carriage return gets a leading apostrophe, as OWASP advises,
since file names and PDF text end up in the cells.

``csv-excel`` (``write_excel``) is the same table for Excel where the decimal mark is a comma
(Swedish and most European settings), which reads a file by double-click with the system's
list separator and, without a byte-order mark, as the legacy code page: cells apart with
``;``, decimals with a comma (``0,5``), UTF-8 with a byte-order mark, so å ä ö stay å ä ö.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable
from typing import IO, Any

from brandcheck.name_forms import NameForms
from brandcheck.report import Finding, Report

COLUMNS = (
    "path",
    "status",
    "page",
    "rule",
    "name",
    "severity",
    "message",
    "bbox",
    "measured",
    "expected",
    "count",
    "unit",
)
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: Any) -> str | int | float:
    """A cell value a spreadsheet will not run as a formula; numbers stay numbers."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, int | float):
        return value
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False, default=str)
    return "'" + text if text.startswith(_FORMULA_START) else text


def _pages(f: Finding) -> str:
    pages = f.pages or ([f.page] if f.page is not None else [])
    return ";".join(str(p + 1) for p in pages)


def rows(report: Report) -> list[list[str | int | float]]:
    """Header first, then one row per finding, and one for each file without findings."""
    out: list[list[str | int | float]] = [list(COLUMNS)]
    shown = NameForms(file.path for file in report.files).shown
    for file in report.files:
        if not file.findings:
            out.append(
                [safe_cell(v) for v in (shown(file.path), file.status)] + [""] * (len(COLUMNS) - 2)
            )
        for f in file.findings:
            bbox = [round(v, 2) for v in f.bbox] if f.bbox is not None else None
            raw = (
                shown(file.path),
                file.status,
                _pages(f),
                f.rule,
                f.name,
                f.severity.value,
                f.message,
                bbox,
                f.measured,
                f.expected,
                f.count,
                f.unit,
            )
            out.append([safe_cell(v) for v in raw])
    return out


def write(report: Report, stream: IO[str]) -> None:
    write_table(rows(report), stream, lineterminator="\r\n")


def write_excel(report: Report, stream: IO[str]) -> None:
    """The table as a comma-decimal Excel opens it by double-click (``csv-excel``)."""
    write_table(rows(report), stream, excel=True, lineterminator="\r\n")


def write_table(
    table: Iterable[list[Any]], stream: IO[str], excel: bool = False, lineterminator: str = "\n"
) -> None:
    """Rows of safe cells as CSV; with ``excel``, for a comma-decimal Excel: a byte-order
    mark first, ``;`` between cells and decimal commas in numbers."""
    if not excel:
        csv.writer(stream, lineterminator=lineterminator).writerows(table)
        return
    stream.write("\ufeff")
    writer = csv.writer(stream, delimiter=";", lineterminator=lineterminator)
    writer.writerows([_decimal_comma(v) for v in row] for row in table)


def _decimal_comma(value: Any) -> Any:
    return str(value).replace(".", ",") if isinstance(value, float) else value
