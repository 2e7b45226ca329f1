"""Image resolution for print (BC501) on real PDFs: placed upright, turned, on turned pages."""

from __future__ import annotations

import io
from pathlib import Path

import numpy as np
import pymupdf
import pytest
from PIL import Image

from brandcheck.api import check_paths
from brandcheck.pipeline import RunOptions
from brandcheck.rule_settings import RuleSettings

INCH = 72.0


def _photo(width: int, height: int) -> bytes:
    rng = np.random.default_rng(width * 7 + height)
    small = (rng.random((height // 10, width // 10, 3)) * 255).astype(np.uint8)
    out = io.BytesIO()
    Image.fromarray(small).resize((width, height)).save(out, "JPEG", quality=80)
    return out.getvalue()


def _ppi_findings(path: Path) -> list[float]:
    options = RunOptions(rules=RuleSettings.build(select=["BC501"]), ocr="off")
    [file] = check_paths([path], "stockholm", options).files
    assert file.status != "error", file.error
    return [f.measured for f in file.findings]


@pytest.mark.parametrize(("pixels", "flagged"), [(1000, True), (1600, False)])
def test_a_photo_under_the_print_resolution_is_reported(tmp_path, pixels, flagged):
    doc = pymupdf.open()
    page = doc.new_page(width=8.5 * INCH, height=11 * INCH)
    page.insert_image(
        pymupdf.Rect(72, 72, 72 + 5 * INCH, 72 + 5 * INCH), stream=_photo(pixels, pixels)
    )
    doc.save(tmp_path / "photo.pdf")
    found = _ppi_findings(tmp_path / "photo.pdf")
    assert found == ([pytest.approx(pixels / 5, rel=0.01)] if flagged else [])


def test_a_photo_placed_turned_is_measured_along_its_own_sides(tmp_path):
    # 3000 × 1000 px turned 90° into a 5 × 15 in frame: 200 ppi, not 3000 px / 5 in = 600
    doc = pymupdf.open()
    page = doc.new_page(width=11 * INCH, height=17 * INCH)
    frame = pymupdf.Rect(72, 108, 72 + 5 * INCH, 108 + 15 * INCH)
    page.insert_image(frame, stream=_photo(3000, 1000), rotate=90, keep_proportion=False)
    doc.save(tmp_path / "turned.pdf")
    assert _ppi_findings(tmp_path / "turned.pdf") == [pytest.approx(200, rel=0.01)]


def test_a_photo_on_a_turned_page_keeps_its_resolution(tmp_path):
    # 1500 × 3000 px at 5 × 10 in is 300 ppi, whichever way the page is shown
    doc = pymupdf.open()
    page = doc.new_page(width=8.5 * INCH, height=11 * INCH)
    page.insert_image(
        pymupdf.Rect(72, 72, 72 + 5 * INCH, 72 + 10 * INCH), stream=_photo(1500, 3000)
    )
    page.set_rotation(90)
    doc.save(tmp_path / "page-turned.pdf")
    assert _ppi_findings(tmp_path / "page-turned.pdf") == []
