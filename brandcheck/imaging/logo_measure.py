"""Measure a found logo: ink colour, background colour, contrast and background busyness."""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import cv2
import numpy as np

from brandcheck.imaging.colour import srgb_to_lab
from brandcheck.imaging.logo_pyramid import Pose, affine, geo, geo_scale, invert
from brandcheck.imaging.logo_shapes import (
    BUSY_SIZE,
    CLEAR_SPACE,
    LUMA,
    Candidate,
    Stage,
    Variant,
    frame_stage,
    ref_from_frame,
)

_BUSY_RMS = 0.10  # luminance RMS of fine background texture that counts as fully busy (1.0)
_RING_MARGIN = 2  # px (frame or page, the larger) between the logo's ink and its background
# the core of a logo's ink: pixels whose centre is at least this far (px) from every pixel the
# artwork at its pose covers less than half, so that neither antialiasing nor a pose off by a
# pixel reaches them
CORE_DEPTH_PX = 2.0
MIN_CORE_PX = 12  # fewer core pixels than this measure no colour
MIN_INK_SHARE = 0.3  # ... nor a core whose most shared colour is less of it than this
MIN_SIDE_SHARE = 0.2  # ... or than this of the core in the artwork's left or right half
_INK_RADIUS = 8.0  # ΔE76 within which core pixels share the ink's colour
_MODE_SAMPLE = 600  # core pixels the most shared colour is looked for among
_CORE_SAMPLE = 20000  # core pixels (evenly picked) the ink is measured on
_CORE_RADIUS = math.ceil(CORE_DEPTH_PX) - 1
# the offsets nearer than CORE_DEPTH_PX: a pixel with an uninked one there is not core
_CORE_DISC = (
    np.hypot(*np.mgrid[-_CORE_RADIUS : _CORE_RADIUS + 1, -_CORE_RADIUS : _CORE_RADIUS + 1])
    < CORE_DEPTH_PX
).astype(np.uint8)


def measure_colours(
    page: np.ndarray, cand: Candidate
) -> tuple[tuple[int, int, int], tuple[int, int, int], float]:
    """Ink colour, background colour and busyness, sampled in frames aligned with the logo.

    The ink is sampled at the logo's own size up to ``COLOUR_SIZE`` (or up to the size at which
    its widest stroke is ``SOLID_STROKE_PX`` wide, for thin-lined artwork), the background in its
    clear-space ring at a fixed size (the shape's ``busy_frame``), on the page only: the part
    of the ring beyond the page's edge is left out, not filled with a mirror image.
    """
    pose = Pose.of(cand.pose)
    ref_w, ref_h = cand.shape.size
    native = geo(pose.sx * ref_w, pose.sy * ref_h)
    sharp, sharp_stage = cand.shape.colour_frame
    stage = sharp_stage if native >= sharp else frame_stage(cand.shape.ref, native, 0.0)
    sig, rgb = sample_stage(page, cand, stage)
    lum = rgb @ LUMA
    colour = _median_rgb(pixels_at(rgb, ink_pixels(sig, lum, cand.sign)))
    busy = cand.shape.busy_frame
    sig, rgb = sample_stage(page, cand, busy)
    lum = rgb @ LUMA
    back = _clear_of(sig > 0.05, geo_scale(cand.pose @ ref_from_frame(busy)))
    back &= _on_page(page.shape, cand.pose @ ref_from_frame(busy), sig.shape)
    background = _median_rgb(pixels_at(rgb, back)) if back.any() else colour
    return colour, background, _busyness(lum / 255.0, back)


def _clear_of(ink: np.ndarray, page_px: float) -> np.ndarray:
    """The pixels of a frame clear of the logo's ``ink`` (at its pose) by ``_RING_MARGIN``
    frame px, or by ``_RING_MARGIN`` page px where a frame px is smaller (``page_px`` page px
    a frame px): the page sampled into the frame smears the logo's edge that far (its
    antialiasing and the resampling's), and a solid mark's long edge let in read as a busy
    background on white (0.56 for a block turned 1°)."""
    r = max(_RING_MARGIN, math.ceil(_RING_MARGIN / max(page_px, 1e-6)))
    disc = cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (2 * r + 1, 2 * r + 1))
    return cv2.dilate(ink.astype(np.uint8), disc) == 0


def _on_page(page: tuple[int, ...], m: np.ndarray, frame: tuple[int, ...]) -> np.ndarray:
    """The pixels of a frame (``m``: frame to page px) that are sampled from the page: the rest
    lie beyond its edge, where the resampling mirrors the page (and the logo itself, for one
    near the edge)."""
    h, w = frame[:2]
    ys, xs = np.mgrid[0:h, 0:w].astype(np.float64)
    px = m[0, 0] * xs + m[0, 1] * ys + m[0, 2]
    py = m[1, 0] * xs + m[1, 1] * ys + m[1, 2]
    return (px >= 0) & (py >= 0) & (px <= page[1] - 1) & (py <= page[0] - 1)


def pick_variant(variants: tuple[Variant, ...], sign: float) -> Variant:
    """The variant whose ink tone matches the polarity found (dark ink on light, or light)."""
    return min(variants, key=lambda v: v.ink_luminance if sign < 0 else -v.ink_luminance)


def sample_stage(page: np.ndarray, cand: Candidate, stage: Stage) -> tuple[np.ndarray, np.ndarray]:
    """The stage's frame signal and the page RGB resampled onto it under the candidate's pose."""
    sig = stage.signal
    frame_to_page = cand.pose @ ref_from_frame(stage)
    rgb = _warp_rgb(page, frame_to_page, (sig.shape[1], sig.shape[0]))
    return sig, rgb.astype(np.float32)


def pixels_at(rgb: np.ndarray, mask: np.ndarray) -> np.ndarray:
    """The N x 3 colours of an H x W x 3 image where the H x W ``mask`` is set, as
    ``rgb[mask]`` but about 5x faster (numpy's boolean indexing over two axes is slow)."""
    return rgb.reshape(-1, 3).compress(mask.ravel(), axis=0)


def _warp_rgb(page: np.ndarray, frame_to_page: np.ndarray, size: tuple[int, int]) -> np.ndarray:
    """Sample the page through an affine; downsampling first when the frame is much smaller."""
    scale = geo_scale(frame_to_page)
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
        to_src = affine(1, 0, 0, 1, -x0, -y0)
    if scale > 2.0:
        f = 1.0 / math.floor(scale)
        dims = (max(1, round(src.shape[1] * f)), max(1, round(src.shape[0] * f)))
        # each axis by its own factor: the rounded sizes differ (241 px to 34, 263 px to 38),
        # and one factor for both put a 220 px logo's bottom edge 6 px off in the ring
        dx, dy = src.shape[1] / dims[0], src.shape[0] / dims[1]
        to_src = affine(1 / dx, 0, 0, 1 / dy, 0.5 / dx - 0.5, 0.5 / dy - 0.5) @ to_src
        src = cv2.resize(src, dims, interpolation=cv2.INTER_AREA)
    m = (to_src @ frame_to_page)[:2]
    return cv2.warpAffine(
        src,
        m,
        size,
        flags=cv2.INTER_LINEAR | cv2.WARP_INVERSE_MAP,
        borderMode=cv2.BORDER_REFLECT,
    )


def ink_pixels(signal: np.ndarray, lum: np.ndarray, sign: float) -> np.ndarray:
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


@dataclass(frozen=True)
class InkCore:
    """A logo's ink colour measured on the core of its ink: the pixels of an image well inside
    the artwork at its pose (``CORE_DEPTH_PX``), of which there are ``pixels``.

    The ink is the colour most of them share: where the page draws the artwork a little unlike
    its file (letters hinted at a small size), some core pixels are antialiasing, and a median
    was pulled towards the background by them. It is measured when that colour is at least
    ``MIN_INK_SHARE`` of the core and ``MIN_SIDE_SHARE`` of the core in each of the artwork's
    left and right halves. ``colour`` is None when not measured, and ``why`` says why: "thin"
    (too few core pixels: strokes under about 4 px in the image), "uneven" (no one colour
    through the core: two inks, or the background showing through; ``halves`` are the colours
    each half mostly shares) or "ground" (the colour most of it shares is that of the logo's
    background: the core lay on the ground; ``halves`` holds that colour)."""

    colour: tuple[int, int, int] | None
    pixels: int
    halves: tuple[tuple[int, int, int], ...] = ()
    why: str = ""


def ink_core(
    image: np.ndarray,
    ref: np.ndarray,
    pose: np.ndarray,
    ground: tuple[int, int, int] | None = None,
) -> InkCore:
    """The ink colour of the artwork ``ref`` (ink coverage, reference px) placed on the RGB
    ``image`` by ``pose`` (reference px to image px), read from the image's own pixels in the
    core of its ink (see :class:`InkCore`).

    A colour the ``ground`` around the logo (its measured background) would share, within
    ``_INK_RADIUS``, is no ink: the core lay on the background (a pose off by more than the
    core's depth, on a thin line), and it is not measured (``why`` "ground"), so the
    background is never reported as the logo's colour. A logo truly in its background's
    colour cannot be told from it anyway; BC109 judges its contrast."""
    stage = frame_stage(ref, geo_scale(pose) * geo(ref.shape[1], ref.shape[0]), 0.0)
    to_image = pose @ ref_from_frame(stage)
    fh, fw = stage.signal.shape
    corners = to_image[:2] @ np.array([[0, fw, 0, fw], [0, 0, fh, fh], [1, 1, 1, 1]], np.float64)
    h, w = image.shape[:2]
    x0, y0 = max(0, math.floor(corners[0].min()) - 1), max(0, math.floor(corners[1].min()) - 1)
    x1, y1 = min(w, math.ceil(corners[0].max()) + 2), min(h, math.ceil(corners[1].max()) + 2)
    if x1 - x0 < 3 or y1 - y0 < 3:
        return InkCore(None, 0, why="thin")
    to_crop = affine(1, 0, 0, 1, -x0, -y0) @ to_image
    cover = cv2.warpAffine(stage.signal, to_crop[:2], (x1 - x0, y1 - y0), flags=cv2.INTER_LINEAR)
    # the pixels with no uninked pixel centre nearer than CORE_DEPTH_PX (beyond the crop: not
    # ink): an erosion by that disc, the same as a Euclidean distance transform's threshold and
    # several times faster on a sharp render
    core = cv2.erode((cover > 0.5).astype(np.uint8), _CORE_DISC, borderValue=0) > 0
    pixels = int(np.count_nonzero(core))
    if pixels < MIN_CORE_PX:
        return InkCore(None, pixels, why="thin")
    ys, xs = np.nonzero(core)
    if pixels > _CORE_SAMPLE:  # evenly picked: a median and a mode need no more
        step = math.ceil(pixels / _CORE_SAMPLE)
        ys, xs = ys[::step], xs[::step]
    rgb = image[y0 + ys, x0 + xs, :3].astype(np.float32)
    lab = srgb_to_lab(rgb / 255.0)
    along = invert(to_crop)[0, :2] @ np.stack([xs, ys]).astype(np.float64)  # artwork x
    left = along <= np.median(along)
    held = _held(lab)
    sides = [side for side in (left, ~left) if side.any()]
    if held.mean() < MIN_INK_SHARE or min(held[side].mean() for side in sides) < MIN_SIDE_SHARE:
        halves = tuple(_median_rgb(rgb[side][_held(lab[side])]) for side in sides)
        return InkCore(None, pixels, halves, why="uneven")
    colour = _median_rgb(rgb[held])
    if ground is not None and _same_colour(colour, ground):
        return InkCore(None, pixels, (colour,), why="ground")
    return InkCore(colour, pixels)


def _same_colour(a: tuple[int, int, int], b: tuple[int, int, int]) -> bool:
    """Whether two sRGB colours are within ``_INK_RADIUS`` (ΔE76) of each other."""
    lab = srgb_to_lab(np.array([a, b], np.float32) / 255.0)
    return float(((lab[0] - lab[1]) ** 2).sum()) <= _INK_RADIUS**2


def _held(lab: np.ndarray) -> np.ndarray:
    """Which of these colours (N x 3 Lab) are the one most of them share: within
    ``_INK_RADIUS`` (ΔE76) of the colour with the most others that near (looked for among up to
    ``_MODE_SAMPLE`` of them, evenly picked)."""
    sample = lab[:: math.ceil(len(lab) / _MODE_SAMPLE)]
    near = ((sample[:, None, :] - sample[None, :, :]) ** 2).sum(axis=2) <= _INK_RADIUS**2
    centre = sample[int(np.argmax(near.sum(axis=1)))]
    return ((lab - centre) ** 2).sum(axis=1) <= _INK_RADIUS**2


def ring_busyness(
    page: np.ndarray,
    logo: tuple[float, float, float, float],
    width: float,
    height: float,
    hidden: list[tuple[float, float, float, float]],
) -> float:
    """The busyness of an upright logo's background (as :func:`measure_colours` measures it) in
    the clear-space ring around its box ``logo`` (raster px; the logo ``width`` x ``height``
    px), leaving out the logo's box and the ``hidden`` boxes.

    Measured on the ring resampled to the size the detector measures at (``BUSY_SIZE``).
    """
    pad = CLEAR_SPACE * height
    h, w = page.shape[:2]
    x0, y0 = max(0, math.floor(logo[0] - pad)), max(0, math.floor(logo[1] - pad))
    x1, y1 = min(w, math.ceil(logo[2] + pad)), min(h, math.ceil(logo[3] + pad))
    if x1 - x0 < 3 or y1 - y0 < 3:
        return 0.0
    lum = page[y0:y1, x0:x1].astype(np.float32) @ LUMA / 255.0
    back = np.ones(lum.shape, np.uint8)
    for bx0, by0, bx1, by1 in [logo, *hidden]:
        ix0, iy0 = max(0, math.floor(bx0) - x0 - 1), max(0, math.floor(by0) - y0 - 1)
        ix1, iy1 = max(0, math.ceil(bx1) - x0 + 1), max(0, math.ceil(by1) - y0 + 1)
        back[iy0:iy1, ix0:ix1] = 0
    f = BUSY_SIZE / max(geo(width, height), 1.0)
    if f < 1.0:
        dims = (max(1, round(lum.shape[1] * f)), max(1, round(lum.shape[0] * f)))
        lum = cv2.resize(lum, dims, interpolation=cv2.INTER_AREA)
        back = cv2.resize(back.astype(np.float32), dims, interpolation=cv2.INTER_AREA) > 0.99
    return _busyness(lum, back.astype(bool))


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


_EDGE_MARGIN_PX = 2  # px around the logo's box left to its antialiasing, and the zone's rim
_CONTOUR_SHARE = 0.5  # edge pixels, as a share of a cell's side, that make a contour in it

Box = tuple[float, float, float, float]


@dataclass(frozen=True)
class RingContent:
    """What :func:`ring_intrusions` found in a logo's clear-space ring (raster px): for each
    side of the logo with content ('above', 'below', 'left', 'right') the distance from the
    logo's box to the nearest of it, the cells that hold it, and the share of the ring's
    area those cells are (most of it: the logo stands on a picture's detail). The distances
    are of both layings of the cells; the cells and their share of the first alone: BC109
    leaves them out of the ring's busyness, and with the second laying's, half a cell past
    the content, a brick wall's mortar (busyness 0.75) left a flat rest and was reported as
    content in the clear space, not as a busy background."""

    sides: dict[str, float] = field(default_factory=dict)
    cells: list[Box] = field(default_factory=list)
    share: float = 0.0


def ring_intrusions(page: np.ndarray, logo: Box, zone: Box, cell: float) -> RingContent:
    """Where content enters the clear-space ring between an upright logo's box ``logo`` and
    the ``zone`` around it (raster px; the zone already cut to the part of the page that is
    the design), leaving out 2 px along the logo's box (its antialiasing) and along the
    zone's rim (content that ends there keeps the clear space).

    The ring is cut along each side into cells about ``cell`` px long (twice, the second
    time half a cell on), and a cell holds content when its edges (Canny) are at least half
    as long as it: a contour of text or a shape, not noise. One such cell is enough, so a
    headline whose tops enter one side counts however clear the rest of the ring is (over the
    whole ring it was 0.3 % edges).
    """
    h, w = page.shape[:2]
    m = _EDGE_MARGIN_PX
    zx0, zy0 = max(0, math.ceil(zone[0]) + m), max(0, math.ceil(zone[1]) + m)
    zx1, zy1 = min(w, math.floor(zone[2]) - m), min(h, math.floor(zone[3]) - m)
    if zx1 - zx0 < 3 or zy1 - zy0 < 3:
        return RingContent()
    grey = cv2.cvtColor(np.ascontiguousarray(page[zy0:zy1, zx0:zx1]), cv2.COLOR_RGB2GRAY)
    edges = cv2.Canny(grey, 60, 160) > 0
    # the logo's box with its margin, in the crop, clipped to it
    lx0 = min(max(0, math.floor(logo[0]) - zx0 - m), zx1 - zx0)
    ly0 = min(max(0, math.floor(logo[1]) - zy0 - m), zy1 - zy0)
    lx1 = min(max(lx0, math.ceil(logo[2]) - zx0 + m), zx1 - zx0)
    ly1 = min(max(ly0, math.ceil(logo[3]) - zy0 + m), zy1 - zy0)
    ys, xs = np.mgrid[zy0:zy1, zx0:zx1]
    # how far a pixel lies beside the logo's box (0 within its columns) and above or below it
    across = np.maximum(np.maximum(logo[0] - xs, xs - logo[2]), 0.0)
    down = np.maximum(np.maximum(logo[1] - ys, ys - logo[3]), 0.0)
    bands = {  # each side's band (rows, columns of the crop); above and below hold the corners
        "above": ((0, ly0), (0, zx1 - zx0)),
        "below": ((ly1, zy1 - zy0), (0, zx1 - zx0)),
        "left": ((ly0, ly1), (0, lx0)),
        "right": ((ly0, ly1), (lx1, zx1 - zx0)),
    }
    step = max(4, round(cell))
    found = RingContent()
    ring = held = 0
    for side, ((r0, r1), (c0, c1)) in bands.items():
        along_rows = side in ("left", "right")
        start, stop = (r0, r1) if along_rows else (c0, c1)
        # the cells are laid twice, the second time half a cell on, so that content across
        # the border of two cells is whole in one of the other laying: a word right of a logo
        # whose K's stem a border cut in two had under half a cell's edges in each half
        for a, first in [(a, True) for a in range(start, stop, step)] + [
            (a, False) for a in range(start + step // 2, stop, step)
        ]:
            b = min(a + step, stop)
            (y0, y1), (x0, x1) = ((a, b), (c0, c1)) if along_rows else ((r0, r1), (a, b))
            hit = edges[y0:y1, x0:x1]
            ring += hit.size if first else 0  # the share held is of the first laying
            if hit.sum() < _CONTOUR_SHARE * step:
                continue
            held += hit.size if first else 0
            where, near = _nearest(hit, across[y0:y1, x0:x1], down[y0:y1, x0:x1])
            if where == "beside":  # in a corner, nearer the logo's side than its top or bottom
                where = "left" if float(xs[y0, x0]) < logo[0] else "right"
            elif where == "over":
                where = side
            found.sides[where] = min(found.sides.get(where, near), near)
            if first:  # the cells, as their share, are the first laying's (see RingContent)
                found.cells.append((zx0 + x0, zy0 + y0, zx0 + x1, zy0 + y1))
    return RingContent(found.sides, found.cells, held / ring if ring else 0.0)


def _nearest(hit: np.ndarray, across: np.ndarray, down: np.ndarray) -> tuple[str, float]:
    """How far the content of a cell (its edge pixels ``hit``) comes to the logo's box, as the
    clear space measures it (the larger of its distances beside and above or below the box),
    and whether it is "beside" the box or "over" it (above or below). A cell in a corner of the
    ring holds content beside the logo when that is what comes nearest: a picture's edge 16 px
    left of the logo runs through the corners above and below it, and is 16 px left of it,
    not "3 px above"."""
    dx, dy = across[hit], down[hit]
    gap = np.maximum(dx, dy)
    # the nearest pixel; of those as near, the one most squarely beside or over the box
    i = int(np.lexsort((np.minimum(dx, dy), gap))[0])
    return ("beside" if dx[i] > dy[i] else "over"), float(gap[i])
