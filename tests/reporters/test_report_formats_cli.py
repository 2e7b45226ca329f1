"""The CLI writes several formats at once and annotated PDFs; impossible combinations fail."""

from __future__ import annotations

import csv
import hashlib
import json
import xml.etree.ElementTree as ET
from pathlib import Path

from report_inputs import make_pdf, make_png
from typer.testing import CliRunner

from brandcheck.cli import app
from brandcheck.reporters import FORMATS

runner = CliRunner()
REPO = Path(__file__).resolve().parents[2]


def test_all_formats_into_one_folder_and_annotated_pdfs(tmp_path: Path) -> None:
    pdf = make_pdf(tmp_path / "in" / "flyer.pdf", pages=2)
    make_png(tmp_path / "in" / "banner.png")
    sha = hashlib.sha256(pdf.read_bytes()).hexdigest()
    out, notes = tmp_path / "out", tmp_path / "notes"
    result = runner.invoke(
        app,
        [
            "check",
            str(tmp_path / "in"),
            "--ocr",
            "off",
            "--format",
            ",".join(FORMATS),
            "--output-dir",
            str(out),
            "--annotate",
            str(notes),
        ],
    )
    assert result.exit_code in (0, 1), result.output
    written = {p.name.removeprefix("brandcheck-report.") for p in out.iterdir()}
    assert written == {ext for _module, ext in FORMATS.values()}
    report = json.loads((out / "brandcheck-report.json").read_text())
    findings = sum(len(f["findings"]) for f in report["files"])
    sarif = json.loads((out / "brandcheck-report.sarif").read_text())
    assert len(sarif["runs"][0]["results"]) == findings
    junit = ET.parse(out / "brandcheck-report.xml").getroot()
    assert len(junit.findall("testsuite")) == len(report["files"]) == 2
    with (out / "brandcheck-report.csv").open(newline="", encoding="utf-8") as fh:
        assert len(list(csv.DictReader(fh))) == findings
    html = (out / "brandcheck-report.html").read_text()
    assert html.startswith("<!DOCTYPE html>") and "flyer.pdf" in html
    assert [p.name for p in notes.iterdir()] == ["flyer.annotated.pdf"]
    assert hashlib.sha256(pdf.read_bytes()).hexdigest() == sha
    # the run's note (the shipped profile searches the project's stand-in logo) is in every
    # report that has a place for it, not only on stderr, where a CI log may hide it
    [note] = report["notes"]
    assert "stand-in artwork drawn by the brandcheck project" in note and note in result.stderr
    invocation = sarif["runs"][0]["invocations"][0]
    assert [n["message"]["text"] for n in invocation["toolConfigurationNotifications"]] == [note]
    for suite in junit.findall("testsuite"):
        assert [p.get("value") for p in suite.iter("property") if p.get("name") == "note"] == [note]
    assert "Note:</strong> profile stockholm searches stand-in artwork" in html
    assert f"Note: {note}" in (out / "brandcheck-report.txt").read_text().splitlines()


def test_several_formats_need_an_output_dir(tmp_path: Path) -> None:
    pdf = make_pdf(tmp_path / "a.pdf", pages=1)
    result = runner.invoke(app, ["check", str(pdf), "--format", "json,html"])
    assert result.exit_code == 2
    assert "--output-dir" in result.output


def test_single_html_report_to_a_file(tmp_path: Path) -> None:
    pdf = make_pdf(tmp_path / "a.pdf", pages=1)
    target = tmp_path / "deep" / "report.html"
    result = runner.invoke(
        app, ["check", str(pdf), "--ocr", "off", "--format", "html", "--output", str(target)]
    )
    assert result.exit_code in (0, 1), result.output
    assert "a.pdf" in target.read_text(encoding="utf-8")


def test_a_logos_width_is_given_in_the_unit_the_target_judges_it_in(tmp_path: Path) -> None:
    # a banner drawn as an SVG, checked for screens: its logo was "28.2 mm wide" in the text
    # and HTML reports, beside BC102's "The logotype is 80 px wide; the minimum is 100 px"
    logo = (REPO / "reference_assets/stockholm/logo/standin-positive.svg").read_text()
    art = logo[logo.index("<g") : logo.rindex("</svg>")]
    banner = tmp_path / "banner.svg"
    banner.write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" width="1080" height="540">'
        '<rect width="1080" height="540" fill="#FFFFFF"/>'
        f'<g transform="translate(40,40) scale(0.3)">{art}</g></svg>'
    )
    out = tmp_path / "out"
    args = ["check", str(banner), "--ocr", "off", "--select", "logo", "--target", "digital"]
    result = runner.invoke(app, [*args, "-f", "text,html", "--output-dir", str(out)])
    assert result.exit_code == 1, result.output
    text = (out / "brandcheck-report.txt").read_text()
    html = (out / "brandcheck-report.html").read_text()
    [line] = [line for line in text.splitlines() if "logo on page 1" in line]
    width = line.split(", ")[-2]  # "80 px wide"
    assert width.endswith(" px wide") and "mm" not in line
    assert f"is {round(float(width.split()[0]))} px wide; the minimum is 100 px" in text
    assert width in html and " mm wide" not in html
    # for print the same logo is given in mm, as BC102 judges it there
    printed = runner.invoke(app, [*args[:-2], "--target", "print"])
    assert " mm wide, score" in printed.stdout
