"""Image resolution for print (BC501) on real PDFs: upright, turned, turned pages; not gradients."""

from __future__ import annotations

import io
import sys
from pathlib import Path

import numpy as np
import pikepdf
import pymupdf
import pytest
from PIL import Image

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "helpers"))

from pdf_pages import add, one_page

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


def _gradient(pdf: pikepdf.Pdf) -> pikepdf.Dictionary:
    """An axial gradient from black to white across 500 pt."""
    ramp = pikepdf.Dictionary(FunctionType=2, Domain=[0, 1], C0=[0], C1=[1], N=1)
    return pdf.make_indirect(
        pikepdf.Dictionary(
            ShadingType=2, ColorSpace=pikepdf.Name.DeviceGray, Coords=[50, 0, 550, 0], Function=ramp
        )
    )


def _jpx(width: int, height: int) -> bytes:
    out = io.BytesIO()
    Image.open(io.BytesIO(_photo(width, height))).save(out, "JPEG2000")
    return out.getvalue()


def _gradient_page(path: Path, how: str) -> Path:
    def build(pdf: pikepdf.Pdf, page: pikepdf.Dictionary) -> None:
        add(page, "Shading", "Sh0", _gradient(pdf))
        add(page, "Pattern", "P0", pikepdf.Dictionary(PatternType=2, Shading=_gradient(pdf)))
        image = pdf.make_stream(_jpx(200, 100), Type=pikepdf.Name.XObject)
        image.Subtype, image.Filter = pikepdf.Name.Image, pikepdf.Name.JPXDecode
        image.Width, image.Height, image.BitsPerComponent = 200, 100, 8
        image.ColorSpace = pikepdf.Name.DeviceRGB
        add(page, "XObject", "Im0", image)

    content = {
        "sh": "q 50 500 500 142 re W n /Sh0 sh Q",  # ReportLab, Scribus: a clipped `sh`
        "pattern": "q /Pattern cs /P0 scn 50 500 500 142 re f Q",  # Inkscape, cairo
        # a JPEG 2000 photo at 72 ppi, one pixel a point on whole points, beside the gradient
        "jpx": "q 50 500 500 142 re W n /Sh0 sh Q q 200 0 0 100 100 100 cm /Im0 Do Q",
    }[how]
    return one_page(path, content, build=build)


@pytest.mark.parametrize("how", ["sh", "pattern"])
def test_a_gradient_has_no_resolution_to_judge(tmp_path, how):
    assert _ppi_findings(_gradient_page(tmp_path / f"{how}.pdf", how)) == []


def test_an_image_at_72_ppi_beside_a_gradient_is_reported_alone(tmp_path):
    # MuPDF keeps a JPEG 2000 image decoded, as it keeps a gradient it lists among the images
    options = RunOptions(rules=RuleSettings.build(select=["BC501"]), ocr="off")
    [file] = check_paths([_gradient_page(tmp_path / "jpx.pdf", "jpx")], "stockholm", options).files
    [finding] = file.findings
    assert finding.measured == pytest.approx(72)
    assert finding.boxes == [pytest.approx((100, 642, 300, 742))]  # the image's, not the band's


def test_the_lowest_resolution_is_the_one_reported(tmp_path):
    # a photo at 220 ppi on page 1, one at 36 ppi and one at 220 ppi on page 2: the merged
    # finding said "A placed image prints at 220 ppi" (the first one's), hiding the 36 ppi one
    doc = pymupdf.open()
    frame = pymupdf.Rect(72, 72, 72 + 5 * INCH, 72 + 5 * INCH)
    doc.new_page(width=8.5 * INCH, height=11 * INCH).insert_image(frame, stream=_photo(1100, 1100))
    page = doc.new_page(width=8.5 * INCH, height=11 * INCH)
    page.insert_image(frame, stream=_photo(1100, 1100))
    low = pymupdf.Rect(72, 72 + 5.5 * INCH, 72 + 5 * INCH, 72 + 10.5 * INCH)
    page.insert_image(low, stream=_photo(180, 180))
    doc.save(tmp_path / "photos.pdf")
    options = RunOptions(rules=RuleSettings.build(select=["BC501"]), ocr="off")
    [file] = check_paths([tmp_path / "photos.pdf"], "stockholm", options).files
    [finding] = file.findings
    assert finding.measured == pytest.approx(36, rel=0.01)
    assert finding.message.startswith(
        "3 placed images print at 36–220 ppi (the lowest on page 2); print needs at least 250 ppi."
    ), finding.message
    assert finding.count == 3 and finding.pages == [0, 1] and finding.page == 1
    assert finding.boxes[0] == pytest.approx(tuple(low))  # the worst one marked first
    assert sorted(finding.box_pages) == [0, 1, 1]


def test_an_image_just_under_the_minimum_is_not_told_at_the_minimum(tmp_path):
    # 1249 px in 5 in is 249.8 ppi: "prints at 250 ppi; print needs at least 250 ppi" read as
    # a pass; beside one at 249.25 ppi the range read "249–250 ppi"
    doc = pymupdf.open()
    page = doc.new_page(width=8.5 * INCH, height=11 * INCH)
    page.insert_image(pymupdf.Rect(72, 72, 72 + 5 * INCH, 72 + 5 * INCH), stream=_photo(1249, 1249))
    doc.save(tmp_path / "one.pdf")
    page.insert_image(pymupdf.Rect(72, 440, 72 + 4 * INCH, 440 + 4 * INCH), stream=_photo(997, 997))
    doc.save(tmp_path / "two.pdf")
    options = RunOptions(rules=RuleSettings.build(select=["BC501"]), ocr="off")
    one, two = check_paths([tmp_path / "one.pdf", tmp_path / "two.pdf"], "stockholm", options).files
    [finding] = one.findings
    assert finding.message.startswith("A placed image prints at 249.8 ppi;"), finding.message
    [finding] = two.findings
    assert finding.message.startswith("2 placed images print at 249–249.8 ppi"), finding.message
