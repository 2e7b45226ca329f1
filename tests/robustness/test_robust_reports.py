"""Everything taken from files (names, text, font names, errors) is inert in every report format."""

from __future__ import annotations

import csv
import io
import json
import xml.etree.ElementTree as ET
from pathlib import Path

import corpus
import pytest
from conftest import check_json

from brandcheck.api import check_paths
from brandcheck.pipeline import RunOptions
from brandcheck.report import Report
from brandcheck.reporters import FORMATS, get_writer

EVIL_NAME = "<img src=x onerror=alert(1)>[bold]x\x1b[2J\u202e\"',=cmd|calc"
CONTROL = [chr(c) for c in range(32) if chr(c) not in "\t\n\r"] + ["\u202e"]


@pytest.fixture(scope="module")
def hostile_report(tmp_path_factory: pytest.TempPathFactory) -> tuple[Report, list[Path]]:
    folder = tmp_path_factory.mktemp("names")
    paths = [
        corpus.write(folder, EVIL_NAME + ".pdf", corpus.pdf_hostile_text()),
        corpus.write(folder, EVIL_NAME + ".png", b"<script>alert(2)</script> not an image"),
        corpus.write(folder, EVIL_NAME + ".tif", corpus.tiff_huge()),
    ]
    return check_paths(paths, options=RunOptions(ocr="off")), paths


def _render(report: Report, fmt: str) -> str:
    stream = io.StringIO()
    get_writer(fmt)(report, stream)
    return stream.getvalue()


@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_no_control_characters_reach_any_format(hostile_report, fmt: str) -> None:
    out = _render(hostile_report[0], fmt)
    leaked = sorted({repr(c) for c in CONTROL if c in out})
    assert not leaked, f"{fmt}: raw control characters {leaked}"


def test_every_file_has_one_outcome_and_a_visible_name(hostile_report) -> None:
    report, paths = hostile_report
    assert len(report.files) == len(paths)
    for f in report.files:
        assert "\\x1b[2J" in f.path and "\\u202e" in f.path
    statuses = sorted(f.status for f in report.files)
    assert statuses.count("error") == 2  # the text file and the TIFF bomb


def test_json_round_trips_the_shown_names(hostile_report) -> None:
    report, _ = hostile_report
    data = json.loads(_render(report, "json"))
    assert [f["path"] for f in data["files"]] == [f.path for f in report.files]


def test_text_report_shows_markup_literally(hostile_report) -> None:
    out = _render(hostile_report[0], "text")
    assert "[bold]x" in out  # rich markup from the name is printed, not applied


@pytest.mark.skipif("html" not in FORMATS, reason="no HTML writer yet")
def test_html_escapes_names_and_text(hostile_report) -> None:
    out = _render(hostile_report[0], "html")
    assert "<img src=x" not in out and "<script>alert" not in out
    assert "&lt;img src=x" in out


@pytest.mark.skipif("junit" not in FORMATS, reason="no JUnit writer yet")
def test_junit_is_well_formed_xml(hostile_report) -> None:
    root = ET.fromstring(_render(hostile_report[0], "junit"))
    names = " ".join(el.get("name", "") for el in root.iter())
    assert "<img src=x" in names  # escaped in the XML, restored by the parser


@pytest.mark.skipif("sarif" not in FORMATS, reason="no SARIF writer yet")
def test_sarif_is_valid_json(hostile_report) -> None:
    data = json.loads(_render(hostile_report[0], "sarif"))
    assert data["runs"]


@pytest.mark.skipif("csv" not in FORMATS, reason="no CSV writer yet")
def test_csv_parses_and_guards_formulas(hostile_report) -> None:
    rows = list(csv.reader(io.StringIO(_render(hostile_report[0], "csv"))))
    assert len(rows) > 1
    for row in rows[1:]:
        for cell in row:
            assert not cell.startswith(("=", "+", "-", "@")), cell


def test_lone_surrogates_from_library_messages_become_replacement_characters() -> None:
    """Regression: pdf.js PDFBOX-3148-2-fuzzed.pdf's repair warning carried '\\udcb1' (a raw
    byte MuPDF could not decode), so writing the JSON report and the scan store raised
    UnicodeEncodeError and the whole scan stopped."""
    from brandcheck.document.model import printable
    from brandcheck.pipeline import error_report

    report = error_report(Path("x.pdf"), "file.unreadable", "bad data in a85d: '\udcb1'")
    Report(profile="stockholm", target="print", files=[report]).model_dump_json()
    assert report.findings[0].message.endswith("'\ufffd'")
    assert printable("ok \x1b \udcb1") == "ok \\x1b \ufffd"


def test_library_messages_never_reach_json_written_to_stdout(tmp_path: Path) -> None:
    # MuPDF prints "svg: mutual recursion in <use> symbol" for this drawing
    loop = tmp_path / "loop.svg"
    loop.write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"'
        ' width="100" height="100"><defs><symbol id="a"><use xlink:href="#b"/></symbol>'
        '<symbol id="b"><use xlink:href="#a"/></symbol></defs><use xlink:href="#a"/></svg>'
    )
    run = check_json(loop)
    assert run.stdout.lstrip().startswith(b"{")  # nothing before the document
    assert [f["kind"] for f in run.report["files"]] == ["svg"]
