"""`scan report`: compliance by folder, by rule, worst files and trends by file date.

Compliance is passed / (passed + failed); files that could not be checked are counted
separately as errors. Results made with another profile, options or tool version than the
latest scan are counted as stale.
"""

from __future__ import annotations

import json
import os
import unicodedata
from datetime import UTC, datetime
from pathlib import PurePath
from typing import IO, Any

from jinja2 import Environment, PackageLoader, select_autoescape
from pydantic import BaseModel, Field

from brandcheck.batch.gone import Places
from brandcheck.batch.store import ResultStore
from brandcheck.batch_defaults import SCAN_REPORT_FORMATS
from brandcheck.build import code_version
from brandcheck.name_forms import NameForms
from brandcheck.pipeline import display_path
from brandcheck.reporters.csv import safe_cell, write_table
from brandcheck.rules import Severity

SCAN_REPORT_SCHEMA = "brandcheck.scan-report/2"
FORMATS = SCAN_REPORT_FORMATS
_RANK = {s.value: s.rank for s in Severity}


class Tally(BaseModel):
    """Outcome counts for a group of files."""

    key: str
    files: int = 0
    passed: int = 0
    failed: int = 0
    errors: int = 0
    pages: int = 0
    findings: int = 0

    @property
    def compliance(self) -> float | None:
        judged = self.passed + self.failed
        return round(100.0 * self.passed / judged, 1) if judged else None

    def add(self, status: str, pages: int, findings: int) -> None:
        self.files += 1
        self.passed += status == "pass"
        self.failed += status == "fail"
        self.errors += status == "error"
        self.pages += pages
        self.findings += findings

    def as_dict(self) -> dict[str, Any]:
        return {**self.model_dump(), "compliance": self.compliance}


class RuleTally(BaseModel):
    """How often one rule fired: in how many files, as how many findings (counted as the
    folders' and files' findings are), and how many occurrences those findings merge (15 lines
    of too-small text in one file are one finding, 15 occurrences)."""

    rule: str
    name: str
    severity: str
    files: int
    findings: int
    occurrences: int


class WorstFile(BaseModel):
    """A file with many or severe findings."""

    path: str
    status: str
    worst: str | None
    findings: int
    pages: int
    error: str | None = None


class Unreached(BaseModel):
    """A folder the scans could not list, or a file they could not look at: nothing in it was
    checked, and it has no result."""

    path: str
    reason: str


class ScanReport(BaseModel):
    """Everything `scan report` shows, the JSON document `brandcheck.scan-report/2`."""

    schema_: str = Field(SCAN_REPORT_SCHEMA, alias="schema")
    tool: str = Field(default_factory=lambda: f"brandcheck {code_version()}")
    created: str = Field(default_factory=lambda: datetime.now(UTC).isoformat(timespec="seconds"))
    database: str
    root: str
    stale: int = 0
    # the brandcheck (version and code digest) of the latest scan; stale results are another's
    scanned_with: str | None = None
    # when the latest scan that did not finish (stopped with Ctrl-C, killed, or still running)
    # and that no later scan of its folders finished started: the files it had still to check
    # are missing or have their older results
    unfinished_scan: str | None = None
    totals: Tally
    folders: list[Tally]
    rules: list[RuleTally]
    worst: list[WorstFile]
    # every file that could not be checked, with its reason (the worst files list findings)
    unchecked: list[WorstFile] = []
    months: list[Tally]
    # files the scans found and did not check (not a PDF, image or SVG): an EPS, a Word file;
    # None for a database of schema 1 (an older brandcheck's), which did not record them
    skipped: list[str] | None = None
    # folders the scans could not list (no permission, an I/O error, removed while listed) and
    # files they could not look at, with the reason: nothing in them was checked, so the
    # figures above leave them out; None for a database of schema 1 or 2, which did not record
    # them
    unreached: list[Unreached] | None = None

    model_config = {"populate_by_name": True}


def _folder(path: str, root: str, depth: int) -> str:
    """The folder a file is counted under, ``depth`` levels below ``root``, in NFC: a folder
    copied from a Mac (NFD, ``o`` and a combining diaeresis) beside the same folder made
    elsewhere (``ö``) prints alike and is one folder to whoever reads the report."""
    try:
        rel = PurePath(os.path.relpath(os.path.dirname(path), root)).parts
    except ValueError:
        rel = PurePath(os.path.dirname(path)).parts
    rel = tuple(p for p in rel if p != ".")
    return unicodedata.normalize("NFC", "/".join(rel[:depth])) if rel and depth > 0 else "."


def _common_root(paths: list[str]) -> str:
    if not paths:
        return ""
    try:
        return os.path.commonpath([os.path.dirname(p) for p in paths])
    except ValueError:
        return ""


def _unfinished_scan(store: ResultStore) -> str | None:
    """The start of the latest scan that did not finish (stopped, killed, or still running)
    and that no later scan finished over the same folders or folders holding them: a later
    scan of another folder (2019 alone) does not check what the stopped one left."""
    covered = Places()  # roots of the finished scans after the one looked at
    for scan in store.rows("SELECT started, finished, roots FROM scans ORDER BY id DESC"):
        roots = json.loads(scan["roots"])
        if scan["finished"]:
            for root in roots:
                covered.add(root)
        elif not all(covered.holds(root) for root in roots):
            return str(scan["started"])
    return None


def build_report(store: ResultStore, depth: int = 1, top: int = 25) -> ScanReport:
    """Aggregate the store into a ScanReport (folders `depth` levels below the common root)."""
    latest = next(
        store.rows(
            "SELECT profile_digest, options_digest, tool_version FROM scans ORDER BY id DESC"
        ),
        None,
    )
    rows = list(
        store.rows(
            "SELECT path, status, worst, findings, page_count, mtime_ns, error,"
            " profile_digest, options_digest, tool_version FROM files"
        )
    )
    root = _common_root([r["path"] for r in rows])
    totals = Tally(key="all")
    folders: dict[str, Tally] = {}
    months: dict[str, Tally] = {}
    stale = 0
    for r in rows:
        args = (r["status"], r["page_count"], r["findings"])
        totals.add(*args)
        folder = _folder(r["path"], root, depth)
        folders.setdefault(folder, Tally(key=folder)).add(*args)
        month = datetime.fromtimestamp(r["mtime_ns"] / 1e9, UTC).strftime("%Y-%m")
        months.setdefault(month, Tally(key=month)).add(*args)
        if latest is not None and tuple(latest) != (
            r["profile_digest"],
            r["options_digest"],
            r["tool_version"],
        ):
            stale += 1
    rules = [
        RuleTally(**dict(r))
        for r in store.rows(
            "SELECT rule, name, severity, COUNT(DISTINCT file_id) AS files,"
            " COUNT(*) AS findings, SUM(count) AS occurrences"
            " FROM findings GROUP BY rule, name, severity"
        )
    ]
    rules.sort(key=lambda t: (-t.files, -_RANK.get(t.severity, 0), t.rule))
    ranked = sorted(
        rows,
        key=lambda r: (
            r["status"] == "pass",
            -_RANK.get(r["worst"] or "", -1),
            -r["findings"],
            r["path"],
        ),
    )
    worst = [_listed(r) for r in ranked if r["status"] == "fail"][:top]
    unchecked = [
        _listed(r) for r in sorted(rows, key=lambda r: r["path"]) if r["status"] == "error"
    ]
    return ScanReport(
        database=display_path(store.path),  # a byte that is not UTF-8 as an escape
        root=root,
        stale=stale,
        scanned_with=None if latest is None else latest["tool_version"],
        unfinished_scan=_unfinished_scan(store),
        totals=totals,
        folders=sorted(folders.values(), key=lambda t: t.key),
        rules=rules,
        worst=worst,
        unchecked=unchecked,
        months=sorted(months.values(), key=lambda t: t.key),
        skipped=store.skipped(),
        unreached=_unreached(store),
    )


def _unreached(store: ResultStore) -> list[Unreached] | None:
    places = store.unreached()
    if places is None:
        return None
    return [Unreached(path=path, reason=reason) for path, reason in places]


def _listed(row: Any) -> WorstFile:
    return WorstFile(
        path=row["path"],
        status=row["status"],
        worst=row["worst"],
        findings=row["findings"],
        pages=row["page_count"],
        error=row["error"],
    )


def unfinished_note(report: ScanReport) -> str | None:
    """What to say when a scan did not finish and no later one covered its folders: the
    figures look whole but are not."""
    if report.unfinished_scan is None:
        return None
    return (
        f"the scan started {report.unfinished_scan} did not finish (it was stopped, or is "
        "still running) and no later scan of its folders did: the files it had still to check "
        "are missing here or counted with older results; run the same scan again to complete it"
    )


def write_json(report: ScanReport, stream: IO[str]) -> None:
    data = report.model_dump(by_alias=True)
    for group in ("folders", "months"):
        data[group] = [t.as_dict() for t in getattr(report, group)]
    data["totals"] = report.totals.as_dict()
    json.dump(data, stream, indent=2, ensure_ascii=False)
    stream.write("\n")


_CSV_FIELDS = ("section", "key", "files", "passed", "failed", "errors", "compliance", "findings")


def _name_forms(report: ScanReport) -> NameForms:
    """The paths the report lists (worst, not checked, skipped, not reached), so a path is
    marked as not in NFC only where another of them looks the same."""
    listed = [w.path for w in report.worst + report.unchecked]
    listed += report.skipped or []
    listed += [place.path for place in report.unreached or []]
    return NameForms(listed)


def write_csv(report: ScanReport, stream: IO[str], excel: bool = False) -> None:
    """One table: a `section` column says folder, month, rule, file (the worst), error (could
    not be checked), skipped (not a PDF, image or SVG: never checked) or unreached (a folder
    that could not be listed, a file that could not be looked at: never checked). Text cells are
    guarded against spreadsheet formulas, as `check`'s are; with ``excel``, written for a
    comma-decimal Excel as `check`'s `csv-excel` is."""
    out = _SafeRows()
    out.writerow([*_CSV_FIELDS, "pages", "severity", "detail", "occurrences"])
    for section, tallies in (
        ("total", [report.totals]),
        ("folder", report.folders),
        ("month", report.months),
    ):
        for t in tallies:
            d = t.as_dict()
            out.writerow([section, *(d[f] for f in _CSV_FIELDS[1:]), t.pages, "", "", ""])
    for r in report.rules:
        row = ["rule", r.rule, r.files, "", "", "", "", r.findings, "", r.severity, r.name]
        out.writerow([*row, r.occurrences])
    shown = _name_forms(report).shown
    for section, files in (("file", report.worst), ("error", report.unchecked)):
        for w in files:
            row = [section, shown(w.path), 1, "", "", "", "", w.findings, w.pages, w.worst or ""]
            out.writerow([*row, w.error, ""])
    for path in report.skipped or []:
        out.writerow(
            ["skipped", shown(path), 1, "", "", "", "", "", "", "", "not a PDF, image or SVG", ""]
        )
    for place in report.unreached or []:
        out.writerow(
            ["unreached", shown(place.path), "", "", "", "", "", "", "", "", place.reason, ""]
        )
    write_table(out.rows, stream, excel=excel)


def write_csv_excel(report: ScanReport, stream: IO[str]) -> None:
    write_csv(report, stream, excel=True)


class _SafeRows:
    """Rows whose cells pass through :func:`safe_cell` (folder and file names, error texts,
    rule names may start with =, +, - or @)."""

    def __init__(self) -> None:
        self.rows: list[list[Any]] = []

    def writerow(self, row: list[Any]) -> None:
        self.rows.append([safe_cell(v) for v in row])


def _bars(tallies: list[Tally], width: float = 420.0) -> list[dict[str, Any]]:
    """Stacked pass/fail/error bar geometry for inline SVG, one row per tally."""
    biggest = max((t.files for t in tallies), default=0) or 1
    rows = []
    for i, t in enumerate(tallies):
        scale = width / biggest
        x = 0.0
        parts = []
        for cls, n in (("pass", t.passed), ("fail", t.failed), ("error", t.errors)):
            parts.append({"cls": cls, "x": round(x, 1), "w": round(n * scale, 1), "n": n})
            x += n * scale
        rows.append({"y": i * 22, "tally": t, "parts": parts})
    return rows


def _month_number(key: str) -> int:
    """A ``YYYY-MM`` month as a count of months, so gaps between months can be measured."""
    year, month = key.split("-")
    return int(year) * 12 + int(month) - 1


def _trend(months: list[Tally], width: float = 560.0, height: float = 160.0) -> dict[str, Any]:
    """Compliance per file month as polyline points for inline SVG, on a time axis: months
    with no file leave their gap (2024-12 does not sit next to 2026-11)."""
    judged = [m for m in months if m.compliance is not None]
    if not judged:
        return {"points": "", "dots": [], "width": width, "height": height}
    first = _month_number(judged[0].key)
    step = width / max(1, _month_number(judged[-1].key) - first)
    dots = [
        {
            "x": round((_month_number(m.key) - first) * step if len(judged) > 1 else width / 2, 1),
            "y": round(height - height * (m.compliance or 0) / 100.0, 1),
            "tally": m,
        }
        for m in judged
    ]
    points = " ".join(f"{d['x']},{d['y']}" for d in dots)
    return {"points": points, "dots": dots, "width": width, "height": height}


def write_html(report: ScanReport, stream: IO[str]) -> None:
    env = Environment(
        loader=PackageLoader("brandcheck.batch", "templates"),
        autoescape=select_autoescape(default=True, default_for_string=True),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["shown"] = _name_forms(report).shown
    page = env.get_template("scan_report.html.j2").render(
        report=report,
        folder_bars=_bars(report.folders),
        month_bars=_bars(report.months),
        trend=_trend(report.months),
        unfinished=unfinished_note(report),
        rule_max=max((r.files for r in report.rules), default=0) or 1,
    )
    stream.write(page)


WRITERS = {"html": write_html, "csv": write_csv, "csv-excel": write_csv_excel, "json": write_json}
