"""Photos an SVG page shows through a one-tile picture pattern (Figma's image fill), listed.

Figma exports a photo filling a shape as a <pattern> holding a <use> of the <image>; MuPDF,
which lists an SVG page's pictures, draws no patterns, so such a photo had no resolution and
a 24 ppi one passed BC501 in print. The page is given to MuPDF again with each shape filled so
replaced by its pattern's pictures, placed as the pattern places them in the shape's box,
between two marker pictures, the second covering that box: MuPDF then lists each photo where
and how large it is drawn, and the box that shows it (the tile clips the photo to it). Each
picture is given to MuPDF as a stand-in of its pixel size with no pixels (MuPDF reads a data
URI again for each <use> of it: 400 shapes filled by one 3 MB photo took 27 s, 0.19 s so).
"""

from __future__ import annotations

import base64
import copy
import re
import struct
import xml.etree.ElementTree as ET
import zlib
from collections.abc import Callable
from typing import TYPE_CHECKING

import pymupdf

from brandcheck import svg_render, svg_units
from brandcheck.document.model import PlacedImage
from brandcheck.document.native_path import mupdf_svg, openable
from brandcheck.errors import InputError
from brandcheck.svg_pattern_fills import filled_with, picture_patterns
from brandcheck.svg_pictures import EMBEDDED, picture_size, sizes_kept
from brandcheck.svg_styles import TooCostly, parse

if TYPE_CHECKING:
    from brandcheck.document.pdf import PdfPage

#: the markers' size in px: the one before a shape's pictures, the one after them (its box)
_OPENING, _CLOSING = (2, 7919), (1, 7919)


def has_picture_fills(root: ET.Element | None) -> bool:
    """Whether an SVG (as resvg draws it) may fill a shape with a one-tile picture pattern:
    it has one, and something names it (a fill attribute, a style or a stylesheet)."""
    if root is None:
        return False
    patterns = picture_patterns(root)
    if not patterns:
        return False
    for element in root.iter():
        texts = [*element.attrib.values(), element.text or ""]
        if any(name in _URL.findall(text) for text in texts for name in patterns):
            return True
    return False


_URL = re.compile(r"url\(\s*['\"]?#([^)'\"\s]+)")


def placed(page: PdfPage, placed_ppi: Callable[..., float]) -> list[PlacedImage]:
    """The pictures the SVG page shows through one-tile picture patterns, each with its
    resolution (``placed_ppi(info, width, height, shown_width)``, as for any placed picture)
    and the box its shape shows of it (no colour space: MuPDF reads a stand-in); none where
    it has no such fill."""
    if not has_picture_fills(page.svg_tree) or page.source is None or page.handle is None:
        return []
    with sizes_kept(page.picture_sizes):  # the pictures' sizes read at open, not again
        try:
            with openable(page.source) as name, open(name, "rb") as fh:
                given = mupdf_svg(fh.read(), page.limits.max_svg_style_work)  # costed at open
        except (OSError, InputError, TooCostly):  # gone or changed since it was opened
            return []
        root = parse(given)
        if root is None or not _replaced(root):
            return []
    data = ET.tostring(root, encoding="utf-8", xml_declaration=True)
    with page.others_read(), pymupdf.open(stream=data, filetype="svg") as document:
        listed = document[page.index].get_image_info()  # its warnings are not the page's
    out = []
    pictures: list[dict] | None = None  # those since an opening marker
    for info in listed:
        size = (info.get("width"), info.get("height"))
        if size == _OPENING:
            pictures = []
        elif size != _CLOSING:
            if pictures is not None:
                pictures.append(info)
        elif pictures is not None:
            out += [_placed(page, p, info["bbox"], placed_ppi) for p in pictures]
            pictures = None
    return [picture for picture in out if picture is not None]


def _placed(page: PdfPage, info: dict, box, placed_ppi: Callable[..., float]) -> PlacedImage | None:
    """A picture MuPDF lists, as placed where ``box`` (its shape's, in MuPDF's units) shows
    it; None where it shows none of it."""
    shown = pymupdf.Rect(info["bbox"]) & pymupdf.Rect(box)
    if shown.is_empty:
        return None
    width, height = int(info.get("width", 0)), int(info.get("height", 0))
    x0, y0, x1, y1 = page.shown(shown)
    return PlacedImage(
        bbox=(x0, y0, x1, y1),
        width_px=width,
        height_px=height,
        ppi=placed_ppi(info, width, height, x1 - x0),
    )


def _replaced(root: ET.Element) -> bool:
    """Each shape of ``root`` filled by a one-tile picture pattern replaced by the pattern's
    pictures in its box between two markers (``_OPENING``, ``_CLOSING``), and every picture
    given as a stand-in of its size (``_stand_ins``); whether any shape was."""
    patterns = picture_patterns(root)
    if not any(filled_with(element) in patterns for element in root.iter()):
        return False
    _stand_ins(root)
    by_id = {el.get("id"): el for el in root.iter() if svg_render.local_name(el) == "pattern"}
    replaced = False
    for parent in list(root.iter()):
        for i, child in enumerate(list(parent)):
            pattern = filled_with(child)
            box = _box(child) if pattern in patterns else None
            if box is None:
                continue
            x, y, width, height = box
            group = ET.Element(_named(child, "g"))
            for name in ("transform", "id"):  # a <use> of the shape draws its pictures
                if child.get(name):
                    group.set(name, child.get(name, ""))
            tile = ET.SubElement(
                group, _named(child, "g"), transform=f"matrix({width:g} 0 0 {height:g} {x:g} {y:g})"
            )
            tile.append(_marker(child, _OPENING))
            tile.extend(copy.deepcopy(list(by_id[pattern])))
            tile.append(_marker(child, _CLOSING))
            parent[i] = group
            replaced = True
    return replaced


def _stand_ins(root: ET.Element) -> None:
    """Every picture embedded in ``root`` (a data URI) replaced by a PNG of its pixel size
    without pixels (``_empty_png``), which MuPDF lists without decoding; one Pillow cannot
    read is taken out (MuPDF then lists none)."""
    for element in root.iter():
        if svg_render.local_name(element) != "image":
            continue
        for name in svg_render.HREFS:
            link = element.get(name, "")
            if not EMBEDDED.match(link):
                continue
            size = picture_size(link)
            if size is None:  # not a picture Pillow reads, or too large to be one
                del element.attrib[name]
                continue
            element.set(name, _STAND_IN + base64.b64encode(_empty_png(*size)).decode())


_STAND_IN = "data:image/png;base64,"


def _marker(shape: ET.Element, size: tuple[int, int]) -> ET.Element:
    """A marker picture covering the tile (its unit square)."""
    marker = ET.Element(_named(shape, "image"), width="1", height="1")
    marker.set("preserveAspectRatio", "none")
    marker.set(svg_render.HREFS[1], _STAND_IN + base64.b64encode(_empty_png(*size)).decode())
    return marker


def _empty_png(width: int, height: int) -> bytes:
    """A one-bit grey PNG ``width`` x ``height`` px large with no pixel data: MuPDF reads its
    size (warning that its pixels are missing) and lists it, and never decodes it here."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        crc = zlib.crc32(kind + data) & 0xFFFFFFFF
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", crc)

    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b""))
        + chunk(b"IEND", b"")
    )


def _box(shape: ET.Element) -> tuple[float, float, float, float] | None:
    """A rectangle's, circle's or ellipse's box in its own units (x, y, width, height); None
    for another shape, one with lengths in percent or em, or one with no area."""
    name = svg_render.local_name(shape)
    if name == "rect":
        numbers = svg_units.user_lengths(shape, ("x", "y", "width", "height"))
        if numbers is None:
            return None
        box = tuple(numbers)
    elif name in ("circle", "ellipse"):
        radii = ("r", "r") if name == "circle" else ("rx", "ry")
        numbers = svg_units.user_lengths(shape, ("cx", "cy", *radii))
        if numbers is None:
            return None
        cx, cy, rx, ry = numbers
        box = (cx - rx, cy - ry, 2 * rx, 2 * ry)
    else:
        return None
    return box if box[2] > 0 and box[3] > 0 else None


def _named(element: ET.Element, name: str) -> str:
    """``name`` in ``element``'s namespace (none when it has none)."""
    return element.tag[: -len(svg_render.local_name(element))] + name
