"""A shape filled by a one-tile picture pattern (Figma's image fill) given to resvg as the picture.

Figma exports a photo filling a rectangle as a <pattern> the size of the rectangle's box
(``patternContentUnits="objectBoundingBox"``, width and height 1) holding a <use> of the
<image>. resvg draws a pattern's tile into a picture of its own at the drawing's zoom, the
whole tile, however little of it the drawing shows: the logo search's sharper crop of a
poster drew the whole photo at its zoom (a 595 x 600 pt tile at 8 px a point, some 23 million
pixels: 5.6 s for a 560 x 320 px crop beside the photo, 0.17 s drawn so). Drawn as the
picture itself in a frame the rectangle's size (a nested <svg>, which clips as the tile
does), resvg draws only the pixels the drawing shows. It does so only where the tile is many
times the drawing's pixels (``WORTH``): resvg draws the picture in a frame as a layer the
picture's size, which at the page raster's zoom cost a poster 15 % more than its tile.
Which patterns are one tile of pictures (``picture_patterns``) is told here for the pages'
placed pictures too (``document/svg_pattern_images``, ``document/svg_shown``).
"""

from __future__ import annotations

import copy
import re
import xml.etree.ElementTree as ET

from brandcheck import svg_render, svg_units

#: the rectangle's attributes the rewrite knows how to keep: any other (a stroke, corners,
#: opacity, a clip) leaves the pattern as it is
_RECT_KEPT = frozenset({"x", "y", "width", "height", "fill", "transform", "id"})
#: the pattern's attributes that make its one tile the rectangle's box, content in its units
_ONE_TILE = {"patternContentUnits": "objectBoundingBox", "width": "1", "height": "1"}
_PATTERN_ALLOWED = frozenset({"id", "patternContentUnits", "width", "height", "x", "y"})
#: how many times the drawing's pixels a tile must have, at the drawing's zoom, to be drawn so
WORTH = 4.0
_CONTENT = frozenset({"use", "image"})
_URL = re.compile(r"\s*url\(\s*['\"]?#([^)'\"\s]+)['\"]?\s*\)\s*")


def unpatterned(root: ET.Element, zoom: tuple[float, float], pixels: int) -> ET.Element:
    """``root``, or a copy of it where each rectangle filled by a one-tile picture pattern
    whose tile, at ``zoom`` px a unit, has more than ``WORTH`` times the ``pixels`` drawn is
    the pattern's content in a nested <svg> the rectangle's size (the same pixels)."""
    least = WORTH * pixels / max(zoom[0] * zoom[1], 1e-12)  # a tile's area, in units
    patterns = {
        element.get("id"): element
        for element in root.iter()
        if svg_render.local_name(element) == "pattern" and _one_tile(element)
    }
    if not patterns or not any(_filled_by(el, patterns, least) for el in root.iter()):
        return root
    out = copy.deepcopy(root)
    patterns = {
        element.get("id"): element
        for element in out.iter()
        if svg_render.local_name(element) == "pattern" and _one_tile(element)
    }
    for parent in list(out.iter()):
        for i, child in enumerate(list(parent)):
            found = _filled_by(child, patterns, least)
            if found is not None:
                parent[i] = _framed(child, *found)
    return out


def _one_tile(pattern: ET.Element) -> bool:
    """Whether a pattern's one tile is its shape's box, holding only <use>s and <image>s."""
    if set(pattern.attrib) - _PATTERN_ALLOWED or not pattern.get("id"):
        return False
    if any(pattern.get(name, "").strip() != value for name, value in _ONE_TILE.items()):
        return False
    if any(pattern.get(name, "0").strip() not in ("0", "") for name in ("x", "y")):
        return False
    return len(pattern) > 0 and all(svg_render.local_name(c) in _CONTENT for c in pattern)


def picture_patterns(root: ET.Element) -> dict[str, int]:
    """The ids of the one-tile patterns that hold only pictures (each child an <image> or a
    <use> of one: Figma's image fill), with how many pictures each draws."""
    images = {
        element.get("id")
        for element in root.iter()
        if svg_render.local_name(element) == "image" and element.get("id")
    }
    out = {}
    for element in root.iter():
        if svg_render.local_name(element) != "pattern" or not _one_tile(element):
            continue
        if all(_picture(child, images) for child in element):
            out[element.get("id", "")] = len(element)
    return out


def _picture(element: ET.Element, images: set) -> bool:
    """Whether a pattern's child draws a picture: an <image>, or a <use> of one."""
    if svg_render.local_name(element) == "image":
        return True
    link = next((element.get(name) for name in svg_render.HREFS if element.get(name)), "")
    return link.strip().startswith("#") and link.strip()[1:] in images


def filled_with(element: ET.Element) -> str | None:
    """The id a shape's ``fill`` attribute names (``url(#pattern0_1_2)``), or None."""
    found = _URL.match(element.get("fill", ""))
    return found.group(1) if found else None


def _filled_by(
    element: ET.Element, patterns: dict, least: float
) -> tuple[ET.Element, list[float]] | None:
    """The one-tile pattern a plain rectangle (lengths for its box, in user units or an
    absolute unit; nothing but a fill and a transform besides) of more than ``least`` square
    units is filled with, and the rectangle's box in user units; or None."""
    if svg_render.local_name(element) != "rect" or set(element.attrib) - _RECT_KEPT:
        return None
    found = _URL.fullmatch(element.get("fill", ""))
    if found is None or found.group(1) not in patterns:
        return None
    box = svg_units.user_lengths(element, ("x", "y", "width", "height"))
    if box is None:
        return None
    width, height = box[2:]
    return (patterns[found.group(1)], box) if abs(width * height) > least else None


def _framed(rect: ET.Element, pattern: ET.Element, box: list[float]) -> ET.Element:
    """The pattern's content in a nested <svg> at the rectangle's ``box`` (x, y, width and
    height in user units; in a group that moves it as the rectangle's transform did)."""
    tag = rect.tag[: -len("rect")]
    x, y, width, height = (repr(length) for length in box)
    frame = ET.Element(
        f"{tag}svg",
        x=x,
        y=y,
        width=width,
        height=height,
        viewBox="0 0 1 1",
        preserveAspectRatio="none",
    )
    frame.extend(copy.deepcopy(list(pattern)))
    if rect.get("transform") is None:
        return frame
    group = ET.Element(f"{tag}g", transform=rect.get("transform", ""))
    group.append(frame)
    return group
