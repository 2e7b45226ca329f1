"""An SVG document's page pixels drawn by resvg, on the pixel grid MuPDF would draw them on.

MuPDF reads an SVG's text, fonts and drawings (the vector facts), but draws it without clip
paths, masks and dashes (its stylesheet and hidden elements are rewritten for it, ``svg_styles``):
the raster the checks look at showed art a browser does not (a Figma frame's clipped children,
masked-out parts). resvg
draws the page instead (``svg_render``, with its safety: nothing outside the file read, deep
references refused, noise capped), at MuPDF's page size and on its whole-pixel grid, so a box
from the vector facts lands on the same pixels.
"""

from __future__ import annotations

import logging
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import numpy as np
import pymupdf

from brandcheck import svg_nested, svg_render
from brandcheck.document.native_path import openable
from brandcheck.errors import InputError
from brandcheck.report import Finding
from brandcheck.rules import page_rule_codes
from brandcheck.svg_pattern_fills import unpatterned
from brandcheck.svg_units import user_length

_log = logging.getLogger(__name__)


def prepared(path: Path | str, max_picture_pixels: int) -> tuple[ET.Element | None, Finding | None]:
    """The SVG at ``path`` as resvg may draw it; None when Python cannot parse its XML, or
    MuPDF must draw it (``mupdf_only``), with a note (``undrawn``) when that leaves out clip
    paths, masks or opacity it has. Raises InputError (``file.too_large``) when its
    references nest too deep for resvg or it embeds a picture of more than
    ``max_picture_pixels`` (``Limits.max_image_pixels``, as a picture file's), and
    (``file.unreadable``) when it cannot be read."""
    try:
        with openable(path) as name, open(name, "rb") as fh:
            data = fh.read()
    except OSError as exc:
        raise InputError("file.unreadable", f"cannot read file: {exc.strerror or exc}") from exc
    try:
        root = svg_render.drawable(data, max_picture_pixels)
    except (svg_render.TooDeep, svg_render.PictureTooLarge) as exc:
        raise InputError("file.too_large", f"the SVG {exc}; it was not drawn") from None
    if root is None:
        _log.debug("MuPDF draws the SVG page: Python cannot parse its XML")
        found = {m.group(1) for m in _HIDER_IN_CSS.finditer(data.decode("utf-8", "replace"))}
        kinds = tuple(kind for kind in _HIDERS if kind in found)
        return None, undrawn("its XML is not well-formed", kinds) if kinds else None
    why = mupdf_only(root)
    if why:
        _log.debug("MuPDF draws the SVG page: %s", why)
        kinds = hiding_kinds(root)
        return None, undrawn(why, kinds) if kinds else None
    return root, None


#: what hides content that MuPDF draws anyway, as an attribute or in CSS (an unparsable file's
#: ``clip-path="..."`` is found by it too)
_HIDERS = ("clip-path", "mask", "opacity", "filter")
#: each of ``_HIDERS`` as a designer names it in the note
_HIDER_WORDS = {
    "clip-path": "clip paths",
    "mask": "masks",
    "opacity": "opacity",
    "filter": "filters",
}
_HIDER_IN_CSS = re.compile(r"(?<![\w-])(clip-path|mask|opacity|filter)\s*[:=]")


def may_hide(root: ET.Element) -> bool:
    """Whether the SVG has a clip path, mask, opacity or filter (attribute, style or
    stylesheet): what resvg draws and MuPDF does not, which can hide text, pictures, shapes."""
    return bool(hiding_kinds(root))


def hiding_kinds(root: ET.Element) -> tuple[str, ...]:
    """Which of ``_HIDERS`` the SVG has (attribute, style or stylesheet), in their order; an
    inner `<svg>` clips what it holds to its box (unless its `overflow` is visible), as a clip
    path does."""
    found: set[str] = set()
    for element in root.iter():
        found.update(kind for kind in _HIDERS if kind in element.attrib)
        if element is not root and svg_render.local_name(element) == "svg":
            shown = element.get("overflow", "") + element.get("style", "")
            if "visible" not in shown and "auto" not in shown:
                found.add("clip-path")
        css = element.get("style", "")
        if svg_render.local_name(element) == "style":
            css += element.text or ""
        found.update(match.group(1) for match in _HIDER_IN_CSS.finditer(css))
    return tuple(kind for kind in _HIDERS if kind in found)


#: the merge key of ``undrawn``: one note a file, however many pages or renders it comes from
UNDRAWN = "svg clips not drawn"


def undrawn(why: str, kinds: tuple[str, ...]) -> Finding:
    """check.skipped (BC910) for an SVG with clip paths, masks, opacity or filters (``kinds``,
    of ``_HIDERS``) that MuPDF, not resvg, draws: what they hide is judged as if it showed.
    The note names only the kinds the file has."""
    words = [_HIDER_WORDS[kind] for kind in kinds]
    named = words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]
    return Finding.of(
        "check.skipped",
        f"This SVG could not be drawn as a browser draws it ({why}), so text, pictures and "
        f"shapes hidden by its {named} were judged as if they showed; check such findings by "
        "eye.",
        merge_key=UNDRAWN,
        details={"rules": page_rule_codes()},
    )


#: how much text resvg may lay out for a page, in its cost's units (``_text_work``): about 2 s.
#: Its time grows with a <text>'s characters squared, and with them times its <tspan>s (100,000
#: characters took 17 s, 5,000 one-letter <tspan>s 7 s); MuPDF draws such a page in a second
MAX_TEXT_WORK = 1_000_000_000
_PART_COST = 150  # a <tspan> costs resvg as much as this many characters more, for each one


def mupdf_only(root: ET.Element) -> str | None:
    """Why MuPDF, not resvg, must draw the SVG's page, or None: where MuPDF places the drawing
    otherwise than a browser (a viewBox without a width or height, "slice", an inner <svg>
    moved by an x or y ``svg_nested`` cannot read, a <symbol> its viewBox scales), resvg's
    pixels would not lie under MuPDF's vector facts; and more text than resvg lays out in
    time."""
    if root.get("viewBox") and (root.get("width") is None or root.get("height") is None):
        return "it has a viewBox but not both a width and a height"
    if _symbol_scaled(root):
        return "a <symbol> its viewBox scales or moves where it is used"
    if svg_nested.unplaceable(root):
        return "an inner <svg> placed by an x or y in em or in percent of an unknown size"
    text_work = 0
    smallest = _smallest_fonts(root)
    for element in root.iter():
        name = svg_render.local_name(element)
        if name == "svg" and "slice" in element.get("preserveAspectRatio", ""):
            return 'preserveAspectRatio "slice"'
        text_work += _text_work(element) if name == "text" else 0
        own = [*element.attrib.items(), *_DECLARATION.findall(element.get("style", ""))]
        if _spaced(own, smallest.get(element)):
            return "text spaced or aligned in a way the checks cannot follow"
        rules = (element.text or "").split("}") if name == "style" else ()
        if any(_spaced(_DECLARATION.findall(rule)) for rule in rules):
            return "text spaced or aligned in a way the checks cannot follow"
    if text_work > MAX_TEXT_WORK:
        return "more text than can be laid out in a few seconds"
    return None


#: a CSS declaration's property and value (a style attribute's, a stylesheet's)
_DECLARATION = re.compile(r"([\w-]+)\s*:\s*([^;}]*)")
#: text layout MuPDF leaves out, by the values that change nothing: resvg's glyphs would lie
#: beside the spans MuPDF reads (a letter-spacing of 20 drew a word twice as long)
_LAYOUT_NEUTRAL = {
    "letter-spacing": ("normal", "0"),
    "word-spacing": ("normal", "0"),
    "dominant-baseline": ("auto", "alphabetic"),
    "alignment-baseline": ("auto", "baseline", "alphabetic"),
}


def _spaced(declarations, smallest: float | None = None) -> bool:
    """Whether these (property, value) pairs (one element's, or one stylesheet rule's) lay
    text out as MuPDF does not: ``textLength``, or a spacing or baseline of
    ``_LAYOUT_NEUTRAL`` other than a neutral value, but for a letter-spacing within
    ``MAX_TRACKING`` of the font size. ``smallest`` is the smallest font size set on the
    element or inside it, in user units (None when none is: the size the pairs name)."""
    declarations = [(prop.strip(), value.strip().lower()) for prop, value in declarations]
    sizes = [user_length(v, None) for p, v in declarations if p == "font-size"]
    own_size = next((size for size in sizes if size is not None and size > 0), None)
    for prop, value in declarations:
        if prop == "textLength":
            return True
        if prop == "letter-spacing" and _tracking(value, own_size, smallest):
            continue
        if prop in _LAYOUT_NEUTRAL and value not in _LAYOUT_NEUTRAL[prop]:
            number = re.fullmatch(r"[-+]?0*\.?0*(px|em|pt)?", value)
            if not (number and value):
                return True
    return False


#: the letter-spacing resvg may draw, either way, as a share of the font size: Figma's and
#: Illustrator's tracking (-3 % to +5 %). MuPDF leaves it out, so resvg's line runs that share
#: of its length past or short of MuPDF's span (measured: 0.02 em 3-5 %, 0.05 em 8-12 %, less
#: than the fonts' own widths differ, Verdana's 25 %); no check's finding changed on exports so
#: tracked, and a mask or clip they hold is drawn. 0.1 em, or 1 px on 10 px text, moves too far
MAX_TRACKING = 0.05


def _tracking(value: str, own_size: float | None, smallest: float | None) -> bool:
    """Whether a letter-spacing ``value`` is tracking resvg may draw (``MAX_TRACKING``):
    in em, of the font it is set with, and no smaller font inside it; in px or user units,
    of the smallest font size set with it or inside it (none set: not known to be small)."""
    match = re.fullmatch(r"([-+]?(?:\d+\.?\d*|\.\d+))(em|px)?", value)
    if match is None:
        return False
    spacing = abs(float(match.group(1)))
    if match.group(2) == "em":
        if own_size is None:  # the size it is set in is inherited: it holds if none inside
            return smallest is None and spacing <= MAX_TRACKING
        spacing *= own_size
    if own_size is not None:
        smallest = own_size if smallest is None else min(smallest, own_size)
    return smallest is not None and spacing <= MAX_TRACKING * smallest


def _smallest_fonts(root: ET.Element) -> dict[ET.Element, float]:
    """The smallest font size (in user units, one in pt or mm as a browser reads it) set on
    each element or inside it, for the elements that have one: worked out once, children
    before parents (an element by element walk of each one's inside took minutes on
    thousands of nested groups)."""
    smallest: dict[ET.Element, float] = {}
    for element in reversed(list(root.iter())):
        style = dict(_DECLARATION.findall(element.get("style", "")))
        given = (element.get("font-size"), style.get("font-size"))
        sizes = [user_length(size, None) for size in given if size]
        sizes = [size for size in sizes if size is not None and size > 0]
        sizes += [smallest[child] for child in element if child in smallest]
        if sizes:
            smallest[element] = min(sizes)
    return smallest


def _text_work(text: ET.Element) -> int:
    """resvg's cost of laying out one <text>, in ``MAX_TEXT_WORK``'s units."""
    characters = sum(map(len, text.itertext()))
    return characters * (characters + _PART_COST * (sum(1 for _ in text.iter()) - 1))


def _symbol_scaled(root: ET.Element) -> bool:
    """Whether a <use> draws a <symbol> whose viewBox maps it otherwise than one to one at
    its x and y: MuPDF leaves the symbol's viewBox out (Illustrator's symbols, a symbol
    library's icons are drawn at their own size, where a browser fits them to the <use>)."""
    boxes = {
        element.get("id"): element.get("viewBox")
        for element in root.iter()
        if svg_render.local_name(element) == "symbol" and element.get("viewBox")
    }
    if not boxes:
        return False
    for use in root.iter():
        if svg_render.local_name(use) != "use":
            continue
        link = next((use.get(name) for name in svg_render.HREFS if use.get(name)), "")
        box = boxes.get(link.strip()[1:]) if link.strip().startswith("#") else None
        if box is not None and not _one_to_one(box, use.get("width"), use.get("height")):
            return True
    return False


def _one_to_one(view_box: str, width: str | None, height: str | None) -> bool:
    """Whether a viewBox at 0, 0 is as wide and high as the <use> showing it asks."""
    try:
        x, y, w, h = (float(v) for v in view_box.replace(",", " ").split())
        asked = (
            float((width or "").strip().removesuffix("px")),
            float((height or "").strip().removesuffix("px")),
        )
    except ValueError:  # a unit, a percentage, no size (100 %): not one to one
        return False
    return (x, y) == (0, 0) and asked == (w, h)


def rgb(
    root: ET.Element, page: pymupdf.Page, matrix: pymupdf.Matrix, clip: pymupdf.Rect | None = None
) -> np.ndarray | None:
    """The SVG page (or its part ``clip``, in page units) drawn by resvg over white, at the
    zoom ``matrix`` gives, as ``page.get_pixmap(matrix=matrix, clip=clip)`` would be: the
    same pixel size, and pixel (0, 0) at the same place. None when there is no such pixel or
    resvg cannot draw the file (the caller lets MuPDF draw it). A picture filling a rectangle
    as a pattern is drawn as the picture where its tile is many times the pixels drawn (a
    sharper crop, ``svg_pattern_fills``): only the pixels shown."""
    rect = page.rect if clip is None else pymupdf.Rect(clip) & page.rect
    grid = (rect * matrix).irect  # MuPDF's whole pixels: out from the corners, less 0.001
    if grid.is_empty:
        return None
    sx, sy = matrix.a, matrix.d
    part = (
        grid.x0 / sx - page.rect.x0,
        grid.y0 / sy - page.rect.y0,
        grid.x1 / sx - page.rect.x0,
        grid.y1 / sy - page.rect.y0,
    )
    size = (page.rect.width, page.rect.height)
    try:
        given = unpatterned(root, (sx, sy), grid.width * grid.height)
        drawn = svg_render.draw(given, size, (sx, sy), part, background="white")
    except ValueError as exc:  # resvg refused or panicked: MuPDF's drawing is better than none
        _log.debug("resvg could not draw the SVG page, MuPDF does: %s", exc)
        return None
    # resvg's size comes from the same numbers as floats: should it still miss MuPDF's by a
    # pixel, it is cut or padded with white, never stretched
    out = np.full((grid.height, grid.width, 3), 255, np.uint8)
    h, w = min(grid.height, drawn.shape[0]), min(grid.width, drawn.shape[1])
    out[:h, :w] = drawn[:h, :w, :3]
    return out
