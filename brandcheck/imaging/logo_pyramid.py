"""Page pyramids for logo detection and the affine and box helpers that map their levels."""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TypeVar

import cv2
import numpy as np

# logos more elongated than this (long side / short side) are searched from a larger width than
# others: a wordmark nine times as wide as tall and 40 px wide has letters 4 px tall, too small
# to tell from a line of text (see smallest_width)
MAX_ELONGATION = 3.0


def geo(w: float, h: float) -> float:
    return math.sqrt(w * h)


def elongation(w: float, h: float) -> float:
    """Long side / short side."""
    return max(w, h) / min(w, h)


def smallest_width(w: float, h: float, min_width_px: float) -> float:
    """The narrowest logo of proportions w x h searched when logos from ``min_width_px`` wide
    are asked for: that, or for a logo more than ``MAX_ELONGATION`` times as wide as tall, the
    width at which its height is ``min_width_px / MAX_ELONGATION``."""
    return min_width_px * max(1.0, w / h / MAX_ELONGATION)


def to_u8(x: np.ndarray) -> np.ndarray:
    return np.clip(x * 255.0 + 0.5, 0, 255).astype(np.uint8)


def affine(a: float, b: float, c: float, d: float, tx: float, ty: float) -> np.ndarray:
    return np.array([[a, b, tx], [c, d, ty], [0.0, 0.0, 1.0]])


def invert(a: np.ndarray) -> np.ndarray:
    """The inverse of a 3x3 affine matrix (last row 0, 0, 1), in closed form: np.linalg.inv
    costs about ten times as much on a 3x3 matrix, and the search inverts thousands a page."""
    (p, q, tx), (r, s, ty), _ = a.tolist()
    det = p * s - q * r
    ia, ib, ic, id_ = s / det, -q / det, -r / det, p / det
    return affine(ia, ib, ic, id_, -(ia * tx + ib * ty), -(ic * tx + id_ * ty))


def geo_scale(a: np.ndarray) -> float:
    """sqrt(|det|) of an affine's linear part: its geometric-mean scale (np.linalg.det is ~10x
    slower on a 2x2 matrix)."""
    (p, q, _), (r, s, _), _ = a.tolist()
    return math.sqrt(abs(p * s - q * r))


def scaling(s: float, offset: float = 0.0) -> np.ndarray:
    return affine(s, 0.0, 0.0, s, offset, offset)


def level_from_page(d: float) -> np.ndarray:
    """Pixel-centre mapping of a resize by 1/d."""
    return scaling(1.0 / d, 0.5 / d - 0.5)


def octave_for(ratio: float) -> int:
    """The number of halvings that keeps at least one px per ``ratio`` px."""
    return max(0, math.floor(math.log2(max(ratio, 1.0)) + 1e-9))


@dataclass(frozen=True)
class Pose:
    """Decomposition of a reference->page affine into the quantities reported."""

    angle: float
    sx: float
    sy: float
    shear: float

    @classmethod
    def of(cls, a: np.ndarray) -> Pose:
        m = a[:2, :2]
        sx = float(math.hypot(m[0, 0], m[1, 0]))
        theta = math.atan2(-m[1, 0], m[0, 0])  # y points down: CCW on screen is positive
        c, s = math.cos(theta), math.sin(theta)
        rot_t = np.array([[c, -s], [s, c]])  # inverse of the on-screen CCW rotation
        upper = rot_t @ m
        sy = float(upper[1, 1])
        shear = float(upper[0, 1] / sy) if sy else math.inf
        return cls(angle=math.degrees(theta), sx=sx, sy=sy, shear=shear)


def iou(a: Sequence[float], b: Sequence[float]) -> float:
    iw = min(a[2], b[2]) - max(a[0], b[0])
    ih = min(a[3], b[3]) - max(a[1], b[1])
    if iw <= 0 or ih <= 0:
        return 0.0
    inter = iw * ih
    union = (a[2] - a[0]) * (a[3] - a[1]) + (b[2] - b[0]) * (b[3] - b[1]) - inter
    return inter / union if union > 0 else 0.0


T = TypeVar("T")


def best_distinct(
    scored: Sequence[tuple[float, Sequence[float], T]],
    limit: int,
    beyond: Callable[[float, T], bool] | None = None,
) -> list[T]:
    """The items of the best-scoring ``(score, box, item)`` triples, one per place: at most
    ``limit``, plus any more for which ``beyond(score, item)`` holds (candidates that already
    look like logos: a page may show many). An item whose box overlaps a kept one (IoU > 0.5)
    is the same place, skipped."""
    kept: list[T] = []
    boxes: list[Sequence[float]] = []
    for score, box, item in sorted(scored, key=lambda entry: -entry[0]):
        if len(kept) >= limit:
            if beyond is None:
                break  # sorted: nothing further can be kept
            if not beyond(score, item):
                continue
        if any(iou(box, b) > 0.5 for b in boxes):
            continue
        kept.append(item)
        boxes.append(box)
    return kept


class Pyramid:
    """One grey channel of a page: octaves by pyrDown, in-between levels resampled on demand.

    Every level keeps the exact 3x3 mapping from its pixel coordinates to page pixels.
    """

    def __init__(self, gray: np.ndarray, page_from_image: np.ndarray | None = None) -> None:
        self.gray = np.ascontiguousarray(gray)
        # the image may be derived from the page (resampled, or a crop of it): its px -> page px
        self._base = np.eye(3) if page_from_image is None else page_from_image
        # the tone and ink images: the page as computed grey values, not one of its channels
        self.derived = page_from_image is not None
        self._unit = geo_scale(self._base)  # page px per image px
        self._octaves: list[np.ndarray] = [self.gray]
        # octave -> page mappings, made once: the search asks for them thousands of times a page
        self._to_page: dict[int, np.ndarray] = {}
        self._levels: dict[float, tuple[np.ndarray, np.ndarray]] = {}
        self._floats: dict[int, np.ndarray] = {}

    @property
    def shape(self) -> tuple[int, int]:
        return self.gray.shape[0], self.gray.shape[1]

    def octave(self, j: int) -> tuple[np.ndarray, np.ndarray]:
        """The page smoothed and halved ``j`` times, with its level -> page mapping."""
        while len(self._octaves) <= j:
            self._octaves.append(cv2.pyrDown(self._octaves[-1]))
        return self._octaves[j], self._page_from_octave(j)

    def _page_from_octave(self, j: int) -> np.ndarray:
        """The octave ``j`` px -> page px mapping (shared: callers must not modify it)."""
        to_page = self._to_page.get(j)
        if to_page is None:
            to_page = self._to_page[j] = self._base @ scaling(2.0**j)
        return to_page

    def level(self, d: float) -> tuple[np.ndarray, np.ndarray]:
        """The page downsampled by about ``d`` (>= 1), with its level -> page mapping."""
        key = round(d, 6)
        if key not in self._levels:
            j = math.floor(math.log2(max(d, 1.0)) + 1e-9)
            self._levels[key] = self._resampled(self.octave(j)[0], j, d)
        return self._levels[key]

    def _resampled(self, src: np.ndarray, j: int, d: float) -> tuple[np.ndarray, np.ndarray]:
        """Octave ``j`` image ``src`` resized to a downsampling of ``d``, with its mapping."""
        to_page = self._page_from_octave(j)
        r = d / 2.0**j
        if abs(r - 1.0) < 1e-9:
            return src, to_page
        size = (max(1, round(src.shape[1] / r)), max(1, round(src.shape[0] / r)))
        img = cv2.resize(src, size, interpolation=cv2.INTER_LINEAR)
        rx, ry = src.shape[1] / size[0], src.shape[0] / size[1]
        return img, to_page @ affine(rx, 0, 0, ry, 0.5 * rx - 0.5, 0.5 * ry - 0.5)

    def best_level(self, ratio: float) -> tuple[np.ndarray, np.ndarray]:
        """The octave closest to (not coarser than) downsampling by ``ratio``."""
        return self.octave(self._octave_for(ratio))

    def float_level(self, ratio: float) -> tuple[np.ndarray, np.ndarray]:
        """Like :meth:`best_level` but as float32 (sub-grey-level resampling for alignment)."""
        j = self._octave_for(ratio)
        if j not in self._floats:
            img, _ = self.octave(j)
            self._floats[j] = img.astype(np.float32)
        return self._floats[j], self._page_from_octave(j)

    def _octave_for(self, ratio: float) -> int:
        """The octave for ``ratio`` page px per px (this image may itself be downsampled)."""
        return octave_for(ratio / self._unit)
