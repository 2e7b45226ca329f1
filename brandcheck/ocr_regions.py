"""Where art may hold text: boxes around rows of letter-like shapes, so OCR reads only there.

A photo that fills a brochure page holds no text at all, or a line or two (a title, a credit,
a lockup), yet Tesseract read all of it: 1.5–5 s a 300 ppi A4 page, most of it spent on the
photo's texture. ``text_regions`` finds the rows of shapes that stand as a line of letters,
horizontal or set sideways, in four binary images of the art: both sides of one global (Otsu)
threshold (what Tesseract's own binarisation parts, so what it read before is looked at) and
the shapes lighter or darker than their local ground by ``LOCAL_STEP`` (white text on a
mid-tone photo). Each is searched at the analysis size (at most ``MAX_PIXELS``) and at a
quarter of it, where a headline's letters stand out from a ground measured around them. A row
counts with at least ``ROW_GLYPHS`` shapes of like heights (within ``BAND``) chained as letters
stand (at most ``REACH`` of their height apart), no taller than ``ROW_HEIGHT`` glyphs, most of
them on one baseline or cap line (``ALIGNED``), level or at a slant (at most ``SLANT``, a line
set a few degrees askew): a photo's texture makes chains of shapes too, at random heights.
``only_regions`` keeps those rows with a margin (``PAD``, ``ALONG``) and paints the rest flat
in the two tones of the art's global threshold, so that threshold stays where it was and
Tesseract parts the kept letters from their ground as it did on the whole art; positions are
unchanged.
"""

from __future__ import annotations

import cv2
import numpy as np

from brandcheck.ocr_glyphs import glyph_shapes, local_ground

MAX_PIXELS = 4_000_000  # searched at every second (fourth, ...) pixel above this
COARSE = 4  # and again at every fourth pixel of that, for large letters
LOCAL_STEP = 32  # grey levels from the local ground: white on a mid-tone photo
MIN_GLYPH_PX = 4  # shapes lower than this where looked for are no letters
# of the art's longer side: taller shapes are no letters of a line set there; a line of
# ROW_GLYPHS letters that high still fits across it (a picture cut close around a sender set
# large in three lines, "Stockholms" across it, has letters a ninth of its width high)
TALLEST = 0.2
ROW_GLYPHS = 6  # a row of fewer shapes is no line worth reading ("Foto:" is five: not read)
REACH = 0.75  # letters of a line stand at most this many of their heights apart
ROW_HEIGHT = 3.0  # a row this many median glyphs high or more is a tangle, not a line
ALIGNED = 0.15  # of the median height: glyphs this close to the row's baseline or cap line
ALIGNED_SHARE = 0.7  # sit on it, at least this share of them
SLANT = 0.18  # a line may rise or fall this much along (about 10 degrees): set at a slant
# glyph heights of margin kept for OCR above and below a row (a lockup's other line: "en del
# av" over "Stockholms stad"), and at its ends (the rest of a line whose letters were not all
# found: white text on a photo whose ground turns light behind some of its letters)
PAD, ALONG = 2.5, 8.0
BAND = 2.0  # glyphs are chained with others of heights within this factor (see _rows)

Box = tuple[int, int, int, int]  # x0, y0, x1, y1 in pixels


def text_regions(grey: np.ndarray) -> list[Box]:
    """Boxes (x0, y0, x1, y1, pixels of ``grey``) that may hold a line of text, each with its
    margin, overlapping ones merged; none when the art shows no row of letters."""
    step = 1
    while grey.shape[0] * grey.shape[1] > MAX_PIXELS * step * step:
        step *= 2
    found: list[Box] = []
    for s in (step, step * COARSE):
        small = np.ascontiguousarray(grey[::s, ::s])
        if min(small.shape) < 16:
            continue
        for binary in _binaries(small):
            glyphs = glyph_shapes(binary)
            tallest = TALLEST * max(small.shape)
            glyphs = glyphs[(glyphs[:, 3] >= MIN_GLYPH_PX) & (glyphs[:, 3] <= tallest)]
            if len(glyphs) < ROW_GLYPHS:
                continue
            for sideways in (False, True):
                for (x0, y0, x1, y1), px in _rows(glyphs, small.shape, sideways):
                    along, across = ALONG * px, PAD * px
                    dx, dy = (across, along) if sideways else (along, across)
                    box = (x0 - dx, y0 - dy, x1 + dx, y1 + dy)
                    found.append(tuple(int(v * s) for v in box))  # type: ignore[arg-type]
    return _merged(found, grey.shape)


def only_regions(grey: np.ndarray, boxes: list[Box]) -> np.ndarray:
    """``grey`` showing only these boxes, the rest painted flat so that one global threshold
    of the whole still falls where it fell before: each pixel outside takes the mean tone of
    its side of that threshold (Otsu's), those of the light side first in reading order (a
    band at the top), so the histogram's two classes keep their sizes and means."""
    cut, _ = cv2.threshold(grey, 0, 255, cv2.THRESH_BINARY | cv2.THRESH_OTSU)
    outside = np.ones(grey.shape, bool)
    for x0, y0, x1, y1 in boxes:
        outside[y0:y1, x0:x1] = False
    rest = grey[outside]
    light = rest > cut
    if not rest.size or light.all() or not light.any():
        return np.where(outside, np.uint8(round(float(rest.mean()))) if rest.size else 0, grey)
    tones = round(float(rest[light].mean())), round(float(rest[~light].mean()))
    count = int(np.count_nonzero(light))
    out = grey.copy()
    # the row where the light band ends, without an index of every pixel (70 MB on an A4 page)
    ends = np.cumsum(np.count_nonzero(outside, axis=1))
    row = int(np.searchsorted(ends, count))
    out[:row][outside[:row]] = tones[0]
    out[row + 1 :][outside[row + 1 :]] = tones[1]
    if row < len(ends):
        mine = np.flatnonzero(outside[row])
        split = count - (int(ends[row - 1]) if row else 0)
        out[row, mine[:split]] = tones[0]
        out[row, mine[split:]] = tones[1]
    return out


def _binaries(small: np.ndarray) -> list[np.ndarray]:
    """Both sides of the global threshold, and what is lighter or darker than its ground."""
    _, otsu = cv2.threshold(small, 0, 1, cv2.THRESH_BINARY | cv2.THRESH_OTSU)
    ground = local_ground(small)
    light = (cv2.subtract(small, ground) > LOCAL_STEP).astype(np.uint8)
    dark = (cv2.subtract(ground, small) > LOCAL_STEP).astype(np.uint8)
    return [otsu, 1 - otsu, light, dark]


def _rows(glyphs: np.ndarray, shape: tuple[int, ...], sideways: bool) -> list[tuple[Box, float]]:
    """The rows of letters among the glyphs (x, y, w, h), each box with its median glyph
    height; ``sideways``: lines set along the height (the boxes turned a quarter). Glyphs are
    chained by size, in bands of heights a factor ``BAND`` wide that overlap by half: a line's
    letters all fall in one band, and a shape far taller beside them (an emblem) does not chain
    a lockup's lines into one tangle."""
    if sideways:
        glyphs, shape = glyphs[:, [1, 0, 3, 2]], shape[::-1]
    found = []
    low = float(MIN_GLYPH_PX)
    while low <= glyphs[:, 3].max():
        mine = glyphs[(glyphs[:, 3] >= low) & (glyphs[:, 3] < low * BAND)]
        cell = max(1, int(low // 2))  # a grid as fine as half the band's lowest glyph
        low *= BAND**0.5
        if len(mine) < ROW_GLYPHS:
            continue
        for box, px in _chains(mine, shape, cell):
            found.append(((box[1], box[0], box[3], box[2]) if sideways else box, px))
    return found


def _chains(glyphs: np.ndarray, shape: tuple[int, ...], cell: int) -> list[tuple[Box, float]]:
    """The chains of glyphs (x, y, w, h) that stand as lines of letters, found on a grid of
    ``cell`` px: each glyph reaches ``REACH`` of its height to either side, in the middle half
    of its height."""
    x, y, w, h = (glyphs[:, i] for i in range(4))
    chains = np.zeros((shape[0] // cell + 2, shape[1] // cell + 2), np.uint8)
    reach, band = np.ceil(REACH * h).astype(int), h // 4
    for a, b, c, d in zip(
        (x - reach) // cell,
        (y + band) // cell,
        (x + w + reach) // cell,
        (y + h - band) // cell,
        strict=True,
    ):
        cv2.rectangle(chains, (int(a), int(b)), (int(c), int(d)), 1, -1)
    _, labels = cv2.connectedComponents(chains, connectivity=4)
    of = labels[(y + h // 2) // cell, np.maximum(x + w // 2, 0) // cell]
    found = []
    for label in np.unique(of[of > 0]):
        mine = glyphs[of == label]
        if len(mine) >= ROW_GLYPHS and (row := _letters(mine)) is not None:
            found.append(row)
    return found


def _letters(mine: np.ndarray) -> tuple[Box, float] | None:
    """The box and median height of a chain of glyphs (x, y, w, h) that stand as a line of
    letters do (see the module docstring), or None."""
    x, y, w, h = (mine[:, i] for i in range(4))
    px = float(np.median(h))
    box = (int(x.min()), int(y.min()), int((x + w).max()), int((y + h).max()))
    if box[2] - box[0] < 2 * px:
        return None
    # a line set at a slant (a few degrees, as Tesseract still reads it) rises along its
    # baseline: heights and alignment are measured about the slope its letters' feet follow
    centres = (x + w / 2).astype(float)
    slope = _slope(centres, (y + h).astype(float))
    rise = abs(slope) * (box[2] - box[0])
    if box[3] - box[1] - rise >= ROW_HEIGHT * px:
        return None
    near = ALIGNED * px + 1
    bottoms, tops = y + h - slope * centres, y - slope * centres
    on_line = max(
        np.mean(np.abs(bottoms - np.median(bottoms)) <= near),
        np.mean(np.abs(tops - np.median(tops)) <= near),
    )
    return (box, px) if on_line >= ALIGNED_SHARE else None


def _slope(xs: np.ndarray, feet: np.ndarray) -> float:
    """The slope (rise per pixel along) of the line the glyphs' feet follow, at most
    ``SLANT``: the median of the slopes between each glyph and the one beside it, so a
    descender or a comma does not tilt it; 0 for a row of fewer than 2 glyphs apart."""
    order = np.argsort(xs)
    dx, dy = np.diff(xs[order]), np.diff(feet[order])
    apart = dx > 0
    if not apart.any():
        return 0.0
    return float(np.clip(np.median(dy[apart] / dx[apart]), -SLANT, SLANT))


def _merged(boxes: list[Box], shape: tuple[int, ...]) -> list[Box]:
    """The boxes inside the image, overlapping ones joined into one."""
    height, width = shape[:2]
    merged: list[list[int]] = []
    for box in sorted(boxes):
        new = [max(0, box[0]), max(0, box[1]), min(width, box[2]), min(height, box[3])]
        joined = True
        while joined:
            joined = False
            for other in merged:
                if (
                    new[0] <= other[2]
                    and other[0] <= new[2]
                    and new[1] <= other[3]
                    and other[1] <= new[3]
                ):
                    merged.remove(other)
                    new = [
                        min(new[0], other[0]),
                        min(new[1], other[1]),
                        max(new[2], other[2]),
                        max(new[3], other[3]),
                    ]
                    joined = True
                    break
        merged.append(new)
    return [tuple(b) for b in merged]  # type: ignore[misc]
