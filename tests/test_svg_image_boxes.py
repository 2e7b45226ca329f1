"""An SVG picture whose `<image>` box is not its shape is judged where, and as large as, it is
drawn: fitted in its box at its own shape (preserveAspectRatio), not stretched to the box as
MuPDF placed it, which read a 720 ppi photo at 240 ppi (BC501 in print)."""

from __future__ import annotations

import base64
import io
from pathlib import Path

import pytest
from PIL import Image
from typer.testing import CliRunner

from brandcheck.api import check_paths
from brandcheck.cli import app
from brandcheck.document import open_document
from brandcheck.pipeline import RunOptions
from brandcheck.rule_settings import RuleSettings

PRINT = RunOptions(rules=RuleSettings.build(select=["production"]), ocr="off", target="print")


def _page(tmp_path: Path, fit: str, pixels: tuple[int, int] = (1000, 1000)) -> Path:
    """A 1000 px square photo in a 300 x 100 unit box, fitted as ``fit`` says."""
    out = io.BytesIO()
    Image.linear_gradient("L").resize(pixels).convert("RGB").save(out, "PNG")
    uri = "data:image/png;base64," + base64.b64encode(out.getvalue()).decode()
    path = tmp_path / "photo.svg"
    path.write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" '
        'width="600" height="400"><rect width="600" height="400" fill="#fff"/>'
        f'<image x="10" y="10" width="300" height="100" {fit} xlink:href="{uri}"/></svg>\n'
    )
    return path


@pytest.mark.parametrize(
    ("fit", "box", "ppi"),
    [
        ("", (110, 10, 210, 110), 720),  # xMidYMid meet: 100 x 100 in the middle
        ('preserveAspectRatio="xMinYMax meet"', (10, 10, 110, 110), 720),
        ('preserveAspectRatio="xMaxYMid"', (210, 10, 310, 110), 720),
        # stretched, and cropped to fill the box: the box is the one shown
        ('preserveAspectRatio="none"', (10, 10, 310, 110), 240),
        ('preserveAspectRatio="xMidYMid slice"', (10, 10, 310, 110), 240),
    ],
)
def test_a_picture_is_placed_where_its_aspect_puts_it(tmp_path, fit, box, ppi):
    document = open_document(_page(tmp_path, fit))
    try:
        [image] = document.page(0).images()
    finally:
        document.close()
    assert image.bbox == pytest.approx(box, abs=0.01)
    assert image.ppi == pytest.approx(ppi, rel=0.001)


def test_a_sharp_photo_fitted_in_a_wide_box_passes_print(tmp_path):
    """Drawn 100 pt wide at 720 ppi: stretched to the 300 pt box it was read at 240 ppi,
    under the 250 ppi print minimum (BC501)."""
    path = _page(tmp_path, "")
    [file] = check_paths([path], "stockholm", PRINT).files
    assert "BC501" not in {f.rule for f in file.findings}, file.findings
    args = ["--profile", "stockholm", "--target", "print", "--select", "production"]
    result = CliRunner().invoke(app, ["check", *args, "--ocr", "off", str(path)])
    assert "BC501" not in result.output, result.output


def test_a_picture_in_a_box_sized_in_millimetres_is_placed_where_a_browser_draws_it(tmp_path):
    """x="10mm" y="10mm" width="60mm" height="20mm": a 226.8 x 75.6 px box (96 px to the
    inch), the square photo 75.6 px across in its middle, as Chromium draws it."""
    path = _page(tmp_path, "")
    path.write_text(
        path.read_text().replace(
            'x="10" y="10" width="300" height="100"',
            'x="10mm" y="10mm" width="60mm" height="20mm"',
        )
    )
    document = open_document(path)
    try:
        [image] = document.page(0).images()
    finally:
        document.close()
    assert image.bbox == pytest.approx((113.39, 37.80, 188.98, 113.39), abs=0.01)
    assert image.ppi == pytest.approx(1000 / 75.59 * 72, rel=0.001)


def test_a_picture_whose_size_is_a_number_apart_from_its_unit_is_not_placed(tmp_path):
    """width="300 px" is no length to a browser (Chromium draws no such picture, as before
    these boxes were read in any unit): the photo is neither placed nor judged for print."""
    path = _page(tmp_path, "")
    path.write_text(path.read_text().replace('width="300"', 'width="300 px"'))
    document = open_document(path)
    try:
        assert document.page(0).images() == []
    finally:
        document.close()
    [file] = check_paths([path], "stockholm", PRINT).files
    assert "BC501" not in [f.rule for f in file.findings], file.findings
