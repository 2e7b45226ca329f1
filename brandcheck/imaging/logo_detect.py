"""Find single-colour logos in page rasters: pyramid template matching, affine refinement, checks.

Pipeline (all sizes are "geometric sizes", sqrt(width x height) of the logo's ink box, so any
artwork proportions work the same way). Each template is prepared once by
:mod:`brandcheck.imaging.logo_shapes` (its shape at the coarse, mid, fine and ink-sampling
sizes, and the grid of parts); pages are searched through :mod:`brandcheck.imaging.logo_pyramid`.

1. Coarse (:mod:`brandcheck.imaging.logo_coarse`): the page luminance is downsampled into a
   pyramid with a few levels per octave; at every level one small template (geometric size
   ``logo_shapes._COARSE_SIZE`` px) and copies of it rotated by a few degrees are matched with
   normalised cross-correlation (:mod:`brandcheck.imaging.fast_ncc`; a rotated logo next to
   clutter is otherwise not among the coarse peaks), and peaks are found in the best of them at
   each place. The template is the artwork's alpha (its shape), so the absolute correlation
   finds dark-on-light, light-on-dark and coloured versions alike. Windows without texture are
   masked out (no NaN or flat-window artefacts). For logos from ``_TONE_MIN_WIDTH`` times the
   minimum width up, the same search (upright template only) also runs on a half-size "tone" image
   (:mod:`brandcheck.imaging.logo_channels`) in which only near-white and near-black stay apart
   from mid grey, so a white or black logo over a photo's or a colour field's edges is still a
   clean shape. Artwork over ``MAX_ELONGATION`` times as wide as tall (a wordmark) is searched
   from the width at which it is legible (``logo_pyramid.smallest_width``); elongated artwork,
   wide or tall, is also searched on luminance with an upright template whose short side is a
   3:1 logo's, on finer levels (``Shape.coarse_long``).
2. Rank: every coarse peak is scored once by :mod:`brandcheck.imaging.logo_rank` (a local NCC
   search at twice the coarse size over a few scales, angles and shifts); the best few places
   go on, and beyond them every promising one (ranked strongly, or large), starting from the
   pose their ranking score was found at. A large candidate that the coarse search found
   strongly on luminance but that ranks low at the same place and polarity still counts as
   promising.
3. Refine (:mod:`brandcheck.imaging.logo_verify`): ranked candidates that hardly correlate
   with the artwork at their ranking pose are dropped (unless ranked strongly, or large with a
   ranking score of at least 0.5); the others are aligned (inverse-compositional Lucas-Kanade
   with gain and offset projected out, see :mod:`brandcheck.imaging.affine_align`: position,
   scale, rotation and stretch) at a mid size, ranked by their mid-size verification score,
   and the best few (only those scoring at least 0.3 there) are aligned again at the fine
   size, on patches resampled from the pyramid. Strongly ranked candidates that fail on luminance
   are retried on max(R,G,B) and min(R,G,B), and candidates that still fail at the mid or the
   fine size on an "ink image" of the page around them
   (:mod:`brandcheck.imaging.logo_channels`): the distance of every pixel to the logo's ink
   colour (sampled under the artwork), which flattens photo and colour-field edges behind it.
4. Verify (:mod:`brandcheck.imaging.logo_verify`): at the refined pose the patch is compared with
   the template globally and in a grid of parts (finer for logos from 40 px geometric size up);
   every part of the artwork that has structure must be there with the same polarity and at
   least a quarter of the whole logo's contrast, or it counts as missing and vetoes, as does a
   part that does not correlate at all. This rejects other shields, coats of arms, the logo's
   words set in an ordinary font, and the logo with an element left out (an emptied emblem, a
   missing word); below 40 px geometric size (about 65 px wide for a logo as wide as the
   stand-in) the coarse grid cannot tell an element left out. A pose refined on the tone or the
   ink image that fails verification there is verified on the luminance too.
5. Measure (:mod:`brandcheck.imaging.logo_measure`): ink colour, background colour, contrast and
   background busyness around the logo.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from brandcheck.imaging.contrast import contrast_ratio
from brandcheck.imaging.logo_channels import Channels
from brandcheck.imaging.logo_coarse import coarse_candidates, ranked
from brandcheck.imaging.logo_measure import measure_colours, pick_variant
from brandcheck.imaging.logo_pyramid import Pose, Pyramid, geo, geo_scale, iou
from brandcheck.imaging.logo_shapes import (
    Candidate,
    Shape,
    Variant,
    bbox,
    build_shape,
    same_shape,
    template_shape,
)
from brandcheck.imaging.logo_verify import (
    finished,
    gated,
    on_ink,
    plausible,
    promising,
    verify,
)

DEFAULT_THRESHOLD = 0.5
MIN_WIDTH_PX = 40  # the narrowest logo searched for by default, raster px
_MAX_RANKED_TONES = 5  # ranked tone-image places per artwork and page (and promising ones)
# of the ranked places (luminance, tone image), the best this many are aligned, and beyond them
# only promising ones (strong or large, see logo_verify.promising): on the benchmark's tuning
# seeds every logo found was among the best 4 of one of the two lists, and no place ranked
# strongly below the 6th was anything else; the weak ones cost a third of the alignments
_ALIGNED_RANKED = (6, 3)
_TONE_MIN_WIDTH = 2.5  # the tone image is searched for logos this many times the minimum width


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
    stroke_px: float  # the artwork's widest stroke of ink here (see Shape.stroke), px


@dataclass(frozen=True)
class TemplateBank:
    """Precomputed matching data for a set of logo templates; build with prepare_templates."""

    shapes: tuple[Shape, ...]


def prepare_templates(rgba_images: Sequence[tuple[str, str, np.ndarray]]) -> TemplateBank:
    """Precompute a :class:`TemplateBank` from ``(name, variant, rgba)`` triples.

    Each RGBA image (uint8, H x W x 4) is one single-colour logo; its alpha is its shape. Images
    without transparency use their contrast to the border colour instead. Variants with the same
    shape (e.g. black and white versions) are matched once; the reported variant follows the
    polarity found on the page. Raises ``ValueError`` for empty or flat templates.
    """
    if not rgba_images:
        raise ValueError("no logo templates given")
    groups: list[tuple[np.ndarray, float, list[Variant]]] = []
    for name, variant, rgba in rgba_images:
        ref, per_input, ink_lum = template_shape(name, variant, rgba)
        entry = Variant(name=name, variant=variant, ink_luminance=ink_lum)
        for g_ref, _, members in groups:
            if same_shape(g_ref, ref):
                members.append(entry)
                break
        else:
            groups.append((ref, per_input, [entry]))
    return TemplateBank(tuple(build_shape(ref, p, tuple(v)) for ref, p, v in groups))


def detect_logos(
    page_rgb: np.ndarray,
    bank: TemplateBank,
    *,
    min_width_px: int = MIN_WIDTH_PX,
    max_angle_deg: float = 10.0,
    threshold: float = DEFAULT_THRESHOLD,
    measured_on: np.ndarray | None = None,
) -> list[LogoDetection]:
    """Find every instance of the bank's logos in an H x W x 3 uint8 RGB page raster.

    Logos from ``min_width_px`` wide up to the page size, rotated up to about ``max_angle_deg``,
    stretched, in either polarity and any colour are searched; results are verified, sorted by
    score (best first) and do not overlap. At most 40 logos of one artwork are found on
    luminance (the coarse search's peak budget, ``logo_coarse._MAX_CANDIDATES``; as many again
    for elongated artwork, from its second template); large white or black ones can add more
    from the tone image.

    ``measured_on`` is the page as it is seen, when ``page_rgb`` is a simplified rendering of
    it of the same size (a PDF page without its pictures): a find must verify there as well, at
    the pose found, or it is not a logo on the page (art covered by a picture, or in a hidden
    layer); it is scored and measured there.
    """
    page = _as_rgb(page_rgb)
    measured = page if measured_on is None else _as_rgb(measured_on)
    if measured.shape != page.shape:
        raise ValueError("measured_on must have the page raster's size")
    channels = Channels(page)
    luma = channels.luma
    found: list[tuple[float, Candidate, np.ndarray]] = []
    for shape in bank.shapes:
        by_luma = ranked(luma, coarse_candidates(luma, shape, min_width_px), beyond=promising)
        cands = [(luma, c) for c in _worth_aligning(by_luma, _ALIGNED_RANKED[0])]
        tones = channels.tones()
        tone_min = _TONE_MIN_WIDTH * min_width_px / 2.0  # in px of the half-size tone image
        tone_cands = coarse_candidates(tones, shape, tone_min, rotated=False)
        by_tone = ranked(tones, tone_cands, _MAX_RANKED_TONES, promising)
        for cand in _worth_aligning(by_tone, _ALIGNED_RANKED[1]):
            if not _hidden(cand, cands):
                cands.append((tones, cand))
        for pyramid, cand, start in gated(channels, cands):
            result = finished(pyramid, cand)
            if pyramid.derived:
                result = _or_on_luma(luma, result, threshold)
            elif result is None or result[0] < threshold:
                again = _or_on_luma(luma, on_ink(channels, start), threshold)
                if again is not None and (result is None or again[0] > result[0]):
                    result = again
            if result is None:
                continue
            score, refined = result
            if score >= threshold and plausible(refined, min_width_px, max_angle_deg):
                found.append((score, refined, bbox(refined)))
    if measured_on is not None:
        seen = Channels(measured).luma
        rescored = ((verify(seen, cand), cand, box) for _, cand, box in found)
        found = [item for item in rescored if item[0] >= threshold]
    kept = _non_overlapping(found)
    return [_describe(measured, channels.luma, score, cand) for score, cand, _ in kept]


def _as_rgb(page_rgb: np.ndarray) -> np.ndarray:
    arr = np.asarray(page_rgb)
    if arr.ndim == 2:
        arr = np.repeat(arr[..., None], 3, axis=2)
    if arr.ndim != 3 or arr.shape[2] not in (3, 4) or arr.dtype != np.uint8:
        raise ValueError("page raster must be an H x W x 3 uint8 RGB array")
    return np.ascontiguousarray(arr[..., :3])


def _describe(page: np.ndarray, pyramid: Pyramid, score: float, cand: Candidate) -> LogoDetection:
    colour, background, busyness = measure_colours(page, cand)
    chosen = pick_variant(cand.shape.variants, cand.sign)
    return LogoDetection(
        score=round(float(score), 4),
        template=chosen.name,
        variant=chosen.variant,
        polarity="light-on-dark" if cand.sign > 0 else "dark-on-light",
        colour=colour,
        background=background,
        background_busyness=busyness,
        contrast=round(float(contrast_ratio(np.uint8(colour), np.uint8(background))), 3),
        **placement(cand.shape, cand.pose, pyramid.shape),
    )


def placement(shape: Shape, pose: np.ndarray, size: tuple[int, int]) -> dict[str, Any]:
    """The geometry fields of a :class:`LogoDetection` of ``shape`` at ``pose`` (reference px
    to raster px) on a raster of ``size`` (height, width): its box (clipped to the raster),
    scale, angle, aspect, width, height, centre and widest stroke."""
    box = bbox(Candidate(shape, pose, 1.0, 0.0))
    parts = Pose.of(pose)
    h, w = size
    ref_w, ref_h = shape.size
    cx, cy = (pose @ np.array([(ref_w - 1) / 2, (ref_h - 1) / 2, 1.0]))[:2]
    return {
        "bbox": (
            max(0, math.floor(box[0])),
            max(0, math.floor(box[1])),
            min(w, math.ceil(box[2])),
            min(h, math.ceil(box[3])),
        ),
        "scale": float(parts.sx * shape.ref_per_input),
        "angle": float(parts.angle),
        "aspect": float(parts.sx / parts.sy),
        "width_px": float(parts.sx * ref_w),
        "height_px": float(parts.sy * ref_h),
        "center": (float(cx), float(cy)),
        "stroke_px": float(shape.stroke * geo_scale(pose) * geo(ref_w, ref_h)),
    }


def _worth_aligning(places: list[Candidate], keep: int) -> list[Candidate]:
    """The best ``keep`` ranked places, and the promising ones among the rest."""
    return [c for i, c in enumerate(places) if i < keep or promising(c)]


def _or_on_luma(
    luma: Pyramid, result: tuple[float, Candidate] | None, threshold: float
) -> tuple[float, Candidate] | None:
    """A refinement on a derived image (tone or ink) that fails verification there, verified
    on the luminance at the same pose as well; the better score counts.

    The derived image finds the pose where luminance alignment slides onto a strong edge next
    to the logo (a white logo on navy beside a lighter photo), but it can also weaken parts of
    the artwork that the luminance shows clearly.
    """
    if result is None or result[0] >= threshold:
        return result
    score, refined = result
    on_luma = verify(luma, refined)
    return (on_luma, refined) if on_luma > score else result


def _hidden(cand: Candidate, others: list[tuple[Pyramid, Candidate]]) -> bool:
    """A candidate at the same place that ranked at least as well makes ``cand`` redundant.

    A weaker one there (a luminance pose pulled off by a photo's edges) must not keep the clean
    white or black shape the tone image found from being aligned.
    """
    box = bbox(cand)
    return any(iou(box, bbox(o)) > 0.5 and o.prior >= cand.prior for _, o in others)


def same_place(a: Sequence[float], b: Sequence[float]) -> bool:
    """Same logo found twice: high IoU, or one box mostly inside the other."""
    iw = min(a[2], b[2]) - max(a[0], b[0])
    ih = min(a[3], b[3]) - max(a[1], b[1])
    if iw <= 0 or ih <= 0:
        return False
    small = min((a[2] - a[0]) * (a[3] - a[1]), (b[2] - b[0]) * (b[3] - b[1]))
    return iou(a, b) > 0.3 or iw * ih > 0.6 * small


def _non_overlapping(
    found: list[tuple[float, Candidate, np.ndarray]],
) -> list[tuple[float, Candidate, np.ndarray]]:
    kept: list[tuple[float, Candidate, np.ndarray]] = []
    for item in sorted(found, key=lambda f: -f[0]):
        if not any(same_place(item[2], k[2]) for k in kept):
            kept.append(item)
    return kept
