"""Values, pages and counts in the outputs people read are words and numbers with units.

The annotated PDF's comments, the JUnit text and the HTML report write a finding's measured and
expected values through one formatter (``reporters.words``): no Python or JSON dumps
(``["text 'Höstlov…'"]``, ``{'busyness': 0.94}``), and "page 1", not "pages 1".
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import pymupdf
import pytest
from report_inputs import make_pdf, parse_dom, run_report
from typer.testing import CliRunner

from brandcheck.annotate import annotate_report
from brandcheck.cli import app
from brandcheck.report import Finding
from brandcheck.reporters import junit
from brandcheck.reporters.html import render
from brandcheck.synth import place_logo

MM = 72 / 25.4
POSITIVE = (
    Path(__file__).resolve().parents[2] / "reference_assets/stockholm/logo/standin-positive.svg"
)
DUMPS = ('["', "['", "{'", '{"', "\\xa0", "5.0\n")


@pytest.fixture(scope="module")
def poster(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Three pages: a heading under the logo on page 1 (BC103, with no-break spaces, as
    InDesign sets them) and two boxes in RGB there (BC202, merged on page 1), and 5 pt fine
    print on every page (BC303, merged over pages 1–3)."""
    doc = pymupdf.open()
    for index in range(3):
        page = doc.new_page()
        if index == 0:
            rect = pymupdf.Rect(15 * MM, 15 * MM, 60 * MM, 15 * MM + 45 * MM / 2.75)
            place_logo(page, POSITIVE, rect)
            page.insert_text((rect.x0, rect.y1 + 14), "Höstlov\xa0på\xa0biblioteket", fontsize=12)
            for y in (400, 520):
                page.draw_rect(pymupdf.Rect(60, y, 300, y + 80), color=None, fill=(0, 0.6, 0.57))
        page.insert_text((60, 700), "Det finstilta: anmälan senast fredag.", fontsize=5)
    path = tmp_path_factory.mktemp("words") / "poster.pdf"
    doc.save(path)
    return path


def _comments(path: Path) -> dict[str, str]:
    """Each rule's comments, joined (BC202 has one for the logo and one for the rest)."""
    out: dict[str, str] = {}
    with pymupdf.open(path) as doc:
        for a in (a for p in doc for a in p.annots()):
            code = a.info["subject"].split()[0]
            out[code] = out.get(code, "") + a.info["content"] + "\n"
    return out


def test_annotated_comments_give_values_and_pages_in_words(poster: Path, tmp_path: Path) -> None:
    result = CliRunner().invoke(
        app, ["check", str(poster), "--ocr", "off", "--annotate", str(tmp_path)]
    )
    assert result.exit_code == 1, result.output
    comments = _comments(tmp_path / "poster.annotated.pdf")
    for code in ("BC103", "BC202", "BC303"):
        assert not any(dump in comments[code] for dump in DUMPS), comments[code]
    assert "Measured: text 'Höstlov på biblioteket'\n" in comments["BC103"]
    assert "3 times on pages 1–3\nMeasured: 5 pt\nExpected: 7 pt\n" in comments["BC303"]
    assert " on page 1\n" in comments["BC202"]  # merged on one page: not "on pages 1"


def test_junit_and_html_write_the_same_words(poster: Path, tmp_path: Path) -> None:
    result = CliRunner().invoke(
        app,
        ["check", str(poster), "--ocr", "off", "-f", "junit,html", "--output-dir", str(tmp_path)],
    )
    assert result.exit_code == 1, result.output
    junit_text = "\n".join(
        e.text or "" for e in ET.parse(tmp_path / "brandcheck-report.xml").iter()
    )
    assert "measured 5 pt; expected 7 pt" in junit_text
    assert "[error] pages 1–3:" in junit_text
    assert "measured text 'Höstlov på biblioteket';" in junit_text
    html = parse_dom((tmp_path / "brandcheck-report.html").read_text(encoding="utf-8"))
    assert "text 'Höstlov på biblioteket'" in html.text and "pages 1–3" in html.text
    for dump in DUMPS[:4]:
        assert dump not in junit_text and dump not in html.text


def test_a_mapping_reads_the_same_in_every_output(tmp_path: Path) -> None:
    pdf = make_pdf(tmp_path / "in" / "flyer.pdf", pages=1, low_res=False)
    report = run_report([pdf])
    report.files[0].findings = [
        Finding.of(
            "logo.busy_background",
            "busy",
            page=0,
            bbox=(40.0, 40.0, 200.0, 100.0),
            measured={"busyness": 0.934, "contrast": 2.15},
            expected={"busyness": "<= 0.35", "contrast": ">= 3.0"},
        )
    ]
    measured, expected = (
        "busyness 0.934, contrast 2.15",
        "busyness at most 0.35, contrast at least 3.0",
    )
    [done] = annotate_report(report, tmp_path / "notes")
    comment = _comments(done.output)["BC109"]
    assert f"Measured: {measured}\nExpected: {expected}\n" in comment
    assert f"measured {measured}; expected {expected}" in ET.tostring(
        junit.to_xml(report), "unicode"
    )
    assert f"Measured{measured}Expected{expected}" in parse_dom(render(report)).text


def test_counts_in_the_text_and_html_reports_agree_with_their_nouns(tmp_path: Path) -> None:
    pdf = make_pdf(tmp_path / "flyer.pdf", pages=1, low_res=False)  # no title, no language
    args = ["check", str(pdf), "--ocr", "off", "--select", "BC502,BC503"]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    assert "\n1 file: 1 passed, 0 failed, 0 could not be read; 2 warnings." in result.output
    html = parse_dom(CliRunner().invoke(app, [*args, "-f", "html"]).stdout)
    assert "Passes: 2 warnings" in html.text
