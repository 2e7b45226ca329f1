"""An SVG page's vector facts kept only where resvg's pixels show them (clip, mask, opacity).

MuPDF reads an SVG's text, placed pictures and drawings, but leaves out the clip paths, masks
and opacity that hide some of them; resvg draws the page's pixels (``svg_pixels``) with them.
So text a Figma frame clips away, a picture under a mask, a shape at opacity 0 were judged
(a font not allowed, too small, a low resolution, a graphic in a logo's clear space) though
nobody sees them. Where the SVG has any of these, the page is drawn again without its text
(or pictures, or shapes), on the raster's pixel grid: a fact whose box is the same in both
shows nothing and is dropped. Text in its ground's colour (white on white) is told from
hidden text by a third drawing with the text in magenta, so the checks of hidden text still
see it. Boxes overlap: a hidden fact over a shown one stays (it is judged, as before).
"""

from __future__ import annotations

import copy
import xml.etree.ElementTree as ET
from collections.abc import Sequence
from typing import TYPE_CHECKING, Literal, TypeVar

import numpy as np
import pymupdf

from brandcheck import svg_render
from brandcheck.document.svg_pixels import may_hide, rgb

if TYPE_CHECKING:
    from brandcheck.document.pdf import PdfPage

Fact = TypeVar("Fact")
Kind = Literal["text", "image", "shape"]

#: drawn only where something refers to them: their content is left in every copy
_RESOURCES = frozenset({"defs", "symbol", "clipPath", "mask", "pattern", "marker"})
_ELEMENTS: dict[Kind, frozenset[str]] = {
    "text": frozenset({"text"}),
    "image": frozenset({"image"}),
    "shape": frozenset({"path", "rect", "circle", "ellipse", "line", "polyline", "polygon"}),
}
#: a channel may differ this much (of 255) where a fact shows nothing (resvg drawing a part of
#: the page, not all of it, can round an edge pixel otherwise)
TOLERANCE = 8
_PAD = 1  # pixels around a fact's box: MuPDF's box and resvg's glyphs differ at the edges
_MAGENTA = "fill:#ff00ff;stroke:none"


def shown(page: PdfPage, facts: list[Fact], kind: Kind) -> list[Fact]:
    """The ``facts`` (spans, placed images or drawings, each with a ``bbox`` in page units)
    of an SVG page that resvg shows; all of them when nothing can hide one or resvg cannot
    draw the page."""
    root = page.svg_tree
    if root is None or not facts or not _hides(page, root):
        return facts
    raster = page.raster()
    if page.drawn_by_mupdf:  # resvg could not draw the page: nothing it hides is known
        return facts
    matrix = page.raster_matrix()
    boxes = [_pixel_box(fact.bbox, matrix) for fact in facts]  # type: ignore[attr-defined]
    part = _union(boxes)
    if part is None:
        return facts
    scales = (matrix.a, matrix.d) * 2
    region = pymupdf.Rect(*(v / s for v, s in zip(part, scales, strict=True)))
    without = rgb(_copy(root, kind, "remove"), page.handle, matrix, region)
    if without is None:
        return facts
    grid = ((region & page.handle.rect) * matrix).irect  # as ``rgb`` lays its pixels
    drawn = raster[grid.y0 : grid.y1, grid.x0 : grid.x1]
    unseen = _same(drawn, without, boxes, grid)
    if kind == "text" and any(unseen):  # hidden, or only in its ground's colour?
        magenta = rgb(_copy(root, kind, "magenta"), page.handle, matrix, region)
        if magenta is None:
            return facts
        painted = _same(magenta, without, boxes, grid)
        unseen = [u and p for u, p in zip(unseen, painted, strict=True)]
    return [fact for fact, hidden in zip(facts, unseen, strict=True) if not hidden]


def _hides(page: PdfPage, root: ET.Element) -> bool:
    """``may_hide`` for the page's SVG, worked out once a page."""
    if "svg may hide" not in page.memo:
        page.memo["svg may hide"] = may_hide(root)
    return page.memo["svg may hide"]


def _pixel_box(bbox, matrix: pymupdf.Matrix) -> tuple[int, int, int, int]:
    """A box in page units as whole raster pixels around it, padded by ``_PAD``."""
    x0, y0, x1, y1 = bbox
    return (
        int(np.floor(x0 * matrix.a)) - _PAD,
        int(np.floor(y0 * matrix.d)) - _PAD,
        int(np.ceil(x1 * matrix.a)) + _PAD,
        int(np.ceil(y1 * matrix.d)) + _PAD,
    )


def _union(boxes: Sequence[tuple[int, int, int, int]]) -> tuple[int, ...] | None:
    """The pixel box all ``boxes`` lie in (none when they have no area)."""
    x0, y0 = min(b[0] for b in boxes), min(b[1] for b in boxes)
    x1, y1 = max(b[2] for b in boxes), max(b[3] for b in boxes)
    return (x0, y0, x1, y1) if x1 > x0 and y1 > y0 else None


def _same(a: np.ndarray, b: np.ndarray, boxes, grid: pymupdf.IRect) -> list[bool]:
    """For each pixel box, whether ``a`` and ``b`` (the pixels of ``grid``) agree in it."""
    h, w = min(a.shape[0], b.shape[0]), min(a.shape[1], b.shape[1])
    apart = np.abs(a[:h, :w].astype(np.int16) - b[:h, :w].astype(np.int16)).max(axis=2)
    out = []
    for x0, y0, x1, y1 in boxes:
        inside = apart[
            max(y0 - grid.y0, 0) : max(y1 - grid.y0, 0), max(x0 - grid.x0, 0) : max(x1 - grid.x0, 0)
        ]
        out.append(not inside.size or int(inside.max()) <= TOLERANCE)
    return out


def _copy(root: ET.Element, kind: Kind, how: Literal["remove", "magenta"]) -> ET.Element:
    """A copy of the SVG without the elements of ``kind`` that it draws where they stand (those
    in resources a <use>, clip or mask refers to stay), or with their text in magenta."""
    out = copy.deepcopy(root)
    names = _ELEMENTS[kind]
    todo = [out]
    while todo:
        parent = todo.pop()
        for child in list(parent):
            name = svg_render.local_name(child)
            if name in _RESOURCES:
                continue
            if name not in names:
                todo.append(child)
            elif how == "remove":
                parent.remove(child)
            else:
                for part in child.iter():
                    own = part.get("style", "").strip().rstrip(";")
                    part.set("style", f"{own};{_MAGENTA}" if own else _MAGENTA)
    return out
