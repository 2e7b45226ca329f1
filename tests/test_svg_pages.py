"""SVG documents checked as a browser shows them: their page pixels drawn by resvg, so what a
design tool's clip path or mask hides (a Figma frame's overflow, a masked-out part) is not
judged, and a logo drawn through a clip or a mask is found; the pixels lie where MuPDF's vector
facts (text, drawings) say, and what resvg must not draw is refused with a clear outcome."""

from __future__ import annotations

import base64
import io
import json
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pymupdf
import pytest
from PIL import Image, ImageDraw, ImageFont
from typer.testing import CliRunner

from brandcheck import ocr
from brandcheck.api import check_paths
from brandcheck.checks import CheckContext
from brandcheck.cli import app
from brandcheck.document import open_document
from brandcheck.document.native_path import mupdf_svg
from brandcheck.pipeline import RunOptions
from brandcheck.profile import load_profile
from brandcheck.rule_settings import RuleSettings

sys.path.insert(0, str(Path(__file__).resolve().parent / "helpers"))

from svg_exports import body, clipped_crown, masked_wordmark

COLOUR_RULES = RunOptions(rules=RuleSettings.build(select=["colour"]), ocr="off")
LOGO_RULES = RunOptions(rules=RuleSettings.build(select=["logo"]), ocr="off")
_OPEN = (
    '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" '
    'width="600" height="400" viewBox="0 0 600 400" fill="none">'
    '<rect width="600" height="400" fill="white"/>'
)
OFF_PALETTE = "#22AA22"  # a green far from the profile's: BC201 wherever it shows


def _green(pixels: np.ndarray) -> np.ndarray:
    """Where the off-palette green shows."""
    return pixels[..., 1].astype(int) > pixels[..., 0].astype(int) + 60


def _svg(tmp_path: Path, name: str, inner: str) -> Path:
    path = tmp_path / name
    path.write_text(f"{_OPEN}{inner}</svg>\n")
    return path


def _figma_frame(content: str, frame: tuple[int, int, int, int]) -> str:
    """Figma's export of a frame with "Clip content": its children in a group clipped to the
    frame, the clip path defined after it."""
    x, y, w, h = frame
    return (
        f'<g clip-path="url(#clip0_4_2)">{content}</g>'
        f'<defs><clipPath id="clip0_4_2"><rect x="{x}" y="{y}" width="{w}" height="{h}" '
        'fill="white"/></clipPath></defs>'
    )


def _rules(path: Path, options: RunOptions = COLOUR_RULES) -> list[str]:
    [file] = check_paths([path], "stockholm", options).files
    assert file.status != "error", file.findings
    return [f.rule for f in file.findings]


def test_art_a_figma_frame_clips_away_is_not_judged(tmp_path):
    """MuPDF drew the frame's overflow (an off-palette block beside a palette one): BC201."""
    content = (
        '<rect x="40" y="40" width="200" height="120" fill="#E5006C"/>'
        f'<rect x="240" y="40" width="140" height="120" fill="{OFF_PALETTE}"/>'
    )
    page = _svg(tmp_path, "frame.svg", _figma_frame(content, (40, 40, 200, 120)))
    assert _rules(page) == []
    assert not _green(open_document(page).page(0).raster()).any()


def test_a_masked_out_part_is_not_judged(tmp_path):
    """An opacity mask (Figma's "use as mask", Illustrator's) that shows the left half of an
    off-palette block: its colour is judged where it shows, and not where the mask hides it."""
    masked = (
        '<mask id="half" maskUnits="userSpaceOnUse" x="0" y="0" width="600" height="400">'
        '<rect x="40" y="40" width="100" height="120" fill="white"/></mask>'
        f'<rect x="40" y="40" width="300" height="120" fill="{OFF_PALETTE}" '
        'mask="url(#half)"/>'
    )
    shown = _svg(tmp_path, "masked.svg", masked)
    hidden = _svg(tmp_path, "hidden.svg", masked.replace('fill="white"', 'fill="black"'))
    assert "BC201" in _rules(shown)
    assert _rules(hidden) == []
    pixels = open_document(shown).page(0).raster()
    _ys, xs = np.nonzero(_green(pixels))
    scale = pixels.shape[1] / 600
    assert xs.min() / scale == pytest.approx(40, abs=2)
    assert (xs.max() + 1) / scale == pytest.approx(140, abs=2)  # the half the mask shows


def _logo(at: tuple[int, int], art: str | None = None) -> str:
    """The stand-in logo (or ``art``, 275 x 100 units of it) at ``at``, 1.2 times its size."""
    return f'<g transform="translate({at[0]} {at[1]}) scale(1.2)">{art or body()}</g>'


def _logos(path: Path) -> list:
    [file] = check_paths([path], "stockholm", LOGO_RULES).files
    assert file.status != "error", file.findings
    return [logo for page in file.pages for logo in page.logos]


def test_a_logo_the_frame_clips_away_is_not_found(tmp_path):
    """A logo left outside a frame with "Clip content" is not on the page a viewer shows: it
    was found, and a page without the logo passed BC101."""
    band = '<rect x="20" y="20" width="560" height="160" fill="#FCE3EB"/>'
    page = _svg(
        tmp_path, "off-frame.svg", _figma_frame(band + _logo((60, 220)), (20, 20, 560, 160))
    )
    assert _logos(page) == []
    assert "BC101" in _rules(page, LOGO_RULES)


def _export_art(export: str) -> str:
    """An exported logo file's content, to place in a document."""
    return export.split(">", 2)[2].rsplit("</svg>", 1)[0]


@pytest.mark.parametrize("export", [clipped_crown, masked_wordmark], ids=["clip", "mask"])
def test_a_logo_drawn_through_a_clip_or_a_mask_is_found_where_it_is(tmp_path, export):
    """The crown as a box clipped to its outline, the wordmark as a block shown through a mask
    of its letters, in a clipped frame: MuPDF drew the box and the block, and the logo was not
    found (BC101). It is found where the plain logo is."""
    frame = (20, 20, 560, 360)
    plain = _svg(tmp_path, "plain.svg", _figma_frame(_logo((60, 40)), frame))
    content = _logo((60, 40), _export_art(export()))
    page = _svg(tmp_path, "logo.svg", _figma_frame(content, frame))
    [found] = _logos(page)
    [meant] = _logos(plain)
    assert found.score > 0.9
    assert found.bbox == pytest.approx(meant.bbox, abs=3)


def test_the_cli_judges_an_svg_as_a_browser_shows_it(tmp_path):
    content = f'<rect x="240" y="40" width="140" height="120" fill="{OFF_PALETTE}"/>'
    page = _svg(tmp_path, "frame.svg", _figma_frame(content, (40, 40, 200, 120)))
    args = ["check", "--select", "colour", "--ocr", "off", "--format", "json", str(page)]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    (file,) = json.loads(result.output)["files"]
    assert file["findings"] == []


@pytest.mark.parametrize(
    "size",
    [
        'width="210mm" height="99.5mm" viewBox="0 0 210 99.5"',
        'width="300.4pt" height="200.7pt"',
        'width="333.33" height="100.01" viewBox="0 0 1000 300"',
        'viewBox="0 0 123.4 56.7"',
    ],
)
def test_the_pixels_lie_where_mupdf_places_the_page(tmp_path, size):
    """The raster has MuPDF's pixel size, and shapes fall on MuPDF's pixels (mm, pt, a viewBox
    scaled into another size, no size at all); so do sharper crops of the page. MuPDF is given
    the file as brandcheck gives it (a size in pt without a viewBox holds its size in px, as in
    a browser: MuPDF alone drew its art a third larger)."""
    svg = tmp_path / "sized.svg"
    svg.write_text(
        f'<svg xmlns="http://www.w3.org/2000/svg" {size}>'
        '<rect x="10.3" y="7.7" width="41.1" height="23.9" fill="#E5006C"/>'
        '<circle cx="80" cy="30" r="12.5" fill="#007FC8"/></svg>'
    )
    with pymupdf.open(stream=mupdf_svg(svg.read_bytes(), None), filetype="svg") as doc:
        mupdf_page = doc[0]
        page = open_document(svg).page(0)
        raster = page.raster()
        zoom = pymupdf.Matrix(page.raster_scale, page.raster_scale)
        pix = mupdf_page.get_pixmap(matrix=zoom, alpha=False)
        want = np.frombuffer(pix.samples, np.uint8).reshape(pix.height, pix.width, 3)
        assert raster.shape == want.shape
        assert np.abs(raster.astype(int) - want).mean() < 2
        part = (5.3, 3.1, 70.2, 40.9)
        crop = page.render_region(part, 3.0)
        pix = mupdf_page.get_pixmap(matrix=pymupdf.Matrix(3, 3), clip=part, alpha=False)
        want = np.frombuffer(pix.samples, np.uint8).reshape(pix.height, pix.width, 3)
        assert crop.shape == want.shape
        assert np.abs(crop.astype(int) - want).mean() < 2


@pytest.mark.parametrize("size", ["40", "30pt"], ids=["user units", "points"])
def test_text_is_drawn_where_mupdf_reads_it(tmp_path, size):
    """resvg draws text in the system's fonts (a family none has falls back to one that is),
    MuPDF reads it as drawn in its base-14 fonts: the ink lies in the span MuPDF reads, give
    or take the two fonts' widths. Both read a size in points alike, 30pt as 40 units (MuPDF
    alone read 30)."""
    svg = _svg(
        tmp_path,
        "text.svg",
        f'<text x="50" y="120" font-family="Stockholm Type" font-size="{size}" fill="#000">'
        "Hej Stockholm</text>",
    )
    page = open_document(svg).page(0)
    [span] = page.spans()
    assert span.size == pytest.approx(40, abs=0.01)
    raster = page.raster()
    scale = page.raster_scale
    dark = raster.min(axis=2) < 100
    x0, y0, x1, y1 = span.bbox
    slack = 0.1 * (x1 - x0)
    box = [round(v * scale) for v in (x0 - slack, y0, x1 + slack, y1)]
    inside = dark[box[1] : box[3], box[0] : box[2]].sum()
    assert inside > 2000 and inside == dark.sum()
    _ys, xs = np.nonzero(dark)
    assert xs.min() / scale == pytest.approx(x0, abs=6)


def test_references_nested_too_deep_for_resvg_are_refused_with_a_reason(tmp_path):
    """resvg follows a mask in a mask by recursion: hundreds deep, it ends the process."""
    masks = "".join(
        f'<mask id="m{i}"><rect width="600" height="400" fill="#fff" mask="url(#m{i - 1})"/></mask>'
        for i in range(1, 300)
    )
    svg = _svg(tmp_path, "masks.svg", f'{masks}<rect width="90" height="90" mask="url(#m299)"/>')
    [file] = check_paths([svg], "stockholm", COLOUR_RULES).files
    assert file.status == "error"
    [finding] = file.findings
    assert finding.name == "file.too_large" and "references" in finding.message


@pytest.mark.parametrize(
    "text",
    [
        f"{_OPEN}<g clip-path='url(#c)'><rect width='9' height='9'/>",  # cut short
        f'{_OPEN}<rect width="9" height="9" fill="#000"></svg><junk',  # text after the end
        '<svg xmlns="http://www.w3.org/2000/svg" width="0" height="0"></svg>',
    ],
    ids=["truncated", "trailing junk", "no area"],
)
def test_a_malformed_svg_gets_a_clear_outcome(tmp_path, text):
    svg = tmp_path / "bad.svg"
    svg.write_text(text)
    args = ["check", "--select", "colour", "--ocr", "off", "--format", "json", str(svg)]
    result = CliRunner().invoke(app, args)
    assert result.exit_code in (0, 1, 2, 3), result.output
    assert "Traceback" not in result.output
    (file,) = json.loads(result.stdout)["files"]
    assert file["status"] in ("pass", "warn", "fail", "error")


@pytest.mark.parametrize("given_as", ["document", "logo file"])
def test_a_huge_morphology_radius_is_drawn_capped_not_for_minutes(tmp_path, given_as):
    """resvg looks at every pixel of an feMorphology radius's square for each pixel: a radius
    of 100,000 kept a check busy for minutes. It is drawn with a radius of a few units."""
    svg = _svg(
        tmp_path,
        "morph.svg",
        '<filter id="f"><feMorphology operator="dilate" radius="100000"/></filter>'
        f'<rect x="40" y="40" width="90" height="90" fill="{OFF_PALETTE}" filter="url(#f)"/>',
    )
    page = tmp_path / "page.pdf"
    with pymupdf.open() as doc:
        doc.new_page().insert_text((72, 72), "Hej")
        doc.save(page)
    args = ["--select", "colour,logo", "--ocr", "off", "--format", "json"]
    args += [str(svg)] if given_as == "document" else ["--logo", str(svg), str(page)]
    done = subprocess.run(
        [sys.executable, "-m", "brandcheck", "check", *args],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode in (0, 1, 2), done.stderr[-500:]  # 2: a flat square, no logo
    assert "Traceback" not in done.stderr


def _picture_of_words(words: str) -> str:
    """A PNG of ``words`` in black on white, as a data URI (an SVG that embeds a picture)."""
    img = Image.new("RGB", (900, 160), "white")
    ImageDraw.Draw(img).text((20, 30), words, fill="black", font=ImageFont.load_default(size=90))
    data = io.BytesIO()
    img.save(data, "PNG")
    return "data:image/png;base64," + base64.b64encode(data.getvalue()).decode()


@pytest.mark.skipif(shutil.which("tesseract") is None, reason="no Tesseract")
def test_ocr_reads_the_pictures_a_browser_shows(tmp_path):
    """An SVG of pictures without text is read by OCR from resvg's drawing: a picture of words
    a frame clips away was read (and judged) as text on the page."""
    pictures = (
        f'<image href="{_picture_of_words("STOCKHOLM")}" x="20" y="40" width="450" height="80"/>'
        f'<image href="{_picture_of_words("HEMLIGT")}" x="20" y="260" width="450" height="80"/>'
    )
    svg = _svg(tmp_path, "pictures.svg", _figma_frame(pictures, (0, 0, 600, 200)))
    ctx = CheckContext(profile=load_profile("stockholm"))
    with open_document(svg) as doc:
        result = ocr.page_ocr(doc.page(0), ctx)
    assert result is not None
    assert "STOCKHOLM" in result.text and "HEMLIGT" not in result.text


@pytest.mark.parametrize(
    "layout",
    [
        'width="300" height="100" viewBox="0 0 140 70" preserveAspectRatio="xMidYMid slice">',
        'height="100" viewBox="0 0 140 70">',
        'width="200" viewBox="0 0 140 70">',
        'width="150" height="80"><svg x="20" y="10" width="100" height="50" viewBox="0 0 140 70">',
    ],
    ids=["slice", "no width", "no height", "inner svg moved"],
)
def test_the_pixels_lie_under_the_drawings_mupdf_reads(tmp_path, layout):
    """Where MuPDF places an SVG's drawing otherwise than a browser ("slice", a viewBox without
    a width or a height, an inner <svg>'s x and y), resvg drew the shape away from the box
    MuPDF reads for it: the checks judged the pixels of one drawing by the facts of another."""
    svg = tmp_path / "placed.svg"
    inner = '<rect x="10.3" y="7.7" width="41.1" height="23.9" fill="#E5006C"/>'
    close = "</svg></svg>" if layout.count("<svg") else "</svg>"
    svg.write_text(f'<svg xmlns="http://www.w3.org/2000/svg" {layout}{inner}{close}')
    page = open_document(svg).page(0)
    [drawing] = page.drawings()
    ys, xs = np.nonzero(page.raster().min(axis=2) < 200)
    scale = page.raster_scale
    ink = (xs.min() / scale, ys.min() / scale, (xs.max() + 1) / scale, (ys.max() + 1) / scale)
    assert ink == pytest.approx(drawing.bbox, abs=1.5)


@pytest.mark.parametrize(
    "text",
    ["W" * 150_000, "<tspan>W</tspan>" * 8_000, '<tspan dx="1">WWWW</tspan>' * 5_000],
    ids=["characters", "one-letter parts", "short parts"],
)
def test_text_too_long_for_resvg_is_checked_in_seconds(tmp_path, text):
    """resvg lays a <text> out in a time that grows with its characters' square, and with them
    times its parts: 150,000 characters, or 8,000 one-letter <tspan>s, kept a check busy for
    a minute. MuPDF, which reads the text anyway, draws such a page."""
    svg = _svg(tmp_path, "long.svg", f'<text x="0" y="50" fill="#000">{text}</text>')
    args = ["check", "--select", "colour", "--ocr", "off", "--format", "json", str(svg)]
    done = subprocess.run(
        [sys.executable, "-m", "brandcheck", *args], capture_output=True, text=True, timeout=25
    )
    assert done.returncode in (0, 1), done.stderr[-500:]


@pytest.mark.parametrize(
    "layout",
    [
        'letter-spacing="20"',
        'style="word-spacing: 80px"',
        'textLength="500"',
        'dominant-baseline="hanging"',
        'class="tracked"><style>.tracked { letter-spacing: 0.5em }</style',
        'letter-spacing="-0.02em"',
        'letter-spacing="0.05em"',
        'letter-spacing="1.5px"',
    ],
)
def test_text_lies_in_the_span_mupdf_reads_however_it_is_spaced(tmp_path, layout):
    """MuPDF leaves out letter and word spacing, textLength and baselines: resvg drew the
    words up to twice as long as, or below, the span MuPDF reads and the checks judge."""
    svg = _svg(
        tmp_path,
        "spaced.svg",
        f'<text x="50" y="120" font-size="40" fill="#000" {layout}>Hej Stockholm</text>',
    )
    page = open_document(svg).page(0)
    [span] = page.spans()
    ys, xs = np.nonzero(page.raster().min(axis=2) < 100)
    scale = page.raster_scale
    ink = (xs.min() / scale, ys.min() / scale, (xs.max() + 1) / scale, (ys.max() + 1) / scale)
    x0, y0, x1, y1 = span.bbox
    slack = 0.1 * (x1 - x0)
    assert x0 - slack <= ink[0] and ink[2] <= x1 + slack and y0 <= ink[1] and ink[3] <= y1


def test_a_logo_placed_as_a_scaled_symbol_has_no_graphic_of_its_own_in_its_clear_space(tmp_path):
    """Illustrator exports a placed symbol as a <symbol> with a viewBox, drawn by a <use> at
    another size. MuPDF leaves the viewBox out and reads the logo's shapes at their own size,
    resvg drew it fitted to the <use>: the logo was found at resvg's size and MuPDF's shapes
    of the same logo, running past it, were named as graphics in its clear space (BC103)."""
    symbol = f'<defs><symbol id="New_Symbol" viewBox="0 0 275 100">{body()}</symbol></defs>'
    use = '<use width="220" height="80" transform="translate(40 60)" xlink:href="#New_Symbol"/>'
    page = _svg(tmp_path, "symbol.svg", symbol + use)
    [file] = check_paths([page], "stockholm", LOGO_RULES).files
    [logo] = [logo for page in file.pages for logo in page.logos]
    assert logo.score > 0.9
    assert not [f.message for f in file.findings if "graphic" in f.message]


@pytest.mark.parametrize(
    "tracking",
    ['letter-spacing="-0.03em"', 'letter-spacing="0.5px"', 'letter-spacing="0.02em"'],
)
def test_a_tracked_heading_keeps_what_a_mask_hides_unjudged(tmp_path, tracking):
    """Figma writes a heading's tracking (-3 % to +5 %) as a small letter-spacing on its
    <text>: such a page went to MuPDF, which draws no mask, and the off-palette block a mask
    hid beside the logo was judged (BC201). resvg draws such tracking, the words a few per
    cent longer or shorter than the span MuPDF reads."""
    mask = (
        '<mask id="mask0_3_9" style="mask-type:alpha" maskUnits="userSpaceOnUse" x="40" y="220" '
        'width="400" height="160"><rect x="40" y="220" width="400" height="160" fill="#D9D9D9"/>'
        f'</mask><g mask="url(#mask0_3_9)">{_logo((60, 240))}'
        f'<rect x="440" y="220" width="140" height="160" fill="{OFF_PALETTE}"/></g>'
    )
    heading = (
        f'<text fill="#B92F00" xml:space="preserve" style="white-space: pre" font-family="Arial" '
        f'font-size="48" font-weight="bold" {tracking}><tspan x="40" y="100.4">Rensa '
        "garderoben</tspan></text>"
    )
    page = _svg(tmp_path, "tracked.svg", heading + mask)
    args = ["check", "--ocr", "off", "--format", "json", str(page)]
    result = CliRunner().invoke(app, args)
    [file] = json.loads(result.stdout)["files"]
    assert "BC201" not in [f["rule"] for f in file["findings"]]
    assert [logo["template"] for logo in file["pages"][0]["logos"]]


def test_a_logo_and_a_caption_in_inner_svgs_are_judged_where_x_and_y_place_them(tmp_path):
    """A design tool's component or a placed logo file is an inner <svg> at its x and y, as a
    browser draws it. MuPDF left x and y out: the logo was read at the page's top left (its
    clear space cut by the page's edges, BC103), and a caption above it not in its clear
    space."""
    logo = f'<svg x="350" y="290" width="220" height="80" viewBox="0 0 275 100">{body()}</svg>'
    caption = (
        '<svg x="360" y="235" width="200" height="60"><text x="0" y="40" font-size="24" '
        'font-family="Arial" fill="#000">Kampanj</text></svg>'
    )
    page = _svg(tmp_path, "inner.svg", logo + caption)
    [file] = check_paths([page], "stockholm", LOGO_RULES).files
    [found] = [logo for page in file.pages for logo in page.logos]
    assert found.bbox == pytest.approx((350, 290, 570, 370), abs=6)
    [clear_space] = [f for f in file.findings if f.rule == "BC103"]
    assert clear_space.measured == ["text 'Kampanj'"]
    assert "BC107" not in [f.rule for f in file.findings]  # in the bottom right corner


@pytest.mark.parametrize(
    ("inner", "box"),
    [
        (
            '<defs><svg id="badge" x="50" y="20" width="40" height="20"><rect width="40" '
            f'height="20" fill="{OFF_PALETTE}"/></svg></defs>'
            '<use xlink:href="#badge" x="100" y="100"/>',
            (150, 120, 190, 140),
        ),
        (
            '<svg x="100" y="50" width="300" height="200"><svg x="10%" y="50%" width="40" '
            f'height="20"><rect width="40" height="20" fill="{OFF_PALETTE}"/></svg></svg>',
            (130, 150, 170, 170),
        ),
    ],
    ids=["drawn by a use", "in another, in percent"],
)
def test_an_inner_svg_is_read_where_the_browser_draws_it(tmp_path, inner, box):
    """A badge kept in <defs> as an inner <svg> at x, y and drawn by a <use>: the use's place
    and the svg's own x and y add up. Inner <svg>s nested: the inner one's x="10%" and
    y="50%" are of the outer one's 300 x 200 box, and the two moves add up. So for the
    shape's facts as for the pixels."""
    page = open_document(_svg(tmp_path, "badge.svg", inner)).page(0)
    [_ground, drawing] = page.drawings()
    assert drawing.bbox == pytest.approx(box)
    ys, xs = np.nonzero(_green(page.raster()))
    scale = page.raster_scale
    ink = (xs.min() / scale, ys.min() / scale, (xs.max() + 1) / scale, (ys.max() + 1) / scale)
    assert ink == pytest.approx(drawing.bbox, abs=1)


def test_an_inner_svg_whose_x_is_no_length_is_read_at_0_as_browsers_do(tmp_path):
    """x="auto" (no length: 0, as browsers and resvg read it) beside y="100": the page was
    given to MuPDF to draw, with a note that it was not drawn as a browser draws it."""
    badge = (
        '<svg x="auto" y="100" width="40" height="20"><rect width="40" height="20" '
        f'fill="{OFF_PALETTE}"/></svg>'
    )
    [file] = check_paths([_svg(tmp_path, "auto.svg", badge)], "stockholm", LOGO_RULES).files
    assert "BC910" not in [f.rule for f in file.findings]
    page = open_document(_svg(tmp_path, "auto.svg", badge)).page(0)
    [_ground, drawing] = page.drawings()
    assert drawing.bbox == pytest.approx((0, 100, 40, 120))


def test_text_an_inner_svg_clips_away_is_not_judged(tmp_path):
    """An inner <svg> shows only what lies in its box, as a clip path does: small print left
    below a component's frame is not on the page a browser shows, and was judged (BC303)."""
    frame = (
        '<svg x="100" y="100" width="200" height="60"><text x="10" y="40" font-size="24" '
        'font-family="Arial" fill="#000">Kampanj</text><text x="10" y="200" font-size="9" '
        'font-family="Arial" fill="#000">Utanför ramen</text></svg>'
    )
    page = _svg(tmp_path, "frame.svg", frame)
    args = ["check", "--target", "digital", "--select", "BC303", "--ocr", "off"]
    result = CliRunner().invoke(app, [*args, "--format", "json", str(page)])
    (file,) = json.loads(result.output)["files"]
    assert file["findings"] == []


def test_an_inner_svg_placed_in_em_is_drawn_by_mupdf_with_a_note(tmp_path):
    """An inner <svg> at x="2em" (of a font size a browser knows, not this reading): where it
    lies is not known, so MuPDF draws the page, and the user is told that the clip path it
    then leaves out was not applied; one at x="20" beside it is drawn by resvg."""
    badge = '<svg x="{}" y="100" width="40" height="20"><rect width="40" height="20"/></svg>'
    clip = (
        '<defs><clipPath id="c"><rect width="300" height="200"/></clipPath></defs>'
        '<g clip-path="url(#c)"><rect width="600" height="400" fill="white"/></g>'
    )
    notes = {}
    for x in ("2em", "20"):
        page = _svg(tmp_path, "badge.svg", clip + badge.format(x))
        [file] = check_paths([page], "stockholm", LOGO_RULES).files
        notes[x] = [f.message for f in file.findings if f.rule == "BC910"]
    [note] = notes["2em"]
    assert "inner <svg> placed by an x or y in em" in note and "clip paths" in note
    assert notes["20"] == []
