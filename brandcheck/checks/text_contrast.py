"""WCAG contrast of text (for BC203): what each piece of text measures against its background.

- PDF text spans: their known colour (blended with the ground by its opacity, when it is
  see-through) against the median of the rendered pixels around them that are not glyph ink;
  spans whose text is not drawn (invisible OCR layers, text hidden under a picture) are skipped.
- Text in pictures (images, image-only PDF pages), as OCR reads its lines: the text colour is
  the median of the glyphs' core (ink pixels whose neighbours are ink too), the background the
  median of a ring just outside the line box, the other lines read left out of it (a headline
  set close over its next line). Lines on a busy ground (a photo: the ring varies
  too much) or read with low confidence are not measured: an unsure ratio is no finding. In
  strokes under two pixels wide (small text) every pixel is blended with the ground, so the
  ratio measured is the least the text may have (``least``): it passes the text, and where it
  falls short the contrast rule says the text was not judged. WCAG's large text (18 pt, or
  14 pt bold) is told by the size OCR estimates (±15 %) and by the strokes' width: a line whose
  size may be large is ``unsure``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import cv2
import numpy as np

from brandcheck import ocr_rows
from brandcheck.document.model import CSS_PX_PER_PT
from brandcheck.imaging.colour import rgb_to_hex, rgbs_to_hex
from brandcheck.imaging.contrast import contrast_ratio, is_large_text
from brandcheck.imaging.logo_shapes import LUMA
from brandcheck.ocr import SIZE_ERROR
from brandcheck.painted_over import painted_over
from brandcheck.pdf_colours import PageColours
from brandcheck.report import BBox
from brandcheck.text_sizes import effective_sizes

if TYPE_CHECKING:
    from brandcheck.document import Page
    from brandcheck.document.model import TextSpan
    from brandcheck.ocr import OcrLine

MIN_LINE_PX = 8  # text lines lower than this in the raster are too coarse to measure
MIN_CONFIDENCE = 70.0  # OCR word confidence (0–100) a measured line's words average at least
MIN_CORE_PX = 12  # a line needs this many pixels inside its strokes to be measured
SAME_COLOUR = 12.0  # RGB distance within which two measured colours are one
# a line whose strokes are at least this wide per px of its size is bold. A stroke's width is
# measured as twice the ink's area over its outline; from 18 px up, regular sans and serif
# faces (Liberation, DejaVu) come to 0.08-0.118 of the size, their bold cuts to 0.117-0.158
BOLD_STROKE = 0.12
_CROSS = np.array([[0, 1, 0], [1, 1, 1], [0, 1, 0]], np.uint8)


@dataclass(frozen=True)
class TextContrast:
    """One piece of text: its colour and background as hex, its ratio, what it needs."""

    foreground: str
    background: str
    ratio: float
    large: bool
    bbox: BBox
    # text whose size was estimated (from a picture) and may be large text after all
    unsure: bool = False
    text: str = ""  # what it says (a PDF span's text, the line OCR read), for the message
    # text in a picture whose strokes are too thin to show their colour whole: the ratio is
    # the least it may have (its pixels are blended with the ground), a pass but no failure
    least: bool = False


def veiled(spans: Sequence[TextSpan], colours: PageColours | None) -> np.ndarray:
    """Which spans a see-through paint (an alpha, a blend mode, a soft mask; not an image
    see-through only by its own mask, see `pdf_colours.Paint`) is painted over after their
    text: the text shows mixed with it, in a colour that is neither its own nor, under a light
    veil, distinct from the ground, so its contrast is not measured (`painted_over`)."""
    return painted_over(spans, colours, lambda p: p.see_through and not p.own_alpha)


def _invisible_points(colours: PageColours | None) -> np.ndarray:
    if colours is None:
        return np.zeros((0, 2))
    pts = [p.bbox[:2] for p in colours.paints if p.kind == "invisible" and p.bbox is not None]
    return np.array(pts, dtype=float).reshape(-1, 2)


_RING = 16  # samples per side of the ring around a text box
_ROWS = (0.35, 0.55, 0.75)  # scanlines through the box, as fractions of its height
_ROW_SAMPLES = 96


def span_backgrounds(
    raster: np.ndarray, boxes: np.ndarray, pads: np.ndarray, fgs: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Background colour and glyph visibility under N text boxes, all at once.

    `boxes` are (N, 4) raster pixel boxes, `pads` the ring width per box, `fgs` (N, 3) the text
    colours. The background is read from points on a ring half a pad outside each box (glyph ink
    hardly reaches it): the median of the ring samples in the farther half of the colour
    distances from the text colour. Glyphs count as visible when at least two samples on three
    scanlines through the box are nearer the text colour than a quarter of the way to the
    background (an invisible OCR layer, or text hidden under an image, has none).
    """
    h, w = raster.shape[:2]
    b = boxes.astype(np.float64)
    off = (pads / 2.0)[:, None]
    t = _RING_T
    x0, y0, x1, y1 = (b[:, i : i + 1] for i in range(4))
    xs_h = x0 - off + t * (x1 - x0 + 2 * off)
    ys_v = y0 + t * (y1 - y0)
    xs_l, xs_r = np.repeat(x0 - off, _RING, 1), np.repeat(x1 + off, _RING, 1)
    ys_t, ys_b = np.repeat(y0 - off, _RING, 1), np.repeat(y1 + off, _RING, 1)
    row_x = x0 + _ROW_T * (x1 - x0 - 1)
    row_ys = [np.repeat(y0 + f * (y1 - y0), _ROW_SAMPLES, 1) for f in _ROWS]
    # the ring (4 sides of _RING points) and the scanlines, read in one gather
    xs = np.concatenate([xs_h, xs_h, xs_l, xs_r] + [row_x] * len(_ROWS), 1)
    ys = np.concatenate([ys_t, ys_b, ys_v, ys_v, *row_ys], 1)
    xi = np.clip(xs.astype(np.int64), 0, w - 1)
    yi = np.clip(ys.astype(np.int64), 0, h - 1)
    px = np.take(raster.reshape(-1, 3), yi * w + xi, axis=0).astype(np.float32)  # (N, S, 3)
    diff = px - fgs.astype(np.float32)[:, None, :]
    dist = np.sqrt(np.einsum("nsc,nsc->ns", diff, diff))  # from the text colour
    k_ring = 4 * _RING
    ring, d, d_in = px[:, :k_ring], dist[:, :k_ring], dist[:, k_ring:]
    far = d.max(axis=1)
    threshold = np.where(far >= 24.0, 0.5 * far, -1.0)[:, None]
    keep = d >= threshold
    # the median of the kept samples per box and channel (np.nanmedian's result, sorted once)
    ordered = np.sort(np.where(keep[..., None], ring, np.nan), axis=1)  # NaN sort last
    k = np.count_nonzero(keep, axis=1)
    rows = np.arange(len(ring))
    bg = (ordered[rows, (k - 1) // 2] + ordered[rows, k // 2]) / 2
    gap = np.sqrt(((bg - fgs) ** 2).sum(axis=1))
    visible = (gap < 24.0) | (np.count_nonzero(d_in <= 0.75 * gap[:, None], axis=1) >= 2)
    return bg, visible


_RING_T = np.linspace(0.0, 1.0, _RING)[None, :]
_ROW_T = np.linspace(0.0, 1.0, _ROW_SAMPLES)[None, :]


def span_arrays(page: Page, spans: Sequence[TextSpan]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The spans' boxes in raster pixels, the ring width around each and their colours (RGB,
    0..255), as :func:`span_backgrounds` takes them."""
    boxes = np.array([s.bbox for s in spans], dtype=np.float64) * page.raster_scale
    pads = np.maximum(2.0, 0.3 * (boxes[:, 3] - boxes[:, 1]))
    fgs = np.array(
        [[int(s.colour[i : i + 2], 16) for i in (1, 3, 5)] for s in spans], dtype=np.float64
    )
    return boxes, pads, fgs


def span_contrasts(page: Page, colours: PageColours | None) -> tuple[list[TextContrast], int]:
    """The contrast of every drawn text span of a PDF page, and how many spans were not
    measured for lying under a see-through paint (`veiled`)."""
    # text of unknown colour (a pattern or gradient fill, or fully transparent) is not measured
    spans = [s for s in page.spans() if s.text.strip() and s.size > 0 and s.opacity is not None]
    under = veiled(spans, colours)
    spans = [s for s, v in zip(spans, under, strict=True) if not v]
    unmeasured = int(under.sum())
    hidden = _invisible_points(colours)
    if len(hidden) and spans:
        order = np.argsort(hidden[:, 1])
        hy, hx = hidden[order, 1], hidden[order, 0]
        keep = []
        for span in spans:
            x0, y0, x1, y1 = span.bbox
            lo, hi = np.searchsorted(hy, [y0 - 1, y1 + 1])
            if not np.any((hx[lo:hi] >= x0 - 1) & (hx[lo:hi] <= x1 + 1)):
                keep.append(span)
        spans = keep
    if not spans:
        return [], unmeasured
    raster = page.raster()
    boxes, pads, fgs = span_arrays(page, spans)
    bgs, visible = span_backgrounds(raster, boxes, pads, fgs)
    faded = np.array([s.opacity < 1.0 for s in spans])
    if faded.any():  # see-through text shows as its colour blended with the ground under it
        alpha = np.array([s.opacity for s in spans])[faded, None]
        fgs[faded] = alpha * fgs[faded] + (1.0 - alpha) * np.clip(bgs[faded], 0, 255)
        _, visible[faded] = span_backgrounds(raster, boxes[faded], pads[faded], fgs[faded])
    ratios = contrast_ratio(fgs / 255.0, np.clip(bgs, 0, 255) / 255.0)
    to_pt = _pt_per_unit(page)
    sizes = effective_sizes(page, spans, colours)  # condensed or stretched text at its height
    measured = [
        TextContrast(
            span.colour if span.opacity >= 1.0 else rgb_to_hex(fg),
            bg,
            float(ratio),
            is_large_text(size * to_pt, span.bold),
            span.bbox,
            text=span.text,
        )
        for span, size, fg, bg, seen, ratio in zip(
            spans, sizes, fgs, rgbs_to_hex(bgs), visible, ratios, strict=True
        )
        if seen
    ]
    return measured, unmeasured


def picture_contrasts(page: Page, lines: list[OcrLine]) -> list[TextContrast]:
    """The contrast of the text lines OCR read in a picture, where it can be measured."""
    raster = page.raster()
    scale = page.raster_scale
    h, w = raster.shape[:2]
    to_pt = _pt_per_unit(page)
    out = []
    seen = _Colours()
    boxes = [_pixels(line.bbox, scale, (h, w)) for line in lines]
    # a line's ground is read around it, not in the lines read beside it: a headline set
    # close over its next line had that line's letters in its ring, and seemed on a photo
    text = np.zeros((h, w), bool)
    for x0, y0, x1, y1 in boxes:
        text[y0:y1, x0:x1] = True
    for line, (x0, y0, x1, y1) in zip(lines, boxes, strict=True):
        confidence = [word.confidence for word in line.words]
        if not line.size or not confidence or np.mean(confidence) < MIN_CONFIDENCE:
            continue
        if y1 - y0 < MIN_LINE_PX or x1 - x0 < MIN_LINE_PX:
            continue
        pad = max(2, round(0.3 * (y1 - y0)))
        band = ocr_rows.ring(raster, (x0, y0, x1, y1), pad, leave=text)
        if len(band) < 16 or (band @ LUMA).std() > ocr_rows.BUSY_GROUND:
            continue
        ground = np.median(band, axis=0)
        box = raster[y0:y1, x0:x1].astype(np.float64)
        far = np.sqrt(((box - ground) ** 2).sum(axis=2))
        if far.max() < 24.0:
            continue
        fg, least = _ink(box, far)
        fg, ground = seen.same(fg), seen.same(ground)
        ratio = float(contrast_ratio(fg / 255.0, ground / 255.0))
        # large text when it is so at the least size the estimate allows; unsure when it is
        # only at a larger one within that error
        size_pt = line.size * to_pt
        bold = _stroke_width(far >= 0.5 * far.max()) >= BOLD_STROKE * line.size * scale
        large = is_large_text(size_pt / (1.0 + SIZE_ERROR), bold)
        unsure = not large and is_large_text(size_pt * (1.0 + SIZE_ERROR), bold)
        colours = rgb_to_hex(fg), rgb_to_hex(ground)
        out.append(
            TextContrast(
                *colours, ratio, large, line.bbox, unsure=unsure, text=line.text, least=least
            )
        )
    return out


def _ink(box: np.ndarray, far: np.ndarray) -> tuple[np.ndarray, bool]:
    """The colour of a line's glyphs (``box``, RGB; ``far``, each pixel's distance from the
    ground), and whether it is only a bound: strokes too thin to show their colour whole.

    The colour is read in the glyphs' core: pixels nearly as far from the ground as any (the
    99.5th percentile) whose eight neighbours are so too. Strokes under three pixels (regular
    text under about 28 px) have none. Strokes of two pixels show their colour whole in
    blocks of 2 x 2 pixels nearly as far as the farthest (the 99.9th percentile): a light cut's
    thinner strokes, blended with the ground in every pixel, reach that tone in a few pixels
    only (#666 on white in DejaVu Sans ExtraLight at 18 px read #858585 at the 99.5th). Thinner
    still, the farthest pixels lie between the ink and the ground, and the contrast they give
    is the least the text may have."""
    for size, top in ((3, 99.5), (2, 99.9)):
        ink = (far >= 0.9 * np.percentile(far, top)).astype(np.uint8)
        core = cv2.erode(ink, np.ones((size, size), np.uint8)).astype(bool)
        if np.count_nonzero(core) >= MIN_CORE_PX:
            return np.median(box[core], axis=0), False
    return np.median(box[ink.astype(bool)], axis=0), True


def _pixels(bbox: BBox, scale: float, shape: tuple[int, int]) -> tuple[int, int, int, int]:
    """A box in page units as a pixel box inside a raster of this (height, width)."""
    x0, y0, x1, y1 = (round(v * scale) for v in bbox)
    return max(0, x0), max(0, y0), min(shape[1], x1), min(shape[0], y1)


def _stroke_width(ink: np.ndarray) -> float:
    """The mean width (px) of the strokes of a boolean ink mask: twice its area over its
    outline (the ink pixels with a 4-neighbour outside), as for a long stroke of any width."""
    ink = ink.astype(np.uint8)
    area = int(np.count_nonzero(ink))
    outline = area - int(np.count_nonzero(cv2.erode(ink, _CROSS)))
    return 2.0 * area / max(1, outline)


class _Colours:
    """Colours measured on a page, each snapped to an earlier one within a small distance,
    so lines in one colour pair make one finding, not one each."""

    def __init__(self) -> None:
        self._known: list[np.ndarray] = []

    def same(self, colour: np.ndarray) -> np.ndarray:
        for known in self._known:
            if np.sqrt(((known - colour) ** 2).sum()) <= SAME_COLOUR:
                return known
        self._known.append(colour)
        return colour


def _pt_per_unit(page: Page) -> float:
    """Points per page unit, for WCAG's sizes in points (CSS pixels on screen pages)."""
    return 1.0 / CSS_PX_PER_PT if page.units == "px" else 1.0
