"""Effective text sizes of PDF spans: the height perpendicular to the baseline, memoised per page.

PyMuPDF's span size is the font size times the square root of the text render matrix's
determinant (measured: ``12 0 0 6 Tm`` and ``6 0 0 12 Tm`` both give 8.49, and ``50 Tz`` on 10 pt
gives 7.07), so condensed or stretched text (horizontal scaling) reads too small or too large.
``get_texttrace`` reports the length of the matrix's x axis instead, so the height perpendicular
to the baseline is ``dict_size² / trace_size`` (|det| / |x axis|). Uniform scaling by ``Tm`` or
``cm`` is already included. The trace is read once per page and shared by every check. A span
takes the x-axis length of the trace span that draws its first character (the same origin, to
the bit), so a subscript, small capitals or a raised figure beside it on the same line do not
count. Where one origin was drawn at several scales (the same text printed over itself, once
condensed), the scale nearest the span's own size is taken, which is right for both copies of
a word printed plain and at 50 % over each other. Spans without such a character fall back to
the median of the trace spans of their font on their line: spans starting with a space MuPDF
added itself, and vertical text (whose origins MuPDF reports differently in the two). A span
MuPDF merged from neighbouring text of one font and one √|det| size but different stretching
takes its first character's.

Tracing costs about 4 ms on a page of plain text, a quarter of its whole check, and changes
nothing when no text is stretched. So the span sizes are used as they are when the page's
content-stream walk (``pdf_colours.PageColours.text_maybe_stretched``) found every text show
drawn at a uniform scale, and the page has no annotations or form fields (their text is not
in the content the walk reads) and no Type 3 fonts (whose glyphs carry their own matrices).
"""

from __future__ import annotations

import bisect
import statistics
from dataclasses import dataclass
from typing import TYPE_CHECKING

import pymupdf

from brandcheck.fonts import has_type3

if TYPE_CHECKING:
    from brandcheck.document import Page
    from brandcheck.document.model import TextSpan
    from brandcheck.pdf_colours import PageColours

MEMO_KEY = "text_sizes.trace"


@dataclass(frozen=True)
class _Trace:
    """A page's text trace in displayed page units: x-axis lengths by character origin."""

    # (font, x, y) of a character -> the x-axis lengths it was drawn at (one, as a rule)
    by_origin: dict[tuple[str, float, float], tuple[float, ...]]
    ys: list[float]  # trace spans' baselines, sorted
    rows: list[tuple[float, float, float, str]]  # per baseline: x from, x to, x-axis, font

    def scale(self, span: TextSpan) -> float | None:
        """The x-axis length of the trace span that draws ``span``'s first character, or,
        when that is not known, the median of those of the same font whose baseline lies in
        the span's box and that overlap it."""
        if span.origin is not None:
            found = self.by_origin.get((span.font, *span.origin))
            if found:
                return min(found, key=lambda scale: abs(scale - span.size))
        x0, y0, x1, y1 = span.bbox
        lo = bisect.bisect_left(self.ys, y0 - 0.01)
        hi = bisect.bisect_right(self.ys, y1 + 0.01)
        scales = [
            scale
            for (a, b, scale, font) in self.rows[lo:hi]
            if font == span.font and a <= x1 + 0.01 and b >= x0 - 0.01
        ]
        return statistics.median(scales) if scales else None


def _read_trace(page: Page) -> _Trace:
    """The page's text trace (empty when it cannot be read)."""
    empty = _Trace({}, [], [])
    handle = getattr(page, "handle", None)
    if handle is None:
        return empty
    rotation = handle.rotation
    try:
        trace = handle.get_texttrace()
    except Exception:  # a broken content stream: fall back to the uncorrected sizes
        if handle.rotation != rotation:  # PyMuPDF un-rotates the page while tracing
            handle.set_rotation(rotation)
        return empty
    # the trace is in unrotated page space; spans are as displayed (see PdfPage.shown)
    rotated = rotation % 360 != 0
    to_shown = handle.rotation_matrix
    by_origin: dict[tuple[str, float, float], tuple[float, ...]] = {}
    rows: list[tuple[float, float, float, float, str]] = []
    for span in trace:
        size = float(span.get("size") or 0.0)
        chars = span.get("chars") or ()
        if size <= 0 or not chars:
            continue
        font = str(span.get("font", ""))
        origins = [c[2] for c in chars]
        if rotated:
            origins = [tuple(pymupdf.Point(o) * to_shown) for o in origins]
        if not span.get("wmode"):  # vertical text's origins differ from get_text's
            for x, y in origins:
                key = (font, float(x), float(y))
                drawn = by_origin.get(key, ())
                if size not in drawn:
                    by_origin[key] = (*drawn, size)
        xs = [o[0] for o in origins]
        rows.append((float(origins[0][1]), min(xs), max(xs), size, font))
    rows.sort()
    return _Trace(by_origin, [r[0] for r in rows], [r[1:] for r in rows])


def _trace_needed(page: Page, paints: PageColours | None) -> bool:
    """Whether the page may hold stretched text (see the module docstring)."""
    if paints is None or paints.text_maybe_stretched:
        return True
    handle = getattr(page, "handle", None)
    try:
        # text in annotations and form fields is not in the page content the walk reads
        if handle is None or handle.first_annot is not None or handle.first_widget is not None:
            return True
        return has_type3(page.fonts())
    except Exception:  # unreadable annotations or fonts: trace, which copes with broken pages
        return True


def effective_sizes(
    page: Page, spans: list[TextSpan], paints: PageColours | None = None
) -> list[float]:
    """Each span's size perpendicular to its baseline (see the module docstring).

    ``paints`` is the page's content-stream walk, when there is one: if it shows no stretched
    text, the sizes are the spans' own.
    """
    if not _trace_needed(page, paints):
        return [span.size for span in spans]
    if MEMO_KEY not in page.memo:
        page.memo[MEMO_KEY] = _read_trace(page)
    trace: _Trace = page.memo[MEMO_KEY]
    sizes = []
    for span in spans:
        size = span.size
        scale = trace.scale(span)
        if scale:
            corrected = span.size * span.size / scale
            if 0.2 * span.size <= corrected <= 5.0 * span.size:
                size = corrected
        sizes.append(size)
    return sizes
