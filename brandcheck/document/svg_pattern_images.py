"""Photos an SVG page shows through a one-tile picture pattern (Figma's image fill), listed.

Figma exports a photo filling a shape as a <pattern> holding a <use> of the <image>; MuPDF,
which lists an SVG page's pictures, draws no patterns, so such a photo had no resolution and
a 24 ppi one passed BC501 in print. The page is given to MuPDF again with each shape filled so
replaced by its pattern's pictures, placed as the pattern places them in the shape's box, and
after them a marker picture covering that box: MuPDF then lists each photo where and how large
it is drawn, and the marker the box that shows it (the tile clips the photo to it).
"""

from __future__ import annotations

import base64
import copy
import io
import re
import xml.etree.ElementTree as ET
from collections.abc import Callable
from functools import cache
from typing import TYPE_CHECKING

import pymupdf

from brandcheck import svg_render
from brandcheck.document.model import PlacedImage
from brandcheck.document.native_path import mupdf_svg, openable
from brandcheck.errors import InputError
from brandcheck.svg_pattern_fills import filled_with, picture_patterns
from brandcheck.svg_styles import TooCostly, parse

if TYPE_CHECKING:
    from brandcheck.document.pdf import PdfPage

#: a marker is a grey picture 1 px wide and this many px plus its shape's number high
_MARKER_HEIGHT = 1009
_XLINK = "{http://www.w3.org/1999/xlink}href"
_NUMBER = re.compile(r"\s*([-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?)(?:px)?\s*")


def has_picture_fills(root: ET.Element | None) -> bool:
    """Whether an SVG (as resvg draws it) fills a shape with a one-tile picture pattern."""
    if root is None:
        return False
    patterns = picture_patterns(root)
    return bool(patterns) and any(filled_with(el) in patterns for el in root.iter())


def placed(page: PdfPage, placed_ppi: Callable[..., float]) -> list[PlacedImage]:
    """The pictures the SVG page shows through one-tile picture patterns, each with its
    resolution (``placed_ppi(info, width, height, shown_width)``, as for any placed picture)
    and the box its shape shows of it; none where it has no such fill."""
    if not has_picture_fills(page.svg_tree) or page.source is None or page.handle is None:
        return []
    try:
        with openable(page.source) as name, open(name, "rb") as fh:
            given = mupdf_svg(fh.read(), page.limits.max_svg_style_work)  # costed at open
    except (OSError, InputError, TooCostly):  # gone or changed since it was opened
        return []
    root = parse(given)
    if root is None:
        return []
    counts = _replaced(root)
    if not counts:
        return []
    data = ET.tostring(root, encoding="utf-8", xml_declaration=True)
    with pymupdf.open(stream=data, filetype="svg") as document:
        listed = document[page.index].get_image_info()
    out = []
    for at, info in enumerate(listed):
        shape = _marker(info)
        if shape is None or shape >= len(counts) or at < counts[shape]:
            continue
        box = pymupdf.Rect(info["bbox"])
        for picture in listed[at - counts[shape] : at]:
            shown = pymupdf.Rect(picture["bbox"]) & box
            if shown.is_empty or _marker(picture) is not None:
                continue
            width, height = int(picture.get("width", 0)), int(picture.get("height", 0))
            x0, y0, x1, y1 = page.shown(shown)
            out.append(
                PlacedImage(
                    bbox=(x0, y0, x1, y1),
                    width_px=width,
                    height_px=height,
                    ppi=placed_ppi(picture, width, height, x1 - x0),
                    colour_space=str(picture.get("cs-name", "")),
                )
            )
    return out


def _replaced(root: ET.Element) -> list[int]:
    """Each shape of ``root`` filled by a one-tile picture pattern replaced by the pattern's
    pictures in its box and a marker (``_marker``) numbered in document order; the number of
    pictures each draws, by that number."""
    patterns = picture_patterns(root)
    by_id = {el.get("id"): el for el in root.iter() if svg_render.local_name(el) == "pattern"}
    counts: list[int] = []
    for parent in list(root.iter()):
        for i, child in enumerate(list(parent)):
            pattern = filled_with(child)
            box = _box(child) if pattern in patterns else None
            if box is None:
                continue
            x, y, width, height = box
            group = ET.Element(_named(child, "g"))
            if child.get("transform"):
                group.set("transform", child.get("transform", ""))
            tile = ET.SubElement(
                group, _named(child, "g"), transform=f"matrix({width:g} 0 0 {height:g} {x:g} {y:g})"
            )
            tile.extend(copy.deepcopy(list(by_id[pattern])))
            marker = ET.SubElement(tile, _named(child, "image"), width="1", height="1")
            marker.set("preserveAspectRatio", "none")
            marker.set(_XLINK, _marker_picture(len(counts)))
            parent[i] = group
            counts.append(patterns[pattern])
    return counts


def _box(shape: ET.Element) -> tuple[float, float, float, float] | None:
    """A rectangle's, circle's or ellipse's box in its own units (x, y, width, height); None
    for another shape, one with lengths in units or percent, or one with no area."""
    name = svg_render.local_name(shape)
    if name == "rect":
        numbers = _numbers(shape, ("x", "y", "width", "height"))
        if numbers is None:
            return None
        box = tuple(numbers)
    elif name in ("circle", "ellipse"):
        radii = ("r", "r") if name == "circle" else ("rx", "ry")
        numbers = _numbers(shape, ("cx", "cy", *radii))
        if numbers is None:
            return None
        cx, cy, rx, ry = numbers
        box = (cx - rx, cy - ry, 2 * rx, 2 * ry)
    else:
        return None
    return box if box[2] > 0 and box[3] > 0 else None


def _numbers(element: ET.Element, names: tuple[str, ...]) -> list[float] | None:
    out = []
    for name in names:
        found = _NUMBER.fullmatch(element.get(name, "0"))
        if found is None:
            return None
        out.append(float(found.group(1)))
    return out


def _named(element: ET.Element, name: str) -> str:
    """``name`` in ``element``'s namespace (none when it has none)."""
    return element.tag[: -len(svg_render.local_name(element))] + name


def _marker(info: dict) -> int | None:
    """The shape number of a marker MuPDF lists, or None for another picture."""
    height = int(info.get("height", 0))
    if info.get("width") != 1 or height < _MARKER_HEIGHT:
        return None
    return height - _MARKER_HEIGHT if info.get("cs-name") == "DeviceGray" else None


@cache
def _marker_picture(number: int) -> str:
    """The marker of the shape numbered ``number``, as a data URI."""
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("1", (1, _MARKER_HEIGHT + number), 1).save(buffer, "PNG")
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")
