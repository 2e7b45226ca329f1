"""Find single-colour logos in page rasters: pyramid template matching, affine refinement, checks.

Pipeline (all sizes are "geometric sizes", sqrt(width x height) of the logo's ink box, so any
artwork proportions work the same way):

1. Coarse: the page luminance is downsampled into a pyramid with ``_LEVELS_PER_OCTAVE`` levels per
   octave; at every level one small template (geometric size ``_COARSE_SIZE`` px) and copies of it
   rotated by ``_COARSE_ANGLES`` are matched with normalised cross-correlation (a rotated logo
   next to clutter is otherwise not among the coarse peaks). The template is the artwork's alpha
   (its shape), so the absolute correlation finds dark-on-light, light-on-dark and coloured
   versions alike. Windows without texture are masked out (no NaN or flat-window artefacts).
   For logos from ``_TONE_MIN_WIDTH`` times the minimum width up, the same search also runs on
   a half-size "tone" image in which only near-white and near-black stay apart from mid grey,
   so a white or black logo over a photo's or a colour field's edges is still a clean shape.
2. Rank: every coarse peak is scored once by :mod:`brandcheck.imaging.logo_rank` (a local NCC
   search at twice the coarse size over a few scales, angles and shifts); the best
   ``_MAX_RANKED`` places go on, starting from the pose their ranking score was found at.
3. Refine: the ranked candidates are aligned (inverse-compositional Lucas-Kanade with gain and
   offset projected out, see :mod:`brandcheck.imaging.affine_align`: position, scale, rotation
   and stretch) at a mid size, ranked by their mid-size verification score, and the best few are
   aligned again at ``_FINE_SIZE`` px, on patches resampled from the pyramid. Strong candidates
   that fail on luminance are retried on max(R,G,B) and min(R,G,B), and candidates that still
   fail at the mid or the fine size on an "ink image" of the page around them: the distance of
   every pixel to the logo's ink colour (sampled under the artwork), which flattens photo and
   colour-field edges behind the logo.
4. Verify: at the refined pose the patch is compared with the template globally and in a grid of
   parts; every part of the artwork that has structure must be there with the same polarity. This
   rejects other shields, coats of arms and the logo's words set in an ordinary font.
5. Measure: ink colour, background colour, contrast and background busyness around the logo.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import cv2
import numpy as np

from brandcheck.imaging import affine_align, logo_rank

DEFAULT_THRESHOLD = 0.45

_COARSE_SIZE = 10.0  # geometric size of the coarse template, px
_MID_SIZE = 28.0  # geometric size for the first affine refinement, px
_FINE_SIZE = 64.0  # geometric size for the final refinement and verification, px
_BUSY_SIZE = 32.0  # geometric size at which background busyness is measured, px
_COLOUR_SIZE = 96.0  # largest geometric size at which the ink colour is sampled, px
_LEVELS_PER_OCTAVE = 3
# extra coarse templates rotated by these angles (degrees), so rotated logos peak at coarse size
_COARSE_ANGLES = (7.0, -7.0)
_HIGHPASS_SIGMA = 0.5 * _COARSE_SIZE  # px at the coarse level
_COARSE_MIN_NCC = 0.35  # coarse peaks below this are not considered
_MAX_CANDIDATES = 40  # coarse peaks ranked per template, channel and page
_MAX_RANKED = 10  # best-ranked candidates per template and page that get the mid alignment
_MID_MIN_CORR = 0.45  # candidates whose mid-size alignment correlation is below this are dropped
# mid-size alignments still below this correlation after that many iterations are abandoned
_MID_GIVE_UP = (4, 0.3)
# the strongest coarse peaks (rank, minimum coarse |NCC|) whose luminance mid score is below
# _RETRY_BELOW are aligned again on max(R,G,B) and min(R,G,B) (see _Channels)
_RETRY_PEAKS = (10, 0.6)
_RETRY_BELOW = 0.5
_TONE_RADIUS = 64.0  # RGB distance from white or black within which a colour counts as that ink
_MAX_RANKED_TONES = 5  # the same for the tone image (extra places beside the luminance ones)
_TONE_MIN_WIDTH = 2.5  # the tone image is searched for logos this many times the minimum width
_INK_SIZES = (24.0, 32.0, 48.0, 64.0, _COLOUR_SIZE)  # geometric sizes the ink is sampled at
_INK_KEEP = 0.5  # ranking score above which a candidate failing at the mid size is refined anyway
_INK_MIN_SPREAD = 20.0  # RGB distance from ink to a typical background pixel, below: no logo
_DETAIL_SIGMA = 0.1  # shading removed before verification, as a fraction of the size
_PARTS_FOR_SECOND = 6  # with this many parts, the second-worst part decides
_MAX_REFINED = 8  # candidates per template and page that get the fine alignment
_MIN_WINDOW_STD = 4.0  # grey levels; flatter windows cannot contain a logo
_REF_MAX_SIDE = 1024  # the stored template shape is at most this large
_MARGIN = 0.3  # frame margin around the template, as a fraction of its geometric size
_CLEAR_SPACE = 0.25  # ring around the logo (fraction of its height) used for the background
_BUSY_RMS = 0.10  # luminance RMS of fine background texture that counts as fully busy (1.0)
# alignment passes (blur px, motion model) at the mid and the fine size, coarse to fine
_MID_PASSES = ((2.0, "similarity"), (1.0, "stretch"))
_FINE_PASSES = ((1.5, "stretch"), (0.8, "stretch"))


@dataclass(frozen=True)
class LogoDetection:
    """One logo found on a page; geometry in pixels of the analysed raster, origin top-left.

    ``bbox`` is the axis-aligned box (x0, y0, x1, y1) of the logo's ink; ``width_px`` and
    ``height_px`` are the logo's own ink width and height (along its rotated axes). ``scale`` is
    the logo width divided by the width of the template's ink box as given to
    :func:`prepare_templates`; ``angle`` is in degrees, positive counter-clockwise; ``aspect`` is
    x scale / y scale (1.0 undistorted, 1.2 = stretched 20 % horizontally). ``colour`` is the
    measured ink colour and ``background`` the median colour behind and around the logo (its
    clear-space ring, 25 % of the logo height). ``contrast`` is their WCAG contrast ratio (1..21).
    ``background_busyness`` (0..1) is the RMS of fine luminance texture in that background,
    measured at a fixed size relative to the logo (so it does not depend on resolution) after
    removing smooth gradients, divided by 0.10 and clipped: 0 = flat or smooth, >= 0.5 clearly
    textured, 1 = very busy. ``score`` (0..1) is the verification score: the mean of the global
    correlation and of the worst part's correlation.
    """

    bbox: tuple[int, int, int, int]
    score: float
    scale: float
    angle: float
    aspect: float
    template: str
    variant: str
    polarity: str
    colour: tuple[int, int, int]
    background: tuple[int, int, int]
    background_busyness: float
    contrast: float
    width_px: float
    height_px: float
    center: tuple[float, float]


@dataclass(frozen=True)
class _Variant:
    name: str
    variant: str
    ink_luminance: float  # 0..1, relative luminance of the artwork's ink


@dataclass(frozen=True)
class _Stage:
    """The template resampled to one geometric size, inside a frame with a margin."""

    signal: np.ndarray  # float32 frame, template ink coverage 0..1
    mask: np.ndarray  # uint8 0/1: ink plus a halo of local background
    k: float  # template px per reference px
    margin: int  # frame px left of / above the template
    lk: affine_align.AffineTemplate | None = None  # alignment data (None: measuring only)
    detail: np.ndarray | None = None  # signal without shading (see _detail), for verification


@dataclass(frozen=True)
class _Parts:
    """Cell layout over the fine frame for the per-part verification."""

    labels: np.ndarray  # int32 frame, -1 = ignored, else cell index
    count: int


@dataclass(frozen=True)
class _Shape:
    """One distinct logo shape with all variants (e.g. positive/negative) sharing it."""

    variants: tuple[_Variant, ...]
    ref: np.ndarray  # float32 ink coverage at reference resolution, cropped to the ink box
    ref_per_input: float  # reference px per px of the template as given
    coarse: np.ndarray  # uint8 coarse template (no margin)
    # rotated coarse templates with their reference px -> coarse-template px affines
    coarse_rotated: tuple[tuple[np.ndarray, np.ndarray], ...]
    rank: logo_rank.RankTemplates
    mid: _Stage
    fine: _Stage
    ink_frames: tuple[tuple[float, _Stage], ...]  # where the ink colour is sampled, by size
    parts: _Parts
    mid_parts: _Parts
    hull: np.ndarray  # float64 (N, 2) convex hull of the ink in reference px

    @property
    def size(self) -> tuple[int, int]:
        """Reference (width, height)."""
        return self.ref.shape[1], self.ref.shape[0]


@dataclass(frozen=True)
class TemplateBank:
    """Precomputed matching data for a set of logo templates; build with prepare_templates."""

    shapes: tuple[_Shape, ...]


# ---------------------------------------------------------------- template preparation


def prepare_templates(rgba_images: Sequence[tuple[str, str, np.ndarray]]) -> TemplateBank:
    """Precompute a :class:`TemplateBank` from ``(name, variant, rgba)`` triples.

    Each RGBA image (uint8, H x W x 4) is one single-colour logo; its alpha is its shape. Images
    without transparency use their contrast to the border colour instead. Variants with the same
    shape (e.g. black and white versions) are matched once; the reported variant follows the
    polarity found on the page. Raises ``ValueError`` for empty or flat templates.
    """
    if not rgba_images:
        raise ValueError("no logo templates given")
    groups: list[tuple[np.ndarray, float, list[_Variant]]] = []
    for name, variant, rgba in rgba_images:
        ref, per_input, ink_lum = _template_shape(name, variant, rgba)
        entry = _Variant(name=name, variant=variant, ink_luminance=ink_lum)
        for g_ref, _, members in groups:
            if _same_shape(g_ref, ref):
                members.append(entry)
                break
        else:
            groups.append((ref, per_input, [entry]))
    return TemplateBank(tuple(_build_shape(ref, p, tuple(v)) for ref, p, v in groups))


def _template_shape(name: str, variant: str, rgba: np.ndarray) -> tuple[np.ndarray, float, float]:
    """Return (ink coverage cropped to its box and capped in size, ref px per input px, ink lum)."""
    arr = np.asarray(rgba)
    if arr.ndim != 3 or arr.shape[2] != 4 or arr.dtype != np.uint8:
        raise ValueError(f"logo template {name}/{variant}: expected an H x W x 4 uint8 RGBA array")
    alpha = arr[..., 3].astype(np.float32) / 255.0
    rgb = arr[..., :3].astype(np.float32) / 255.0
    if float(alpha.min()) > 0.98:
        alpha = _alpha_from_border(rgb)
    ys, xs = np.nonzero(alpha > 0.1)
    if ys.size < 16 or float(alpha.max()) < 0.5:
        raise ValueError(f"logo template {name}/{variant} is flat: no visible artwork")
    crop = alpha[ys.min() : ys.max() + 1, xs.min() : xs.max() + 1]
    if min(crop.shape) < 4 or float(crop.std()) < 0.05:
        raise ValueError(f"logo template {name}/{variant} is flat: artwork has no structure")
    inked = alpha > 0.5
    ink_lum = float(_relative_luminance(np.median(rgb[inked], axis=0)))
    factor = min(1.0, _REF_MAX_SIDE / max(crop.shape))
    if factor < 1.0:
        size = (max(1, round(crop.shape[1] * factor)), max(1, round(crop.shape[0] * factor)))
        crop = cv2.resize(crop, size, interpolation=cv2.INTER_AREA)
    return np.ascontiguousarray(crop, np.float32), factor, ink_lum


def _alpha_from_border(rgb: np.ndarray) -> np.ndarray:
    """Ink coverage of an opaque image: distance to the border colour, normalised."""
    border = np.concatenate([rgb[0], rgb[-1], rgb[:, 0], rgb[:, -1]])
    dist = np.linalg.norm(rgb - np.median(border, axis=0), axis=2)
    top = float(np.percentile(dist, 99.5))
    if top < 0.1:
        return np.zeros(dist.shape, np.float32)
    return np.clip((dist - 0.05) / (top - 0.05), 0.0, 1.0).astype(np.float32)


def _same_shape(a: np.ndarray, b: np.ndarray) -> bool:
    """True when two reference shapes are the same artwork (same proportions, correlated)."""
    ra, rb = a.shape[1] / a.shape[0], b.shape[1] / b.shape[0]
    if abs(math.log(ra / rb)) > 0.03:
        return False
    size = (64, max(4, round(64 / ra)))
    sa = cv2.resize(a, size, interpolation=cv2.INTER_AREA).ravel()
    sb = cv2.resize(b, size, interpolation=cv2.INTER_AREA).ravel()
    return _ncc(sa, sb) > 0.97


def _build_shape(ref: np.ndarray, per_input: float, variants: tuple[_Variant, ...]) -> _Shape:
    fine = _make_stage(ref, _FINE_SIZE, _FINE_PASSES)
    mid = _make_stage(ref, _MID_SIZE, _MID_PASSES)
    hull_pts = cv2.findNonZero((ref > 0.5).astype(np.uint8))
    if hull_pts is None:
        hull_pts = cv2.findNonZero((ref > 0.1).astype(np.uint8))
    hull = cv2.convexHull(hull_pts).reshape(-1, 2).astype(np.float64)
    return _Shape(
        variants=variants,
        ref=ref,
        ref_per_input=per_input,
        coarse=_coarse_template(ref),
        coarse_rotated=tuple(_rotated_coarse(ref, a) for a in _COARSE_ANGLES),
        rank=logo_rank.prepare(ref),
        mid=mid,
        fine=fine,
        ink_frames=tuple((f, _frame_stage(ref, f, _MARGIN)) for f in _INK_SIZES),
        parts=_make_parts(fine),
        mid_parts=_make_parts(mid),
        hull=hull,
    )


def _coarse_template(ref: np.ndarray) -> np.ndarray:
    """The coarse template, high-passed like the page levels it is matched against."""
    tpl = _to_u8(_resize_to(ref, _COARSE_SIZE))
    pad = math.ceil(3 * _HIGHPASS_SIGMA)
    padded = cv2.copyMakeBorder(tpl, pad, pad, pad, pad, cv2.BORDER_CONSTANT, value=0)
    return _highpass(padded)[pad:-pad, pad:-pad]


def _rotated_coarse(ref: np.ndarray, angle: float) -> tuple[np.ndarray, np.ndarray]:
    """The coarse template of the artwork rotated by ``angle`` degrees (CCW), at the same scale.

    Returns the template and the affine from reference px to its px.
    """
    k = _COARSE_SIZE / _geo(ref.shape[1], ref.shape[0])
    h, w = ref.shape
    rot = cv2.getRotationMatrix2D(((w - 1) / 2, (h - 1) / 2), angle, k)
    corners = np.array([[0, 0, 1], [w - 1, 0, 1], [0, h - 1, 1], [w - 1, h - 1, 1]], np.float64)
    pts = corners @ rot.T
    lo = np.floor(pts.min(axis=0))
    rot[:, 2] -= lo
    size = (int(np.ceil(pts[:, 0].max() - lo[0])) + 1, int(np.ceil(pts[:, 1].max() - lo[1])) + 1)
    src = cv2.GaussianBlur(ref, (0, 0), 0.5 / k) if k < 1 else ref
    tpl = cv2.warpAffine(src, rot, size, flags=cv2.INTER_LINEAR, borderValue=0.0)
    tpl = _to_u8(tpl)
    pad = math.ceil(3 * _HIGHPASS_SIGMA)
    padded = cv2.copyMakeBorder(tpl, pad, pad, pad, pad, cv2.BORDER_CONSTANT, value=0)
    return _highpass(padded)[pad:-pad, pad:-pad], np.vstack([rot, [0.0, 0.0, 1.0]])


def _highpass(img: np.ndarray) -> np.ndarray:
    """Remove shading larger than the coarse template (photo backgrounds), offset to 128."""
    blur = cv2.GaussianBlur(img, (0, 0), _HIGHPASS_SIGMA)
    return cv2.addWeighted(img, 1.0, blur, -1.0, 128.0)


def _geo(w: float, h: float) -> float:
    return math.sqrt(w * h)


def _resize_to(ref: np.ndarray, size: float) -> np.ndarray:
    """Resize the reference shape so that its geometric size is ``size`` px."""
    k = size / _geo(ref.shape[1], ref.shape[0])
    dims = (max(2, round(ref.shape[1] * k)), max(2, round(ref.shape[0] * k)))
    interp = cv2.INTER_AREA if k < 1 else cv2.INTER_LINEAR
    return cv2.resize(ref, dims, interpolation=interp)


def _make_stage(ref: np.ndarray, size: float, passes: tuple[tuple[float, str], ...]) -> _Stage:
    tpl = _resize_to(ref, size)
    margin = max(3, round(_MARGIN * size))
    frame = cv2.copyMakeBorder(tpl, margin, margin, margin, margin, cv2.BORDER_CONSTANT, value=0)
    radius = max(2, round(0.08 * size))
    kernel = cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (2 * radius + 1, 2 * radius + 1))
    mask = cv2.dilate((frame > 0.1).astype(np.uint8), kernel)
    k = tpl.shape[1] / ref.shape[1]
    signal = frame.astype(np.float32)
    lk = affine_align.prepare(signal, mask, passes)
    detail = _detail(signal, size)
    return _Stage(signal=signal, mask=mask, k=k, margin=margin, lk=lk, detail=detail)


def _detail(frame: np.ndarray, size: float) -> np.ndarray:
    """The frame minus its smooth shading (light falloff, photo blobs behind the logo).

    Shading larger than about a tenth of the logo's geometric size is removed, so the
    verification compares the artwork's structure, not the background's brightness ramps.
    """
    return frame - cv2.GaussianBlur(frame, (0, 0), _DETAIL_SIGMA * size)


def _make_parts(stage: _Stage) -> _Parts:
    """Split the template area of the frame into roughly square cells with visible structure."""
    m = stage.margin
    h, w = stage.signal.shape[0] - 2 * m, stage.signal.shape[1] - 2 * m
    side = max(4.0, min(h, w) / 2.0)
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
    return _Parts(labels=labels, count=int(textured.sum()))


# ---------------------------------------------------------------- page pyramid


class _Pyramid:
    """One grey channel of a page: octaves by pyrDown, in-between levels resampled on demand.

    Every level keeps the exact 3x3 mapping from its pixel coordinates to page pixels.
    """

    def __init__(self, gray: np.ndarray, page_from_image: np.ndarray | None = None) -> None:
        self.gray = np.ascontiguousarray(gray)
        # the image may be a resampled crop of the page: its px -> page px
        self._base = np.eye(3) if page_from_image is None else page_from_image
        self.is_crop = page_from_image is not None
        self._unit = math.sqrt(abs(np.linalg.det(self._base[:2, :2])))  # page px per image px
        self._octaves: list[np.ndarray] = [self.gray]
        self._levels: dict[float, tuple[np.ndarray, np.ndarray]] = {}
        self._floats: dict[int, np.ndarray] = {}

    @property
    def shape(self) -> tuple[int, int]:
        return self.gray.shape[0], self.gray.shape[1]

    def octave(self, j: int) -> tuple[np.ndarray, np.ndarray]:
        """The page smoothed and halved ``j`` times, with its level -> page mapping."""
        while len(self._octaves) <= j:
            self._octaves.append(cv2.pyrDown(self._octaves[-1]))
        return self._octaves[j], self._base @ _scaling(2.0**j)

    def level(self, d: float) -> tuple[np.ndarray, np.ndarray]:
        """The page downsampled by about ``d`` (>= 1), with its level -> page mapping."""
        key = round(d, 6)
        if key not in self._levels:
            j = math.floor(math.log2(max(d, 1.0)) + 1e-9)
            self._levels[key] = self._resampled(self.octave(j)[0], j, d)
        return self._levels[key]

    def _resampled(self, src: np.ndarray, j: int, d: float) -> tuple[np.ndarray, np.ndarray]:
        """Octave ``j`` image ``src`` resized to a downsampling of ``d``, with its mapping."""
        to_page = self._base @ _scaling(2.0**j)
        r = d / 2.0**j
        if abs(r - 1.0) < 1e-9:
            return src, to_page
        size = (max(1, round(src.shape[1] / r)), max(1, round(src.shape[0] / r)))
        img = cv2.resize(src, size, interpolation=cv2.INTER_LINEAR)
        rx, ry = src.shape[1] / size[0], src.shape[0] / size[1]
        return img, to_page @ _affine(rx, 0, 0, ry, 0.5 * rx - 0.5, 0.5 * ry - 0.5)

    def best_level(self, ratio: float) -> tuple[np.ndarray, np.ndarray]:
        """The octave closest to (not coarser than) downsampling by ``ratio``."""
        return self.octave(self._octave_for(ratio))

    def float_level(self, ratio: float) -> tuple[np.ndarray, np.ndarray]:
        """Like :meth:`best_level` but as float32 (sub-grey-level resampling for alignment)."""
        j = self._octave_for(ratio)
        if j not in self._floats:
            img, _ = self.octave(j)
            self._floats[j] = img.astype(np.float32)
        return self._floats[j], self._base @ _scaling(2.0**j)

    def _octave_for(self, ratio: float) -> int:
        """The octave for ``ratio`` page px per px (this image may itself be downsampled)."""
        return _octave_for(ratio / self._unit)


def _octave_for(ratio: float) -> int:
    """The number of halvings that keeps at least one px per ``ratio`` px."""
    return max(0, math.floor(math.log2(max(ratio, 1.0)) + 1e-9))


# ---------------------------------------------------------------- geometry helpers


def _affine(a: float, b: float, c: float, d: float, tx: float, ty: float) -> np.ndarray:
    return np.array([[a, b, tx], [c, d, ty], [0.0, 0.0, 1.0]])


def _scaling(s: float, offset: float = 0.0) -> np.ndarray:
    return _affine(s, 0.0, 0.0, s, offset, offset)


def _level_from_page(d: float) -> np.ndarray:
    """Pixel-centre mapping of a resize by 1/d."""
    return _scaling(1.0 / d, 0.5 / d - 0.5)


def _ref_from_frame(stage: _Stage) -> np.ndarray:
    """Map stage frame px to reference px."""
    m = stage.margin
    return _scaling(1.0 / stage.k, 0.5 / stage.k - 0.5) @ _affine(1, 0, 0, 1, -m, -m)


@dataclass(frozen=True)
class _Pose:
    """Decomposition of a reference->page affine into the quantities reported."""

    angle: float
    sx: float
    sy: float
    shear: float

    @classmethod
    def of(cls, a: np.ndarray) -> _Pose:
        m = a[:2, :2]
        sx = float(math.hypot(m[0, 0], m[1, 0]))
        theta = math.atan2(-m[1, 0], m[0, 0])  # y points down: CCW on screen is positive
        c, s = math.cos(theta), math.sin(theta)
        rot_t = np.array([[c, -s], [s, c]])  # inverse of the on-screen CCW rotation
        upper = rot_t @ m
        sy = float(upper[1, 1])
        shear = float(upper[0, 1] / sy) if sy else math.inf
        return cls(angle=math.degrees(theta), sx=sx, sy=sy, shear=shear)


# ---------------------------------------------------------------- detection


@dataclass
class _Candidate:
    shape: _Shape
    pose: np.ndarray  # 3x3 reference -> page
    sign: float  # +1: ink lighter than background, -1: ink darker
    prior: float  # the |NCC| it was found with (coarse search, then ranking)


def detect_logos(
    page_rgb: np.ndarray,
    bank: TemplateBank,
    *,
    min_width_px: int = 40,
    max_angle_deg: float = 10.0,
    threshold: float = DEFAULT_THRESHOLD,
) -> list[LogoDetection]:
    """Find every instance of the bank's logos in an H x W x 3 uint8 RGB page raster.

    Logos from ``min_width_px`` wide up to the page size, rotated up to about ``max_angle_deg``,
    stretched, in either polarity and any colour are searched; results are verified, sorted by
    score (best first) and do not overlap.
    """
    page = _as_rgb(page_rgb)
    channels = _Channels(page)
    luma = channels.luma
    found: list[tuple[float, _Candidate, np.ndarray]] = []
    for shape in bank.shapes:
        cands = [(luma, c) for c in _ranked(luma, _coarse_candidates(luma, shape, min_width_px))]
        tones = channels.tones()
        tone_min = _TONE_MIN_WIDTH * min_width_px / 2.0  # in px of the half-size tone image
        tone_cands = _coarse_candidates(tones, shape, tone_min)
        for cand in _ranked(tones, tone_cands, _MAX_RANKED_TONES):
            if not any(_iou(_bbox(cand), _bbox(other)) > 0.5 for _, other in cands):
                cands.append((tones, cand))
        for pyramid, cand, start in _gated(channels, cands):
            result = _finished(pyramid, cand)
            if (result is None or result[0] < threshold) and not pyramid.is_crop:
                again = _on_ink(channels, start)
                if again is not None and (result is None or again[0] > result[0]):
                    result = again
            if result is None:
                continue
            score, refined = result
            if score >= threshold and _plausible(refined, min_width_px, max_angle_deg):
                found.append((score, refined, _bbox(refined)))
    kept = _non_overlapping(found)
    return [_describe(page, channels.luma, score, cand, box) for score, cand, box in kept]


def _as_rgb(page_rgb: np.ndarray) -> np.ndarray:
    arr = np.asarray(page_rgb)
    if arr.ndim == 2:
        arr = np.repeat(arr[..., None], 3, axis=2)
    if arr.ndim != 3 or arr.shape[2] not in (3, 4) or arr.dtype != np.uint8:
        raise ValueError("page raster must be an H x W x 3 uint8 RGB array")
    return np.ascontiguousarray(arr[..., :3])


def _coarse_levels(pyramid: _Pyramid, shape: _Shape, min_width_px: int) -> list[float]:
    """Downsampling factors at which the coarse template covers min width .. full page."""
    h, w = pyramid.shape
    ct_h, ct_w = shape.coarse.shape
    ref_w, ref_h = shape.size
    min_d = max(1.0, min_width_px / ct_w * 0.9)
    max_d = min(w / ct_w, h * ref_w / ref_h / ct_w) * 1.05
    if max_d < min_d:
        return [min_d] if w / min_d >= ct_w and h / min_d >= ct_h else []
    n = math.floor(math.log2(max_d / min_d) * _LEVELS_PER_OCTAVE) + 1
    return [min_d * 2 ** (i / _LEVELS_PER_OCTAVE) for i in range(n)]


def _coarse_candidates(pyramid: _Pyramid, shape: _Shape, min_width_px: int) -> list[_Candidate]:
    peaks: list[tuple[float, np.ndarray, int, int, float, np.ndarray, int]] = []
    k = shape.coarse.shape[1] / shape.size[0]
    upright = _affine(k, 0, 0, k, 0.5 * k - 0.5, 0.5 * k - 0.5)
    templates = ((shape.coarse, upright), *shape.coarse_rotated)
    for d in _coarse_levels(pyramid, shape, min_width_px):
        img, page_from_level = pyramid.level(d)
        hp = None
        for t, (tpl, _) in enumerate(templates):
            if img.shape[0] < tpl.shape[0] or img.shape[1] < tpl.shape[1]:
                continue
            hp = _highpass(img) if hp is None else hp
            ncc = _ncc_map(hp, tpl)
            peaks.extend(
                (abs(v), page_from_level, x, y, math.copysign(1.0, v), img, t)
                for y, x, v in _peaks(ncc, tpl.shape)
            )
    peaks.sort(key=lambda p: -p[0])  # type: ignore[no-any-return]
    cands: list[_Candidate] = []
    boxes: list[tuple[float, float, float, float]] = []
    for value, page_from_level, x, y, sign, img, t in peaks:
        tpl, ref_to_tpl = templates[t]
        d = page_from_level[0, 0]
        box = (x * d, y * d, (x + tpl.shape[1]) * d, (y + tpl.shape[0]) * d)
        if any(_iou(box, b) > 0.5 for b in boxes):
            continue
        if _window_std(img, x, y, tpl.shape[1], tpl.shape[0]) < _MIN_WINDOW_STD:
            continue
        boxes.append(box)
        ref_to_level = _affine(1, 0, 0, 1, x, y) @ ref_to_tpl
        pose = page_from_level @ ref_to_level
        cands.append(_Candidate(shape=shape, pose=pose, sign=sign, prior=value))
        if len(cands) >= _MAX_CANDIDATES:
            break
    return cands


def _ranked(
    pyramid: _Pyramid, cands: list[_Candidate], limit: int = _MAX_RANKED
) -> list[_Candidate]:
    """Score every coarse candidate with :func:`logo_rank.score`; keep the best few, one per place.

    Each kept candidate carries the scale, angle and position its ranking score was found at
    (a better start for the alignment) and the polarity of that score.
    """
    scored: list[tuple[float, _Candidate, np.ndarray]] = []
    for cand in cands:
        rank = cand.shape.rank
        scale = math.sqrt(abs(np.linalg.det((cand.pose @ rank.frame_to_ref)[:2, :2])))
        img, page_from_level = pyramid.best_level(scale)
        value, pose = logo_rank.score(img, page_from_level, cand.pose, rank)
        moved = _Candidate(cand.shape, pose, math.copysign(1.0, value), abs(value))
        scored.append((abs(value), moved, _bbox(moved)))
    kept: list[_Candidate] = []
    boxes: list[np.ndarray] = []
    for _, cand, box in sorted(scored, key=lambda item: -item[0]):
        if any(_iou(box, b) > 0.5 for b in boxes):
            continue
        kept.append(cand)
        boxes.append(box)
        if len(kept) >= limit:
            break
    return kept


def _ncc_map(img: np.ndarray, tpl: np.ndarray) -> np.ndarray:
    """Normalised cross-correlation (OpenCV returns 0 for flat windows), NaN-safe."""
    ncc = cv2.matchTemplate(img, tpl, cv2.TM_CCOEFF_NORMED)
    return np.nan_to_num(ncc, nan=0.0, posinf=0.0, neginf=0.0)


def _window_std(img: np.ndarray, x: int, y: int, w: int, h: int) -> float:
    win = img[y : y + h, x : x + w]
    return float(win.std()) if win.size else 0.0


def _peaks(ncc: np.ndarray, tpl_shape: tuple[int, int]) -> list[tuple[int, int, float]]:
    """Local maxima of |ncc| above the coarse floor: (y, x, signed value), best first."""
    mag = np.abs(ncc)
    kh, kw = max(3, tpl_shape[0] // 2 | 1), max(3, tpl_shape[1] // 2 | 1)
    local_max = cv2.dilate(mag, np.ones((kh, kw), np.uint8))
    ys, xs = np.nonzero((mag >= local_max) & (mag >= _COARSE_MIN_NCC))
    if ys.size > _MAX_CANDIDATES:
        top = np.argpartition(-mag[ys, xs], _MAX_CANDIDATES)[:_MAX_CANDIDATES]
        ys, xs = ys[top], xs[top]
    return [(int(y), int(x), float(ncc[y, x])) for y, x in zip(ys, xs, strict=True)]


def _extract(pyramid: _Pyramid, pose: np.ndarray, stage: _Stage, pad: int = 0) -> np.ndarray:
    """Resample the page into ``stage``'s frame (grown by ``pad`` px) under ``pose`` (float32)."""
    frame_to_page = pose @ _ref_from_frame(stage) @ _affine(1, 0, 0, 1, -pad, -pad)
    page_px_per_frame_px = math.sqrt(abs(np.linalg.det(frame_to_page[:2, :2])))
    img, page_from_level = pyramid.best_level(page_px_per_frame_px)
    m = (np.linalg.inv(page_from_level) @ frame_to_page)[:2]
    h, w = stage.signal.shape[0] + 2 * pad, stage.signal.shape[1] + 2 * pad
    out = cv2.warpAffine(
        img,
        m,
        (w, h),
        flags=cv2.INTER_LINEAR | cv2.WARP_INVERSE_MAP,
        borderMode=cv2.BORDER_REPLICATE,
    )
    return out.astype(np.float32)


def _ecc(
    pyramid: _Pyramid,
    cand: _Candidate,
    stage: _Stage,
    give_up: tuple[int, float] | None = None,
) -> tuple[float, np.ndarray] | None:
    """Affine refinement of the pose at ``stage``'s size; None when it degenerates.

    Returns the correlation with the candidate's polarity (negative when the patch matches the
    opposite polarity) and the refined pose.
    """
    assert stage.lk is not None
    frame_to_page = cand.pose @ _ref_from_frame(stage)
    scale = math.sqrt(abs(np.linalg.det(frame_to_page[:2, :2])))
    img, page_from_level = pyramid.float_level(scale)
    m = np.linalg.inv(page_from_level) @ frame_to_page
    result = affine_align.align(img, stage.lk, m, give_up=give_up)
    if result is None:
        return None
    cc, m = result
    pose = page_from_level @ m @ np.linalg.inv(_ref_from_frame(stage))
    if not np.all(np.isfinite(pose)):
        return None
    return cc * cand.sign, pose


class _Channels:
    """The page as luminance, plus max(R,G,B) and min(R,G,B) pyramids built on demand.

    Dark ink is dark in every channel and light ink light in every channel, whatever the
    artwork's colour, while a sharp colour edge behind the logo (magenta/green, yellow) that is
    strong in luminance can be weak or gone in one of the extremes; there the alignment does
    not drift onto the edge. Both extremes are tried, the better mid-size score wins.
    """

    def __init__(self, page: np.ndarray) -> None:
        self.page = page
        self.luma = _Pyramid(cv2.cvtColor(page, cv2.COLOR_RGB2GRAY))
        self._rgb = [page]
        self._tones: _Pyramid | None = None
        self._inks: dict[int, tuple[_Pyramid, float] | None] = {}
        self._extremes: tuple[_Pyramid, _Pyramid] | None = None

    def extremes(self) -> tuple[_Pyramid, _Pyramid]:
        if self._extremes is None:
            r, g, b = cv2.split(self.page)  # numpy's axis-2 reductions are ~50x slower
            self._extremes = (
                _Pyramid(cv2.max(cv2.max(r, g), b)),
                _Pyramid(cv2.min(cv2.min(r, g), b)),
            )
        return self._extremes

    def ink(self, cand: _Candidate) -> tuple[_Pyramid, float] | None:
        """The page around ``cand`` as distance to the logo's ink colour (see :func:`_ink_image`).

        Returns the pyramid and the polarity (the sign of ink minus background luminance).
        """
        key = id(cand)
        if key not in self._inks:
            self._inks[key] = None if cand.prior < _INK_KEEP else self._ink(cand)
        return self._inks[key]

    def _ink(self, cand: _Candidate) -> tuple[_Pyramid, float] | None:
        box = _bbox(cand)
        j = _octave_for(_geo(box[2] - box[0], box[3] - box[1]) / (2.0 * _FINE_SIZE))
        return _ink_image(self.rgb_octave(j), 2.0**j, cand)

    def tones(self) -> _Pyramid:
        """The half-size page as white (255) / black (0) ink against mid grey for everything else.

        A white or black logo stays a sharp shape in it whatever colours and edges lie behind
        it (a photo's blobs, a colour field's border), which the luminance does not.
        """
        if self._tones is None:
            rgb = self.rgb_octave(1).astype(np.float32)
            ones = np.ones((1, 3), np.float32)
            white = cv2.subtract(rgb, (255.0, 255.0, 255.0))
            to_white = cv2.sqrt(cv2.transform(white * white, ones))
            to_black = cv2.sqrt(cv2.transform(rgb * rgb, ones))
            near_white = np.clip(1.0 - to_white / _TONE_RADIUS, 0.0, 1.0)
            near_black = np.clip(1.0 - to_black / _TONE_RADIUS, 0.0, 1.0)
            tone = 0.5 + 0.5 * (near_white - near_black)
            self._tones = _Pyramid(_to_u8(tone), _scaling(2.0))
        return self._tones

    def rgb_octave(self, j: int) -> np.ndarray:
        """The RGB page halved ``j`` times (pyrDown), cached."""
        while len(self._rgb) <= j:
            self._rgb.append(cv2.pyrDown(self._rgb[-1]))
        return self._rgb[j]


def _ink_image(
    page: np.ndarray, d: float, cand_on_page: _Candidate
) -> tuple[_Pyramid, float] | None:
    """A grey image of the page around ``cand`` in which only the logo's ink colour stands out.

    The ink colour is the median colour under the artwork's solid ink at the candidate's pose;
    every pixel is then mapped by its RGB distance to it: ink keeps the tone of the ink (dark or
    light, as in luminance) and every background colour, whatever its own luminance, becomes
    the background tone. A photo's or a colour field's edge behind the logo is thus flattened,
    so the alignment cannot drift onto it and the verification sees the logo's shape alone.
    None when the ink cannot be told from its background.
    """
    # ``page`` is the page downsampled by ``d``: work in its px, map back to page px at the end
    cand = _Candidate(
        cand_on_page.shape, _scaling(1.0 / d) @ cand_on_page.pose, cand_on_page.sign, 0
    )
    box = _bbox(cand)
    bw, bh = box[2] - box[0], box[3] - box[1]
    native = _geo(bw, bh)
    frames = cand.shape.ink_frames
    stage = next((f for size, f in reversed(frames) if size <= native), frames[0][1])
    sig, rgb = _sample_stage(page, cand, stage)
    lum = np.array([0.299, 0.587, 0.114], np.float32)
    inked = _ink_pixels(sig, rgb @ lum, cand.sign)
    back = sig < 0.02
    if inked.sum() < 8 or back.sum() < 8:
        return None
    ink = np.median(rgb[inked], axis=0)
    back_dist = np.linalg.norm(rgb[back] - ink, axis=1)
    if float(np.median(back_dist)) < _INK_MIN_SPREAD:
        return None
    # the distance at which a colour counts as background: the nearest common background
    # colour (so every background colour is flattened), but above the ink's own noise
    ink_noise = float(np.percentile(np.linalg.norm(rgb[inked] - ink, axis=1), 75))
    spread = max(2.0 * _INK_MIN_SPREAD, 2.0 * ink_noise, float(np.percentile(back_dist, 10)))
    grow = _MARGIN * max(bw, bh) + 4
    h, w = page.shape[:2]
    x0, y0 = max(0, math.floor(box[0] - grow)), max(0, math.floor(box[1] - grow))
    x1, y1 = min(w, math.ceil(box[2] + grow)), min(h, math.ceil(box[3] + grow))
    if x1 - x0 < 8 or y1 - y0 < 8:
        return None
    crop = page[y0:y1, x0:x1]
    f = max(1.0, _geo(bw, bh) / (2.0 * _FINE_SIZE))
    if f > 1.0:
        dims = (max(8, round((x1 - x0) / f)), max(8, round((y1 - y0) / f)))
        crop = cv2.resize(crop, dims, interpolation=cv2.INTER_AREA)
    fx, fy = (x1 - x0) / crop.shape[1], (y1 - y0) / crop.shape[0]
    page_from_crop = _scaling(d) @ _affine(fx, 0, 0, fy, x0 + 0.5 * fx - 0.5, y0 + 0.5 * fy - 0.5)
    diff = cv2.subtract(crop.astype(np.float32), tuple(float(v) for v in ink))
    dist = cv2.sqrt(cv2.transform(diff * diff, np.ones((1, 3), np.float32)))
    near = np.clip(1.0 - dist / spread, 0.0, 1.0)  # 1 = ink colour, 0 = typical background
    sign = 1.0 if float(ink @ lum) > float(np.median(rgb[back] @ lum)) else -1.0
    tone = near if sign > 0 else 1.0 - near
    return _Pyramid(_to_u8(tone), page_from_crop), sign


def _mid_aligned(
    pyramid: _Pyramid, cand: _Candidate, give_up: tuple[int, float] | None = _MID_GIVE_UP
) -> tuple[float, _Candidate] | None:
    """Mid-size alignment and verification score of a coarse candidate on one channel."""
    mid = _ecc(pyramid, cand, cand.shape.mid, give_up)
    if mid is None or mid[0] < _MID_MIN_CORR:
        return None
    aligned = _Candidate(cand.shape, mid[1], cand.sign, mid[0])
    return _part_score(pyramid, aligned, cand.shape.mid, cand.shape.mid_parts), aligned


def _gated(
    channels: _Channels, cands: list[tuple[_Pyramid, _Candidate]]
) -> list[tuple[_Pyramid, _Candidate, _Candidate]]:
    """Align every coarse candidate at the mid size and keep the best few for the fine stage.

    Candidates are ranked by the verification score at the mid size (the whole shape and its
    worst part must match), which separates logos from photo texture far better than the coarse
    correlation; candidates that converge onto the same place are merged. A strong coarse peak
    that scores low on luminance is aligned again on max(R,G,B) and min(R,G,B), and refined and
    verified on whichever of the three channels scored best.
    """
    scored: list[tuple[float, _Pyramid, _Candidate, np.ndarray]] = []
    for rank, (pyramid, cand) in enumerate(cands):
        best = _mid_aligned(pyramid, cand)
        strong = rank < _RETRY_PEAKS[0] and cand.prior >= _RETRY_PEAKS[1]
        if strong and (best is None or best[0] < _RETRY_BELOW):
            for alt in channels.extremes():
                other = _mid_aligned(alt, cand)
                if other is not None and (best is None or other[0] > best[0]):
                    pyramid, best = alt, other
        if best is None or best[0] < _RETRY_BELOW:
            ink = channels.ink(cand)
            if ink is not None:
                start = _Candidate(cand.shape, cand.pose, ink[1], cand.prior)
                other = _mid_aligned(ink[0], start, None)
                if other is None and best is None and cand.prior >= _INK_KEEP:
                    other = (0.0, start)  # the fine alignment may still lock on
                if other is not None and (best is None or other[0] > best[0]):
                    pyramid, best = ink[0], other
        if best is None:
            continue
        scored.append((best[0], pyramid, best[1], _bbox(best[1]), cand))
    kept: list[tuple[_Pyramid, _Candidate, _Candidate]] = []
    boxes: list[np.ndarray] = []
    for _, pyramid, cand, box, start in sorted(scored, key=lambda item: -item[0]):
        if any(_iou(box, b) > 0.5 for b in boxes):
            continue
        kept.append((pyramid, cand, start))
        boxes.append(box)
        if len(kept) >= _MAX_REFINED:
            break
    return kept


def _on_ink(channels: _Channels, cand: _Candidate) -> tuple[float, _Candidate] | None:
    """Mid and fine alignment and verification on the ink-colour image around ``cand``."""
    ink = channels.ink(cand)
    if ink is None:
        return None
    start = _Candidate(cand.shape, cand.pose, ink[1], cand.prior)
    mid = _mid_aligned(ink[0], start, None)
    return _finished(ink[0], start if mid is None else mid[1])


def _finished(pyramid: _Pyramid, cand: _Candidate) -> tuple[float, _Candidate] | None:
    """Fine alignment and verification score of a candidate on one channel."""
    refined = _refine(pyramid, cand)
    return None if refined is None else (_verify(pyramid, refined), refined)


def _refine(pyramid: _Pyramid, cand: _Candidate) -> _Candidate | None:
    """Final affine refinement at the fine size."""
    fine = _ecc(pyramid, cand, cand.shape.fine)
    if fine is None:
        return None
    return _Candidate(cand.shape, fine[1], cand.sign, cand.prior)


def _verify(pyramid: _Pyramid, cand: _Candidate) -> float:
    """Verification score at the fine size (see :func:`_part_score`)."""
    return _part_score(pyramid, cand, cand.shape.fine, cand.shape.parts)


def _part_score(pyramid: _Pyramid, cand: _Candidate, stage: _Stage, parts: _Parts) -> float:
    """Mean of the global and the worst part correlation at the pose (0..1), shading removed."""
    assert stage.detail is not None
    size = _geo(stage.signal.shape[1] - 2 * stage.margin, stage.signal.shape[0] - 2 * stage.margin)
    patch = _detail(_extract(pyramid, cand.pose, stage), size) * cand.sign
    inside = stage.mask > 0
    whole = _ncc(stage.detail[inside], patch[inside])
    if parts.count == 0:
        return max(0.0, whole)
    per_part = np.sort(_grouped_ncc(stage.detail, patch, parts))
    # the worst part, or the second worst when there are enough parts: one cell crossed by a
    # hard background edge (a shadow, a photo's border) must not veto a clear match
    worst = float(per_part[1] if parts.count >= _PARTS_FOR_SECOND else per_part[0])
    return float(np.clip(0.5 * (whole + worst), 0.0, 1.0))


def _ncc(a: np.ndarray, b: np.ndarray) -> float:
    """Pearson correlation of two equally sized arrays; 0 when either is flat."""
    a = a.astype(np.float64).ravel() - float(a.mean())
    b = b.astype(np.float64).ravel() - float(b.mean())
    den = math.sqrt(float(a @ a) * float(b @ b))
    return float(a @ b) / den if den > 1e-9 else 0.0


def _grouped_ncc(x: np.ndarray, y: np.ndarray, parts: _Parts) -> np.ndarray:
    """Correlation of x and y within each labelled cell (vectorised with bincount)."""
    sel = parts.labels >= 0
    lab, xv, yv = parts.labels[sel], x[sel].astype(np.float64), y[sel].astype(np.float64)
    n = np.bincount(lab, minlength=parts.count).astype(np.float64)

    def total(v: np.ndarray) -> np.ndarray:
        return np.bincount(lab, v, parts.count)

    sx, sy = total(xv), total(yv)
    cov = total(xv * yv) - sx * sy / n
    vx = total(xv * xv) - sx * sx / n
    vy = total(yv * yv) - sy * sy / n
    den = np.sqrt(np.maximum(vx * vy, 0.0))
    return np.where(den > 1e-9, cov / np.maximum(den, 1e-12), 0.0)


def _plausible(cand: _Candidate, min_width_px: int, max_angle_deg: float) -> bool:
    pose = _Pose.of(cand.pose)
    width = pose.sx * cand.shape.size[0]
    return (
        width >= 0.8 * min_width_px
        and pose.sy > 0
        and 0.6 <= pose.sx / pose.sy <= 1.7
        and abs(pose.shear) <= 0.15
        and abs(pose.angle) <= max_angle_deg + 5.0
    )


def _bbox(cand: _Candidate) -> np.ndarray:
    pts = cand.shape.hull @ cand.pose[:2, :2].T + cand.pose[:2, 2]
    return np.array([pts[:, 0].min(), pts[:, 1].min(), pts[:, 0].max() + 1, pts[:, 1].max() + 1])


def _iou(a: Sequence[float], b: Sequence[float]) -> float:
    iw = min(a[2], b[2]) - max(a[0], b[0])
    ih = min(a[3], b[3]) - max(a[1], b[1])
    if iw <= 0 or ih <= 0:
        return 0.0
    inter = iw * ih
    union = (a[2] - a[0]) * (a[3] - a[1]) + (b[2] - b[0]) * (b[3] - b[1]) - inter
    return inter / union if union > 0 else 0.0


def _overlaps(a: Sequence[float], b: Sequence[float]) -> bool:
    """Same logo found twice: high IoU, or one box mostly inside the other."""
    iw = min(a[2], b[2]) - max(a[0], b[0])
    ih = min(a[3], b[3]) - max(a[1], b[1])
    if iw <= 0 or ih <= 0:
        return False
    small = min((a[2] - a[0]) * (a[3] - a[1]), (b[2] - b[0]) * (b[3] - b[1]))
    return _iou(a, b) > 0.3 or iw * ih > 0.6 * small


def _non_overlapping(
    found: list[tuple[float, _Candidate, np.ndarray]],
) -> list[tuple[float, _Candidate, np.ndarray]]:
    kept: list[tuple[float, _Candidate, np.ndarray]] = []
    for item in sorted(found, key=lambda f: -f[0]):
        if not any(_overlaps(item[2], k[2]) for k in kept):
            kept.append(item)
    return kept


# ---------------------------------------------------------------- measurements


def _describe(
    page: np.ndarray, pyramid: _Pyramid, score: float, cand: _Candidate, box: np.ndarray
) -> LogoDetection:
    shape = cand.shape
    pose = _Pose.of(cand.pose)
    colour, background, busyness = _measure_colours(page, cand)
    polarity = "light-on-dark" if cand.sign > 0 else "dark-on-light"
    chosen = _pick_variant(shape.variants, cand.sign)
    h, w = pyramid.shape
    x0, y0 = max(0, math.floor(box[0])), max(0, math.floor(box[1]))
    x1, y1 = min(w, math.ceil(box[2])), min(h, math.ceil(box[3]))
    ref_w, ref_h = shape.size
    cx, cy = (cand.pose @ np.array([(ref_w - 1) / 2, (ref_h - 1) / 2, 1.0]))[:2]
    return LogoDetection(
        bbox=(x0, y0, x1, y1),
        score=round(float(score), 4),
        scale=float(pose.sx * shape.ref_per_input),
        angle=float(pose.angle),
        aspect=float(pose.sx / pose.sy),
        template=chosen.name,
        variant=chosen.variant,
        polarity=polarity,
        colour=colour,
        background=background,
        background_busyness=busyness,
        contrast=round(_contrast_ratio(colour, background), 3),
        width_px=float(pose.sx * ref_w),
        height_px=float(pose.sy * ref_h),
        center=(float(cx), float(cy)),
    )


def _pick_variant(variants: tuple[_Variant, ...], sign: float) -> _Variant:
    """The variant whose ink tone matches the polarity found (dark ink on light, or light)."""
    return min(variants, key=lambda v: v.ink_luminance if sign < 0 else -v.ink_luminance)


def _measure_colours(
    page: np.ndarray, cand: _Candidate
) -> tuple[tuple[int, int, int], tuple[int, int, int], float]:
    """Ink colour, background colour and busyness, sampled in frames aligned with the logo."""
    pose = _Pose.of(cand.pose)
    ref_w, ref_h = cand.shape.size
    native = _geo(pose.sx * ref_w, pose.sy * ref_h)
    sig, rgb = _sample_frame(page, cand, min(native, _COLOUR_SIZE), 0.0)
    lum = rgb @ np.array([0.299, 0.587, 0.114], np.float32)
    colour = _median_rgb(rgb[_ink_pixels(sig, lum, cand.sign)])
    sig, rgb = _sample_frame(page, cand, _BUSY_SIZE, _CLEAR_SPACE)
    lum = rgb @ np.array([0.299, 0.587, 0.114], np.float32)
    back = cv2.dilate((sig > 0.05).astype(np.uint8), np.ones((3, 3), np.uint8)) == 0
    background = _median_rgb(rgb[back]) if back.any() else colour
    return colour, background, _busyness(lum / 255.0, back)


def _sample_frame(
    page: np.ndarray, cand: _Candidate, size: float, margin_frac: float
) -> tuple[np.ndarray, np.ndarray]:
    """The template at geometric ``size`` with a margin, and the page RGB resampled onto it."""
    stage = _frame_stage(cand.shape.ref, size, margin_frac)
    return _sample_stage(page, cand, stage)


def _frame_stage(ref: np.ndarray, size: float, margin_frac: float) -> _Stage:
    """The template at geometric ``size`` with a margin (a fraction of its height)."""
    tpl = _resize_to(ref, size)
    margin = max(1, round(margin_frac * tpl.shape[0])) if margin_frac else 0
    sig = cv2.copyMakeBorder(tpl, margin, margin, margin, margin, cv2.BORDER_CONSTANT, value=0)
    return _Stage(signal=sig, mask=sig, k=tpl.shape[1] / ref.shape[1], margin=margin)


def _sample_stage(
    page: np.ndarray, cand: _Candidate, stage: _Stage
) -> tuple[np.ndarray, np.ndarray]:
    """The stage's frame signal and the page RGB resampled onto it under the candidate's pose."""
    sig = stage.signal
    frame_to_page = cand.pose @ _ref_from_frame(stage)
    rgb = _warp_rgb(page, frame_to_page, (sig.shape[1], sig.shape[0]))
    return sig, rgb.astype(np.float32)


def _warp_rgb(page: np.ndarray, frame_to_page: np.ndarray, size: tuple[int, int]) -> np.ndarray:
    """Sample the page through an affine; downsampling first when the frame is much smaller."""
    scale = math.sqrt(abs(np.linalg.det(frame_to_page[:2, :2])))
    src, to_src = page, np.eye(3)
    corners = frame_to_page @ np.array(
        [[0, size[0], 0, size[0]], [0, 0, size[1], size[1]], [1, 1, 1, 1]], np.float64
    )
    x0 = max(0, math.floor(corners[0].min()) - 2)
    y0 = max(0, math.floor(corners[1].min()) - 2)
    x1 = min(page.shape[1], math.ceil(corners[0].max()) + 3)
    y1 = min(page.shape[0], math.ceil(corners[1].max()) + 3)
    if x1 - x0 >= 2 and y1 - y0 >= 2:  # only the part of the page under the frame
        src = page[y0:y1, x0:x1]
        to_src = _affine(1, 0, 0, 1, -x0, -y0)
    if scale > 2.0:
        f = 1.0 / math.floor(scale)
        dims = (max(1, round(src.shape[1] * f)), max(1, round(src.shape[0] * f)))
        to_src = _level_from_page(src.shape[1] / dims[0]) @ to_src
        src = cv2.resize(src, dims, interpolation=cv2.INTER_AREA)
    m = (to_src @ frame_to_page)[:2]
    return cv2.warpAffine(
        src,
        m,
        size,
        flags=cv2.INTER_LINEAR | cv2.WARP_INVERSE_MAP,
        borderMode=cv2.BORDER_REFLECT,
    )


def _ink_pixels(signal: np.ndarray, lum: np.ndarray, sign: float) -> np.ndarray:
    """The inkiest pixels under the artwork (robust to misregistration and thin strokes).

    Solid ink (eroded) when the logo is large enough, otherwise the inkiest quarter of the
    pixels the artwork covers at least half.
    """
    solid = cv2.erode((signal > 0.9).astype(np.uint8), np.ones((3, 3), np.uint8)) > 0
    keep = 50.0
    if solid.sum() < 8:
        solid, keep = signal > 0.5, 25.0
    values = lum[solid] * sign
    if values.size == 0:
        return solid
    return solid & (lum * sign >= np.percentile(values, 100.0 - keep))


def _median_rgb(pixels: np.ndarray) -> tuple[int, int, int]:
    if pixels.size == 0:
        return (0, 0, 0)
    med = np.median(pixels.reshape(-1, 3), axis=0)
    return (round(float(med[0])), round(float(med[1])), round(float(med[2])))


def _busyness(lum: np.ndarray, back: np.ndarray) -> float:
    """RMS of fine texture in the background pixels (smooth gradients removed), scaled 0..1."""
    if back.sum() < 8:
        return 0.0
    wts = back.astype(np.float32)
    sigma = max(1.5, 0.15 * lum.shape[0])
    smooth = cv2.GaussianBlur(lum * wts, (0, 0), sigma) / np.maximum(
        cv2.GaussianBlur(wts, (0, 0), sigma), 1e-3
    )
    resid = (lum - smooth)[back]
    return float(np.clip(math.sqrt(float(np.mean(resid * resid))) / _BUSY_RMS, 0.0, 1.0))


def _relative_luminance(rgb01: np.ndarray) -> float:
    """WCAG relative luminance of an sRGB colour given as 0..1 floats."""
    c = np.asarray(rgb01, np.float64)
    lin = np.where(c <= 0.04045, c / 12.92, ((c + 0.055) / 1.055) ** 2.4)
    return float(lin @ np.array([0.2126, 0.7152, 0.0722]))


def _contrast_ratio(a: tuple[int, int, int], b: tuple[int, int, int]) -> float:
    la = _relative_luminance(np.array(a) / 255.0)
    lb = _relative_luminance(np.array(b) / 255.0)
    hi, lo = max(la, lb), min(la, lb)
    return (hi + 0.05) / (lo + 0.05)


def _to_u8(x: np.ndarray) -> np.ndarray:
    return np.clip(x * 255.0 + 0.5, 0, 255).astype(np.uint8)
