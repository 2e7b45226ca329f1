"""A photo an SVG shows through a one-tile picture pattern (Figma's image fill: a <pattern>
holding a <use> of the <image>) is judged for its print resolution (BC501) as a photo placed
with <image> is: at the size the pattern draws it, where its shape shows it. Its pixels are
drawn where a browser draws them, for a sharp crop from the photo alone (not the pattern's
whole tile at the crop's zoom)."""

from __future__ import annotations

import base64
import io
from pathlib import Path

import numpy as np
import pytest
import resvg_py
from PIL import Image
from typer.testing import CliRunner

from brandcheck.api import check_paths
from brandcheck.cli import app
from brandcheck.document import open_document
from brandcheck.pipeline import RunOptions
from brandcheck.rule_settings import RuleSettings

PRINT = RunOptions(rules=RuleSettings.build(select=["production"]), ocr="off", target="print")
_OPEN = (
    '<svg width="600" height="400" viewBox="0 0 600 400" fill="none" '
    'xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink">'
)


def _photo(width: int, height: int, kind: str = "png") -> str:
    """A photo of ``width`` x ``height`` pixels as a data URI (a smooth gradient, small)."""
    ramp = Image.linear_gradient("L").resize((width, height))
    out = io.BytesIO()
    Image.merge("RGB", (ramp, ramp.transpose(Image.Transpose.FLIP_LEFT_RIGHT), ramp)).save(
        out, kind.upper()
    )
    return f"data:image/{kind};base64," + base64.b64encode(out.getvalue()).decode()


def _figma(shape: str, photo: tuple[int, int], use: str, frame: str = "", kind: str = "png") -> str:
    """A Figma frame exported as SVG: ``shape`` filled with the photo through a pattern whose
    <use> has the transform ``use``, the frame's clip path ``frame`` (a rectangle) if any."""
    width, height = photo
    body = f'<rect width="600" height="400" fill="white"/>{shape}'
    defs = (
        '<pattern id="pattern0_1_2" patternContentUnits="objectBoundingBox" width="1" height="1">'
        f'<use xlink:href="#image0_1_2" transform="{use}"/></pattern>'
        f'<image id="image0_1_2" width="{width}" height="{height}" '
        f'xlink:href="{_photo(width, height, kind)}"/>'
    )
    if frame:
        body = f'<g clip-path="url(#clip0_1_2)">{body}</g>'
        defs += f'<clipPath id="clip0_1_2">{frame}</clipPath>'
    return f"{_OPEN}{body}<defs>{defs}</defs></svg>\n"


#: a 360 x 240 unit rectangle filled with a 3:2 photo, as Figma fits it
RECT = '<rect x="40" y="40" width="360" height="240" fill="url(#pattern0_1_2)"/>'


def _write(tmp_path: Path, text: str, name: str = "poster.svg") -> Path:
    path = tmp_path / name
    path.write_text(text)
    return path


def _low_ppi(path: Path) -> list:
    [file] = check_paths([path], "stockholm", PRINT).files
    assert file.status != "error", file.findings
    # the page read again for its photos is not the file: nothing in it was lost
    assert "file.repaired" not in {f.name for f in file.findings}, file.findings
    return [f for f in file.findings if f.rule == "BC501"]


@pytest.mark.parametrize(
    "rect",
    [
        # Illustrator's and Inkscape's style attributes, and a stylesheet
        '<rect x="40" y="40" width="360" height="240" style="fill:url(#pattern0_1_2)"/>',
        "<style>.photo { fill: url(#pattern0_1_2) }</style>"
        '<rect x="40" y="40" width="360" height="240" class="photo"/>',
    ],
)
def test_a_photo_fill_set_by_a_style_is_judged(tmp_path, rect):
    path = _write(tmp_path, _figma(rect, (120, 80), "scale(0.00833333 0.0125)"))
    [finding] = _low_ppi(path)
    assert finding.measured == pytest.approx(24, abs=0.5)


@pytest.mark.parametrize(("pixels", "low"), [((120, 80), True), ((1500, 1000), False)])
def test_a_photo_filling_a_rectangle_is_judged_for_its_resolution(tmp_path, pixels, low):
    """A 120 x 80 px photo filling a 360 x 240 pt rectangle prints at 24 ppi: MuPDF draws no
    patterns, so it was never listed and passed BC501; 1500 x 1000 px is 300 ppi."""
    scale = f"scale({1 / pixels[0]:.8f} {1 / pixels[1]:.8f})"
    path = _write(tmp_path, _figma(RECT, pixels, scale))
    found = _low_ppi(path)
    assert bool(found) is low
    if low:
        [finding] = found
        assert finding.measured == pytest.approx(24, abs=0.5)
        assert finding.bbox == pytest.approx((40, 40, 400, 280), abs=0.5)


def test_a_cropped_fill_is_judged_at_its_drawn_size_where_its_shape_shows_it(tmp_path):
    """Figma's "Fill" crop of a 3:2 JPEG into a 240 x 240 square: the photo is drawn 360 x 240
    (80 px over 240 pt: 24 ppi) and shows only in the square."""
    square = '<rect x="100" y="60" width="240" height="240" fill="url(#pattern0_1_2)"/>'
    crop = "matrix(0.0125 0 0 0.0125 -0.25 0)"
    path = _write(tmp_path, _figma(square, (120, 80), crop, kind="jpeg"))
    [finding] = _low_ppi(path)
    assert finding.measured == pytest.approx(24, abs=0.5)
    assert finding.bbox == pytest.approx((100, 60, 340, 300), abs=0.5)


def test_a_round_avatar_and_a_turned_rectangle_are_judged(tmp_path):
    """A photo filling a circle (an avatar) and one filling a rectangle turned by 90° (its
    transform), each 60 px over 180 pt: 24 ppi."""
    shapes = (
        '<circle cx="130" cy="130" r="90" fill="url(#pattern0_1_2)"/>'
        '<rect width="180" height="180" transform="matrix(0 1 -1 0 560 40)" '
        'fill="url(#pattern0_1_2)"/>'
    )
    path = _write(tmp_path, _figma(shapes, (60, 60), "scale(0.0166667)"))
    assert _low_ppi(path)
    found = sorted(_images(path), key=lambda image: image.bbox)
    assert [image.ppi for image in found] == pytest.approx([24, 24], abs=0.5)
    assert [image.bbox for image in found] == [
        pytest.approx((40, 40, 220, 220), abs=0.5),
        pytest.approx((380, 40, 560, 220), abs=0.5),
    ]


def test_a_photo_fill_drawn_by_a_use_of_its_shape_is_judged(tmp_path):
    """A shape defined once and drawn by a <use> (a clone, a repeated element): the shape
    given to MuPDF with its pictures lost its id, so the <use> drew nothing and the 24 ppi
    photo passed."""
    shape = RECT.replace("<rect ", '<rect id="photo" ')
    text = _figma('<use xlink:href="#photo"/>', (120, 80), "scale(0.00833333 0.0125)")
    path = _write(tmp_path, text.replace("<defs>", f"<defs>{shape}"))
    [finding] = _low_ppi(path)
    assert finding.measured == pytest.approx(24, abs=0.5)
    assert finding.bbox == pytest.approx((40, 40, 400, 280), abs=0.5)


@pytest.mark.parametrize(("frame", "judged"), [("600", True), ("30", False)])
def test_a_photo_fill_in_a_clipping_frame_is_judged_where_it_shows(tmp_path, frame, judged):
    """In a Figma frame with "Clip content" (a clip path, so what it hides is left out), the
    photo was judged hidden: the page drawn without its pictures still drew the pattern's."""
    clip = f'<rect width="600" height="{frame}" fill="white"/>'
    path = _write(tmp_path, _figma(RECT, (120, 80), "scale(0.00833333 0.0125)", clip))
    assert bool(_low_ppi(path)) is judged


def test_the_cli_reports_a_low_resolution_image_fill_in_print(tmp_path):
    path = _write(tmp_path, _figma(RECT, (120, 80), "scale(0.00833333 0.0125)"))
    before = path.read_bytes()
    args = ["--profile", "stockholm", "--target", "print", "--select", "production"]
    result = CliRunner().invoke(app, ["check", *args, "--ocr", "off", str(path)])
    assert "BC501" in result.output and "24 ppi" in result.output, result.output
    assert path.read_bytes() == before


def test_the_pattern_is_listed_once_beside_a_photo_placed_as_an_image(tmp_path):
    """A page with both kinds: each photo once, the <image> as before."""
    placed = f'<image x="420" y="40" width="150" height="150" xlink:href="{_photo(50, 50)}"/>'
    path = _write(tmp_path, _figma(RECT + placed, (120, 80), "scale(0.00833333 0.0125)"))
    images = sorted(_images(path), key=lambda image: image.bbox)
    assert [(i.width_px, i.height_px) for i in images] == [(120, 80), (50, 50)]
    assert [i.ppi for i in images] == pytest.approx([24, 24], abs=0.5)


def _images(path: Path) -> list:
    document = open_document(path)
    try:
        return document.page(0).images()
    finally:
        document.close()


def test_a_photo_an_svg_shows_twice_is_decoded_once_for_its_size(tmp_path, monkeypatch):
    """A photo filling a shape and placed as an <image> too: its size was read from its data
    URI by each reader (the restyling for MuPDF, for each <image>; resvg's picture limit; the
    page's pattern fills, which restyle again and make stand-ins), seven decodes of it, each
    0.2 s for a 24 MB photo. It is read once for the document, and listed as before."""
    photo = _photo(120, 80)
    placed = f'<image x="420" y="40" width="150" height="150" xlink:href="{photo}"/>'
    path = _write(tmp_path, _figma(RECT + placed, (120, 80), "scale(0.00833333 0.0125)"))
    data, real, decoded = photo.split(",", 1)[1], base64.b64decode, []

    def counted(text, *args, **kwargs):
        decoded.extend([1] if len(text) == len(data) else [])
        return real(text, *args, **kwargs)

    monkeypatch.setattr(base64, "b64decode", counted)
    images = sorted(_images(path), key=lambda image: image.bbox)
    assert len(decoded) == 1, len(decoded)
    assert [(i.width_px, i.height_px) for i in images] == [(120, 80), (120, 80)]
    assert [i.ppi for i in images] == pytest.approx([24, 57.6], abs=0.5)


def test_a_photo_filling_a_rectangle_sized_in_millimetres_is_judged_where_it_shows(tmp_path):
    """A 100 x 40 mm rectangle 10 mm from the left and 50 mm from the top: 377.95 x 151.18 px
    (96 px to the inch) at 37.8, 188.98, where Chromium draws the photo; 120 px over it is
    22.9 ppi."""
    rect = '<rect x="10mm" y="50mm" width="100mm" height="40mm" fill="url(#pattern0_1_2)"/>'
    path = _write(tmp_path, _figma(rect, (120, 80), "scale(0.00833333 0.0125)"))
    [finding] = _low_ppi(path)
    assert finding.measured == pytest.approx(120 / 377.95 * 72, abs=0.5)
    assert finding.bbox == pytest.approx((37.8, 188.98, 415.75, 340.16), abs=0.5)


@pytest.mark.parametrize(
    "box",
    [
        'x="37.795" y="188.976" width="377.953" height="151.181"',
        'x="10mm" y="50mm" width="100mm" height="40mm"',
    ],
    ids=["user units", "millimetres"],
)
def test_a_sharp_crop_of_a_photo_fill_draws_the_photo_where_a_browser_does(
    tmp_path, monkeypatch, box
):
    """The logo search's sharper crop beside a photo fill: resvg drew the pattern's whole tile
    at the crop's zoom (seconds for a poster), so the photo is drawn in a frame the rectangle's
    size. A rectangle sized in mm (10 mm is 37.8 px, 96 to the inch, as Chromium draws it) was
    left to the pattern; it is framed as one in user units, its corner where a browser has it."""
    rect = f'<rect {box} fill="url(#pattern0_1_2)"/>'
    path = _write(tmp_path, _figma(rect, (1200, 800), "scale(0.000833333 0.00125)"))
    drawn, real = [], resvg_py.svg_to_bytes

    def seen(*args, **kwargs):
        drawn.append(kwargs["svg_string"])
        return real(*args, **kwargs)

    monkeypatch.setattr(resvg_py, "svg_to_bytes", seen)
    document = open_document(path)
    try:
        crop = document.page(0).render_region((20, 170, 120, 230), 8.0)
    finally:
        document.close()
    [svg] = drawn
    assert "url(#pattern0_1_2)" not in svg  # the photo drawn in a frame, not the tile
    ys, xs = np.nonzero(crop.min(axis=2) < 230)  # the photo: never white
    assert (xs.min() / 8 + 20, ys.min() / 8 + 170) == pytest.approx((37.8, 188.98), abs=0.2)


def test_a_photo_fill_whose_rectangle_is_sized_apart_from_its_unit_is_not_judged(tmp_path):
    """width="360 px" is no length to a browser: Chromium draws no such rectangle, so there is
    no photo to judge (nor to frame for a sharp crop)."""
    rect = '<rect x="40" y="40" width="360 px" height="240" fill="url(#pattern0_1_2)"/>'
    path = _write(tmp_path, _figma(rect, (120, 80), "scale(0.00833333 0.0125)"))
    assert _low_ppi(path) == []
