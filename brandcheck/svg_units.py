"""An SVG's font sizes and lengths in pt, mm, in, em or % as the user units a browser reads."""

from __future__ import annotations

import math
import re
import xml.etree.ElementTree as ET

#: an SVG whose bytes hold none of these sets no length in such a unit in an attribute (one in
#: a style attribute or stylesheet makes ``for_mupdf`` look anyway)
WORTH_A_LOOK = re.compile(
    rb"""=\s*["'][-+\d.eE\s,]*\d\s*(?:pt|pc|mm|cm|in|em|ex)\b|font-size\s*=\s*["'][^"']*%"""
)
#: user units (CSS px) per unit
PX_PER = {"pt": 96 / 72, "pc": 16.0, "mm": 96 / 25.4, "cm": 96 / 2.54, "in": 96.0, "px": 1.0}
#: the font size browsers, MuPDF and resvg give text that inherits none, in user units
DEFAULT_FONT_SIZE = 16.0
#: a font size in pt, mm or in as print reads it over as it is drawn, on a page sized in px or
#: user units: print takes a user unit for a point (Illustrator's export, 72 to the inch), so
#: font-size="6pt", drawn 8 units high as in a browser, is 6 pt in print, not 8
PRINT_PER_DRAWN = 72 / 96
#: the attributes that hold a length or a list of lengths (font-size apart)
_LENGTHS = frozenset(
    {"x", "y", "dx", "dy", "width", "height", "cx", "cy", "r", "rx", "ry", "fx", "fy", "fr"}
    | {"x1", "y1", "x2", "y2", "stroke-width", "stroke-dasharray", "stroke-dashoffset"}
    | {"letter-spacing", "word-spacing", "markerWidth", "markerHeight", "refX", "refY"}
)
_NUMBER = r"[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?"
_ABSOLUTE_UNITS = ("pt", "pc", "mm", "cm", "in")
_ABSOLUTE = re.compile(rf"({_NUMBER})\s*({'|'.join(_ABSOLUTE_UNITS)})\b", re.I)
_LENGTH = re.compile(rf"\s*({_NUMBER})\s*(px|pt|pc|mm|cm|in|em|ex|%)?\s*", re.I)


def in_user_units(root: ET.Element) -> bool:
    """Rewrite ``root``'s font sizes and absolute lengths in user units; False when none was
    in another unit.

    Inside an SVG a CSS unit is a share of the CSS pixel, which is one user unit: a browser
    and resvg draw font-size="12pt" 16 units high (1 in = 96 px). MuPDF reads units at 72 to
    the inch (12pt as 12 units, 1 mm as 2.83), so 6 pt small print was read as 6 px, a quarter
    smaller than it shows. Given to MuPDF after the cascade (``svg_styles.for_mupdf``:
    stylesheets and style attributes are presentation attributes by then), each font size not
    in plain numbers becomes its size in user units (em, ex and % of the size it inherits, ex
    half an em as MuPDF and resvg take it), and each other length in an absolute unit its
    number of user units. The root's own x, y, width and height (the page's size, which MuPDF
    reads in any unit as points, a physical size) are left as they are; a root sized in an
    absolute unit without a viewBox gets the one a browser gives it (``px_view_box``). Keywords
    (``small``) are left: resvg does not size them as a browser does either."""
    changed = False
    stack: list[tuple[ET.Element, float]] = [(root, DEFAULT_FONT_SIZE)]
    while stack:
        node, inherited = stack.pop()
        size = inherited
        given = node.get("font-size")
        if given is not None:
            found = font_size(given, inherited)
            if found is not None:
                size, plain = found
                if not plain:
                    node.set("font-size", _number(size))
                    changed = True
        for name in _LENGTHS.intersection(node.attrib):
            if node is root and name in ("x", "y", "width", "height"):
                continue
            value = node.attrib[name]
            rewritten = _ABSOLUTE.sub(_in_px, value)
            if rewritten != value:
                node.set(name, rewritten)
                changed = True
        stack.extend((child, size) for child in node if isinstance(child.tag, str))
    box = px_view_box(root)
    if box is not None:
        root.set("viewBox", box)
        changed = True
    return changed


def px_view_box(root: ET.Element) -> str | None:
    """The viewBox a browser gives a root `<svg>` that has none and is sized in absolute
    units: its size in user units, CSS px (width="100mm" is 377.95 across), where MuPDF made
    each user unit a point (its text and art a third larger than drawn); None when it has a
    viewBox, or a side is in px, plain numbers, percent or missing."""
    if root.get("viewBox") is not None:
        return None
    width, height = _absolute_sides(root)
    if width is None or height is None:
        return None
    if not (0 < width < math.inf and 0 < height < math.inf):  # no page to fit a viewBox in
        return None
    return f"0 0 {_number(width)} {_number(height)}"


def print_scale(value: str | None, inherited: float, physical: bool) -> float:
    """What a font size ``value`` (None: not set) is in print over what it is drawn at, given
    the ratio it inherits: ``PRINT_PER_DRAWN`` for one in pt, pc, mm, cm or in on a page whose
    size is in px or user units (whose unit print reads as a point), the inherited ratio for
    em, ex and % (and a keyword), else 1. On a ``physical`` page (``physical_page``) a
    browser's reading is the print size: 1."""
    match = None if value is None else _LENGTH.fullmatch(value)
    if match is None:
        return inherited
    unit = (match.group(2) or "px").lower()
    if unit in ("em", "ex", "%"):
        return inherited
    return PRINT_PER_DRAWN if unit in _ABSOLUTE_UNITS and not physical else 1.0


def physical_page(root: ET.Element) -> bool:
    """Whether the root `<svg>` gives its page a size in an absolute unit (mm, pt, in, ...)."""
    return _absolute_sides(root) != (None, None)


def _absolute_sides(root: ET.Element) -> tuple[float | None, float | None]:
    """The root `<svg>`'s width and height in user units (CSS px) where each is given in an
    absolute unit (pt, pc, mm, cm, in); None for a side in px, plain numbers, percent, or
    not given. ``physical_page`` asks for either, ``px_view_box`` for both."""
    sides = []
    for name in ("width", "height"):
        match = _LENGTH.fullmatch(root.get(name, ""))
        unit = (match.group(2) or "").lower() if match else ""
        sides.append(float(match.group(1)) * PX_PER[unit] if unit in _ABSOLUTE_UNITS else None)
    return sides[0], sides[1]


def font_size(value: str, inherited: float) -> tuple[float, bool] | None:
    """A font-size value in user units, given the size it inherits, and whether it was a
    plain number or px already; None for a keyword or what is not a size."""
    size = user_length(value, inherited, inherited)
    if size is None or size < 0:  # a negative size is none: left as it is
        return None
    unit = _LENGTH.fullmatch(value).group(2)  # type: ignore[union-attr]
    return size, unit is None or unit.lower() == "px"


def user_length(value: str, reference: float | None, font: float | None = None) -> float | None:
    """One length in user units as a browser reads it: a number, or one in px, pt, pc, mm,
    cm or in; a percentage of ``reference``, em and ex (half an em) of ``font``; None for
    what is none of these, or relative to what is not given."""
    match = _LENGTH.fullmatch(value)
    if match is None:
        return None
    number, unit = float(match.group(1)), (match.group(2) or "px").lower()
    if unit in PX_PER:
        length = number * PX_PER[unit]
    else:
        of = reference if unit == "%" else font
        length = math.nan if of is None else number * {"em": 1.0, "ex": 0.5, "%": 0.01}[unit] * of
    return length if math.isfinite(length) else None  # 1e999pt is read as none


def user_lengths(element: ET.Element, names: tuple[str, ...]) -> list[float] | None:
    """Attributes ``names`` of ``element`` in user units as a browser reads them (a number, or
    a length in px, pt, pc, mm, cm or in; an absent one 0), or None when one is anything else
    (a percentage, em or ex: of what is not given here; a number apart from its unit, which
    Chromium reads as no length: it draws no picture whose width="360 px")."""
    out = []
    for name in names:
        given = element.get(name, "0")
        match = _LENGTH.fullmatch(given)
        if match is not None and match.group(2) and match.end(1) != match.start(2):
            return None
        length = user_length(given, None)
        if length is None:
            return None
        out.append(length)
    return out


def relative(value: str) -> bool:
    """Whether ``value`` is a length in em, ex or percent (of something ``user_length`` may
    not be given)."""
    match = _LENGTH.fullmatch(value)
    return match is not None and (match.group(2) or "").lower() in ("em", "ex", "%")


def _in_px(match: re.Match) -> str:
    length = float(match.group(1)) * PX_PER[match.group(2).lower()]
    return _number(length) if math.isfinite(length) else match.group()


def _number(value: float) -> str:
    """A number as MuPDF reads it: no exponent, at most four decimals."""
    return f"{value:.4f}".rstrip("0").rstrip(".") or "0"
