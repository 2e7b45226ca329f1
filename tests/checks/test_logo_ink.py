"""How a found logo's ink (BC106) and background (BC109) are measured, via the public API:
the ink's colour on the core of the artwork at its pose, the background clear of the logo."""

from __future__ import annotations

import io
import sys
from pathlib import Path

import numpy as np
import pymupdf
import pytest
from PIL import Image

from brandcheck.api import check_paths
from brandcheck.pipeline import RunOptions
from brandcheck.profile import shipped_profiles
from brandcheck.rule_settings import RuleSettings
from brandcheck.synth import place_logo

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "helpers"))
from profiles import extended_profile

POSITIVE = shipped_profiles()["stockholm"] / "logo" / "standin-positive.svg"
MM = 72 / 25.4
PX = 72 / 100  # pt per px at the analysis resolution
PINK, BLUE = (229, 0, 108), (0, 127, 200)
# pictures here have no resolution, so they are screen material (in print BC102 is not judged)
LOGO_RULES = RunOptions(target="digital", rules=RuleSettings.build(select=["logo"]))

# a solid mark: a rounded block with a letter knocked out and a round hole
BLOCK = """<svg xmlns="http://www.w3.org/2000/svg" width="110" height="120" viewBox="0 0 110 120">
<path fill-rule="evenodd" fill="#000000" d="M 10 0 H 100 Q 110 0 110 10 V 110 Q 110 120 100 120
 H 10 Q 0 120 0 110 V 10 Q 0 0 10 0 Z M 84 16 A 8 8 0 1 0 100 16 A 8 8 0 1 0 84 16 Z
 M 23 108 L 48 38 H 64 L 88 108 H 73 L 68 94 H 42 L 38 108 Z M 46 82 H 64 L 55 55 Z"/></svg>"""

# a thin-line logo in a frame: lines under 3 px at 200 px wide, and a dot just over 4 px
FRAMED = """<svg xmlns="http://www.w3.org/2000/svg" width="322" height="120" viewBox="0 0 322 120">
<rect x="2.25" y="2.25" width="317.5" height="115.5" rx="6" fill="none" stroke="#000000"
 stroke-width="4.5"/><g fill="none" stroke="#000000" stroke-width="3" stroke-linecap="round">
<path d="M 30 90 L 60 30 L 90 90 M 120 40 H 290 M 120 62 H 260 M 120 84 H 280"/></g>
<circle cx="60" cy="70" r="3.6" fill="#000000"/></svg>"""

# two inks side by side: a blue emblem and a black wordmark of about its size
TWO_INKS = """<svg xmlns="http://www.w3.org/2000/svg" width="240" height="80" viewBox="0 0 240 80">
<path fill="#007FC8" d="M 0 0 H 100 V 50 L 50 80 L 0 50 Z"/><g fill="#000000">
<rect x="130" y="0" width="110" height="18"/><rect x="130" y="31" width="80" height="18"/>
<rect x="130" y="62" width="100" height="18"/></g></svg>"""


def _svg(tmp: Path, name: str, text: str) -> Path:
    path = tmp / name
    path.write_text(text)
    return path


def _hex(rgb: tuple[int, int, int]) -> str:
    return "#{:02X}{:02X}{:02X}".format(*rgb)


def _render(svg: Path, width_px: int, colour: tuple[int, int, int] | None = None) -> Image.Image:
    """The artwork rendered ``width_px`` wide with transparency, recoloured through its alpha."""
    page = pymupdf.open(svg)[0]
    zoom = width_px / page.rect.width
    pix = page.get_pixmap(matrix=pymupdf.Matrix(zoom, zoom), alpha=True)
    rgba = np.asarray(Image.frombytes("RGBA", (pix.width, pix.height), pix.samples)).copy()
    if colour is not None:
        rgba[..., :3] = colour
    return Image.fromarray(rgba)


def _picture(path: Path, logo: Image.Image, at=(60, 60), size=(827, 1169)) -> Path:
    canvas = Image.new("RGB", size, (255, 255, 255))
    canvas.paste(logo, at, logo)
    canvas.save(path)
    return path


def _checked(path: Path, profile="stockholm", logos=None, options=LOGO_RULES):
    [file] = check_paths([path], profile, options, logos=logos).files
    assert file.status != "error", file.error
    return file


def _names(file) -> set[str]:
    return {f.name for f in file.findings}


def _logo_pdf(path: Path, svg: Path, rect: pymupdf.Rect) -> Path:
    """A one-page PDF (A4) with the logo ``svg`` placed as vector art in ``rect``."""
    doc = pymupdf.open()
    place_logo(doc.new_page(), svg, rect)
    doc.save(path)
    return path


def _near(hex_colour: str | None, rgb: tuple[int, int, int], slack: int = 12) -> bool:
    assert hex_colour is not None
    got = [int(hex_colour[i : i + 2], 16) for i in (1, 3, 5)]
    return max(abs(a - b) for a, b in zip(got, rgb, strict=True)) <= slack


@pytest.mark.parametrize("how", ["turned 1°", "turned 2°", "squashed 10 %"])
def test_a_solid_mark_turned_or_stretched_on_white_has_a_calm_background(tmp_path, how):
    """The block's long, full-contrast edge let into its clear-space ring read as a busy
    background on pure white (busyness 0.37-0.63): the ring was sampled a few px out of
    register with the page, and the logo was left out of it by one frame px only."""
    svg = _svg(tmp_path, "block.svg", BLOCK)
    art = _render(svg, 220)
    if how.startswith("turned"):
        art = art.rotate(float(how.split()[1][:-1]), Image.Resampling.BICUBIC, expand=True)
    else:
        art = art.resize((round(art.width * 0.9), art.height), Image.Resampling.LANCZOS)
    file = _checked(_picture(tmp_path / "block.png", art, at=(200, 200)), logos=[svg])
    assert len(file.pages[0].logos) == 1
    assert "logo.busy_background" not in _names(file)


@pytest.mark.parametrize("width", [80, 120])
def test_a_small_logo_in_a_picture_is_judged_on_the_core_of_its_ink(tmp_path, width):
    """Logos under 160 px wide in pictures were never judged for BC106, and nothing said so,
    while the report gave their (right) colour."""
    pink = _checked(_picture(tmp_path / "pink.png", _render(POSITIVE, width, PINK)))
    assert "logo.colour" in _names(pink)
    assert _near(pink.pages[0].logos[0].colour, PINK)
    black = _checked(_picture(tmp_path / "black.png", _render(POSITIVE, width, (0, 0, 0))))
    assert not {"logo.colour", "check.skipped"} & _names(black)


def test_a_logo_too_thin_in_a_picture_is_not_judged_and_says_so(tmp_path):
    """At 50 px wide the stand-in's lines are under 3 px: no pixel of them is ink alone. Its
    colour is not judged, BC910 says why, and the report gives no colour for it."""
    path = _picture(tmp_path / "tiny.png", _render(POSITIVE, 50, (0, 0, 0)))
    file = _checked(path)
    [logo] = file.pages[0].logos
    assert logo.colour is None
    [skipped] = [f for f in file.findings if f.name == "check.skipped"]
    assert skipped.details["rules"] == ["BC106"] and "too thin" in skipped.message
    assert "logo.colour" not in _names(file)
    ignored = RunOptions(
        target="digital", rules=RuleSettings.build(select=["logo"], ignore=["BC106"])
    )
    assert "check.skipped" not in _names(_checked(path, options=ignored))


def _confetti(seed: int = 1, size=(600, 420)) -> bytes:
    """A photo's stand-in: mid grey strewn with pale yellow specks, which stand out from it
    more than a blue logo does."""
    rng = np.random.default_rng(seed)
    img = np.full((*size, 3), 150, np.uint8)
    for y, x in rng.integers(0, size, (6000, 2)):
        img[y : y + 3, x : x + 3] = (255, 240, 160)
    buf = io.BytesIO()
    Image.fromarray(img).save(buf, "PNG")
    return buf.getvalue()


@pytest.mark.parametrize(("ink", "flagged"), [(BLUE, False), (PINK, True)])
def test_a_small_logo_on_a_photo_in_a_pdf_is_measured_on_its_ink_not_the_photo(
    tmp_path, ink, flagged
):
    """The sharper render's most contrasting pixels were taken as the ink: a blue logo on a
    photo read as the photo's pale yellow (#FFF0A0), a false BC106."""
    profile = extended_profile(
        tmp_path / "blue",
        "stockholm",
        '[logo]\nallowed_colours = { value = ["#000000", "#FFFFFF", "#007FC8"], source = "t" }\n',
    )
    svg = _svg(
        tmp_path,
        "logo.svg",
        POSITIVE.read_text().replace("#000000", "#{:02X}{:02X}{:02X}".format(*ink)),
    )
    doc = pymupdf.open()
    page = doc.new_page()
    page.insert_image(page.rect, stream=_confetti())
    width = 150 * PX
    place_logo(page, svg, pymupdf.Rect(40, 40, 40 + width, 40 + width / 2.7))
    path = tmp_path / "on-photo.pdf"
    doc.save(path)
    file = _checked(path, profile)
    [logo] = file.pages[0].logos
    assert _near(logo.colour, ink)
    assert ("logo.colour" in _names(file)) is flagged


@pytest.mark.parametrize("width", [204, 232])
def test_a_thin_line_logo_whose_widest_stroke_is_just_over_4_px_reads_its_ink(tmp_path, width):
    """A thin-line logo whose dot is just over 4 px wide was measured on the raster, where its
    few 'solid' pixels were the frame's outermost, antialiased ones: pure black read as
    #2B2B2B-#4E4E4E, a false BC106."""
    svg = _svg(tmp_path, "framed.svg", FRAMED)
    w = width * PX
    path = _logo_pdf(tmp_path / "framed.pdf", svg, pymupdf.Rect(40, 40, 40 + w, 40 + w * 120 / 322))
    file = _checked(path, logos=[svg])
    [logo] = file.pages[0].logos
    assert logo.colour == "#000000"
    assert not {"logo.colour", "check.skipped"} & _names(file)


def test_a_logo_in_two_inks_side_by_side_is_not_judged_as_one(tmp_path):
    """The two halves of the ink's core must agree: a blue emblem beside a black wordmark has
    no one colour to judge, and the darker ink alone was judged."""
    svg = _svg(tmp_path, "two-inks.svg", TWO_INKS)
    rect = pymupdf.Rect(40, 40, 40 + 80 * MM, 40 + 80 * MM / 3)
    path = _logo_pdf(tmp_path / "two-inks.pdf", svg, rect)
    file = _checked(path, logos=[svg])
    [logo] = file.pages[0].logos
    assert logo.colour is None
    [skipped] = [f for f in file.findings if f.name == "check.skipped"]
    assert "#007FC8" in skipped.message and "#000000" in skipped.message


@pytest.mark.parametrize(("ink", "low"), [(BLUE, False), ((200, 200, 200), True)])
def test_a_small_logos_contrast_is_that_of_the_ink_judged(tmp_path, ink, low):
    """A blue logo 55 px wide on a pale ground (#E1F1EF, 4:1) read 2.8:1: its contrast was
    taken with the ink the search sampled at the analysis resolution, washed towards the
    ground, not with the ink BC106 judges; a light grey logo stays low in contrast."""
    svg = _svg(tmp_path, "logo.svg", POSITIVE.read_text().replace("#000000", _hex(ink)))
    doc = pymupdf.open()
    page = doc.new_page()
    page.draw_rect(page.rect, color=None, fill=(225 / 255, 241 / 255, 239 / 255))
    width = 55 * PX
    place_logo(page, svg, pymupdf.Rect(40, 40, 40 + width, 40 + width / 2.7))
    path = tmp_path / "pale.pdf"
    doc.save(path)
    file = _checked(path)
    assert ("logo.busy_background" in _names(file)) is low


# a thin-line logo (at a stroke width of 1.2, every line 0.6 % of its width)
LINES = """<rect x="{i}" y="{i}" width="{w}" height="{h}"/>
<path d="M 20 130 L 60 30 L 100 130 M 40 80 H 80
 M 120 30 V 130 H 180 M 120 80 H 170 M 120 30 H 180"/>
<circle cx="150" cy="105" r="12"/>"""


def _lines(ink: str, width: float = 1.2, inline: float = 0.0) -> str:
    """The lines in ``ink``; with an ``inline`` width, each drawn in outline: white down its
    middle."""
    strokes = [(ink, width)] + ([("#FFFFFF", inline)] if inline else [])
    inset = width / 2 + 0.4  # the frame's outer edge 0.4 inside the artwork's
    lines = LINES.format(i=inset, w=200 - 2 * inset, h=160 - 2 * inset)
    groups = "".join(
        f'<g fill="none" stroke="{c}" stroke-width="{w}" stroke-linecap="square">{lines}</g>'
        for c, w in strokes
    )
    return (
        '<svg xmlns="http://www.w3.org/2000/svg" width="200" height="160" '
        f'viewBox="0 0 200 160">{groups}</svg>'
    )


@pytest.mark.parametrize("ink", [PINK, (0, 0, 0)])
def test_a_thin_line_logo_on_a_pdf_page_is_read_on_its_lines_not_its_ground(tmp_path, ink):
    """The ink was read on a render 6 times as sharp as the raster, 2 render px deep, at a
    pose found on the raster a pixel off (6 render px, more than half a line): the white
    ground was read as the ink, a pink logo passed BC106 as #FFFFFF and got a false BC109
    "1.0:1". The pose is now aligned again on the render."""
    svg = _svg(tmp_path, "lines.svg", _lines(_hex(ink)))
    path = _logo_pdf(tmp_path / "lines.pdf", svg, pymupdf.Rect(30, 30, 250, 206))  # 305 px wide
    file = _checked(path, logos=[svg])
    [logo] = file.pages[0].logos
    assert _near(logo.colour, ink, slack=4)
    assert ("logo.colour" in _names(file)) is (ink == PINK)
    assert not {"logo.busy_background", "check.skipped"} & _names(file)


def test_a_logos_ink_that_reads_as_its_ground_is_not_judged(tmp_path):
    """A logo drawn in outline (each of its lines a pink edge either side of white) has white
    inside its lines: that is its background's colour, not an ink, and was reported as the
    logo's colour (#FFFFFF, passing BC106). BC106 is now not judged, and BC910 says why."""
    svg = _svg(tmp_path, "lines.svg", _lines("#E5006C", 8))
    drawn = _svg(tmp_path, "inline.svg", _lines("#E5006C", 8, inline=4))
    path = _logo_pdf(tmp_path / "inline.pdf", drawn, pymupdf.Rect(60, 60, 276, 232.8))
    file = _checked(path, logos=[svg])
    [logo] = file.pages[0].logos
    assert logo.colour is None
    [skipped] = [f for f in file.findings if f.name == "check.skipped"]
    assert skipped.details["rules"] == ["BC106"] and "#FFFFFF" in skipped.message
    assert "logo.colour" not in _names(file)


@pytest.mark.parametrize("orientation", [1, 6])
def test_a_small_logo_in_a_picture_over_the_analysis_cap_is_read_at_full_size(
    tmp_path, orientation
):
    """A 4800 x 3200 picture is analysed reduced to the 8 MP cap (0.58 x): a stand-in 107 px
    wide there has no core, and BC106 was "not judged: at 107 px wide its lines are too thin in
    this picture", though the same logo in a 1200 x 800 picture is judged. Its ink is now read
    on the picture's own pixels (as displayed: also when stored turned, EXIF orientation 6)."""
    canvas = Image.new("RGB", (4800, 3200), (255, 255, 255))
    logo = _render(POSITIVE, 110, PINK)
    canvas.paste(logo, (80, 80), logo)
    exif = Image.Exif()
    if orientation != 1:  # stored turned a quarter clockwise: viewers turn it back
        canvas = canvas.transpose(Image.Transpose.ROTATE_90)
        exif[0x0112] = orientation
    path = tmp_path / "big.png"
    canvas.save(path, exif=exif)
    file = _checked(path)
    [logo_hit] = file.pages[0].logos
    assert logo_hit.bbox[0] < 100 and logo_hit.bbox[1] < 100  # found where it is displayed
    assert _near(logo_hit.colour, PINK, slack=4)
    assert "logo.colour" in _names(file)
    assert "check.skipped" not in _names(file)


def test_a_big_picture_is_decoded_at_full_size_once_for_all_its_small_logos(tmp_path, monkeypatch):
    """Each small logo in a picture over the analysis cap is read on its own pixels: decoding
    the whole picture again for each one made a 150 MP JPEG with 12 logos take 38 s, not 6."""
    from brandcheck.document.image import ImageDocument

    canvas = Image.new("RGB", (4800, 3200), (255, 255, 255))
    logo = _render(POSITIVE, 110, PINK)
    for x in (80, 2400, 4400):
        canvas.paste(logo, (x, 80), logo)
    path = tmp_path / "big.jpg"
    canvas.save(path, quality=95)
    decodes = []
    full_size = ImageDocument._loaded
    monkeypatch.setattr(
        ImageDocument, "_loaded", lambda self, i: decodes.append(i) or full_size(self, i)
    )
    file = _checked(path)
    assert len(file.pages[0].logos) == 3
    assert all(_near(hit.colour, PINK) for hit in file.pages[0].logos)  # JPEG's chroma
    assert decodes == [0]
