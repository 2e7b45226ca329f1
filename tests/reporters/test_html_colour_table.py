"""The HTML colour table says when a colour was matched by the palette's CMYK values.

A fill in Grön primär's CMYK 94/0/50/0 renders as #00AC9C, not the manual's #009991: the table
showed "#00AC9C → Grön primär #009991, ΔE00 0.0", two visibly different swatches and no
reason. It now says the match was made on the CMYK values, and the JSON report carries them.
"""

from __future__ import annotations

import re
from pathlib import Path

import pymupdf
from report_inputs import parse_dom, run_report

from brandcheck.reporters.html import render


def test_a_colour_matched_by_its_cmyk_says_so(tmp_path: Path) -> None:
    doc = pymupdf.open()
    page = doc.new_page()
    page.draw_rect(pymupdf.Rect(40, 40, 555, 400), color=None, fill=(0.94, 0.0, 0.5, 0.0))
    page.draw_rect(pymupdf.Rect(40, 420, 555, 800), color=None, fill=(0.5, 0.5, 0.5))
    doc.save(tmp_path / "cmyk.pdf")
    report = run_report([tmp_path / "cmyk.pdf"])
    colours = {c.nearest: c for c in report.files[0].pages[0].colours}
    green = colours["Grön primär"]
    assert green.hex != green.nearest_hex and green.delta_e < 0.5
    assert green.cmyk_measured == "94/0/50/0"
    assert colours[next(n for n in colours if n != "Grön primär")].cmyk_measured is None  # RGB
    rows = parse_dom(render(report)).text
    assert re.search(r"Grön primär #009991, matches its CMYK 94/0/50/0\s*0\.0", rows), rows
