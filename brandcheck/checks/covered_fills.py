"""Which vector fills nobody sees: covered by what the page paints over them.

A layout keeps fills that never show: a frame's fill behind the picture placed in it, a
background box painted over by another. Their colour is not part of the design, so an
off-palette one is not reported. A fill is covered when no pixel of its box on the rendered
page shows its colour, at the page raster's detail and again closer (a thin shape shows only
as antialiased edges at the raster's detail), and no see-through paint (an alpha, a blend
mode, a soft mask; see `pdf_colours.Paint`) overlaps it: under a veil a colour shows, mixed.
Whatever is unsure counts as shown: a rotated page, a fill too small to render, a colour
painted too often to look at each place, a fill under an annotation (the raster shows what a
screen shows; print may show more), a closer look a page of many elements declines
(``crop_budget``).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np

from brandcheck.geometry import overlap
from brandcheck.report import BBox

if TYPE_CHECKING:
    from brandcheck.document import Page

SAME_COLOUR = 16  # largest difference per RGB channel (0..255) of a pixel showing the colour
CLOSER = 4.0  # times the raster's detail of the second look
CLOSER_PIXELS = 4_000_000  # the second look's most pixels
MAX_LOOKED_AT = 20  # fills of one colour looked at; a colour painted more often counts as shown


def all_covered(
    page: Page, boxes: Sequence[BBox], rgb: np.ndarray, veils: Sequence[BBox] = ()
) -> bool:
    """Whether each of these fills (their boxes on the page) of one colour (sRGB 0..255) is
    covered, so the colour is not seen on the page; ``veils`` are the boxes of the page's
    see-through paints."""
    handle = getattr(page, "handle", None)
    if not boxes or len(boxes) > MAX_LOOKED_AT or handle is None or handle.rotation % 360:
        return False
    unsure = [*veils, *(tuple(a.rect) for a in handle.annots())] if handle.first_annot else veils
    if any(overlap(box, veil) > 0 for box in boxes for veil in unsure):
        return False
    colour = np.asarray(rgb, dtype=np.int16)
    return not any(_shown(page, box, colour) for box in boxes)


def _shown(page: Page, box: BBox, colour: np.ndarray) -> bool:
    raster = page.raster()
    scale = page.raster_scale
    h, w = raster.shape[:2]
    x0, y0 = max(0, int(box[0] * scale)), max(0, int(box[1] * scale))
    x1, y1 = min(w, int(np.ceil(box[2] * scale))), min(h, int(np.ceil(box[3] * scale)))
    if x1 <= x0 or y1 <= y0:
        return True  # off the raster or thinner than a pixel: not looked at
    if _shows(raster[y0:y1, x0:x1], colour):
        return True
    area = max((box[2] - box[0]) * (box[3] - box[1]), 1e-9)
    closer = min(scale * CLOSER, (CLOSER_PIXELS / area) ** 0.5)
    if closer <= scale:  # a box too large to look at closer: the raster's look decides
        return False
    pixels = page.render_region(box, closer, optional=True)
    return pixels is None or _shows(pixels, colour)


def _shows(pixels: np.ndarray, colour: np.ndarray) -> bool:
    gap = np.abs(pixels.astype(np.int16) - colour).max(axis=2)
    return bool((gap <= SAME_COLOUR).any())
