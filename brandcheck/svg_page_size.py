"""An SVG sized in percent (Affinity's width="100%") given its viewBox's size, not US Letter.

A percentage is of a window the file does not have: MuPDF then makes the page US Letter
(612 x 792) and fits the viewBox in it, so a 300 x 200 design was checked on a page twice its
width with empty bands, its text read at twice its size. A browser shows such a file at its
viewBox's size, and design tools mean it so.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from brandcheck.svg_styles import parse

#: the root <svg> start tag, and a width or height in percent in it
_ROOT = re.compile(rb"<(?:[\w.-]+:)?svg\b[^>]*>")
_PERCENT = re.compile(rb"""\b(?:width|height)\s*=\s*["'][^"']*%""")


def sized_by_view_box(data: bytes) -> bytes | None:
    """``data`` with its root's width and height in percent replaced by its viewBox's size
    (one side in percent: the other's length at the viewBox's aspect); None when neither is
    in percent, it has no usable viewBox, or its XML cannot be parsed."""
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
        if given[name].endswith("%"):
            root.set(
                name, _at_aspect(given[other], view_box[name] / view_box[other], view_box[name])
            )
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)


#: a length: a number and its unit (none, px, mm, pt, ...)
_LENGTH = re.compile(r"([0-9]*\.?[0-9]+(?:[eE][-+]?[0-9]+)?)\s*([a-zA-Z]*)")


def _at_aspect(other: str, ratio: float, own: float) -> str:
    """A side given in percent: the other side's length (``other``) times the viewBox's
    ``ratio`` of the two, in its unit, as a browser sizes the file's picture (width="210mm"
    height="100%" on an A4 viewBox is 297 mm high); the viewBox's ``own`` size when the other
    side is in percent too or not a length."""
    match = _LENGTH.fullmatch(other)
    if match is None:
        return f"{own:g}"
    return f"{float(match.group(1)) * ratio:g}{match.group(2)}"
