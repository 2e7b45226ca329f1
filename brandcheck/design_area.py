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

from collections.abc import Callable, Sequence
from dataclasses import replace

import pikepdf

from brandcheck.geometry import apart
from brandcheck.pdf_colours import BBox, Matrix, PageColours

SpanBoxes = Callable[[], Sequence[BBox]]
"""The boxes of the page's text spans, asked for only when some text starts outside."""


def design_box(page: pikepdf.Page, to_page: Matrix) -> BBox | None:
    """The TrimBox (else the CropBox) on the page as displayed (`to_page`: user space to
    top-left page points), clipped to the visible page; None when the boxes cannot be read."""
    try:
        crop = _shown(page.cropbox, to_page)
        trim = _shown(page.trimbox, to_page)  # pikepdf: the CropBox when there is no TrimBox
    except (AttributeError, TypeError, ValueError, pikepdf.PdfError):
        return None
    x0, y0 = max(trim[0], crop[0]), max(trim[1], crop[1])
    x1, y1 = min(trim[2], crop[2]), min(trim[3], crop[3])
    return (x0, y0, x1, y1) if x0 < x1 and y0 < y1 else crop


def _shown(box: object, m: Matrix) -> BBox:
    x0, y0, x1, y1 = (float(v) for v in box)  # type: ignore[union-attr]
    corners = [(x, y) for x in (x0, x1) for y in (y0, y1)]
    xs = [m[0] * x + m[2] * y + m[4] for x, y in corners]
    ys = [m[1] * x + m[3] * y + m[5] for x, y in corners]
    return (min(xs), min(ys), max(xs), max(ys))


def _reaches_in(point: BBox, area: BBox, spans: Sequence[BBox]) -> bool:
    """Whether a text span holding this text origin reaches into the area."""
    x, y = point[0], point[1]
    return any(
        b[0] - 1 <= x <= b[2] + 1 and b[1] - 1 <= y <= b[3] + 1 and not apart(b, area)
        for b in spans
    )


def within_design(colours: PageColours, area: BBox | None, span_boxes: SpanBoxes) -> PageColours:
    """`colours` without the paints that lie entirely outside the design `area` (the same
    object when none does). Paints of unknown place stay."""
    if area is None:
        return colours
    outside = [p.bbox is not None and apart(p.bbox, area) for p in colours.paints]
    if not any(outside):
        return colours
    spans: Sequence[BBox] | None = None
    kept = []
    for p, out in zip(colours.paints, outside, strict=True):
        if out and p.bbox[0] == p.bbox[2] and p.bbox[1] == p.bbox[3]:  # type: ignore[index]
            spans = span_boxes() if spans is None else spans  # a text origin (or a dot)
            out = not _reaches_in(p.bbox, area, spans)  # type: ignore[arg-type]
        if not out:
            kept.append(p)
    return replace(colours, paints=kept)
