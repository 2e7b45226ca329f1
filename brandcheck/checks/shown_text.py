"""Which PDF text a reader sees: painted spans, not hidden under a picture or a box.

A text layer holds text nobody sees: invisible text (render mode 3) written for search over
nothing, text under an opaque picture or a box of the page's colour, white text on white. A
required text there is not shown. Invisible text over a picture is the OCR layer of a scan,
and reads what the picture shows.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np

from brandcheck.checks.text_contrast import span_arrays, span_backgrounds
from brandcheck.geometry import area, overlap

if TYPE_CHECKING:
    from brandcheck.document import Page
    from brandcheck.document.model import TextSpan

OVER_PICTURE = 0.5  # share of an invisible span's box a picture covers for it to be an OCR layer
SAME_AS_GROUND = 24.0  # RGB distance under which text is in its ground's colour (white on white)


def readable_spans(page: Page) -> list[TextSpan]:
    """The page's spans with text, leaving out invisible ones that are not over a picture."""
    spans = [s for s in page.spans() if s.text.strip()]
    if all(s.visible for s in spans):
        return spans
    pictures = [i.bbox for i in page.images()]
    return [s for s in spans if s.visible or _over_picture(s.bbox, pictures)]


def _over_picture(box, pictures) -> bool:
    return any(overlap(box, p) >= OVER_PICTURE * max(area(box), 1e-9) for p in pictures)


def _drawn_elsewhere(span: TextSpan, elsewhere: str) -> bool:
    """Whether ``span``'s text is of the text the page draws elsewhere than read."""
    chars = "".join(span.text.split())
    return bool(elsewhere and chars and chars in elsewhere)


def hidden(page: Page, spans: Sequence[TextSpan]) -> list[bool]:
    """For each span, whether its glyphs are not seen on the rendered page (under a picture or
    a box, or in the colour of their ground). An OCR layer's invisible spans are not judged:
    the picture under them shows their text; nor is text drawn elsewhere than its span says
    (an SVG's text on a path: ``Page.text_read_elsewhere``), whose pixels are not under it."""
    out = [False] * len(spans)
    elsewhere = page.text_read_elsewhere()
    # text of unknown colour (a pattern or gradient fill) cannot be told from its ground here
    painted = [
        i
        for i, s in enumerate(spans)
        if s.visible and s.opacity is not None and not _drawn_elsewhere(s, elsewhere)
    ]
    if not painted:
        return out
    boxes, pads, fgs = span_arrays(page, [spans[i] for i in painted])
    bgs, seen = span_backgrounds(page.raster(), boxes, pads, fgs)
    gap = np.sqrt(((np.clip(bgs, 0, 255) - fgs) ** 2).sum(axis=1))
    for i, shown, apart in zip(painted, seen, gap, strict=True):
        out[i] = not shown or apart < SAME_AS_GROUND
    return out
