"""Rows of glyphs on an OCR page: the image a pass over some rows reads, and their ground."""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

BUSY_GROUND = 18.0  # luminance spread (std, 0-255) of the band around text: beyond, a photo


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


def rows(boxes: np.ndarray, least: int = 1) -> list[Row]:
    """The rows of at least ``least`` glyphs these glyphs (x, y, w, h) stand in, in page
    order."""
    labels = row_labels(boxes)
    counts = np.bincount(labels)
    found = []
    for label in np.flatnonzero(counts >= least):
        mine = boxes[labels == label]
        x, y, w, h = (mine[:, i] for i in range(4))
        box = (int(x.min()), int(y.min()), int((x + w).max()), int((y + h).max()))
        found.append(Row(box, float(np.median(h)), len(mine)))
    return sorted(found, key=lambda r: (r.box[1], r.box[0]))


def inside(boxes: np.ndarray, shown: list[Row]) -> np.ndarray:
    """Which glyphs (boxes x, y, w, h) lie inside one of these rows."""
    x, y, w, h = (boxes[:, i] for i in range(4))
    found = np.zeros(len(boxes), bool)
    for x0, y0, x1, y1 in (row.box for row in shown):
        found |= (x >= x0) & (y >= y0) & (x + w <= x1) & (y + h <= y1)
    return found


def only_rows(grey: np.ndarray, shown: list[Row], dark: bool = False) -> np.ndarray:
    """The page showing only these rows, each with a margin of its glyphs' height on every
    side (room for the thin letters, accents and spaces glyph finding leaves out), the rest
    painted in the rows' own ground tone; with ``dark``, each row's distance from its ground
    tone (its median) instead, stretched to black on white, so text lighter than its ground
    or faint against it reads as plain black text.

    The small print's pass reads nothing else: whatever glyph finding missed of the larger
    text (an l, an i, a rule; light letters on a mid-tone band that one global threshold
    cannot part from it) stays out of it. Left in, such remnants made Tesseract take the page
    for larger text and drop a 5 pt line as noise.
    """
    areas = []
    for row in shown:
        pad = int(np.ceil(row.glyph_px))
        x0, y0, x1, y1 = row.box
        areas.append(np.s_[max(0, y0 - pad) : y1 + pad, max(0, x0 - pad) : x1 + pad])
    if not areas:
        return grey
    if dark:
        out = np.full_like(grey, 255)
        for area in areas:
            far = cv2.absdiff(grey[area], np.full_like(grey[area], np.median(grey[area])))
            out[area] = 255 - np.minimum(far * (255.0 / max(int(far.max()), 1)), 255)
        return out
    mask = np.zeros(grey.shape, bool)
    for area in areas:
        mask[area] = True
    out = np.full_like(grey, np.uint8(np.median(grey[mask])))
    out[mask] = grey[mask]
    return out


def ring(
    pixels: np.ndarray,
    box: tuple[int, int, int, int],
    pad: int,
    leave: np.ndarray | None = None,
) -> np.ndarray:
    """The pixels of a band ``pad`` wide around a box (inside the image), one a row: (N,) for
    a grey image, (N, 3) for a colour one; without those ``leave`` (a mask of the image) marks."""
    h, w = pixels.shape[:2]
    x0, y0, x1, y1 = box
    left, top = max(0, x0 - pad), max(0, y0 - pad)
    right, bottom = min(w, x1 + pad), min(h, y1 + pad)
    parts = [
        np.s_[top:y0, left:right],
        np.s_[y1:bottom, left:right],
        np.s_[y0:y1, left:x0],
        np.s_[y0:y1, x1:right],
    ]
    if leave is None:
        found = [pixels[p].reshape(-1, *pixels.shape[2:]) for p in parts]
    else:
        found = [pixels[p][~leave[p]] for p in parts]
    return np.concatenate(found).astype(np.float64)
