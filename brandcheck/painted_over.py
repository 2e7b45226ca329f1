"""Which of a PDF page's text spans a later paint lies over, by the page walk's paint order."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from brandcheck.document.model import TextSpan
    from brandcheck.pdf_colours import PageColours, Paint
    from brandcheck.report import BBox


def painted_over(
    spans: Sequence[TextSpan],
    colours: PageColours | None,
    over: Callable[[Paint], bool],
    whole: bool = False,
    box: Callable[[Paint], BBox | None] = lambda p: p.bbox,
) -> np.ndarray:
    """For each span, whether a paint other than text that ``over`` picks (in ``colours``, the
    page's walk, `page_paints.read_page_colours`) is painted after its text and over it: after
    the first of its text and across its box, or, ``whole``, after all of its text and around
    its whole box; a paint's box is what ``box`` gives (its bbox). A span is found in the walk
    by its text origins; one found nowhere in it (no walk, a damaged stream) has nothing over
    it."""
    found = np.zeros(len(spans), dtype=bool)
    if colours is None or not spans:
        return found
    paints = colours.paints
    later = [(i, b) for i, p in enumerate(paints) if p.kind != "text" and (b := box(p)) and over(p)]
    texts = [(i, p.bbox[:2]) for i, p in enumerate(paints) if p.kind == "text" and p.bbox]
    if not later or not texts:
        return found
    order = np.array([i for i, _ in texts])
    points = np.array([xy for _, xy in texts], dtype=float)
    after = np.array([i for i, _ in later])
    boxes = np.array([b for _, b in later], dtype=float)
    for k, span in enumerate(spans):
        x0, y0, x1, y1 = span.bbox
        inside = (
            (points[:, 0] >= x0 - 1)
            & (points[:, 0] <= x1 + 1)
            & (points[:, 1] >= y0 - 1)
            & (points[:, 1] <= y1 + 1)
        )
        if not inside.any():
            continue
        if whole:
            text_done = order[inside].max()
            on = (boxes[:, 0] <= x0) & (boxes[:, 1] <= y0) & (boxes[:, 2] >= x1)
            on &= boxes[:, 3] >= y1
        else:
            text_done = order[inside].min()
            on = (boxes[:, 0] < x1) & (boxes[:, 2] > x0) & (boxes[:, 1] < y1) & (boxes[:, 3] > y0)
        found[k] = bool((on & (after > text_done)).any())
    return found


def under_pictures(spans: Sequence[TextSpan], colours: PageColours | None) -> np.ndarray:
    """Which spans an opaque picture painted after all their text wholly covers: an OCR layer
    or a stamp set under a scan's picture, which nobody sees (the picture shows what it shows,
    its own letters where an OCR layer lies). A picture covers what its frame shows of it (its
    box cut to its clip, `Paint.shown`): a photo cropped above a headline set before it does
    not hide it, nor a photo turned a few degrees the corner of its box it leaves bare."""
    return painted_over(
        spans,
        colours,
        lambda p: p.kind == "image" and not p.see_through,
        whole=True,
        box=lambda p: p.shown,
    )
