"""An SVG page's text, pictures and shapes that a clip path, a mask or opacity hides are not
judged: MuPDF reads them (fonts, sizes, resolution, boxes) though resvg's pixels, what a
browser shows, have none of them; the same facts where they show keep their findings."""

from __future__ import annotations

import base64
import io
import json
import sys
from pathlib import Path

import pytest
from PIL import Image
from typer.testing import CliRunner

from brandcheck.api import check_paths
from brandcheck.cli import app
from brandcheck.document import open_document
from brandcheck.pipeline import RunOptions
from brandcheck.rule_settings import RuleSettings

sys.path.insert(0, str(Path(__file__).resolve().parent / "helpers"))

from svg_exports import body

FACT_RULES = RunOptions(rules=RuleSettings.build(select=["font", "production"]), ocr="off")
LOGO_RULES = RunOptions(rules=RuleSettings.build(select=["logo"]), ocr="off")
_OPEN = (
    '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" '
    'width="600" height="400" viewBox="0 0 600 400" fill="none">'
    '<rect width="600" height="400" fill="white"/>'
)
#: a font the profile does not allow (BC301), smaller than its 7 pt minimum (BC303)
WORDS = (
    '<text x="{x}" y="{y}" font-family="Comic Sans MS" font-size="5" fill="#000">Fine print</text>'
)
#: ways a design tool hides content, each showing the top-left 300 x 200 units only
HIDERS = {
    "clip": (
        '<defs><clipPath id="clip0_1_2"><rect width="300" height="200" fill="white"/></clipPath>'
        '</defs><g clip-path="url(#clip0_1_2)">{}</g>'
    ),
    "mask": (
        '<mask id="mask0_1_2" style="mask-type:alpha" maskUnits="userSpaceOnUse" x="0" y="0" '
        'width="600" height="400"><rect width="300" height="200" fill="#D9D9D9"/></mask>'
        '<g mask="url(#mask0_1_2)">{}</g>'
    ),
    # Illustrator's artboard clip: a <use> of a rectangle kept in <defs>
    "illustrator clip": (
        '<defs><rect id="SVGID_1_" width="300" height="200"/></defs><clipPath id="SVGID_2_">'
        '<use xlink:href="#SVGID_1_" style="overflow:visible;"/></clipPath>'
        '<g style="clip-path:url(#SVGID_2_);">{}</g>'
    ),
}
HIDDEN, SHOWN = (380, 300), (40, 100)  # outside and inside what a hider shows


def _svg(tmp_path: Path, name: str, inner: str) -> Path:
    path = tmp_path / name
    path.write_text(f"{_OPEN}{inner}</svg>\n")
    return path


def _rules(path: Path, options: RunOptions = FACT_RULES) -> set[str]:
    [file] = check_paths([path], "stockholm", options).files
    assert file.status != "error", file.findings
    return {f.rule for f in file.findings}


def _words(at: tuple[int, int]) -> str:
    return WORDS.format(x=at[0], y=at[1])


@pytest.mark.parametrize("hider", HIDERS)
def test_text_a_clip_or_mask_hides_is_not_judged(tmp_path, hider):
    """Figma's frame clip and its "use as mask": text outside what they show was judged for
    its font (BC301) and size (BC303); inside, it still is."""
    hidden = _svg(tmp_path, "hidden.svg", HIDERS[hider].format(_words(HIDDEN)))
    shown = _svg(tmp_path, "shown.svg", HIDERS[hider].format(_words(SHOWN)))
    assert {"BC301", "BC303"} <= _rules(shown)
    assert not {"BC301", "BC303"} & _rules(hidden)


@pytest.mark.parametrize(
    "style", ["opacity:0", "display:none", "visibility:hidden"], ids=lambda s: s.split(":")[0]
)
def test_text_a_style_hides_is_not_judged(tmp_path, style):
    """A layer at 0 % opacity (MuPDF reads no opacity from a style), or hidden."""
    hidden = _svg(tmp_path, "hidden.svg", f'<g style="{style}">{_words(SHOWN)}</g>')
    assert not {"BC301", "BC303"} & _rules(hidden)
    shown = _svg(tmp_path, "shown.svg", f'<g style="opacity:0.8">{_words(SHOWN)}</g>')
    assert {"BC301", "BC303"} <= _rules(shown)


@pytest.mark.parametrize(
    "kept",
    ['<defs><g id="words">{}</g></defs>', '<symbol id="words">{}</symbol>'],
    ids=["defs", "symbol"],
)
def test_text_a_use_draws_is_judged_where_it_shows(tmp_path, kept):
    """Text kept in <defs> or a <symbol> and drawn by a <use>, on a page with a clip: the
    copies without text must lose it too, or it would look hidden."""
    kept = kept.format(_words(SHOWN)) + '<use xlink:href="#words"/>'
    page = _svg(tmp_path, "used.svg", HIDERS["clip"].format("") + kept)
    assert {"BC301", "BC303"} <= _rules(page)


def test_text_that_clips_and_is_also_shown_by_a_use_is_judged(tmp_path):
    """Text kept in <defs>, drawn by one <use> and clipping a panel through another (a
    Figma or Illustrator text clipping mask over a copy of it): what clips stayed in the
    copies without text, so the shown text looked hidden and was not judged."""
    text = _words(SHOWN).replace("<text ", '<text id="words" ')
    clipping = (
        f'<defs>{text}<clipPath id="by_words"><use xlink:href="#words"/></clipPath></defs>'
        '<g clip-path="url(#by_words)"><rect width="600" height="400" fill="#ccc"/></g>'
    )
    page = _svg(tmp_path, "clipping.svg", clipping + '<use xlink:href="#words"/>')
    assert {"BC301", "BC303"} <= _rules(page)
    hidden = _svg(tmp_path, "hidden.svg", clipping)  # only clipping: nothing shows the text
    assert not {"BC301", "BC303"} & _rules(hidden)


MISPLACED_TEXT = {
    "on a path": (
        '<defs><path id="curve" d="M40 300 C 140 250 240 350 340 300"/></defs>'
        '<text font-family="Comic Sans MS" font-size="5" fill="#000">'
        '<textPath xlink:href="#curve">Fine print on a path</textPath></text>'
    ),
    "kerned by hand": _words((300, 300)).replace(
        'x="300"', 'x="300 303 306 309 311 314 317 320 323 326"'
    ),
}


@pytest.mark.parametrize("text", MISPLACED_TEXT.values(), ids=MISPLACED_TEXT)
def test_text_mupdf_reads_elsewhere_is_judged(tmp_path, text):
    """Illustrator's type on a path (a <textPath>) and text with a position for each letter:
    MuPDF reads them at the page's left edge or top left corner, where resvg draws none, so
    on a page with a clip they looked hidden and their font (BC301) and size (BC303) were
    not judged."""
    page = _svg(tmp_path, "misplaced.svg", HIDERS["clip"].format("") + text)
    assert {"BC301", "BC303"} <= _rules(page)


def _low_resolution_picture(at: tuple[int, int]) -> str:
    """A 40 x 30 pixel photo placed 200 x 150 units large: 14 ppi (BC501)."""
    out = io.BytesIO()
    Image.new("RGB", (40, 30), (180, 60, 40)).save(out, "PNG")
    data = base64.b64encode(out.getvalue()).decode()
    return (
        f'<image x="{at[0]}" y="{at[1] - 100}" width="200" height="150" '
        f'xlink:href="data:image/png;base64,{data}"/>'
    )


def test_a_picture_a_clip_hides_is_not_judged_for_its_resolution(tmp_path):
    clip = HIDERS["clip"]
    hidden = _svg(tmp_path, "hidden.svg", clip.format(_low_resolution_picture((320, 320))))
    shown = _svg(tmp_path, "shown.svg", clip.format(_low_resolution_picture((40, 140))))
    assert "BC501" in _rules(shown)
    assert "BC501" not in _rules(hidden)


def _clear_space_findings(path: Path) -> list[str]:
    [file] = check_paths([path], "stockholm", LOGO_RULES).files
    assert file.status != "error", file.findings
    assert [logo for page in file.pages for logo in page.logos]
    return [f.message for f in file.findings if f.rule == "BC103"]


@pytest.mark.parametrize(
    "hidden_by",
    ['opacity="0"', 'style="opacity:0"', 'mask="url(#none)"', 'clip-path="url(#SVGID_2_)"'],
)
def test_a_shape_nobody_sees_is_not_in_a_logos_clear_space(tmp_path, hidden_by):
    """A shape left at 0 % opacity, masked out, or outside Illustrator's clip (a <use> of a
    rectangle in <defs>) beside the logo: MuPDF read it as a graphic in the logo's clear
    space (BC103)."""
    logo = f'<g transform="translate(100 100) scale(1.2)">{body()}</g>'
    resources = (
        '<mask id="none"><rect width="600" height="400" fill="black"/></mask>'
        '<defs><rect id="SVGID_1_" width="400" height="400"/></defs><clipPath id="SVGID_2_">'
        '<use xlink:href="#SVGID_1_" style="overflow:visible;"/></clipPath>'
    )
    shape = '<path d="M440 130 L470 130 L455 170 Z" fill="#E5006C" {}/>'
    hidden = _svg(tmp_path, "hidden.svg", resources + logo + shape.format(hidden_by))
    shown = _svg(tmp_path, "shown.svg", resources + logo + shape.format(""))
    assert _clear_space_findings(shown)
    assert _clear_space_findings(hidden) == []


def test_a_shape_that_clips_and_is_also_shown_by_a_use_is_judged(tmp_path):
    """A triangle kept in <defs>, clipping a panel through one <use> and drawn in a colour
    not in the palette by another (Illustrator's clip of a <use>): what clips stayed in the
    copies without shapes, so the shown triangle looked hidden and lost its BC201."""
    clipping = (
        '<defs><path id="mark" d="M440 130 L470 130 L455 170 Z"/><clipPath id="by_mark">'
        '<use xlink:href="#mark"/></clipPath></defs>'
        '<g clip-path="url(#by_mark)"><rect width="600" height="400" fill="#FCE3EB"/></g>'
    )
    page = _svg(tmp_path, "shown.svg", clipping + '<use xlink:href="#mark" fill="#3A7F1C"/>')
    colours = RunOptions(rules=RuleSettings.build(select=["BC201"]), ocr="off")
    assert "BC201" in _rules(page, colours)


def test_text_in_its_grounds_colour_is_still_read(tmp_path):
    """White text on a white panel shows nothing either, but it is not hidden by a clip: it
    stays among the page's spans, for the checks of text nobody can read."""
    panel = '<rect x="20" y="60" width="260" height="60" fill="white"/>'
    white = _words(SHOWN).replace('fill="#000"', 'fill="#FFFFFF"')
    page = _svg(tmp_path, "white.svg", HIDERS["clip"].format(panel + white))
    document = open_document(page)
    try:
        assert [s.text for s in document.page(0).spans()] == ["Fine print"]
    finally:
        document.close()


def test_white_text_set_white_by_an_important_stylesheet_rule_is_still_judged(tmp_path):
    """A stylesheet's ``fill: #FFFFFF !important`` beat the magenta style attribute in resvg,
    so white text on white looked hidden by a clip and lost its contrast finding (BC203)."""
    style = "<style>.st0{fill:#FFFFFF !important;}</style>"
    contrast = RunOptions(rules=RuleSettings.build(select=["BC203"]), ocr="off")

    def white(at: tuple[int, int]) -> str:
        return _words(at).replace('fill="#000"', 'class="st0"')

    shown = _svg(tmp_path, "shown.svg", style + HIDERS["clip"].format("") + white(SHOWN))
    hidden = _svg(tmp_path, "hidden.svg", style + HIDERS["clip"].format(white(HIDDEN)))
    assert "BC203" in _rules(shown, contrast)
    assert "BC203" not in _rules(hidden, contrast)  # where the clip hides it, it still goes


def test_the_cli_leaves_clipped_text_unjudged(tmp_path):
    page = _svg(tmp_path, "clipped.svg", HIDERS["clip"].format(_words(HIDDEN) + _words(SHOWN)))
    args = ["check", "--select", "font", "--ocr", "off", "--format", "json", str(page)]
    result = CliRunner().invoke(app, args)
    [file] = json.loads(result.stdout)["files"]
    texts = [f["message"] for f in file["findings"] if f["rule"] in ("BC301", "BC303")]
    assert texts  # the text the clip shows is judged
    hidden_only = _svg(tmp_path, "hidden.svg", HIDERS["clip"].format(_words(HIDDEN)))
    result = CliRunner().invoke(app, [*args[:-1], str(hidden_only)])
    [file] = json.loads(result.stdout)["files"]
    assert [f["rule"] for f in file["findings"] if f["rule"] in ("BC301", "BC303")] == []


def _skip_notes(path: Path) -> list[str]:
    [file] = check_paths([path], "stockholm", FACT_RULES).files
    assert file.status != "error", file.findings
    notes = [f.message for f in file.findings if f.rule == "BC910"]
    return [note for note in notes if "judged as if they showed" in note]


def test_a_user_is_told_when_clip_paths_and_masks_are_not_drawn(tmp_path):
    """Text spaced as MuPDF does not read it is drawn by MuPDF, which leaves clip paths and
    masks out: what they hide is judged, and only a debug log line said so."""
    spaced = _words(SHOWN).replace("<text ", '<text letter-spacing="0.5em" ')
    clipped = _svg(tmp_path, "clipped.svg", HIDERS["clip"].format(spaced + _words(HIDDEN)))
    plain = _svg(tmp_path, "plain.svg", spaced)
    [note] = _skip_notes(clipped)
    assert "text spaced or aligned" in note
    assert _skip_notes(plain) == []  # nothing left undrawn: nothing to say


def test_the_note_names_what_the_file_hides_with(tmp_path):
    """Illustrator's Responsive export (a viewBox, no width and height) is drawn by MuPDF; with
    only opacity in it, the note said MuPDF left out clip paths and masks the file does not
    have, and did not name the opacity whose hidden text was judged."""
    inner = '<g opacity="0">' + _words(SHOWN) + "</g>"
    page = tmp_path / "responsive.svg"
    page.write_text(_OPEN.replace('width="600" height="400" ', "") + inner + "</svg>\n")
    [note] = _skip_notes(page)
    assert "clip path" not in note and "mask" not in note
    assert "opacity" in note and "a viewBox but not both a width and a height" in note
    clipped = _OPEN.replace('width="600" height="400" ', "")
    page.write_text(clipped + HIDERS["clip"].format(_words(HIDDEN)) + "</svg>\n")
    [note] = _skip_notes(page)
    assert "clip paths" in note and "mask" not in note and "opacity" not in note


def test_a_user_is_told_when_resvg_fails_on_the_page(tmp_path, monkeypatch):
    """resvg refusing a file (a panic in it) fell back to MuPDF's pixels silently."""
    from brandcheck import svg_render

    def refuses(*_args, **_kwargs):
        raise ValueError("resvg could not draw it (panic)")

    monkeypatch.setattr(svg_render, "draw", refuses)
    page = _svg(tmp_path, "clipped.svg", HIDERS["clip"].format(_words(HIDDEN)))
    [note] = _skip_notes(page)
    assert "its drawing failed" in note
    assert {"BC301", "BC303"} <= _rules(page)  # judged as MuPDF reads it, as before


AFFINITY = (
    '<svg width="100%" height="100%" viewBox="0 0 300 200" version="1.1" '
    'xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" '
    'xml:space="preserve" style="fill-rule:evenodd;clip-rule:evenodd;">'
    '<rect x="0" y="0" width="300" height="200" style="fill:#fce3eb;"/>'
    '<rect x="250" y="150" width="50" height="50" style="fill:#22aa22;"/>'
    '<text x="20" y="50" style="font-family:\'Stockholm Type\';font-size:6px;">Fine print</text>'
    "</svg>\n"
)


def test_an_affinity_export_sized_in_percent_is_its_viewboxs_size(tmp_path):
    """Affinity writes width="100%" height="100%": MuPDF made the page US Letter with the
    design fitted in it, so 6 pt text was read at 12 pt (no BC303) on a page of empty bands."""
    path = tmp_path / "affinity.svg"
    path.write_text(AFFINITY)
    [file] = check_paths([path], "stockholm", FACT_RULES).files
    [page] = file.pages
    assert (page.width, page.height) == (300, 200)
    assert "BC303" in {f.rule for f in file.findings}
    document = open_document(path)
    try:
        pixels = document.page(0).raster()
        scale = pixels.shape[1] / 300
        green = pixels[..., 1].astype(int) > pixels[..., 0].astype(int) + 60
        ys, xs = green.nonzero()
        assert (xs.min() / scale, ys.min() / scale) == pytest.approx((250, 150), abs=1.5)
        [span] = document.page(0).spans()
        assert span.bbox[0] == pytest.approx(20, abs=1) and span.size == pytest.approx(6)
    finally:
        document.close()
    assert path.read_text() == AFFINITY  # the file itself is left as it was


@pytest.mark.parametrize("size", ['width="210mm" height="100%"', 'width="100%" height="297mm"'])
def test_an_svg_with_one_side_in_percent_keeps_its_viewboxs_shape(tmp_path, size):
    """One side in millimetres, the other in percent: the percent side became the viewBox's
    number in user units (297 pt high, not 297 mm), so an A4 page's 4 mm text was read at 4 pt
    (BC303, too small); a browser keeps the viewBox's shape."""
    path = tmp_path / "a4.svg"
    path.write_text(
        f'<svg xmlns="http://www.w3.org/2000/svg" {size} viewBox="0 0 210 297">'
        '<rect width="210" height="297" fill="#fce3eb"/>'
        '<text x="10" y="20" font-family="Arial" font-size="4">Fine print</text></svg>\n'
    )
    [file] = check_paths([path], "stockholm", FACT_RULES).files
    [report] = file.pages
    assert (report.width, report.height) == pytest.approx((595.3, 841.9), abs=0.2)
    assert "BC303" not in {f.rule for f in file.findings}


def _kept_notes(path: Path) -> list[str]:
    [file] = check_paths([path], "stockholm", FACT_RULES).files
    assert file.status != "error", file.findings
    notes = [f.message for f in file.findings if f.rule == "BC910"]
    return [note for note in notes if "were not compared" in note]


def _counting_draws(monkeypatch) -> list[str]:
    """The SVGs resvg is asked to draw, as they are given to it."""
    from brandcheck import svg_render

    asked: list[str] = []
    draw = svg_render._rgba

    def counted(svg, *args):
        asked.append(svg)
        return draw(svg, *args)

    monkeypatch.setattr(svg_render, "_rgba", counted)
    return asked


def test_a_page_of_thousands_of_elements_is_not_drawn_again_and_says_so(tmp_path, monkeypatch):
    """Each of up to three more drawings fills every path again (10,000 masked paths: 13 s
    of CPU instead of 6): past ``MAX_ELEMENTS`` the page's facts all stay, as before hidden
    facts were dropped, and a note says what hides some may have been judged."""
    dots = "".join(
        f'<rect x="{i % 100 * 3}" y="{i // 100 * 3}" width="1" height="1" fill="#000"/>'
        for i in range(5_200)
    )
    page = _svg(tmp_path, "dots.svg", HIDERS["mask"].format(dots + _words(HIDDEN)))
    asked = _counting_draws(monkeypatch)
    assert {"BC301", "BC303"} <= _rules(page)  # judged, as MuPDF reads it
    assert len([svg for svg in asked if "Fine print" in svg]) == 1  # the page raster only
    [note] = _kept_notes(page)
    assert "5,203 shapes, texts and pictures" in note  # with the ground and the mask


def test_a_page_slow_to_draw_again_is_not_drawn_more(tmp_path, monkeypatch):
    """Past ``MAX_COPIES_SECONDS`` of resvg's CPU on a page's copies, the kinds still to be
    compared keep their facts, said."""
    from brandcheck.document import svg_shown

    monkeypatch.setattr(svg_shown, "MAX_COPIES_SECONDS", -1.0)
    page = _svg(tmp_path, "clipped.svg", HIDERS["clip"].format(_words(HIDDEN)))
    assert {"BC301", "BC303"} <= _rules(page)
    [note] = _kept_notes(page)
    assert "drawing it again took" in note


def test_a_user_is_told_when_resvg_fails_on_a_copy_of_the_page(tmp_path, monkeypatch):
    """resvg drawing the page but failing on a copy of it without its pictures kept every
    fact, rightly, but said nothing."""
    from brandcheck import svg_render

    draw = svg_render.draw

    def fails_on_copies(root, *args, **kwargs):
        if not any(svg_render.local_name(e) == "image" for e in root.iter()):
            raise ValueError("resvg could not draw it (panic)")
        return draw(root, *args, **kwargs)

    monkeypatch.setattr(svg_render, "draw", fails_on_copies)
    picture = _low_resolution_picture((40, 140))
    page = _svg(tmp_path, "clipped.svg", HIDERS["clip"].format(picture + _words(HIDDEN)))
    assert {"BC301", "BC303"} <= _rules(page)
    [note] = _kept_notes(page)
    assert "could not be drawn again without" in note


def test_a_pattern_filled_by_a_photo_is_drawn_as_the_photo(tmp_path, monkeypatch):
    """Figma's image fill: resvg drew the pattern's whole tile at each drawing's zoom, for
    the logo search's 8 times sharper crop too (seconds a poster); drawn as the photo in a
    frame, the same pixels come out as resvg's pattern gives (a pattern naming its default
    ``patternUnits`` is left as it is), but at the rectangle's edges. The page raster, no
    smaller than the tile, is drawn with the pattern, as before."""
    out = io.BytesIO()
    Image.new("RGB", (300, 200), (30, 120, 200)).save(out, "PNG")
    data = base64.b64encode(out.getvalue()).decode()
    fill = (
        '<rect x="100" y="50" width="300" height="200" fill="url(#pattern0_1_2)"/><defs>'
        '<pattern id="pattern0_1_2" patternContentUnits="objectBoundingBox" width="1" '
        'height="1"{}><use xlink:href="#image0_1_2" transform="scale(0.00333333 0.005)"/>'
        f'</pattern><image id="image0_1_2" width="300" height="200" '
        f'xlink:href="data:image/png;base64,{data}"/></defs>'
    )
    asked = _counting_draws(monkeypatch)
    figma = open_document(_svg(tmp_path, "fill.svg", fill.format("")))
    default = ' patternUnits="objectBoundingBox"'
    untouched = open_document(_svg(tmp_path, "same.svg", fill.format(default)))
    try:
        rewritten = figma.page(0).render_region((90, 40, 150, 80), 8.0)  # 480 x 320 px
        assert asked and not any("url(#pattern0_1_2)" in svg for svg in asked)
        as_pattern = untouched.page(0).render_region((90, 40, 150, 80), 8.0)
        assert rewritten.shape == as_pattern.shape == (320, 480, 3)
        apart = abs(rewritten.astype(int) - as_pattern.astype(int)).max(axis=2) > 2
        # the same but at the rectangle's edges (x, y 100, 50: pixel 80), which resvg's tile,
        # a whole number of pixels large, blurs
        assert not apart[82:, 82:].any()
        assert not apart[:78].any() and not apart[:, :78].any()
        del asked[:]
        figma.page(0).raster()  # the page at its raster's zoom: the tile is no larger
        assert any("url(#pattern0_1_2)" in svg for svg in asked)
    finally:
        figma.close()
        untouched.close()


def test_text_too_small_for_the_rasters_pixels_is_judged(tmp_path):
    """A banner 90 m long is drawn a pixel for 30 mm: 6 pt text on it changes no pixel, so
    drawing the page without it changed nothing and it was taken for hidden (an inner <svg>,
    a placed component, makes the page compared), and BC303 passed it."""
    banner = tmp_path / "banner.svg"
    banner.write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" width="90000mm" height="10mm">'
        '<rect width="100%" height="100%" fill="white"/>'
        '<text x="10mm" y="8mm" font-family="Arial" font-size="6pt">Fri entré</text>'
        '<svg x="50%" y="1mm" width="20mm" height="5mm"><rect width="9" height="9" '
        'fill="#E5006C"/></svg></svg>'
    )
    args = ["check", "--select", "BC303", "--ocr", "off", "--format", "json", str(banner)]
    (file,) = json.loads(CliRunner().invoke(app, args).output)["files"]
    assert [(f["rule"], f["measured"]) for f in file["findings"]] == [("BC303", 6.0)]
