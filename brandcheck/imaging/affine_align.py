"""Affine alignment of a small template to an image: inverse-compositional Lucas-Kanade.

The template's gradients, its Hessian and the gain/offset projection are computed once, and the
image around the pose is resampled into a padded frame and blurred once per level (again only
when the pose leaves the pad), so each iteration costs one small ``warpAffine`` and a few dot
products. Brightness gain (of
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
    # the frame's part the used pixels lie in (x, y, width, height: the patch resampled each
    # iteration), and their flat indices there
    box: tuple[int, int, int, int]
    box_sel: np.ndarray
    t: np.ndarray  # template at sel: zero mean, unit norm (float32)
    descent: np.ndarray  # K x N: update = descent @ centred patch / gain (includes the norm)


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
        # the patch is modelled as gain x (template - mean) + offset; ``gain`` in align() is
        # measured against the unit-norm ``t``, i.e. it is that gain times ``norm``
        descent = norm * np.linalg.solve(hessian + 1e-9 * np.eye(len(gens)), sd.T)
        box, box_sel = _bounding(sel, w)
        out.append(
            _Level(
                sigma,
                _uncentred(gens, (h, w)),
                sel,
                box,
                box_sel,
                t.astype(np.float32),
                np.ascontiguousarray(descent, np.float32),
            )
        )
    return AffineTemplate((h, w), tuple(out))


def _bounding(sel: np.ndarray, width: int) -> tuple[tuple[int, int, int, int], np.ndarray]:
    """The box (x, y, width, height) around the flat indices ``sel`` of a frame ``width`` px
    wide, and those indices within the box (in the same order)."""
    ys, xs = np.divmod(sel, width)
    x0, y0 = int(xs.min()), int(ys.min())
    box_w = int(xs.max()) - x0 + 1
    return (x0, y0, box_w, int(ys.max()) - y0 + 1), (ys - y0) * box_w + (xs - x0)


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


def _invert(step: list[float], eps: float = 1e-9) -> list[float] | None:
    """The inverse of a 2x3 affine (row-major); None when it is singular (|det| < eps)."""
    a, b, tx, c, d, ty = step
    det = a * d - b * c
    if eps and abs(det) < eps:
        return None
    ia, ib, ic, id_ = d / det, -b / det, -c / det, a / det
    return [ia, ib, -(ia * tx + ib * ty), ic, id_, -(ic * tx + id_ * ty)]


def _mul(p: list[float], q: list[float]) -> list[float]:
    """The 2x3 affine p x q (q applied first), row-major."""
    p00, p01, p02, p10, p11, p12 = p
    q00, q01, q02, q10, q11, q12 = q
    return [
        p00 * q00 + p01 * q10,
        p00 * q01 + p01 * q11,
        p00 * q02 + p01 * q12 + p02,
        p10 * q00 + p11 * q10,
        p10 * q01 + p11 * q11,
        p10 * q02 + p11 * q12 + p12,
    ]


def _compose_inverse(m: list[float], step: list[float]) -> list[float] | None:
    """m (2x3, row-major) composed with the inverse of the 2x3 affine ``step``; None if singular."""
    inverse = _invert(step)
    return None if inverse is None else _mul(m, inverse)


def align(
    image: np.ndarray,
    tpl: AffineTemplate,
    frame_to_image: np.ndarray,
    *,
    iterations: int = 6,
    eps: float = 0.03,
    give_up: tuple[int, float] | None = None,
) -> tuple[float, np.ndarray] | None:
    """Refine the 3x3 affine ``frame_to_image`` so the image matches the template.

    Returns (signed correlation at the last level, refined 3x3 matrix), or None when the
    patch is flat or the warp degenerates. ``eps`` is the convergence step in frame px.
    ``give_up=(n, c)`` also returns None when the absolute correlation is still below ``c``
    after ``n`` iterations of the first level (a hopeless start: saves the remaining ones).
    The loop works on Python floats and a few float32 dot products per iteration: the
    per-iteration cost is dominated by one small warp of the pre-blurred patch.
    """
    h, w = tpl.shape
    m = [float(x) for x in frame_to_image[:2].ravel()]
    corr = 0.0
    half = 0.5 * math.hypot(w, h)
    # px the pose may move before the patch is resampled and blurred again
    drift = max(2, round(0.15 * max(w, h)))
    for index, level in enumerate(tpl.levels):
        gens = level.gens
        count = np.float32(level.sel.size)
        descent, t, sel = level.descent, level.t, level.box_sel
        # only the box around the pixels used is resampled: about half the frame
        x0, y0, box_w, box_h = level.box
        source: _Blurred | None = None
        for it in range(iterations):
            on_box = [m[0], m[1], m[2] + m[0] * x0 + m[1] * y0]  # box px -> image px
            on_box += [m[3], m[4], m[5] + m[3] * x0 + m[4] * y0]
            r = None if source is None else source.relative(on_box)
            if r is None or not source.covers(r):
                source = _Blurred(image, on_box, (box_w, box_h), level.sigma, drift)
                r = source.relative(on_box)
            v = source.patch(r).take(sel)
            # v - v.mean() as np.mean computes it (a float32 sum over a float32 count), without
            # its per-call overhead
            v = v - np.add.reduce(v) / count
            gain = float(t @ v)
            vnorm = math.sqrt(float(v @ v))
            if vnorm < 1e-6 or abs(gain) < 1e-6 * vnorm:
                return None
            corr = gain / vnorm
            if give_up and index == 0 and it == give_up[0] and abs(corr) < give_up[1]:
                return None
            dp = (descent @ v) / gain
            if not math.isfinite(float(np.add.reduce(dp))):  # dp.sum(), without its overhead
                return None
            step = (dp.astype(np.float64) @ gens).tolist()
            step[0] += 1.0
            step[4] += 1.0
            nxt = _compose_inverse(m, step)
            if nxt is None or abs(nxt[0] * nxt[4] - nxt[1] * nxt[3]) < 1e-12:
                return None
            m = nxt
            dx, dy, *rest = dp.tolist()  # exact: float32 values as Python floats
            move = abs(dx) + abs(dy) + half * max(map(abs, rest))
            if move < eps:
                break
    return corr, np.array([m[:3], m[3:], [0.0, 0.0, 1.0]])


class _Blurred:
    """The image around a pose resampled into a frame grown by a pad, blurred once.

    Each iteration then only warps this small patch (an almost-identity warp) instead of
    resampling and blurring the image again; while the pose moves less than ``drift`` px. The
    frame (``size``: the box around the template pixels used) keeps the blur's reach from the
    pad's edge, so it never samples the blur's border.
    """

    def __init__(
        self, image: np.ndarray, m: list[float], size: tuple[int, int], sigma: float, drift: int
    ):
        w, h = size
        self.size = size
        self.margin = math.ceil(3.0 * sigma) + 1.0
        self.pad = int(self.margin) + drift
        pad = self.pad
        # frame px of the grown frame -> image px
        ext = [m[0], m[1], m[2] - pad * (m[0] + m[1]), m[3], m[4], m[5] - pad * (m[3] + m[4])]
        big = cv2.warpAffine(
            image,
            np.array(ext).reshape(2, 3),
            (w + 2 * pad, h + 2 * pad),
            flags=cv2.INTER_LINEAR | cv2.WARP_INVERSE_MAP,
            borderMode=cv2.BORDER_REPLICATE,
        )
        self.big = cv2.GaussianBlur(big, (0, 0), sigma) if sigma > 0 else big
        self.inv: list[float] = _invert(ext, eps=0.0)  # type: ignore[assignment]

    def relative(self, m: list[float]) -> list[float]:
        """Frame px -> grown-frame px for the pose ``m``."""
        return _mul(self.inv, m)

    def covers(self, r: list[float]) -> bool:
        """True while the frame stays inside the blurred patch under the pose whose grown-frame
        mapping (:meth:`relative`) is ``r``."""
        w, h = self.size
        lo, hi_x, hi_y = self.margin, w + 2 * self.pad - 1 - self.margin, h + 2 * self.pad - 1
        hi_y -= self.margin
        for x, y in ((0, 0), (w - 1, 0), (0, h - 1), (w - 1, h - 1)):
            px = r[0] * x + r[1] * y + r[2]
            py = r[3] * x + r[4] * y + r[5]
            if not (lo <= px <= hi_x and lo <= py <= hi_y):
                return False
        return True

    def patch(self, r: list[float]) -> np.ndarray:
        """The frame resampled from the blurred patch; ``r`` as for :meth:`covers`."""
        return cv2.warpAffine(
            self.big,
            np.array((r[:3], r[3:])),
            self.size,
            flags=cv2.INTER_LINEAR | cv2.WARP_INVERSE_MAP,
            borderMode=cv2.BORDER_REPLICATE,
        )
