"""Affine alignment of a small template to an image: inverse-compositional Lucas-Kanade.

The template's gradients, its Hessian and the gain/offset projection are computed once, so each
iteration costs one small ``warpAffine``, a blur and a few dot products. Brightness gain (of
either sign, so dark-on-light and light-on-dark alike) and offset are projected out, which makes
the residual the same one ECC minimises. Used instead of ``cv2.findTransformECC``, whose masked
mode often refuses to converge on low-contrast patches that are well aligned.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import cv2
import numpy as np

#: Motion generators (rows of a 2x3 matrix acting on centred frame coordinates): translation,
#: uniform scale and rotation (a similarity), then the x/y scale difference (stretch).
_SIMILARITY = (
    ((0, 0, 1), (0, 0, 0)),
    ((0, 0, 0), (0, 0, 1)),
    ((1, 0, 0), (0, 1, 0)),
    ((0, -1, 0), (1, 0, 0)),
)
_STRETCH = (((1, 0, 0), (0, -1, 0)),)
MODELS = {"similarity": _SIMILARITY, "stretch": _SIMILARITY + _STRETCH}


@dataclass(frozen=True)
class _Level:
    sigma: float  # blur applied to template and patch, px
    gens: np.ndarray  # K x 6 motion generators in frame px (rows of a 2x3 matrix, flattened)
    sel: np.ndarray  # flat indices of the template pixels used
    t: np.ndarray  # template at sel: zero mean, unit norm (float32)
    descent: np.ndarray  # K x N: parameter update = descent @ centred patch / gain


@dataclass(frozen=True)
class AffineTemplate:
    """A template prepared for :func:`align`: one level per blur, coarse to fine."""

    shape: tuple[int, int]  # rows, cols of the frame
    levels: tuple[_Level, ...]


def prepare(
    signal: np.ndarray, mask: np.ndarray, levels: tuple[tuple[float, str], ...]
) -> AffineTemplate:
    """Precompute the alignment data of ``signal`` (float32 frame) over ``mask`` (nonzero = use).

    ``levels`` are (blur sigma, motion model name) pairs run in order; each level uses the mask
    dilated by its sigma, so blurred edges are inside.
    """
    h, w = signal.shape
    yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
    xx -= (w - 1) / 2.0
    yy -= (h - 1) / 2.0
    out = []
    for sigma, model in levels:
        gens = np.array(MODELS[model], np.float64)
        tpl = cv2.GaussianBlur(signal, (0, 0), sigma) if sigma > 0 else signal
        gx = cv2.Sobel(tpl, cv2.CV_32F, 1, 0, ksize=3, scale=0.125)
        gy = cv2.Sobel(tpl, cv2.CV_32F, 0, 1, ksize=3, scale=0.125)
        radius = max(1, round(sigma))
        kernel = cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (2 * radius + 1, 2 * radius + 1))
        use = cv2.dilate((mask > 0).astype(np.uint8), kernel) > 0
        sel = np.flatnonzero(use)
        t = tpl.ravel()[sel].astype(np.float64)
        t -= t.mean()
        norm = float(np.linalg.norm(t))
        if norm < 1e-6:
            raise ValueError("alignment template is flat")
        t /= norm
        fx, fy = gx.ravel()[sel], gy.ravel()[sel]
        px, py = xx.ravel()[sel], yy.ravel()[sel]
        coords = np.stack([px, py, np.ones_like(px)], axis=0).astype(np.float64)
        sd = (fx[:, None] * (gens[:, 0] @ coords).T) + (fy[:, None] * (gens[:, 1] @ coords).T)
        sd -= sd.mean(axis=0)  # project out the offset ...
        sd -= np.outer(t, t @ sd)  # ... and the gain
        hessian = sd.T @ sd
        descent = np.linalg.solve(hessian + 1e-9 * np.eye(len(gens)), sd.T)
        out.append(
            _Level(
                sigma,
                _uncentred(gens, (h, w)),
                sel,
                t.astype(np.float32),
                np.ascontiguousarray(descent, np.float32),
            )
        )
    return AffineTemplate((h, w), tuple(out))


def _uncentred(gens: np.ndarray, shape: tuple[int, int]) -> np.ndarray:
    """Generators acting on centred coordinates, rewritten for frame px (K x 6)."""
    h, w = shape
    cx, cy = (w - 1) / 2.0, (h - 1) / 2.0
    c = np.array([[1.0, 0.0, cx], [0.0, 1.0, cy], [0.0, 0.0, 1.0]])
    c_inv = np.array([[1.0, 0.0, -cx], [0.0, 1.0, -cy], [0.0, 0.0, 1.0]])
    out = []
    for g in gens:
        g3 = np.vstack([g, np.zeros(3)])
        out.append((c @ g3 @ c_inv)[:2].ravel())
    return np.array(out, np.float64)


def _compose_inverse(m: np.ndarray, step: np.ndarray) -> np.ndarray | None:
    """m (2x3) composed with the inverse of the 2x3 affine ``step``; None when singular."""
    a, b, tx, c, d, ty = step
    det = a * d - b * c
    if abs(det) < 1e-9:
        return None
    ia, ib, ic, id_ = d / det, -b / det, -c / det, a / det
    inv = np.array([[ia, ib, -(ia * tx + ib * ty)], [ic, id_, -(ic * tx + id_ * ty)]])
    out = m[:, :2] @ inv
    out[:, 2] += m[:, 2]
    return out


def align(
    image: np.ndarray,
    tpl: AffineTemplate,
    frame_to_image: np.ndarray,
    *,
    iterations: int = 12,
    eps: float = 0.03,
) -> tuple[float, np.ndarray] | None:
    """Refine the 3x3 affine ``frame_to_image`` so the image matches the template.

    Returns (signed correlation at the last level, refined 3x3 matrix), or None when the
    patch is flat or the warp degenerates. ``eps`` is the convergence step in frame px.
    """
    h, w = tpl.shape
    m = frame_to_image[:2].astype(np.float64).copy()
    identity = np.array([1.0, 0.0, 0.0, 0.0, 1.0, 0.0])
    corr = 0.0
    half = 0.5 * math.hypot(w, h)
    for level in tpl.levels:
        for _ in range(iterations):
            patch = cv2.warpAffine(
                image,
                m,
                (w, h),
                flags=cv2.INTER_LINEAR | cv2.WARP_INVERSE_MAP,
                borderMode=cv2.BORDER_REPLICATE,
            )
            patch = patch.astype(np.float32, copy=False)
            if level.sigma > 0:
                patch = cv2.GaussianBlur(patch, (0, 0), level.sigma)
            v = patch.ravel()[level.sel]
            v = v - v.mean()
            gain = float(level.t @ v)
            vnorm = float(np.linalg.norm(v))
            if vnorm < 1e-6 or abs(gain) < 1e-6 * vnorm:
                return None
            corr = gain / vnorm
            dp = (level.descent @ v) / gain
            if not np.all(np.isfinite(dp)):
                return None
            nxt = _compose_inverse(m, identity + dp.astype(np.float64) @ level.gens)
            if nxt is None or abs(nxt[0, 0] * nxt[1, 1] - nxt[0, 1] * nxt[1, 0]) < 1e-12:
                return None
            m = nxt
            move = abs(dp[0]) + abs(dp[1]) + half * float(np.abs(dp[2:]).max())
            if move < eps:
                break
    return corr, np.vstack([m, [0.0, 0.0, 1.0]])
