"""Where a PDF page's paint is: a text origin's span, a gradient as far as it lies on the page."""

from __future__ import annotations

from typing import TYPE_CHECKING

from brandcheck.pdf_colours import Paint
from brandcheck.report import BBox

if TYPE_CHECKING:
    from brandcheck.document import Page


class SpanIndex:
    """Finds the text span under a text origin point (spans bucketed by 16 pt bands)."""

    BAND = 16.0

    def __init__(self, page: Page) -> None:
        self.page = page
        self._bands: dict[int, list[BBox]] | None = None

    def _index(self) -> dict[int, list[BBox]]:
        if self._bands is None:
            self._bands = {}
            for s in self.page.spans():
                if s.text.strip():
                    y0, y1 = s.bbox[1], s.bbox[3]
                    for band in range(int(y0 // self.BAND), int(y1 // self.BAND) + 1):
                        self._bands.setdefault(band, []).append(s.bbox)
        return self._bands

    def box_at(self, x: float, y: float) -> BBox | None:
        for x0, y0, x1, y1 in self._index().get(int(y // self.BAND), ()):
            if x0 - 1 <= x <= x1 + 1 and y0 - 1 <= y <= y1 + 1:
                return (x0, y0, x1, y1)
        return None

    def paint_box(self, paint: Paint) -> BBox | None:
        """Where a paint is on the page: a text origin's span (text filled with a gradient
        too); a gradient as far as it lies on the page (its box can be the shading's whole
        extent)."""
        box = paint.bbox
        if box is None or paint.kind not in ("text", "gradient"):
            return box
        x0, y0, x1, y1 = box
        if x0 == x1 and y0 == y1:
            return self.box_at(x0, y0) or box
        if paint.kind == "text":
            return box
        w, h = self.page.width, self.page.height
        return (max(0.0, x0), max(0.0, y0), min(w, max(0.0, x1)), min(h, max(0.0, y1)))


def span_index(page: Page) -> SpanIndex:
    if "colour.span_index" not in page.memo:
        page.memo["colour.span_index"] = SpanIndex(page)
    return page.memo["colour.span_index"]
