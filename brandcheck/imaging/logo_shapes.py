"""Logo shapes: the artwork prepared at every size it is matched at, and candidate poses of it."""

from __future__ import annotations

import math
from dataclasses import dataclass, field, replace
from functools import cached_property

import cv2
import numpy as np

from brandcheck.imaging import affine_align, logo_rank
from brandcheck.imaging.contrast import relative_luminance
from brandcheck.imaging.logo_pyramid import (
    MAX_ELONGATION,
    affine,
    elongation,
    geo,
    scaling,
    to_u8,
)

LUMA = np.array([0.299, 0.587, 0.114], np.float32)  # Rec. 601 weights of R, G and B
_COARSE_SIZE = 10.0  # geometric size of the coarse template, px
_MID_SIZE = 28.0  # geometric size for the first affine refinement, px
FINE_SIZE = 64.0  # geometric size for the final refinement and verification, px
COLOUR_SIZE = 96.0  # largest geometric size at which the ink colour is sampled, px
# strokes this wide (px) keep solid ink pixels after antialiasing: the ink is sampled large
# enough for the widest stroke to be that wide, where the page has the pixels
SOLID_STROKE_PX = 4.0
# extra coarse templates rotated by these angles (degrees), so rotated logos peak at coarse size
_COARSE_ANGLES = (7.0, -7.0)
_HIGHPASS_SIGMA = 0.5 * _COARSE_SIZE  # px at the coarse level
HIGHPASS_PAD = math.ceil(3 * _HIGHPASS_SIGMA)  # px: the high-pass kernel is cut at 3 sigma
_HIGHPASS_KSIZE = 2 * HIGHPASS_PAD + 1
_INK_SIZES = (24.0, 32.0, 48.0, 64.0, COLOUR_SIZE)  # geometric sizes the ink is sampled at
BUSY_SIZE = 32.0  # geometric size at which background busyness is measured, px
CLEAR_SPACE = 0.25  # ring around the logo (fraction of its height) used for the background
_DETAIL_SIGMA = 0.1  # shading removed before verification, as a fraction of the size
# opaque artwork in two tones this far apart (0..1), the lesser of them covering at least this
# share of it, has its second tone knocked out of the shape (see _without_knockouts)
_KNOCKOUT_CONTRAST = 0.4
_KNOCKOUT_SHARE = 0.03
_KNOCKOUT_LEAK = 0.01  # ... and which meets the transparency around it at no more of its edge
# pieces of ink holding at least this share of the artwork's are elements whose presence is
# checked, each with the background within this fraction of the geometric size around it, where
# that is at least this many px at the fine size
_ELEMENT_SHARE = 0.02
_ELEMENT_RIM = 0.03
_ELEMENT_MIN_PX = 24
# holes (background the ink encloses: a letter knocked out of a block, a round hole, a shield's
# field) holding at least this share of the artwork's ink are elements too, each with the ink
# around it (see Shape.holes)
_HOLE_SHARE = 0.01
# elements (pieces of ink holding _ELEMENT_SHARE of it) are compared with their mirror images at
# this geometric size (px): at the fine size a head's profile is a pixel or two
MIRROR_SIZE = 128.0
# ... those whose mirror image (about the middle of their box, best aligned) correlates with
# them below this: asymmetric enough to tell which way they face
_MIRROR_ASYMMETRY = 0.97
_MIRROR_SHIFTS = 3  # px at MIRROR_SIZE the mirror image is moved, either way, to align it best
_OPAQUE = 0.98  # alpha (0..1) above which a pixel is opaque
_REF_MAX_SIDE = 1024  # the stored template shape is at most this large
MARGIN = 0.3  # frame margin around the template, as a fraction of its geometric size
# alignment passes (blur px, motion model) at the mid and the fine size, coarse to fine
_MID_PASSES = ((2.0, "similarity"), (1.0, "stretch"))
_FINE_PASSES = ((1.5, "stretch"), (0.8, "stretch"))
# a pose is aligned again, for reading the ink on a sharper image, where the artwork's widest
# stroke is this wide (px), in these passes (see Shape.ink_stage)
INK_ALIGN_STROKE_PX = 4.0
_INK_PASSES = ((2.0, "stretch"), (1.0, "stretch"))


@dataclass(frozen=True)
class Variant:
    name: str
    variant: str
    ink_luminance: float  # 0..1, relative luminance of the artwork's ink


@dataclass(frozen=True)
class Stage:
    """The template resampled to one geometric size, inside a frame with a margin."""

    signal: np.ndarray  # float32 frame, template ink coverage 0..1
    mask: np.ndarray  # uint8 0/1: ink plus a halo of local background
    k: float  # template px per reference px
    margin: int  # frame px left of / above the template
    lk: affine_align.AffineTemplate | None = None  # alignment data (None: measuring only)
    detail: np.ndarray | None = None  # signal without shading (without_shading), for verification

    @cached_property
    def whole(self) -> tuple[np.ndarray, np.ndarray, float]:
        """The template side of the whole-logo fit (see :func:`fit`), computed once: the flat
        indices of the mask, ``detail`` there as float64 minus its mean, and its sum of
        squares."""
        assert self.detail is not None
        inside = np.flatnonzero(self.mask > 0)
        xc = self.detail.ravel()[inside].astype(np.float64)
        xc -= xc.mean()
        return inside, xc, float(xc @ xc)


@dataclass(frozen=True)
class Parts:
    """Cell layout over the fine frame for the per-part verification."""

    labels: np.ndarray  # int32 frame, -1 = ignored, else cell index
    count: int
    values: np.ndarray | None = None  # the frame the cells split (the stage's detail)
    # for cells drawn around holes (Shape.holes): True on the hole's own pixels, False on the ink
    # around it; and per cell the hole's width (the diameter of the largest disc inside it) per
    # px of the artwork's geometric size
    own: np.ndarray | None = None
    widths: np.ndarray | None = None

    @cached_property
    def regression(self) -> tuple[np.ndarray, ...]:
        """The template side of the per-cell regression on ``values``, computed once: flat
        indices and labels of the labelled pixels, pixels per cell, the values there (float64),
        and per cell their sum and summed squared deviation."""
        assert self.values is not None
        index = np.flatnonzero(self.labels >= 0)
        lab = self.labels.ravel()[index]
        xv = self.values.ravel()[index].astype(np.float64)
        n = np.bincount(lab, minlength=self.count).astype(np.float64)
        sx = np.bincount(lab, xv, self.count)
        vx = np.bincount(lab, xv * xv, self.count) - sx * sx / n
        return index, lab, n, xv, sx, vx

    @cached_property
    def sides(self) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """The template side of the hole contrast on ``values`` (cells with ``own``), computed
        once: flat indices of the labelled pixels, their side key (2 x cell, + 1 on the hole),
        pixels per side, and per cell the mean of the values around the hole minus that on it."""
        assert self.values is not None and self.own is not None
        index = np.flatnonzero(self.labels >= 0)
        key = 2 * self.labels.ravel()[index] + self.own.ravel()[index]
        n = np.maximum(np.bincount(key, minlength=2 * self.count), 1).astype(np.float64)
        mean = np.bincount(key, self.values.ravel()[index], 2 * self.count) / n
        return index, key, n, mean[0::2] - mean[1::2]


@dataclass(frozen=True)
class Mirrors:
    """The artwork's asymmetric elements at ``MIRROR_SIZE`` (see :func:`_make_mirrors`): each
    element's pixels of ``stage``'s frame (its box with a rim; an index may recur), the
    template's detail there and the part of it its mirror image reverses (detail minus the
    mirror image's), each centred per element."""

    stage: Stage
    index: np.ndarray  # flat indices into the frame
    label: np.ndarray  # the element of each
    count: int
    template: np.ndarray  # float64
    reversed: np.ndarray  # float64
    widths: np.ndarray  # each element's width per px of the artwork's geometric size


@dataclass(frozen=True)
class Shape:
    """One distinct logo shape with all variants (e.g. positive/negative) sharing it."""

    variants: tuple[Variant, ...]
    ref: np.ndarray  # float32 ink coverage at reference resolution, cropped to the ink box
    ref_per_input: float  # reference px per px of the template as given
    coarse: np.ndarray  # float32 coarse template, high-passed (no margin)
    # rotated coarse templates with their reference px -> coarse-template px affines
    coarse_rotated: tuple[tuple[np.ndarray, np.ndarray], ...]
    # for artwork over MAX_ELONGATION times as long as it is short (a wordmark, across or up):
    # an upright coarse template whose short side is that of a 3:1 logo's (at _COARSE_SIZE a 9:1
    # wordmark is a 3 px bar); else None
    coarse_long: np.ndarray | None
    rank: logo_rank.RankTemplates
    mid: Stage
    fine: Stage
    ink_frames: tuple[tuple[float, Stage], ...]  # where the ink colour is sampled, by size
    busy_frame: Stage  # where the background is measured: BUSY_SIZE with a CLEAR_SPACE margin
    parts: Parts  # cells of about half the template's short side, at the fine size
    detail_parts: Parts  # cells of a quarter of the short side, for logos large enough
    # the artwork's separate elements (a shield, a word, a figure) at the fine size, each with a
    # rim of background: the ink of each must be on the page (see logo_verify.verify)
    elements: Parts
    # the artwork's holes (a letter knocked out of a block, a round hole) at the fine size, each
    # with a rim of ink: each must show the page's background where the artwork has its own
    holes: Parts
    mid_parts: Parts
    hull: np.ndarray  # float64 (N, 2) convex hull of the ink in reference px
    # the widest stroke of ink (diameter of the largest disc inside it) per px of geometric
    # size: an outline-only logo's lines are thin, and blur into the background when sampled
    stroke: float

    @property
    def size(self) -> tuple[int, int]:
        """Reference (width, height)."""
        return self.ref.shape[1], self.ref.shape[0]

    @cached_property
    def ink_stage(self) -> Stage | None:
        """The stage a pose is aligned at again before the ink's core is read on an image
        sharper than the raster (``logo_pose.ink_pose``): the size where the widest stroke is
        ``INK_ALIGN_STROKE_PX`` wide (at most the artwork's own), each line a line there and
        not a smear; only the ink and a narrow halo of background are used. None where that
        is no larger than ``FINE_SIZE``, which the search aligned at already. Made once a
        shape, when a logo is first read so."""
        ref_h, ref_w = self.ref.shape[:2]
        size = min(INK_ALIGN_STROKE_PX / max(self.stroke, 1e-6), geo(ref_w, ref_h))
        if size <= FINE_SIZE:
            return None
        return align_stage(self.ref, size, _INK_PASSES, halo=INK_ALIGN_STROKE_PX)

    @cached_property
    def mirrors(self) -> Mirrors | None:
        """The artwork's asymmetric elements, to tell a logo from one with a figure mirrored
        (None: every element is symmetric); made when a large find first asks for them."""
        return _make_mirrors(self.ref)

    @cached_property
    def colour_frame(self) -> tuple[float, Stage]:
        """The largest size the ink colour is sampled at (``COLOUR_SIZE``, or larger for
        thin-lined artwork: the size at which its widest stroke is ``SOLID_STROKE_PX`` wide) and
        the frame at that size; made once, as most logos found are at least that large."""
        size = max(COLOUR_SIZE, SOLID_STROKE_PX / max(self.stroke, 1e-6))
        return size, frame_stage(self.ref, size, 0.0)

    def ink_frame(self, native: float) -> Stage:
        """The largest ink-sampling frame not larger than ``native`` px (else the smallest)."""
        frames = self.ink_frames
        return next((f for size, f in reversed(frames) if size <= native), frames[0][1])


@dataclass
class Candidate:
    shape: Shape
    pose: np.ndarray  # 3x3 reference -> page
    sign: float  # +1: ink lighter than background, -1: ink darker
    prior: float  # the |NCC| it was found with (coarse search, then ranking; see ranked())
    # the pose bbox() last measured and its box: ranking, gating and the overlap tests ask for
    # the same candidate's box many times a page
    _box: tuple[np.ndarray, np.ndarray] | None = field(
        default=None, init=False, repr=False, compare=False
    )


def bbox(cand: Candidate) -> np.ndarray:
    """The candidate's box on the page (x0, y0, x1, y1; read-only, computed once per pose)."""
    known = cand._box
    if known is not None and known[0] is cand.pose:
        return known[1]
    pts = cand.shape.hull @ cand.pose[:2, :2].T + cand.pose[:2, 2]
    box = np.concatenate([pts.min(axis=0), pts.max(axis=0) + 1])
    box.flags.writeable = False
    cand._box = (cand.pose, box)
    return box


def geometric_size(cand: Candidate) -> float:
    """The candidate's geometric size on the page: sqrt of its box's area, px."""
    return box_size(bbox(cand))


def box_size(box: np.ndarray) -> float:
    """The geometric size of a candidate's box (see :func:`geometric_size`)."""
    return geo(box[2] - box[0], box[3] - box[1])


def ref_from_frame(stage: Stage) -> np.ndarray:
    """Map stage frame px to reference px."""
    m = stage.margin
    return scaling(1.0 / stage.k, 0.5 / stage.k - 0.5) @ affine(1, 0, 0, 1, -m, -m)


def template_shape(name: str, variant: str, rgba: np.ndarray) -> tuple[np.ndarray, float, float]:
    """Return (ink coverage cropped to its box and capped in size, ref px per input px, ink lum)."""
    arr = np.asarray(rgba)
    if arr.ndim != 3 or arr.shape[2] != 4 or arr.dtype != np.uint8:
        raise ValueError(f"logo template {name}/{variant}: expected an H x W x 4 uint8 RGBA array")
    alpha = arr[..., 3].astype(np.float32) / 255.0
    rgb = arr[..., :3].astype(np.float32) / 255.0
    if opaque_but_for_edge(alpha):  # the shape is in the colours
        alpha = np.where(alpha > _OPAQUE, _alpha_from_border(rgb), 0.0).astype(np.float32)
    else:
        alpha = _without_knockouts(alpha, rgb)
    ys, xs = np.nonzero(alpha > 0.1)
    if ys.size < 16 or float(alpha.max()) < 0.5:
        raise ValueError(f"logo template {name}/{variant} is flat: no visible artwork")
    crop = alpha[ys.min() : ys.max() + 1, xs.min() : xs.max() + 1]
    if min(crop.shape) < 4 or float(crop.std()) < 0.05:
        raise ValueError(f"logo template {name}/{variant} is flat: artwork has no structure")
    inked = alpha > 0.5
    ink_lum = float(relative_luminance(np.median(rgb[inked], axis=0)))
    factor = min(1.0, _REF_MAX_SIDE / max(crop.shape))
    if factor < 1.0:
        size = (max(1, round(crop.shape[1] * factor)), max(1, round(crop.shape[0] * factor)))
        crop = cv2.resize(crop, size, interpolation=cv2.INTER_AREA)
    return np.ascontiguousarray(crop, np.float32), factor, ink_lum


def opaque_but_for_edge(alpha: np.ndarray) -> bool:
    """Whether an alpha channel (0..1) carries no shape: opaque but for its outermost 2 px (an
    artwork on a background rectangle, whose last row a fractional size leaves half covered)."""
    inner = alpha[2:-2, 2:-2] if min(alpha.shape) > 8 else alpha
    return float(inner.min()) > _OPAQUE


def _without_knockouts(alpha: np.ndarray, rgb: np.ndarray) -> np.ndarray:
    """The ink's coverage when parts of the artwork are knocked out in a second tone inside it,
    such as letters drawn in white on a solid badge: those parts are holes in the shape, as if
    the file had left them transparent.

    Only a tone the other one encloses counts: a second ink beside the first on transparency (a
    coloured symbol and a wordmark, a white wordmark next to a red emblem, a grey tagline) is
    artwork, and artwork in one tone (with antialiased edges) is left as it is.
    """
    solid = alpha > 0.9
    if int(solid.sum()) < 64:
        return alpha
    tone = rgb @ LUMA
    low, high = (float(v) for v in np.percentile(tone[solid], [5, 95]))
    if high - low < _KNOCKOUT_CONTRAST:
        return alpha
    dark = solid & (tone < (low + high) / 2)
    light = solid & ~dark
    dark_share = float(dark.sum() / solid.sum())
    if min(dark_share, 1.0 - dark_share) < _KNOCKOUT_SHARE:
        return alpha
    # the minority tone is knocked out of the majority one only where it never meets the
    # transparency around the artwork
    inner, (ink, other) = (light, (low, high)) if dark_share >= 0.5 else (dark, (high, low))
    ring = cv2.dilate(inner.astype(np.uint8), np.ones((5, 5), np.uint8)).astype(bool)
    if float((ring & (alpha < 0.1)).sum()) > _KNOCKOUT_LEAK * float(ring.sum()):
        return alpha
    return (alpha * np.clip((tone - other) / (ink - other), 0.0, 1.0)).astype(np.float32)


def _alpha_from_border(rgb: np.ndarray) -> np.ndarray:
    """Ink coverage of an opaque image: distance to the border colour, normalised."""
    border = np.concatenate([rgb[0], rgb[-1], rgb[:, 0], rgb[:, -1]])
    dist = np.linalg.norm(rgb - np.median(border, axis=0), axis=2)
    top = float(np.percentile(dist, 99.5))
    if top < 0.1:
        return np.zeros(dist.shape, np.float32)
    return np.clip((dist - 0.05) / (top - 0.05), 0.0, 1.0).astype(np.float32)


def same_shape(a: np.ndarray, b: np.ndarray) -> bool:
    """True when two reference shapes are the same artwork (same proportions, correlated)."""
    ra, rb = a.shape[1] / a.shape[0], b.shape[1] / b.shape[0]
    if abs(math.log(ra / rb)) > 0.03:
        return False
    size = (64, max(4, round(64 / ra)))
    sa = cv2.resize(a, size, interpolation=cv2.INTER_AREA).ravel()
    sb = cv2.resize(b, size, interpolation=cv2.INTER_AREA).ravel()
    return fit(sa, sb)[0] > 0.97


def build_shape(ref: np.ndarray, per_input: float, variants: tuple[Variant, ...]) -> Shape:
    fine = _make_stage(ref, FINE_SIZE, _FINE_PASSES)
    mid = _make_stage(ref, _MID_SIZE, _MID_PASSES)
    hull_pts = cv2.findNonZero((ref > 0.5).astype(np.uint8))
    if hull_pts is None:
        hull_pts = cv2.findNonZero((ref > 0.1).astype(np.uint8))
    hull = cv2.convexHull(hull_pts).reshape(-1, 2).astype(np.float64)
    return Shape(
        variants=variants,
        ref=ref,
        ref_per_input=per_input,
        coarse=_coarse_template(ref),
        coarse_rotated=tuple(_rotated_coarse(ref, a) for a in _COARSE_ANGLES),
        coarse_long=_long_coarse_template(ref),
        rank=logo_rank.prepare(ref),
        mid=mid,
        fine=fine,
        ink_frames=tuple((f, frame_stage(ref, f, MARGIN)) for f in _INK_SIZES),
        busy_frame=frame_stage(ref, BUSY_SIZE, CLEAR_SPACE),
        parts=_make_parts(fine),
        detail_parts=_make_parts(fine, per_side=4.0),
        elements=_make_elements(ref, fine),
        holes=_make_holes(ref, fine),
        mid_parts=_make_parts(mid),
        hull=hull,
        stroke=_widest_stroke(ref),
    )


def _widest_stroke(ref: np.ndarray) -> float:
    """The diameter of the largest disc inside the ink, per px of the artwork's geometric size."""
    ink = np.pad((ref > 0.5).astype(np.uint8), 1)
    radius = float(cv2.distanceTransform(ink, cv2.DIST_L2, 5).max())
    return 2.0 * radius / geo(ref.shape[1], ref.shape[0])


def _coarse_template(ref: np.ndarray) -> np.ndarray:
    """The coarse template, high-passed like the page levels it is matched against."""
    return _coarse_highpass(_resize_to(ref, _COARSE_SIZE))


def _long_coarse_template(ref: np.ndarray) -> np.ndarray | None:
    """The upright coarse template of elongated artwork (wide or tall), whose short side is
    that of artwork ``MAX_ELONGATION`` times as long as it is short (None for artwork less
    elongated)."""
    h, w = ref.shape
    if elongation(w, h) <= MAX_ELONGATION:
        return None
    k = _COARSE_SIZE / math.sqrt(MAX_ELONGATION) / min(w, h)
    dims = (max(2, round(w * k)), max(2, round(h * k)))
    return _coarse_highpass(cv2.resize(ref, dims, interpolation=cv2.INTER_AREA))


def _rotated_coarse(ref: np.ndarray, angle: float) -> tuple[np.ndarray, np.ndarray]:
    """The coarse template of the artwork rotated by ``angle`` degrees (CCW), at the same scale.

    Returns the template and the affine from reference px to its px.
    """
    k = _COARSE_SIZE / geo(ref.shape[1], ref.shape[0])
    h, w = ref.shape
    rot = cv2.getRotationMatrix2D(((w - 1) / 2, (h - 1) / 2), angle, k)
    corners = np.array([[0, 0, 1], [w - 1, 0, 1], [0, h - 1, 1], [w - 1, h - 1, 1]], np.float64)
    pts = corners @ rot.T
    lo = np.floor(pts.min(axis=0))
    rot[:, 2] -= lo
    size = (int(np.ceil(pts[:, 0].max() - lo[0])) + 1, int(np.ceil(pts[:, 1].max() - lo[1])) + 1)
    src = cv2.GaussianBlur(ref, (0, 0), 0.5 / k) if k < 1 else ref
    tpl = cv2.warpAffine(src, rot, size, flags=cv2.INTER_LINEAR, borderValue=0.0)
    return _coarse_highpass(tpl), np.vstack([rot, [0.0, 0.0, 1.0]])


def _coarse_highpass(coverage: np.ndarray) -> np.ndarray:
    """Ink coverage (0..1) as an 8-bit template, high-passed on a background of 0 around it."""
    pad = HIGHPASS_PAD
    padded = cv2.copyMakeBorder(to_u8(coverage), pad, pad, pad, pad, cv2.BORDER_CONSTANT, value=0)
    return highpass(padded)[pad:-pad, pad:-pad]


def highpass(img: np.ndarray) -> np.ndarray:
    """Remove shading larger than the coarse template (photo backgrounds); float32, about 0.

    The result is clipped to -128..127, as an 8-bit image offset by 128 would be: the clipping
    evens out very strong ink edges, which the coarse search relies on. Blurred in float32,
    which OpenCV does about twice as fast as 8-bit at this kernel size.
    """
    f = img.astype(np.float32)  # a copy: the difference is taken in place
    blur = cv2.GaussianBlur(f, (_HIGHPASS_KSIZE, _HIGHPASS_KSIZE), _HIGHPASS_SIGMA)
    np.subtract(f, blur, out=f)
    return np.clip(f, -128.0, 127.0, out=f)


def _resize_to(ref: np.ndarray, size: float) -> np.ndarray:
    """Resize the reference shape so that its geometric size is ``size`` px."""
    k = size / geo(ref.shape[1], ref.shape[0])
    dims = (max(2, round(ref.shape[1] * k)), max(2, round(ref.shape[0] * k)))
    interp = cv2.INTER_AREA if k < 1 else cv2.INTER_LINEAR
    return cv2.resize(ref, dims, interpolation=interp)


def _make_stage(ref: np.ndarray, size: float, passes: tuple[tuple[float, str], ...]) -> Stage:
    stage = align_stage(ref, size, passes)
    return replace(stage, detail=without_shading(stage.signal, size))


def align_stage(
    ref: np.ndarray,
    size: float,
    passes: tuple[tuple[float, str], ...],
    halo: float | None = None,
) -> Stage:
    """The template at geometric ``size`` prepared for alignment only (no verification data),
    aligned in the blur passes ``passes`` (sigma px, motion model), coarse to fine, over its
    ink and a ``halo`` of background around it (px; by default 8 % of ``size``)."""
    tpl = _resize_to(ref, size)
    margin = max(3, round(MARGIN * size))
    frame = cv2.copyMakeBorder(tpl, margin, margin, margin, margin, cv2.BORDER_CONSTANT, value=0)
    radius = max(2, round(0.08 * size if halo is None else halo))
    kernel = cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (2 * radius + 1, 2 * radius + 1))
    mask = cv2.dilate((frame > 0.1).astype(np.uint8), kernel)
    k = tpl.shape[1] / ref.shape[1]
    signal = frame.astype(np.float32)
    lk = affine_align.prepare(signal, mask, passes)
    return Stage(signal=signal, mask=mask, k=k, margin=margin, lk=lk)


def without_shading(frame: np.ndarray, size: float) -> np.ndarray:
    """The frame minus its smooth shading (light falloff, photo blobs behind the logo).

    Shading larger than about a tenth of the logo's geometric size is removed, so the
    verification compares the artwork's structure, not the background's brightness ramps.
    """
    return frame - cv2.GaussianBlur(frame, (0, 0), _DETAIL_SIGMA * size)


def _make_parts(stage: Stage, per_side: float = 2.0) -> Parts:
    """Split the template area of the frame into roughly square cells with visible structure,
    ``per_side`` of them along the template's short side."""
    m = stage.margin
    h, w = stage.signal.shape[0] - 2 * m, stage.signal.shape[1] - 2 * m
    side = max(4.0, min(h, w) / per_side)
    rows, cols = max(1, round(h / side)), max(1, round(w / side))
    yy, xx = np.mgrid[0:h, 0:w]
    cell = (yy * rows // h) * cols + (xx * cols // w)
    tpl = stage.signal[m : m + h, m : m + w]
    counts = np.bincount(cell.ravel(), minlength=rows * cols)
    mean = np.bincount(cell.ravel(), tpl.ravel(), rows * cols) / counts
    sq = np.bincount(cell.ravel(), (tpl * tpl).ravel(), rows * cols) / counts
    textured = np.sqrt(np.maximum(sq - mean * mean, 0.0)) >= 0.2
    remap = np.full(rows * cols, -1, np.int32)
    remap[textured] = np.arange(int(textured.sum()), dtype=np.int32)
    labels = np.full(stage.signal.shape, -1, np.int32)
    labels[m : m + h, m : m + w] = remap[cell]
    labels[stage.mask == 0] = -1
    return Parts(labels=labels, count=int(textured.sum()), values=stage.detail)


def _make_elements(ref: np.ndarray, stage: Stage) -> Parts:
    """The artwork's elements as cells of ``stage``'s frame: its connected pieces of ink that
    hold at least ``_ELEMENT_SHARE`` of it (see :func:`_piece_cells`). None (a count of 0) for
    artwork of fewer than two such pieces: one is the whole logo."""
    count, pieces = cv2.connectedComponents((ref > 0.5).astype(np.uint8), connectivity=8)
    return _piece_cells(ref, stage, pieces, count, _ELEMENT_SHARE, least=2)


def _make_holes(ref: np.ndarray, stage: Stage) -> Parts:
    """The artwork's holes as cells of ``stage``'s frame: its connected pieces of background
    that the ink encloses (not reaching the artwork's edge), holding at least ``_HOLE_SHARE``
    of its ink, each with the ink around it (see :func:`_piece_cells`)."""
    ground = np.pad(ref <= 0.5, 1, constant_values=True).astype(np.uint8)
    count, regions = cv2.connectedComponents(ground, connectivity=4)
    regions = regions[1:-1, 1:-1]
    regions[regions == 1] = 0  # the background around the artwork (it holds the padded corner)
    return _piece_cells(ref, stage, regions, count, _HOLE_SHARE, least=1, holes=True)


def _piece_cells(
    ref: np.ndarray,
    stage: Stage,
    pieces: np.ndarray,
    count: int,
    share: float,
    *,
    least: int,
    holes: bool = False,
) -> Parts:
    """Cells of ``stage``'s frame around the labelled ``pieces`` of the reference (0 = none)
    that hold at least ``share`` of the artwork's ink, each with what lies within
    ``_ELEMENT_RIM`` of it (nearer to it than to another such piece), kept where a cell has
    ``_ELEMENT_MIN_PX`` pixels at that size; none (a count of 0) when fewer than ``least`` are
    kept. With ``holes``, the pieces are holes: each cell's own pixels and the hole's width
    are recorded (see :attr:`Parts.own`)."""
    areas = np.bincount(pieces.ravel(), minlength=count)
    areas[0] = 0
    big = np.flatnonzero(areas >= share * max(1, int((ref > 0.5).sum())))
    m = stage.margin
    labels = np.full(stage.signal.shape, -1, np.int32)
    if big.size < least:
        return Parts(labels=labels, count=0, values=stage.detail)
    kept = np.isin(pieces, big)
    # the nearest kept pixel of every pixel, and how far it is
    dist, nearest = cv2.distanceTransformWithLabels(
        (~kept).astype(np.uint8), cv2.DIST_L2, 5, labelType=cv2.DIST_LABEL_PIXEL
    )
    piece_of = np.concatenate([[-1], pieces[kept]])  # DIST_LABEL_PIXEL numbers kept px from 1
    element = piece_of[nearest]
    element[dist > _ELEMENT_RIM * geo(ref.shape[1], ref.shape[0])] = -1
    h, w = stage.signal.shape[0] - 2 * m, stage.signal.shape[1] - 2 * m
    small = cv2.resize(element.astype(np.float32), (w, h), interpolation=cv2.INTER_NEAREST)
    inner = small.astype(np.int32)
    sizes = np.bincount(inner[inner >= 0].ravel(), minlength=count)
    usable = [int(i) for i in big if sizes[i] >= _ELEMENT_MIN_PX]
    if len(usable) < least:
        return Parts(labels=labels, count=0, values=stage.detail)
    remap = np.full(count, -1, np.int32)
    remap[usable] = np.arange(len(usable), dtype=np.int32)
    labels[m : m + h, m : m + w] = np.where(inner >= 0, remap[np.maximum(inner, 0)], -1)
    if not holes:
        return Parts(labels=labels, count=len(usable), values=stage.detail)
    own = np.zeros(stage.signal.shape, bool)
    own[m : m + h, m : m + w] = (
        cv2.resize(kept.astype(np.uint8), (w, h), interpolation=cv2.INTER_NEAREST) > 0
    )
    width = np.array([_width(pieces == i) for i in usable]) / geo(ref.shape[1], ref.shape[0])
    return Parts(
        labels=labels, count=len(usable), values=stage.detail, own=own & (labels >= 0), widths=width
    )


def _width(piece: np.ndarray) -> float:
    """The diameter of the largest disc inside a piece (bool mask), px."""
    ys, xs = np.nonzero(piece)
    crop = piece[ys.min() : ys.max() + 1, xs.min() : xs.max() + 1]
    return 2.0 * float(
        cv2.distanceTransform(np.pad(crop, 1).astype(np.uint8), cv2.DIST_L2, 5).max()
    )


def _make_mirrors(ref: np.ndarray) -> Mirrors | None:
    """The artwork's elements (its pieces of ink holding ``_ELEMENT_SHARE`` of it, however
    many) that differ from their mirror images (see ``_MIRROR_ASYMMETRY``), at ``MIRROR_SIZE``:
    each piece (with its antialiased edge) is flipped across the middle of its box in the
    artwork, and the frame made again; the mirror image is then aligned to the template, within
    ``_MIRROR_SHIFTS`` px, where they correlate best (a box's middle is not a figure's axis)."""
    ink = ref > 0.5
    _, pieces, stats, _ = cv2.connectedComponentsWithStats(ink.astype(np.uint8), connectivity=8)
    areas = stats[:, cv2.CC_STAT_AREA].copy()
    areas[0] = 0
    stage = frame_stage(ref, MIRROR_SIZE, _ELEMENT_RIM)
    detail = without_shading(stage.signal, MIRROR_SIZE)
    k, m = stage.k, stage.margin
    pad = round(_ELEMENT_RIM * MIRROR_SIZE) + _MIRROR_SHIFTS
    rows, cols = detail.shape
    found: list[tuple[np.ndarray, np.ndarray, np.ndarray, float]] = []
    for i in np.flatnonzero(areas >= _ELEMENT_SHARE * max(1, int(ink.sum()))):
        x0, y0, w, h = (int(v) for v in stats[i, :4])
        x1, y1 = x0 + w, y0 + h
        piece = pieces == i
        edge = cv2.dilate(piece.astype(np.uint8), np.ones((3, 3), np.uint8)).astype(bool)
        flipped = np.where(edge, 0.0, ref).astype(np.float32)
        drawn = np.where(edge, ref, 0.0)[:, x0:x1][:, ::-1]
        flipped[:, x0:x1] = np.maximum(flipped[:, x0:x1], drawn)
        mirror = without_shading(
            frame_stage(flipped, MIRROR_SIZE, _ELEMENT_RIM).signal, MIRROR_SIZE
        )
        box = np.zeros(detail.shape, bool)
        box[
            max(0, round(y0 * k) + m - pad) : min(rows, round(y1 * k) + m + pad),
            max(0, round(x0 * k) + m - pad) : min(cols, round(x1 * k) + m + pad),
        ] = True
        index = np.flatnonzero(box)
        x = detail.ravel()[index].astype(np.float64)
        x -= x.mean()
        shifts = range(-_MIRROR_SHIFTS, _MIRROR_SHIFTS + 1)
        images = [np.roll(mirror, s, axis=1).ravel()[index].astype(np.float64) for s in shifts]
        for y in images:
            y -= y.mean()
        # correlations summed elementwise: BLAS dot products ran 20 times slower on a busy host
        best, image = max(
            (float((x * y).sum()) / math.sqrt(float((x * x).sum() * (y * y).sum()) + 1e-12), j)
            for j, y in enumerate(images)
        )
        if best >= _MIRROR_ASYMMETRY:
            continue
        found.append((index, x, x - images[image], w / geo(ref.shape[1], ref.shape[0])))
    if not found:
        return None
    return Mirrors(
        stage=stage,
        index=np.concatenate([f[0] for f in found]),
        label=np.concatenate([np.full(f[0].size, j, np.int32) for j, f in enumerate(found)]),
        count=len(found),
        template=np.concatenate([f[1] for f in found]),
        reversed=np.concatenate([f[2] for f in found]),
        widths=np.array([f[3] for f in found]),
    )


def frame_stage(ref: np.ndarray, size: float, margin_frac: float) -> Stage:
    """The template at geometric ``size`` with a margin (a fraction of its height)."""
    tpl = _resize_to(ref, size)
    margin = max(1, round(margin_frac * tpl.shape[0])) if margin_frac else 0
    sig = cv2.copyMakeBorder(tpl, margin, margin, margin, margin, cv2.BORDER_CONSTANT, value=0)
    return Stage(signal=sig, mask=sig, k=tpl.shape[1] / ref.shape[1], margin=margin)


def fit(x: np.ndarray, y: np.ndarray) -> tuple[float, float]:
    """Pearson correlation and least-squares slope of y on x (each 0 where x or y is flat)."""
    xc = x.astype(np.float64).ravel()
    yc = y.astype(np.float64).ravel()
    xc -= xc.mean()
    yc -= yc.mean()
    sxx, syy, sxy = float(xc @ xc), float(yc @ yc), float(xc @ yc)
    den = math.sqrt(sxx * syy)
    return (sxy / den if den > 1e-9 else 0.0), (sxy / sxx if sxx > 1e-9 else 0.0)
