"""An SVG page sized in percent is checked at the size resvg draws it: its viewBox's size
times the percentage (width="50%" height="50%" is half the viewBox), so its text sizes (BC303)
and its logo's size (BC102) are read as the file is drawn."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from brandcheck.api import check_paths
from brandcheck.cli import app
from brandcheck.document import open_document
from brandcheck.pipeline import RunOptions
from brandcheck.rule_settings import RuleSettings

sys.path.insert(0, str(Path(__file__).resolve().parent / "helpers"))

from svg_exports import body

FONT_RULES = RunOptions(rules=RuleSettings.build(select=["font"]), ocr="off")
LOGO_RULES = RunOptions(rules=RuleSettings.build(select=["logo"]), ocr="off")
MM = 72 / 25.4


def _page(tmp_path: Path, size: str, inner: str) -> Path:
    path = tmp_path / "half.svg"
    path.write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" '
        f'{size} viewBox="0 0 600 400">'
        '<rect width="600" height="400" fill="white"/>'
        '<rect x="500" y="300" width="100" height="100" fill="#22aa22"/>'
        f"{inner}</svg>\n"
    )
    return path


#: 10-unit text: 10 pt at the viewBox's size, 5 pt (under the 7 pt minimum) at half of it
TEXT = '<text x="40" y="60" font-family="Stockholm Type" font-size="10">Fine print</text>'


@pytest.mark.parametrize(
    ("size", "page", "corner"),
    [
        ('width="50%" height="50%"', (300, 200), (250, 150)),
        # the viewBox fitted in a 300 x 400 page, centred as a browser centres it
        ('width="50%" height="100%"', (300, 400), (250, 250)),
        ('width="100%" height="100%"', (600, 400), (500, 300)),
    ],
)
def test_a_page_in_percent_is_the_size_resvg_draws(tmp_path, size, page, corner):
    """width="50%" was read as the viewBox's full size, as 100 % is: resvg draws the file at
    half of it, and its 10-unit text is 5 pt, not 10 pt (BC303 missed)."""
    path = _page(tmp_path, size, TEXT)
    [file] = check_paths([path], "stockholm", FONT_RULES).files
    [report] = file.pages
    assert (report.width, report.height) == pytest.approx(page)
    assert ("BC303" in {f.rule for f in file.findings}) is (page[0] == 300)
    document = open_document(path)
    try:
        shown = document.page(0)
        pixels = shown.raster()
        scale = pixels.shape[1] / page[0]
        green = pixels[..., 1].astype(int) > pixels[..., 0].astype(int) + 60
        ys, xs = green.nonzero()
        assert (xs.min() / scale, ys.min() / scale) == pytest.approx(corner, abs=1.5)
        [span] = shown.spans()
        assert span.size == pytest.approx(10 * page[0] / 600)
    finally:
        document.close()


def test_a_logo_on_a_page_at_half_its_viewbox_is_measured_at_half(tmp_path):
    """A 40 mm logo in the viewBox's units is 20 mm where the page is drawn at 50 %: under
    the 25 mm print minimum (BC102), which reading the page at full size missed."""
    scale = 40 * MM / 275  # the stand-in is 275 units wide
    logo = f'<g transform="translate(60 120) scale({scale:.5f})">{body()}</g>'
    path = _page(tmp_path, 'width="50%" height="50%"', logo)
    [file] = check_paths([path], "stockholm", LOGO_RULES).files
    [found] = file.pages[0].logos
    assert found.width_mm == pytest.approx(20, abs=1.5)
    assert "logo.too_small" in {f.name for f in file.findings}


def test_the_cli_reads_a_half_size_page_at_half_size(tmp_path):
    path = _page(tmp_path, 'width="50%" height="50%"', TEXT)
    result = CliRunner().invoke(
        app, ["check", "--profile", "stockholm", "--select", "font", "--ocr", "off", str(path)]
    )
    assert "BC303" in result.output, result.output
