"""Where a logo can be on a PDF page: crops around its painted non-text content.

A logo is artwork: vector paths, an image, an image mask or a shading. On a PDF page everything
that paints, annotations included, is known with its bounding box (MuPDF's bbox log for images and
shadings, the drawings list for paths, where a lone line, rectangle or quad is a rule, a box or a
background and never artwork), so the logo search can skip the areas that hold only text, which
on letters and reports is most of the page. Pages whose text uses Type 3 fonts (glyphs that may
be artwork), pages with annotations (a stamp's artwork is not in the drawings list) and rotated
pages (the bbox log would un-rotate the page in memory) are searched whole, as are images.
"""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING

import cv2
import numpy as np
import pymupdf

from brandcheck.imaging.logo_detect import LogoDetection, TemplateBank, detect_logos

if TYPE_CHECKING:
    from brandcheck.document import Page

RasterBox = tuple[int, int, int, int]

#: operations in MuPDF's bbox log that paint pixels (paths come from the drawings list instead)
_ARTWORK_OPS = frozenset({"fill-image", "fill-imgmask", "fill-shade"})
#: painted boxes closer than twice this (raster px) are searched together
_PAD_MIN_PX = 12
#: crops are grown by this share of their geometric size, sqrt(w x h): the logo's surroundings
#: (its clear space, the detector's frame) without turning a long thin rule into a page band
_PAD_SHARE = 0.6
#: when the crops cover more than this share of the page, one search of the page is cheaper
_WHOLE_PAGE_SHARE = 0.6


def search_regions(page: Page, min_width_px: int) -> list[RasterBox] | None:
    """Raster boxes that can hold a logo at least ``min_width_px`` wide; None = the whole page.

    An empty list means the page paints nothing but text, so there is nothing to search.
    """
    handle = getattr(page, "handle", None)
    if not isinstance(handle, pymupdf.Page) or handle.rotation % 360:
        return None
    if handle.first_annot is not None:  # a stamp's artwork is not in the drawings list
        return None
    try:
        if any(f.font_type.lower() == "type3" for f in page.fonts()):
            return None
        painted = [r for kind, r in handle.get_bboxlog() if kind in _ARTWORK_OPS]
        # paths from the drawings list (shared with the colour check), which knows their shape
        painted += [d.bbox for d in page.drawings() if not d.simple]
    except Exception:  # a damaged content stream: search the raster whole, as for an image
        return None
    h, w = page.raster().shape[:2]
    scale = page.raster_scale
    boxes: list[tuple[float, float, float, float]] = []
    for rect in painted:
        box = (rect[0] * scale, rect[1] * scale, rect[2] * scale, rect[3] * scale)
        if box[2] > 0 and box[3] > 0 and box[0] < w and box[1] < h:
            boxes.append(box)
    # paths close together (a logo's symbol and letters) first become one box, which is then
    # grown by its own size: the logo's surroundings and clear space are part of the search
    groups = _merge([_grown(b, _PAD_MIN_PX, w, h) for b in boxes], w, h)
    grown = [_grown(g, _PAD_SHARE * ((g[2] - g[0]) * (g[3] - g[1])) ** 0.5, w, h) for g in groups]
    crops = _merge(grown, w, h)
    crops = [c for c in crops if max(c[2] - c[0], c[3] - c[1]) >= min_width_px]
    if sum((c[2] - c[0]) * (c[3] - c[1]) for c in crops) > _WHOLE_PAGE_SHARE * w * h:
        return None
    return crops


def _grown(box: tuple[float, float, float, float], pad: float, w: int, h: int) -> RasterBox:
    """The box grown by ``pad`` px on every side, in whole pixels, clipped to the raster."""
    return (
        max(0, int(box[0] - pad)),
        max(0, int(box[1] - pad)),
        min(w, int(np.ceil(box[2] + pad))),
        min(h, int(np.ceil(box[3] + pad))),
    )


def _merge(boxes: list[RasterBox], w: int, h: int) -> list[RasterBox]:
    """Union overlapping boxes until none overlap (a logo's many paths become one crop).

    Boxes are painted into a mask of 4-px cells and joined by connected components, so pages
    with thousands of paths (maps, charts) cost milliseconds.
    """
    cell = 4
    mask = np.zeros((-(-h // cell), -(-w // cell)), np.uint8)
    while True:
        mask[:] = 0
        for x0, y0, x1, y1 in boxes:
            mask[y0 // cell : -(-y1 // cell), x0 // cell : -(-x1 // cell)] = 1
        _n, _labels, stats, _ = cv2.connectedComponentsWithStats(mask, connectivity=8)
        merged = [
            (int(x) * cell, int(y) * cell, min(w, int(x + bw) * cell), min(h, int(y + bh) * cell))
            for x, y, bw, bh, _area in stats[1:]
        ]
        if len(merged) == len(boxes) or len(merged) <= 1:
            return merged
        boxes = merged  # components whose boxes overlap are joined on the next pass


def find_logos(page: Page, bank: TemplateBank, min_width_px: int) -> list[LogoDetection]:
    """The logos on the page's raster, searched only where the page can hold one; best first."""
    raster = page.raster()
    regions = search_regions(page, min_width_px)
    if regions is None:
        return detect_logos(raster, bank, min_width_px=min_width_px)
    found: list[LogoDetection] = []
    for x0, y0, x1, y1 in regions:
        for det in detect_logos(raster[y0:y1, x0:x1], bank, min_width_px=min_width_px):
            bx0, by0, bx1, by1 = det.bbox
            cx, cy = det.center
            found.append(
                dataclasses.replace(
                    det,
                    bbox=(bx0 + x0, by0 + y0, bx1 + x0, by1 + y0),
                    center=(cx + x0, cy + y0),
                )
            )
    return sorted(found, key=lambda d: -d.score)
