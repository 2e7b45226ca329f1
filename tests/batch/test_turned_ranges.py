"""A logo on a page scanned sideways is found however a run splits its PDF into page ranges."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pymupdf
import pytest
from conftest import REPO, run_cli
from typesetting import scan_pdf

from brandcheck.synth import place_logo

POSITIVE = REPO / "reference_assets" / "stockholm" / "logo" / "standin-positive.svg"
MM = 72 / 25.4


def _page(path: Path, logo: bool) -> Path:
    """An A4 page with a line of text, and the logo 60 mm wide at the top left if asked."""
    doc = pymupdf.open()
    page = doc.new_page()
    if logo:
        place_logo(
            page, POSITIVE, pymupdf.Rect(20 * MM, 20 * MM, 80 * MM, 20 * MM + 60 * MM / 2.75)
        )
    page.insert_text((60 * MM, 200 * MM), "Stockholms stad informerar", fontsize=12)
    doc.save(path)
    return path


def _document(tmp_path: Path, name: str, pages: list[str]) -> Path:
    """A PDF of ``pages``: "logo" a designed page with the logo upright, "blank" an empty page,
    "scan" and "logo scan" a page (without or with the logo) scanned turned a quarter turn."""
    doc = pymupdf.open()
    sources = {"logo": _page(tmp_path / "logo.pdf", True), "text": _page(tmp_path / "t.pdf", False)}
    scans = {
        "scan": scan_pdf(sources["text"], tmp_path / "scan.pdf", turn=90),
        "logo scan": scan_pdf(sources["logo"], tmp_path / "logo-scan.pdf", turn=90),
    }
    for kind in pages:
        if kind == "blank":
            doc.new_page()
        else:
            with pymupdf.open(scans.get(kind, sources.get(kind))) as one:
                doc.insert_pdf(one)
    path = tmp_path / "in" / name
    path.parent.mkdir(exist_ok=True)
    doc.save(path)
    return path


def _checked(pdf: Path, profile: str, *how: str) -> list[tuple[str, list[int]]]:
    """The logo findings of `brandcheck check` run ``how``: (rule, pages), sorted."""
    done = run_cli(
        "check", str(pdf), "-p", profile, "--select", "logo", "--ocr", "off", "-f", "json", *how
    )
    assert done.returncode in (0, 1), done.stderr[-2000:]
    (report,) = json.loads(done.stdout)["files"]
    return sorted((f["rule"], f["pages"]) for f in report["findings"])


def _scanned(pdf: Path, profile: str, db: Path) -> list[tuple[str, list[int]]]:
    """The same from `brandcheck scan --chunk-pages 1`, read from its results store."""
    run = ("-p", profile, "--select", "logo", "--ocr", "off", "--jobs", "1")
    done = run_cli("scan", str(pdf.parent), "--db", str(db), "--chunk-pages", "1", *run)
    assert done.returncode in (0, 1), done.stderr[-2000:]
    con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        rows = con.execute("SELECT rule, pages FROM findings").fetchall()
    finally:
        con.close()
    return sorted((rule, json.loads(pages)) for rule, pages in rows)


@pytest.mark.parametrize(
    ("profile", "pages", "expected"),
    [
        # an upright logo on page 1 stopped the search of the scan on page 52 (index 51) in
        # one run, not in its page ranges of 50 (-j, --timeout)
        ("stockholm", ["logo", *["blank"] * 50, "logo scan"], ("BC105", 51)),
        # no logo expected: only the first and last scan were searched turned, of the whole
        # file, or of each range
        ("stockholm-bolag", ["scan", "logo scan", "scan"], ("BC108", 1)),
    ],
)
def test_a_turned_scan_gets_the_same_findings_however_the_file_is_split(
    tmp_path, profile, pages, expected
):
    pdf = _document(tmp_path, "mixed.pdf", pages)
    whole = _checked(pdf, profile)
    rule, page = expected
    assert [f for f in whole if f[0] == rule and page in f[1]], whole
    assert _checked(pdf, profile, "-j", "1") == whole
    assert _checked(pdf, profile, "--timeout", "600") == whole
    assert _scanned(pdf, profile, tmp_path / "x.sqlite") == whole
