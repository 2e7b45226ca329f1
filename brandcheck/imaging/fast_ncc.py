"""Normalised cross-correlation of one image with several templates, window sums shared.

``cv2.matchTemplate`` with ``TM_CCOEFF_NORMED`` spends about three quarters of its time on the
normalisation (integral images and a per-pixel pass, done again for every template). Here the
correlation is OpenCV's plain ``TM_CCORR`` with a zero-mean template, and the window sums the
normalisation needs come from box filters computed once per template size and image. Templates
of fewer than ``_DIRECT_TAPS`` pixels are correlated with ``cv2.filter2D`` instead, which sums
them directly: about twice as fast as ``matchTemplate``'s DFT at that size.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import cv2
import numpy as np

# windows whose summed squared deviation is at most this are flat: their NCC is 0 (as OpenCV's,
# which also returns 0 there instead of dividing by a rounding error)
_FLAT = 0.5
# below this many template pixels cv2.filter2D correlates directly in float32 (at and above it,
# OpenCV switches filter2D to a DFT that is slower than matchTemplate's). That is OpenCV's cut-off
# on x86 with SSE3; elsewhere it is 50 pixels, and the direct path is then filter2D's DFT:
# correct, but likely slower than matchTemplate
_DIRECT_TAPS = 130


@dataclass(frozen=True)
class NccTemplate:
    """A template made ready for :func:`ncc_maps` once, for all the images it is matched on."""

    shape: tuple[int, int]
    centred: np.ndarray | None  # float32, zero mean; None for a flat template
    norm: float  # of the zero-mean template (float64)


def ncc_template(tpl: np.ndarray | NccTemplate) -> NccTemplate:
    """``tpl`` centred on its mean, with its norm (flat templates correlate with nothing)."""
    if isinstance(tpl, NccTemplate):
        return tpl
    values = np.asarray(tpl, np.float64)
    centred = values - values.mean()
    norm = float(np.linalg.norm(centred))
    if norm <= 1e-9 * max(1.0, float(np.abs(values).max())) * math.sqrt(values.size):
        return NccTemplate((values.shape[0], values.shape[1]), None, norm)
    return NccTemplate((values.shape[0], values.shape[1]), centred.astype(np.float32), norm)


def ncc_maps(image: np.ndarray, templates: Sequence[np.ndarray | NccTemplate]) -> list[np.ndarray]:
    """TM_CCOEFF_NORMED maps of ``image`` with each template (0 where flat or no fit).

    Templates larger than the image give an empty map, a flat template a map of zeros. On
    high-passed levels (local deviations of tens of grey levels) the values are within 1e-4 of
    a float64 computation and of ``cv2.matchTemplate(image, template, cv2.TM_CCOEFF_NORMED)``;
    on raw luminance within about 5e-4, as OpenCV's own are. Windows flat to within a rounding
    error are 0 here, and values are clipped to -1..1. The image is centred on its mean first,
    so a large offset costs the float32 window sums no precision.
    """
    img = np.asarray(image, np.float32)
    h, w = img.shape
    if img.size:
        img = cv2.subtract(img, float(cv2.mean(img)[0]))
    inverse_std: dict[tuple[int, int], np.ndarray] = {}
    maps = []
    for tpl in templates:
        th, tw = tpl.shape
        if th > h or tw > w:
            maps.append(np.zeros((0, 0), np.float32))
            continue
        ready = ncc_template(tpl)
        if ready.centred is None:
            maps.append(np.zeros((h - th + 1, w - tw + 1), np.float32))  # correlates with nothing
            continue
        if (th, tw) not in inverse_std:
            inverse_std[th, tw] = _inverse_window_norm(img, th, tw)
        corr = _correlation(img, ready.centred)
        ncc = cv2.multiply(corr, inverse_std[th, tw], scale=1.0 / ready.norm)
        maps.append(np.clip(ncc, -1.0, 1.0, out=ncc))
    return maps


def _correlation(img: np.ndarray, tpl: np.ndarray) -> np.ndarray:
    """Plain cross-correlation of ``img`` with ``tpl`` at every valid position."""
    th, tw = tpl.shape
    if th * tw >= _DIRECT_TAPS:
        return cv2.matchTemplate(img, tpl, cv2.TM_CCORR)
    full = cv2.filter2D(img, cv2.CV_32F, tpl, anchor=(0, 0), borderType=cv2.BORDER_CONSTANT)
    return full[: img.shape[0] - th + 1, : img.shape[1] - tw + 1]


def _inverse_window_norm(img: np.ndarray, th: int, tw: int) -> np.ndarray:
    """1 / sqrt(summed squared deviation) of every th x tw window (valid positions; 0 if flat)."""
    rows, cols = img.shape[0] - th + 1, img.shape[1] - tw + 1
    total = cv2.boxFilter(img, cv2.CV_32F, (tw, th), anchor=(0, 0), normalize=False)[:rows, :cols]
    squares = cv2.sqrBoxFilter(img, cv2.CV_32F, (tw, th), anchor=(0, 0), normalize=False)
    spread = cv2.subtract(squares[:rows, :cols], cv2.multiply(total, total, scale=1.0 / (th * tw)))
    # 1 where the window has texture, 0 where it is flat; the flat ones are raised to _FLAT so
    # the power stays finite, then zeroed (all in OpenCV: numpy's boolean-mask assignments
    # cost ten times as much where a page has flat areas)
    textured = cv2.threshold(spread, _FLAT, 1.0, cv2.THRESH_BINARY)[1]
    inv = cv2.pow(cv2.max(spread, _FLAT, dst=spread), -0.5)
    return cv2.multiply(inv, textured, dst=inv)
