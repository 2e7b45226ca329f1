"""Rank coarse logo candidates cheaply: a local NCC search over small scales, angles and shifts.

Between the coarse pyramid search and the (costly) affine alignment every coarse peak is scored
once at twice the coarse size: the page around the peak is resampled into a small window and
correlated, in one matrix product, with the artwork's shape at a few scales and angles at every
shift of a few pixels, over the artwork and a small halo only (what else the window holds, a
photo's border, does not count). The best score ranks the candidate (text and photo texture
that peaked at the coarse size mostly score low here) and the best scale, angle and shift give
the alignment a better start.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import cv2
import numpy as np

from brandcheck.imaging.logo_pyramid import invert

SIZE = 20.0  # geometric size of the ranking templates, px
SCALES = (0.89, 1.0, 1.12)  # about the coarse pyramid's level step
ANGLES = (-8.0, -4.0, 0.0, 4.0, 8.0)  # degrees, counter-clockwise
SHIFT = 3  # px searched either side of the coarse position
_HALO = 3  # px of background around the ink that the ranking correlation covers
_HIGHPASS = 0.5 * SIZE  # px: shading larger than the template is removed
_HIGHPASS_KSIZE = 2 * round(1.5 * _HIGHPASS) + 1  # kernel cut at 1.5 sigma (5x cheaper)


@dataclass(frozen=True)
class RankTemplates:
    """The artwork at ``SIZE`` in a few scales and angles, all in one frame (flattened rows)."""

    rows: np.ndarray  # float32 K x N: high-passed, zero mean and unit norm within the mask
    mask: np.ndarray  # float32 N: 1 where any template has ink (plus a halo), else 0
    shape: tuple[int, int]  # frame rows, cols
    ref_to_frame: tuple[np.ndarray, ...]  # per template: 3x3 reference px -> frame px
    frame_to_ref: np.ndarray  # 3x3 frame px -> reference px of the unscaled, upright template
    window_to_ref: np.ndarray  # the same for the search window (the frame grown by SHIFT px)
    count: float  # pixels in the mask (its sum)


def prepare(ref: np.ndarray) -> RankTemplates:
    """Ranking templates of the ink coverage ``ref`` (float32, cropped to its ink box)."""
    h, w = ref.shape
    k = SIZE / math.sqrt(w * h)
    big = max(SCALES) * k
    half_w = 0.5 * big * (w * math.cos(math.radians(10)) + h * math.sin(math.radians(10)))
    half_h = 0.5 * big * (h * math.cos(math.radians(10)) + w * math.sin(math.radians(10)))
    fw, fh = 2 * math.ceil(half_w + 2) + 1, 2 * math.ceil(half_h + 2) + 1
    # a pre-shrunk copy of the artwork (about 4x the template size) keeps the warps alias-free
    pre = min(1.0, 4.0 * k)
    small = cv2.resize(
        ref, (max(4, round(w * pre)), max(4, round(h * pre))), interpolation=cv2.INTER_AREA
    )
    to_small = np.diag([small.shape[1] / w, small.shape[0] / h, 1.0])
    centre_ref = ((w - 1) / 2.0, (h - 1) / 2.0)
    centre = ((fw - 1) / 2.0, (fh - 1) / 2.0)
    pad = math.ceil(3 * _HIGHPASS)
    frames, canvases, affines = [], [], []
    for s in SCALES:
        for angle in ANGLES:
            a = _ref_to_frame(centre_ref, centre, k * s, angle)
            on_small = a @ np.linalg.inv(to_small)
            shifted = _translate(pad, pad) @ on_small
            blurred = cv2.GaussianBlur(small, (0, 0), 0.5 / (k * s / pre))
            canvas = cv2.warpAffine(
                blurred, shifted[:2], (fw + 2 * pad, fh + 2 * pad), flags=cv2.INTER_LINEAR
            )
            frames.append(highpass(canvas)[pad:-pad, pad:-pad])
            canvases.append(canvas[pad:-pad, pad:-pad])
            affines.append(a)
    # the correlation is taken over the artwork and a halo only: a photo's border or a strong
    # background edge in the frame's corners must not swamp a large logo's score
    halo = cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (2 * _HALO + 1, 2 * _HALO + 1))
    inked = (np.max(canvases, axis=0) > 0.1).astype(np.uint8)
    mask = cv2.dilate(inked, halo).ravel().astype(np.float32)
    rows = [_unit(f.ravel(), mask) for f in frames]
    frame_to_ref = np.linalg.inv(_ref_to_frame(centre_ref, centre, k, 0.0))
    return RankTemplates(
        rows=np.ascontiguousarray(np.array(rows, np.float32)),
        mask=mask,
        shape=(fh, fw),
        ref_to_frame=tuple(affines),
        frame_to_ref=frame_to_ref,
        window_to_ref=frame_to_ref @ _translate(-SHIFT, -SHIFT),
        count=float(mask.sum()),
    )


def highpass(img: np.ndarray) -> np.ndarray:
    """Float32 image minus its shading larger than the ranking template."""
    f = img.astype(np.float32, copy=False)
    return f - cv2.GaussianBlur(f, (_HIGHPASS_KSIZE, _HIGHPASS_KSIZE), _HIGHPASS)


def score(
    level: np.ndarray, page_from_level: np.ndarray, pose: np.ndarray, tpl: RankTemplates
) -> tuple[float, np.ndarray]:
    """Best signed NCC near ``pose`` (reference px -> page px) and the pose it was found at.

    ``level`` is a page pyramid level no coarser than the ranking size needs, with its
    level -> page mapping. The score is positive when the ink is lighter than its background.
    """
    fh, fw = tpl.shape
    window_to_page = pose @ tpl.window_to_ref
    m = (invert(page_from_level) @ window_to_page)[:2]
    size = (fw + 2 * SHIFT, fh + 2 * SHIFT)
    win = cv2.warpAffine(
        level, m, size, flags=cv2.INTER_LINEAR | cv2.WARP_INVERSE_MAP, borderMode=cv2.BORDER_REFLECT
    )
    win = highpass(win)
    # every shifted frame of the window, one a row (sliding_window_view's copy, without its
    # per-call overhead: the ranking runs ~70 times a page)
    s0, s1 = win.strides
    views = np.ndarray((2 * SHIFT + 1, 2 * SHIFT + 1, fh, fw), win.dtype, win, 0, (s0, s1, s0, s1))
    patches = views.reshape(-1, fh * fw)
    # the templates have zero mean within the mask, so the patch means only enter the norms
    n = tpl.count
    var = (patches * patches) @ tpl.mask - (patches @ tpl.mask) ** 2 / n
    corr = (patches @ tpl.rows.T) / np.sqrt(np.maximum(var, 1e-3))[:, None]
    flat = int(np.argmax(np.abs(corr)))
    shift, k = divmod(flat, corr.shape[1])
    dy, dx = divmod(shift, 2 * SHIFT + 1)
    best = window_to_page @ _translate(dx, dy) @ tpl.ref_to_frame[k]
    return float(corr.flat[flat]), best


def _ref_to_frame(
    centre_ref: tuple[float, float], centre: tuple[float, float], k: float, angle: float
) -> np.ndarray:
    rot = cv2.getRotationMatrix2D(centre_ref, angle, k)
    rot[:, 2] += np.array(centre) - np.array(centre_ref)
    return np.vstack([rot, [0.0, 0.0, 1.0]])


def _translate(x: float, y: float) -> np.ndarray:
    return np.array([[1.0, 0.0, x], [0.0, 1.0, y], [0.0, 0.0, 1.0]])


def _unit(v: np.ndarray, mask: np.ndarray) -> np.ndarray:
    """``v`` within ``mask`` (0 elsewhere), zero mean and unit norm there."""
    inside = mask > 0
    v = np.where(inside, v.astype(np.float64) - float(v[inside].mean()), 0.0)
    n = float(np.linalg.norm(v))
    if n < 1e-9:
        raise ValueError("ranking template is flat")
    return v / n
