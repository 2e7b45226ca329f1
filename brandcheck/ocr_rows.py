"""Rows of glyphs on an OCR page: the image a small-print pass reads, and rows it did not read."""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np


@dataclass(frozen=True)
class Row:
    """A row of glyphs in pixels: its box (x0, y0, x1, y1), median glyph height and count."""

    box: tuple[int, int, int, int]
    glyph_px: float
    glyphs: int


def row_labels(boxes: np.ndarray) -> np.ndarray:
    """For each glyph (boxes x, y, w, h), the row it stands in: glyphs whose middles are
    within a quarter of their heights of each other and whose gap is at most half their
    heights, chained (the letters and words of a line; the two dots of ä, an accent or a
    comma stand alone or in pairs)."""
    x, y, w, h = (boxes[:, i] for i in range(4))
    mid, reach, band = y + h // 2, (h + 1) // 2, (h + 3) // 4
    x0, x1 = (x - reach) // 2, (x + w + reach) // 2  # 2 px cells
    y0, y1 = (mid - band) // 2, (mid + band) // 2
    shift_x, shift_y = min(0, int(x0.min())), min(0, int(y0.min()))
    cells = np.zeros((int(y1.max()) - shift_y + 1, int(x1.max()) - shift_x + 1), np.uint8)
    for a, b, c, d in zip(x0 - shift_x, y0 - shift_y, x1 - shift_x, y1 - shift_y, strict=True):
        cells[b : d + 1, a : c + 1] = 1
    _, labels = cv2.connectedComponents(cells, connectivity=4)
    return labels[(mid // 2) - shift_y, ((x + w // 2) // 2) - shift_x]


def rows(boxes: np.ndarray) -> list[Row]:
    """The rows these glyphs (x, y, w, h) stand in, in page order."""
    labels = row_labels(boxes)
    found = []
    for label in np.unique(labels):
        mine = boxes[labels == label]
        x, y, w, h = (mine[:, i] for i in range(4))
        box = (int(x.min()), int(y.min()), int((x + w).max()), int((y + h).max()))
        found.append(Row(box, float(np.median(h)), len(mine)))
    return sorted(found, key=lambda r: (r.box[1], r.box[0]))


def only_rows(grey: np.ndarray, shown: list[Row]) -> np.ndarray:
    """The page showing only these rows, each with a margin of its glyphs' height on every
    side (room for the thin letters, accents and spaces glyph finding leaves out), the rest
    painted in the rows' own ground tone.

    The small print's pass reads nothing else: whatever glyph finding missed of the larger
    text (an l, an i, a rule; light letters on a mid-tone band that one global threshold
    cannot part from it) stays out of it. Left in, such remnants made Tesseract take the page
    for larger text and drop a 5 pt line as noise.
    """
    mask = np.zeros(grey.shape, bool)
    for row in shown:
        pad = int(np.ceil(row.glyph_px))
        x0, y0, x1, y1 = row.box
        mask[max(0, y0 - pad) : y1 + pad, max(0, x0 - pad) : x1 + pad] = True
    if not mask.any():
        return grey
    out = np.full_like(grey, np.uint8(np.median(grey[mask])))
    out[mask] = grey[mask]
    return out
