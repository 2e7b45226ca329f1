"""CSV: a header and one row per finding, parsed with `csv`; formula injection neutralised."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from report_inputs import make_pdf, run_report
from typer.testing import CliRunner

from brandcheck.cli import app
from brandcheck.report import Report
from brandcheck.reporters import csv as csv_report


def _rows(report: Report) -> list[dict[str, str]]:
    out = io.StringIO(newline="")
    csv_report.write(report, out)
    return list(csv.DictReader(io.StringIO(out.getvalue(), newline="")))


def test_one_row_per_finding_with_the_documented_columns(mixed_report: Report) -> None:
    out = io.StringIO()
    csv_report.write(mixed_report, out)
    header = next(csv.reader(io.StringIO(out.getvalue())))
    assert header == [
        "path", "status", "page", "rule", "name", "severity", "message", "bbox", "measured",
        "expected", "count", "unit",
    ]  # fmt: skip
    rows = _rows(mixed_report)
    findings = [(f, x) for f in mixed_report.files for x in f.findings]
    assert len(rows) == len(findings) > 0
    for row, (file, finding) in zip(rows, findings, strict=True):
        assert (row["path"], row["rule"], row["severity"]) == (
            file.path,
            finding.rule,
            finding.severity.value,
        )
        assert row["unit"] == finding.details.get("unit", "")  # of measured and expected
        if finding.bbox is not None:
            assert json.loads(row["bbox"]) == pytest.approx(list(finding.bbox), abs=0.01)
            pages = [int(p) for p in row["page"].split(";")]
            assert pages == [p + 1 for p in (finding.pages or [finding.page])]


@pytest.mark.parametrize("name", ["=1+2.pdf", "+SUM(1).pdf", "-2+3.pdf", "@A1.pdf"])
def test_formula_like_names_get_an_apostrophe(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str
) -> None:
    monkeypatch.chdir(tmp_path)
    make_pdf(tmp_path / name, pages=1)
    rows = _rows(run_report([Path(name)]))
    assert rows
    assert all(r["path"] == "'" + name for r in rows)


def test_numbers_stay_numbers_and_text_is_guarded() -> None:
    assert csv_report.safe_cell(-3.5) == -3.5
    assert csv_report.safe_cell("=HYPERLINK(1)") == "'=HYPERLINK(1)"
    assert csv_report.safe_cell("\tx") == "'\tx"
    assert csv_report.safe_cell({"a": "=1"}) == '{"a": "=1"}'
    assert csv_report.safe_cell(None) == ""


def test_sizes_carry_their_unit() -> None:
    flyer = Path(__file__).resolve().parents[2] / "samples" / "stad" / "flyer-wrong-font.pdf"
    [small] = [r for r in _rows(run_report([flyer])) if r["rule"] == "BC303"]
    assert (small["measured"], small["expected"], small["unit"]) == ("5.0", "7.0", "pt")


def test_csv_excel_opens_in_a_comma_decimal_excel(tmp_path: Path) -> None:
    # Swedish Excel: ';' between cells, 0,5 for a half, and UTF-8 only with a byte-order mark
    pdf = make_pdf(tmp_path / "Förvaltning" / "affisch-åäö.pdf", pages=1)
    out = tmp_path / "out"
    result = CliRunner().invoke(
        app,
        ["check", str(pdf), "--ocr", "off", "--format", "csv,csv-excel", "--output-dir", str(out)],
    )
    assert result.exit_code in (0, 1), result.output
    plain = (out / "brandcheck-report.csv").read_bytes().decode("utf-8")
    raw = (out / "brandcheck-report.excel.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    excel = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"), newline=""), delimiter=";"))
    rows = list(csv.reader(io.StringIO(plain, newline="")))
    assert excel[0] == rows[0] and len(excel) == len(rows) > 1
    assert excel[1][0] == str(pdf) and "affisch-åäö.pdf" in excel[1][0]

    def decimal_comma(cell: str) -> str:
        try:
            float(cell)
        except ValueError:
            return cell
        return cell.replace(".", ",")

    assert excel[1:] == [[decimal_comma(c) for c in row] for row in rows[1:]]
