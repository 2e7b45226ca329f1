"""An SVG sized in percent (Affinity's width="100%") given its viewBox's size, not US Letter.

A percentage is of a window the file does not have: MuPDF then makes the page US Letter
(612 x 792) and fits the viewBox in it, so a 300 x 200 design was checked on a page twice its
width with empty bands, its text read at twice its size. resvg, which draws the page, shows
such a file at its viewBox's size times the percentage (width="50%" height="50%": half of it),
and design tools mean 100 % so.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from brandcheck.svg_styles import parse

#: the root <svg> start tag, and a width or height in percent in it
_ROOT = re.compile(rb"<(?:[\w.-]+:)?svg\b[^>]*>")
_PERCENT = re.compile(rb"""\b(?:width|height)\s*=\s*["'][^"']*%""")


def sized_by_view_box(data: bytes) -> bytes | None:
    """``data`` with its root's width and height in percent replaced by that share of the
    size the side has at 100 %: its viewBox's, or with the other side a length, that length at
    the viewBox's aspect; None when neither is in percent, it has no usable viewBox, or its XML
    cannot be parsed."""
    tag = _ROOT.search(data)
    if tag is None or not _PERCENT.search(tag.group()):
        return None
    root = parse(data)
    if root is None:
        return None
    try:
        _x, _y, width, height = (
            float(v) for v in root.get("viewBox", "").replace(",", " ").split()
        )
    except ValueError:  # none, or not four numbers
        return None
    if not (width > 0 and height > 0):
        return None
    given = {name: root.get(name, "100%").strip() for name in ("width", "height")}
    view_box = {"width": width, "height": height}
    for name, other in (("width", "height"), ("height", "width")):
        share = _percent(given[name])
        if share is not None:
            number, unit = _at_aspect(
                given[other], view_box[name] / view_box[other], view_box[name]
            )
            root.set(name, f"{number * share:g}{unit}")
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)


#: a length: a number and its unit (none, px, mm, pt, ...)
_LENGTH = re.compile(r"([0-9]*\.?[0-9]+(?:[eE][-+]?[0-9]+)?)\s*([a-zA-Z]*)")


def _percent(value: str) -> float | None:
    """A side's share of its 100 % size (``"50%"``: 0.5); None when it is not in percent.
    One that is not a positive number (``"%"``, ``"0%"``) counts as 100 %."""
    if not value.endswith("%"):
        return None
    match = _LENGTH.fullmatch(value[:-1].strip())
    share = float(match.group(1)) / 100 if match and not match.group(2) else 0.0
    return share if share > 0 else 1.0


def _at_aspect(other: str, ratio: float, own: float) -> tuple[float, str]:
    """A side given in percent at 100 %: the other side's length (``other``) times the
    viewBox's ``ratio`` of the two, in its unit, as a browser sizes the file's picture
    (width="210mm" height="100%" on an A4 viewBox is 297 mm high); the viewBox's ``own`` size
    when the other side is in percent too or not a length."""
    match = _LENGTH.fullmatch(other)
    if match is None:
        return own, ""
    return float(match.group(1)) * ratio, match.group(2)
