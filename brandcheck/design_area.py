"""What part of a PDF page is the design: paints wholly outside it (the slug, the pasteboard)
are not judged.

A print PDF carries more than the finished piece: printer's marks, colour bars and job notes in
the slug around the TrimBox, and whatever lies on the pasteboard beyond the page. None of it
is part of the design. The design area is the page's TrimBox (the finished size), clipped to the
visible page; without a TrimBox it is the visible page (the CropBox). A paint that reaches into
it (a bleed crossing the trim) stays; only paints entirely outside are left out. Text is placed
by its origin, so text starting in the slug is kept when the line it sets (a text span) runs
into the design area.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import replace

import pikepdf

from brandcheck.geometry import apart
from brandcheck.pdf_colours import BBox, Matrix, PageColours

SpanBoxes = Callable[[], Sequence[BBox]]
"""The boxes of the page's text spans, asked for only when some text starts outside."""


def design_box(page: pikepdf.Page, to_page: Matrix) -> BBox | None:
    """The TrimBox (else the CropBox) on the page as displayed (`to_page`: user space to
    top-left page points), clipped to the visible page; None when the boxes cannot be read or
    the visible page has no area (a MediaBox [0 0 0 0], which readers show at US Letter size:
    the whole page is then the design, and ``document/pdf.py`` notes the broken box)."""
    try:
        crop = _shown(page.cropbox, to_page)
        trim = _shown(page.trimbox, to_page)  # pikepdf: the CropBox when there is no TrimBox
    except (AttributeError, TypeError, ValueError, pikepdf.PdfError):
        return None
    if not (crop[0] < crop[2] and crop[1] < crop[3]):
        return None  # no area ([0 0 0 0]): MuPDF shows the page at US Letter, all of it judged
    x0, y0 = max(trim[0], crop[0]), max(trim[1], crop[1])
    x1, y1 = min(trim[2], crop[2]), min(trim[3], crop[3])
    return (x0, y0, x1, y1) if x0 < x1 and y0 < y1 else crop


def _shown(box: object, m: Matrix) -> BBox:
    x0, y0, x1, y1 = (float(v) for v in box)  # type: ignore[union-attr]
    corners = [(x, y) for x in (x0, x1) for y in (y0, y1)]
    xs = [m[0] * x + m[2] * y + m[4] for x, y in corners]
    ys = [m[1] * x + m[3] * y + m[5] for x, y in corners]
    return (min(xs), min(ys), max(xs), max(ys))


_CELL = 32.0  # points: the side of a cell of the span grid
_MAX_CELLS = 4096  # a span covering more cells (or of no finite size) is checked at every origin


class _SpansIn:
    """The text spans that reach into the area, in a grid of cells, so that each text origin
    is checked against the spans near it only (not against every span of the page)."""

    def __init__(self, spans: Sequence[BBox], area: BBox) -> None:
        self.cells: dict[tuple[int, int], list[BBox]] = {}
        self.everywhere: list[BBox] = []
        for b in spans:
            if apart(b, area):
                continue  # a span wholly outside keeps no origin in
            x0, y0, x1, y1 = b[0] - 1, b[1] - 1, b[2] + 1, b[3] + 1
            if not all(math.isfinite(v) for v in (x0, y0, x1, y1)):
                self.everywhere.append(b)
                continue
            cx0, cy0 = math.floor(x0 / _CELL), math.floor(y0 / _CELL)
            cx1, cy1 = math.floor(x1 / _CELL), math.floor(y1 / _CELL)
            if (cx1 - cx0 + 1) * (cy1 - cy0 + 1) > _MAX_CELLS:
                self.everywhere.append(b)
                continue
            for cx in range(cx0, cx1 + 1):
                for cy in range(cy0, cy1 + 1):
                    self.cells.setdefault((cx, cy), []).append(b)

    def hold(self, point: BBox) -> bool:
        """Whether a text span holding this text origin reaches into the area."""
        x, y = point[0], point[1]
        if not (math.isfinite(x) and math.isfinite(y)):
            return False
        near = self.cells.get((math.floor(x / _CELL), math.floor(y / _CELL)), [])
        return any(
            b[0] - 1 <= x <= b[2] + 1 and b[1] - 1 <= y <= b[3] + 1
            for b in (*near, *self.everywhere)
        )


def within_design(colours: PageColours, area: BBox | None, span_boxes: SpanBoxes) -> PageColours:
    """`colours` without the paints that lie entirely outside the design `area` (the same
    object when none does). Paints of unknown place stay."""
    if area is None:
        return colours
    outside = [p.bbox is not None and apart(p.bbox, area) for p in colours.paints]
    if not any(outside):
        return colours
    spans: _SpansIn | None = None
    kept = []
    for p, out in zip(colours.paints, outside, strict=True):
        if out and p.bbox[0] == p.bbox[2] and p.bbox[1] == p.bbox[3]:  # type: ignore[index]
            if spans is None:  # a text origin (or a dot)
                spans = _SpansIn(span_boxes(), area)
            out = not spans.hold(p.bbox)  # type: ignore[arg-type]
        if not out:
            kept.append(p)
    return replace(colours, paints=kept)
