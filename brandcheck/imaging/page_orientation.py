"""Which way up a scanned page's text stands (0, 90, 180 or 270°), from its lines of text alone.

A cheap look (a few milliseconds a page, no OCR) at a page's ink, binarised and shrunk to about
100 dpi: lines of text leave empty rows between them in narrow upright strips (the lines run
across) or empty columns in narrow flat bands (they run down), the other way only where words
happen to line up; and Latin text has more ink above its x-height band (capitals, ascenders,
dots and rings) than below it (descenders), so a line upside down is heavier below. A page with
no clear lines (a photo, a blank sheet) has no orientation.
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

#: the long side the page is shrunk to (about 100 dpi for A4): lines a few px apart
WORK_SIDE = 1200
#: the width of the strips (bands) whose row (column) profiles are read, in work px: narrow
#: enough that a line skewed 1.5° drifts under 2 px across one
STRIP = 64
#: a profile row holding at most this share of its strip's width in ink is empty
EMPTY = 0.02
#: lines run across when at least this share of their strips' rows are empty, and this many
#: times more than of the bands' columns (or down, the other way round)
LINE_GAPS, AXIS_RATIO = 0.2, 1.5
#: strips (with bands) that must show lines of text, and line pieces (a line's run of ink rows
#: in one strip) for the lines' direction and for the ascender test
MIN_STRIPS, MIN_LINES = 3, 24
#: ink above minus ink below the x-height band, as a share of both, needed to tell up from down
#: where the ink beside the band is at least ``SHOULDERS[1]`` of the lines' ink, and where less
UPRIGHT_MARGIN = (0.1, 0.3)
#: the share of the lines' ink above and below their x-height band under which they have none
#: (capitals, figures: text set in capitals, a table of amounts: 1.5-5.4 %), and under which
#: the band is unclear (mixed-case text: 4-10 %)
SHOULDERS = (0.035, 0.07)
#: pieces of line taller than this (work px, about 20 pt) are display type, a few letters a
#: strip, whose ink says little about which way up they stand
TALLEST = 30


@dataclass(frozen=True)
class Orientation:
    """How a page's text lines stand: ``sideways`` (None: no clear lines of text) and ``turn``,
    the counter-clockwise degrees the text is turned (0, 90, 180, 270; None when its lines are
    clear but which way up they stand is not)."""

    sideways: bool | None
    turn: int | None


NONE = Orientation(None, None)


def page_orientation(raster: np.ndarray) -> Orientation:
    """The orientation of the text on ``raster`` (H×W×3 or H×W, uint8)."""
    ink = _ink(raster)
    if ink is None:
        return NONE
    rows, columns = _profiles(ink, across=True), _profiles(ink, across=False)
    across, down = _empty_share(rows) or 0.0, _empty_share(columns) or 0.0
    if across >= max(LINE_GAPS, AXIS_RATIO * down):
        sideways, lines = False, rows
    elif down >= max(LINE_GAPS, AXIS_RATIO * across):
        sideways, lines = True, columns
    else:
        return NONE
    if _pieces(lines) < MIN_LINES:  # a logo and a word: too few lines to tell their direction
        return NONE
    up = _upright_score(lines)
    if up is None:
        return Orientation(sideways, None)
    # a page turned 90° counter-clockwise has its lines' tops at the left, where the columns'
    # profiles start, as an upright one's at the top: "upright" there is a 90° page, and "upside
    # down" a 270° one
    if sideways:
        return Orientation(True, 90 if up > 0 else 270)
    return Orientation(False, 0 if up > 0 else 180)


def _ink(raster: np.ndarray) -> np.ndarray | None:
    """The page's dark ink as 0/1 at about ``WORK_SIDE`` px on its long side (every n-th pixel
    of the green, which text strokes of 300 dpi are wide enough to survive), or None when it
    has almost none (a blank page) or is mostly dark."""
    h, w = raster.shape[:2]
    step = -(-max(h, w) // WORK_SIDE)
    grey = np.ascontiguousarray(
        raster[::step, ::step, 1] if raster.ndim == 3 else raster[::step, ::step]
    )
    level, _ = cv2.threshold(grey[::4], 0, 1, cv2.THRESH_BINARY_INV | cv2.THRESH_OTSU)
    _, ink = cv2.threshold(grey, level, 1, cv2.THRESH_BINARY_INV)
    share = float(cv2.mean(ink)[0])
    if not 0.002 <= share <= 0.3:
        return None
    return ink


def _profiles(ink: np.ndarray, across: bool) -> np.ndarray:
    """The ink px a row of each upright ``STRIP``-px strip of ``ink`` (``across``: lines that
    run across cross them), or a column of each flat band (lines that run down), a strip a row
    of the result (strips × rows, or bands × columns)."""
    h, w = ink.shape
    if (w if across else h) < STRIP:  # no whole strip: no lines to see
        return np.zeros((0, h if across else w), np.int32)
    if across:
        n = w // STRIP
        cut = np.ascontiguousarray(ink[:, : n * STRIP]).reshape(h * n, STRIP)
        return cv2.reduce(cut, 1, cv2.REDUCE_SUM, dtype=cv2.CV_32S).reshape(h, n).T
    n = h // STRIP
    return ink[: n * STRIP].reshape(n, STRIP, w).sum(axis=1, dtype=np.int32)


def _empty_share(profiles: np.ndarray) -> float | None:
    """The share of empty rows between the first and last inked row of each strip (of
    ``_profiles``), over the strips with ink (None when too few have)."""
    inked = profiles > EMPTY * STRIP
    counts = inked.sum(axis=1)
    used = counts >= 8
    if int(used.sum()) < MIN_STRIPS:
        return None
    length = inked.shape[1]
    first = inked.argmax(axis=1)
    last = length - 1 - inked[:, ::-1].argmax(axis=1)
    span = (last - first + 1)[used]
    return float((span - counts[used]).sum() / span.sum())


def _pieces(profiles: np.ndarray) -> int:
    """The pieces of line in the strips of ``_profiles``: runs of inked rows in a strip as tall
    as a line of text (4 to ``TALLEST`` work px; a picture's or a shield's runs are taller)."""
    pad = np.zeros((len(profiles), 1), np.int8)
    inked = np.concatenate((pad, (profiles > EMPTY * STRIP).view(np.int8), pad), axis=1)
    edges = np.diff(inked, axis=1)
    heights = np.flatnonzero(edges.ravel() == -1) - np.flatnonzero(edges.ravel() == 1)
    return int(((heights >= 4) & (heights <= TALLEST)).sum())


def _upright_score(profiles: np.ndarray) -> float | None:
    """Ink above the x-height band minus ink below it, as a share of both, over the pieces of
    line in each strip (of ``_profiles`` across the lines; None: too few pieces). A piece's
    x-height band is the rows holding at least half its fullest row's ink. None also when the
    difference is under ``UPRIGHT_MARGIN``, or the lines have no x-height band (``SHOULDERS``)."""
    pad = np.zeros((len(profiles), 1), np.int32)
    flat = np.concatenate((profiles, pad), axis=1).ravel()
    inked = flat > EMPTY * STRIP
    edges = np.diff(np.concatenate(([0], inked.view(np.int8), [0])))
    starts, stops = np.flatnonzero(edges == 1), np.flatnonzero(edges == -1)
    if len(starts) == 0:
        return None
    run = np.cumsum(edges[:-1] == 1) - 1  # each px's piece (meaningful where inked)
    fullest = np.maximum.reduceat(flat, starts)  # the gaps after a piece are emptier
    core = np.flatnonzero(inked & (flat >= 0.5 * fullest[np.maximum(run, 0)]))
    group = np.flatnonzero(np.diff(np.concatenate(([-1], run[core]))))
    top = core[group]
    bottom = core[np.concatenate((group[1:], [len(core)])) - 1]
    total = np.concatenate(([0], np.cumsum(flat, dtype=np.int64)))
    long = ((stops - starts) >= 4) & ((stops - starts) <= TALLEST)
    if int(long.sum()) < MIN_LINES:
        return None
    above = int((total[top] - total[starts])[long].sum())
    below = int((total[stops] - total[bottom + 1])[long].sum())
    beside = (above + below) / max(int((total[stops] - total[starts])[long].sum()), 1)
    if beside < SHOULDERS[0]:
        return None  # capitals, figures: no x-height band to stand out from
    up = (above - below) / (above + below)
    return up if abs(up) >= UPRIGHT_MARGIN[beside < SHOULDERS[1]] else None
