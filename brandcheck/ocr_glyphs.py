"""Glyph finding for OCR: shapes under one global threshold, and the faint rows it misses."""

from __future__ import annotations

import cv2
import numpy as np

from brandcheck.ocr_rows import Row, inside, rows

MIN_GLYPHS = 8  # fewer glyph-like shapes than this: no text worth running Tesseract for
GLOBAL_PIXELS = 4_000_000  # the global threshold's glyphs are found at most at this size
FAINT_PIXELS = 2_100_000  # faint rows are looked for at full size up to this (a 1920 x 1080 frame)
FAINT_STEP = 14  # grey levels from the local ground: white on #AAD9D6 stands out by 48
WINDOW = (16, 9)  # the local ground: a median of 9 x 9 cells of 16 px (144 px)
FLAT_RESIDUAL = 4.0  # std (grey levels) of a text row's ground from the local median; a
# photo's texture measured 4-7, rows of flat design grounds (also JPEG at q 30) 0-2.5
CRISP = 12.0  # a text row's shapes stand out by this many times its ground's spread
FAINT_GLYPH_PX = 6  # a row of shapes lower than this (median, where looked for) is no text


def glyph_shapes(binary: np.ndarray) -> np.ndarray:
    """Boxes (x, y, w, h) of the glyph-like components of a binary image: not too flat, too
    wide or too tall for a letter, and neither a hairline frame nor a solid block."""
    _, _, stats, _ = cv2.connectedComponentsWithStats(binary, connectivity=8)
    w, h, area = stats[1:, 2], stats[1:, 3], stats[1:, 4]
    fill = area / np.maximum(w * h, 1)
    keep = (h >= 3) & (h <= binary.shape[0] / 4) & (w <= 3 * h) & (fill > 0.1) & (fill < 0.95)
    return stats[1:][keep, :4].astype(np.int64)


def glyph_boxes(grey: np.ndarray) -> np.ndarray | None:
    """Boxes (x, y, w, h) in pixels of glyph-like dark (or light, if text is light)
    components under one global threshold; None when there are too few to be text."""
    small = grey
    step = 1
    while small.shape[0] * small.shape[1] > GLOBAL_PIXELS:
        small = small[::2, ::2]
        step *= 2
    _, binary = cv2.threshold(small, 0, 255, cv2.THRESH_BINARY_INV | cv2.THRESH_OTSU)
    if np.count_nonzero(binary) > binary.size / 2:
        binary = 255 - binary  # light text on a dark ground
    found = glyph_shapes(binary)
    return found * step if len(found) >= MIN_GLYPHS else None


def faint_rows(grey: np.ndarray, found: np.ndarray | None) -> tuple[np.ndarray, list[Row]]:
    """The rows of text the global threshold missed (``found``: its glyphs), in pixels: the
    boxes (x, y, w, h) of their glyphs and the rows, each of at least MIN_GLYPHS glyphs that
    stand out from their local ground (lighter or darker), on a flat ground.

    One global (Otsu) threshold parts the page's two strongest tones. Where a dark logo or band
    stands on a light page, those are the logo and everything else, and light text on a light
    ground (white on Ljusgrön 1, about 1.5:1) falls on the ground's side: no glyph is found, and
    Tesseract, whose own binarisation is global too, reads only the logo. Low-contrast text is the
    text the contrast rule must find, so the rows that threshold misses are looked for again here,
    against their local ground: pixels that differ from a local median of the page (a window of
    about ``WINDOW`` px, of cells' medians, so lines of dark text beside light text do not darken
    its ground) by more than ``FAINT_STEP`` grey levels, lighter or darker. A row of such shapes
    counts as text only where its glyphs are ``FAINT_GLYPH_PX`` high or more, its ground is flat
    around them (their spread from the local median at most ``FLAT_RESIDUAL``) and the shapes
    stand ``CRISP`` times that far from it: the texture of a photo makes rows of shapes too, on a
    ground that varies (none in 25 of scikit-image's sample pictures). The search looks at
    every pixel up to ``FAINT_PIXELS``, so the common social formats (1080 x 1080, 1080 x 1350,
    1200 x 628, 1920 x 1080) keep 18 px body text's letters (about 10 px high), and at every
    second or fourth pixel above, so faint letters lower than ``FAINT_GLYPH_PX`` there (small
    print on a 300 dpi scan, read at every fourth) are not looked for. Single-threaded, it takes
    10 ms for a 1080 px square post, 16 ms for a 1920 x 1080 one, 28 ms for a 1920 x 1080 photo
    and 8 ms for an A4 page at 300 dpi, most of it in labelling the shapes.
    """
    step = 1
    while grey.shape[0] * grey.shape[1] > FAINT_PIXELS * step * step:
        step *= 2
    small = np.ascontiguousarray(grey[::step, ::step])
    ground = local_ground(small)
    binary = (cv2.absdiff(small, ground) > FAINT_STEP).astype(np.uint8)
    boxes = glyph_shapes(binary)
    if found is not None and len(boxes):
        boxes = boxes[~_centred_in(boxes, found // step, small.shape)]
    if len(boxes) < MIN_GLYPHS:
        return np.zeros((0, 4), np.int64), []
    ink = cv2.dilate(binary, np.ones((5, 5), np.uint8)).astype(bool)
    kept = [
        row
        for row in rows(boxes, least=MIN_GLYPHS)
        if row.glyph_px >= FAINT_GLYPH_PX and _flat(small, ground, ink, row)
    ]
    scaled = [Row(tuple(v * step for v in r.box), r.glyph_px * step, r.glyphs) for r in kept]
    return boxes[inside(boxes, kept)] * step, scaled


def local_ground(small: np.ndarray) -> np.ndarray:
    """The local ground tone of each pixel: the median of 9 x 9 cells of 16 px around it, each
    cell's own tone the median of every fourth pixel of it (text rarely inks half a cell, so
    dense lines of dark text do not darken the ground around them as a mean would)."""
    cell, cells = WINDOW
    h, w = small.shape
    ch, cw = max(1, h // cell), max(1, w // cell)
    if h < cell or w < cell:
        coarse = np.full((1, 1), np.median(small), np.uint8)
    else:
        sampled = small[: ch * cell : 4, : cw * cell : 4]  # 4 x 4 samples a cell
        k = cell // 4
        blocks = sampled.reshape(ch, k, cw, k).transpose(0, 2, 1, 3).reshape(ch, cw, k * k)
        coarse = np.median(blocks, axis=2).astype(np.uint8)
    return cv2.resize(cv2.medianBlur(coarse, cells), (w, h), interpolation=cv2.INTER_LINEAR)


def _centred_in(boxes: np.ndarray, found: np.ndarray, shape: tuple[int, int]) -> np.ndarray:
    """For each box (x, y, w, h), whether its centre lies in one of the ``found`` boxes."""
    mask = np.zeros(shape, bool)
    for x, y, w, h in found:
        mask[y : y + h + 1, x : x + w + 1] = True
    cy = np.minimum(boxes[:, 1] + boxes[:, 3] // 2, shape[0] - 1)
    cx = np.minimum(boxes[:, 0] + boxes[:, 2] // 2, shape[1] - 1)
    return mask[cy, cx]


def _flat(small: np.ndarray, ground: np.ndarray, ink: np.ndarray, row: Row) -> bool:
    """Whether a row's shapes stand out from a flat ground as printed letters do: the pixels
    around them (its box with a margin of a third of its height, the shapes and their rims
    left out) keep close to the local median ``ground``, and the shapes' median distance from
    it is many times that spread (text on a flat ground: 19-52 times; a photo's texture: 3-10)."""
    x0, y0, x1, y1 = row.box
    pad = max(2, (y1 - y0) // 3)
    box = np.s_[max(0, y0 - pad) : y1 + pad, max(0, x0 - pad) : x1 + pad]
    residual = small[box].astype(np.float64) - ground[box]
    spread = residual[~ink[box]]
    shapes = np.abs(residual[np.abs(residual) > FAINT_STEP])
    if len(spread) < 16 or not len(shapes):
        return False
    noise = float(spread.std())
    return noise <= FLAT_RESIDUAL and float(np.median(shapes)) >= CRISP * max(noise, 1.5)
