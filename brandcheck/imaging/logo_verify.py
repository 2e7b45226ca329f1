"""Refine logo candidates by affine alignment and verify them globally and part by part."""

from __future__ import annotations

import math

import cv2
import numpy as np

from brandcheck.imaging import affine_align
from brandcheck.imaging.logo_channels import INK_KEEP, LARGE, STRONG, Channels
from brandcheck.imaging.logo_pyramid import (
    Pose,
    Pyramid,
    affine,
    best_distinct,
    geo,
    geo_scale,
    invert,
)
from brandcheck.imaging.logo_shapes import (
    MIRROR_SIZE,
    Candidate,
    Parts,
    Stage,
    bbox,
    geometric_size,
    ref_from_frame,
    without_shading,
)

_MID_MIN_CORR = 0.45  # candidates whose mid-size alignment correlation is below this are dropped
# mid-size alignments still below this correlation after that many iterations are abandoned
_MID_GIVE_UP = (4, 0.3)
# strong candidates (ranked at least STRONG) whose luminance mid score is below this are
# aligned again on max(R,G,B) and min(R,G,B)
_RETRY_BELOW = 0.5
_PARTS_FOR_SECOND = 6  # with this many parts, the second-worst part decides
# a part with less than this fraction of the whole logo's contrast is missing artwork
_MIN_PART_GAIN = 0.25
# ... and an element of the artwork (Shape.elements) with less than this: other round seals
# show the emblem's sun at 0.03-0.08 of its contrast, while true logos, small (64-124 px wide)
# and blurred under JPEG quality 15-30, show every element at 0.16 or more
_MIN_ELEMENT_GAIN = 0.12
# ... and a hole of it (Shape.holes) with less than this between the hole and the ink around
# it: a block mark's round hole filled shows 0.07-0.08, and the "Ä" of another block where the
# logo's "Å" has its ring 0.15, while in 432 logos of six artworks 40-130 px (geometric) under
# JPEG quality 15-30, blur up to 1.2 px and photo backgrounds every hole at least
# _MIN_HOLE_PX wide showed 0.49 or more (930 holes)
_MIN_HOLE_GAIN = 0.25
# holes narrower than this on the page (px) are not checked: blur and JPEG fill them with the
# ink around them (in those logos, letters' counters 2-4 px wide showed down to -0.54)
_MIN_HOLE_PX = 5.0
# an asymmetric element of the artwork (Shape.mirrors) at least this wide on the page (px) must
# follow the part of it that its mirror image reverses at least this much (per unit of its own
# contrast; a figure flipped in its place follows it negatively). On 324 pages (the audit's two
# roundel lockups, each also with its emblem mirrored, the stand-in and a second artwork; logos
# 40-200 px geometric under JPEG quality 15-30, blur up to 1.2 px and photo backgrounds) the
# elements at least this wide showed 0.21 or more, the mirrored emblems -0.06 or less; letters
# narrower fell to -0.18
_MIRROR_MIN_PX = 20.0
_MIN_FACING = 0.0
# ... checked only on candidates verifying at least this (the detector's default threshold:
# below it a candidate is no find anyway), as it resamples the page a second time
_MIRROR_FROM = 0.5
_MAX_REFINED = 8  # candidates per template and page that get the fine alignment ...
# ... and beyond them those scoring at least this at the mid size (a page may show many logos;
# on the benchmark's tuning seeds nothing but logos scored above 0.39 there)
_SURE_MID = 0.6
# candidates whose mid-size verification score is below this are not refined at the fine size:
# on the benchmark's tuning seeds 97 % of the candidates that fail there score below it, against
# one logo in 643 (which the ink image finds anyway); the ink-image candidates that only the
# fine alignment locks on still go on
_FINE_MIN_MID = 0.3
# candidates whose correlation at their ranking pose (mid size, before any alignment) is below
# this are not aligned, unless they are strong (ranked at least STRONG) or large and ranked at
# least INK_KEEP (see LARGE): on the benchmark's tuning seeds every logo found had a candidate
# at >= 0.2 there, against 42 % of the candidates elsewhere below 0.15 (the alignment is the
# costliest step of the search). A candidate dropped here gets no ink-image retry either; on six
# page seeds and four other-artwork sets that lost no logo.
_MIN_START_CORR = 0.15
# px (geometric size): logos this large are verified on the finer grid of parts (smaller ones
# lost logos with it: their cells hold too few page pixels for the correlation to be reliable)
_DETAIL_PARTS_MIN = 40.0


def _extract(pyramid: Pyramid, pose: np.ndarray, stage: Stage, pad: int = 0) -> np.ndarray:
    """Resample the page into ``stage``'s frame (grown by ``pad`` px) under ``pose`` (float32)."""
    frame_to_page = pose @ ref_from_frame(stage) @ affine(1, 0, 0, 1, -pad, -pad)
    page_px_per_frame_px = geo_scale(frame_to_page)
    img, page_from_level = pyramid.best_level(page_px_per_frame_px)
    m = (invert(page_from_level) @ frame_to_page)[:2]
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
    pyramid: Pyramid,
    cand: Candidate,
    stage: Stage,
    give_up: tuple[int, float] | None = None,
) -> tuple[float, np.ndarray] | None:
    """Affine refinement of the pose at ``stage``'s size; None when it degenerates.

    Returns the correlation with the candidate's polarity (negative when the patch matches the
    opposite polarity) and the refined pose.
    """
    assert stage.lk is not None
    frame_to_page = cand.pose @ ref_from_frame(stage)
    scale = geo_scale(frame_to_page)
    img, page_from_level = pyramid.float_level(scale)
    m = invert(page_from_level) @ frame_to_page
    result = affine_align.align(img, stage.lk, m, give_up=give_up)
    if result is None:
        return None
    cc, m = result
    pose = page_from_level @ m @ invert(ref_from_frame(stage))
    if not np.all(np.isfinite(pose)):
        return None
    return cc * cand.sign, pose


def aligned(pyramid: Pyramid, cand: Candidate, stage: Stage) -> tuple[float, np.ndarray] | None:
    """The candidate's pose aligned again at ``stage``'s size (a stage made for it, see
    ``logo_shapes.align_stage``), with its correlation; None when the alignment degenerates."""
    return _ecc(pyramid, cand, stage)


def _mid_aligned(
    pyramid: Pyramid, cand: Candidate, give_up: tuple[int, float] | None = _MID_GIVE_UP
) -> tuple[float, Candidate] | None:
    """Mid-size alignment and verification score of a coarse candidate on one channel."""
    mid = _ecc(pyramid, cand, cand.shape.mid, give_up)
    if mid is None or mid[0] < _MID_MIN_CORR:
        return None
    aligned = Candidate(cand.shape, mid[1], cand.sign, mid[0])
    return _part_score(pyramid, aligned, cand.shape.mid, cand.shape.mid_parts), aligned


def gated(
    channels: Channels, cands: list[tuple[Pyramid, Candidate]]
) -> list[tuple[Pyramid, Candidate, Candidate]]:
    """Align the ranked candidates at the mid size and keep the best few for the fine stage.

    Candidates that do not correlate with the artwork at their ranking pose (below
    ``_MIN_START_CORR``) are not aligned, unless they are strong (ranked at least ``STRONG``) or
    large and ranked at least ``INK_KEEP`` (the ones the retries below exist for). The others
    are ranked by the verification score at the mid size (the whole shape and its worst part
    must match), which separates logos from photo texture far better than the coarse
    correlation; candidates that converge onto the same place are merged, and only those that
    score at least ``_FINE_MIN_MID`` go on to the fine size (and large ones ranked at least
    ``INK_KEEP`` that fail at the mid size over a busy photo, see ``LARGE``). A strong
    candidate that scores low on luminance is aligned again on max(R,G,B) and min(R,G,B), and
    refined and verified on whichever of the three channels scored best.
    """
    scored: list[tuple[float, np.ndarray, tuple[Pyramid, Candidate, Candidate]]] = []
    for pyramid, cand in cands:
        own = pyramid
        strong = cand.prior >= STRONG
        large = _large(cand)
        if not (strong or large) and _start_corr(pyramid, cand) < _MIN_START_CORR:
            continue
        best = _mid_aligned(pyramid, cand)
        if strong and (best is None or best[0] < _RETRY_BELOW):
            for alt in channels.extremes():
                other = _mid_aligned(alt, cand)
                if other is not None and (best is None or other[0] > best[0]):
                    pyramid, best = alt, other
        if best is None or best[0] < _RETRY_BELOW:
            ink = _ink_mid(channels, cand)
            if ink is not None:
                ink_pyramid, start, other = ink
                weak = best is None or best[0] < _FINE_MIN_MID
                if other is None and weak and cand.prior >= INK_KEEP and not large:
                    other = (_FINE_MIN_MID, start)  # the fine alignment may still lock on
                if other is not None and (best is None or other[0] > best[0]):
                    pyramid, best = ink_pyramid, other
        weak = best is None or best[0] < _FINE_MIN_MID
        if weak and large:
            # a large logo over a busy photo: at the mid size the photo's shapes are as big as
            # the logo's parts and the alignment slides off; the fine size still sees the logo
            # (if that fails on luminance, detect_logos retries it on the ink image)
            pyramid, best, weak = own, (_FINE_MIN_MID, cand), False
        if weak:
            continue
        scored.append((best[0], bbox(best[1]), (pyramid, best[1], cand)))
    return best_distinct(scored, _MAX_REFINED, lambda score, _: score >= _SURE_MID)


def promising(cand: Candidate) -> bool:
    """Ranked at least ``STRONG``, or large and ranked at least ``INK_KEEP``.

    Such a candidate is worth aligning however many places ranked better: a page may show many
    logos, and a large logo over a busy photo can rank below small texture.
    """
    return cand.prior >= STRONG or _large(cand)


def _large(cand: Candidate) -> bool:
    return cand.prior >= INK_KEEP and geometric_size(cand) >= LARGE


def on_ink(channels: Channels, cand: Candidate) -> tuple[float, Candidate] | None:
    """Mid and fine alignment and verification on the ink-colour image around ``cand``."""
    ink = _ink_mid(channels, cand)
    if ink is None:
        return None
    pyramid, start, mid = ink
    return finished(pyramid, start if mid is None else mid[1])


def _ink_mid(
    channels: Channels, cand: Candidate
) -> tuple[Pyramid, Candidate, tuple[float, Candidate] | None] | None:
    """The ink image around ``cand``, the candidate on it (its polarity) and its mid-size
    alignment there; None without an ink image. Computed once per candidate: :func:`gated` and
    :func:`on_ink` both ask for it."""
    memo = channels.memo.get(("ink mid", id(cand)))
    if memo is not None and memo[0] is cand:
        return memo[1]
    ink = channels.ink(cand)
    result = None
    if ink is not None:
        start = Candidate(cand.shape, cand.pose, ink[1], cand.prior)
        result = ink[0], start, _mid_aligned(ink[0], start, None)
    channels.memo["ink mid", id(cand)] = (cand, result)
    return result


def finished(pyramid: Pyramid, cand: Candidate) -> tuple[float, Candidate] | None:
    """Fine alignment and verification score of a candidate on one channel."""
    refined = _refine(pyramid, cand)
    return None if refined is None else (verify(pyramid, refined), refined)


def _refine(pyramid: Pyramid, cand: Candidate) -> Candidate | None:
    """Final affine refinement at the fine size."""
    fine = _ecc(pyramid, cand, cand.shape.fine)
    if fine is None:
        return None
    return Candidate(cand.shape, fine[1], cand.sign, cand.prior)


def verify(pyramid: Pyramid, cand: Candidate) -> float:
    """Verification score of ``cand`` as posed, at the fine size (see :func:`_part_score`);
    halved for a logo large enough with an element mirrored (see :func:`_mirrored`)."""
    big = geometric_size(cand) >= _DETAIL_PARTS_MIN
    parts = cand.shape.detail_parts if big else cand.shape.parts
    score = _part_score(pyramid, cand, cand.shape.fine, parts, elements=big)
    mirrored = big and score >= _MIRROR_FROM and _mirrored(pyramid, cand)
    return 0.5 * score if mirrored else score


def _part_score(
    pyramid: Pyramid,
    cand: Candidate,
    stage: Stage,
    parts: Parts,
    *,
    elements: bool = False,
) -> float:
    """Mean of the global and the worst part correlation at the pose (0..1), shading removed.

    A single-colour logo has the same contrast to its background in every part, so a part whose
    contrast (its regression gain on the template) is below ``_MIN_PART_GAIN`` (a quarter) of the
    whole logo's is missing, however well its faint remains correlate: an emblem emptied of its
    figure, a word left out, or a blob that matches one part of the artwork on a flat field.
    With ``elements`` (the final verification of a logo large enough) each of the artwork's
    elements (``Shape.elements``: a shield, a letter, a sun beside a tower), whose cells follow
    the artwork rather than a grid, must show ``_MIN_ELEMENT_GAIN`` of it, and each of its
    holes (``Shape.holes``: a letter knocked out of a block, a round hole) wide enough on the
    page ``_MIN_HOLE_GAIN`` of it (see :func:`_element_missing`): one missing leaves half the
    whole correlation.
    """
    assert stage.detail is not None
    patch = _detail_patch(pyramid, cand, stage)
    whole, whole_gain = _whole_fit(stage, patch)
    if parts.count == 0:
        return max(0.0, whole)
    corr, gain = _grouped_fit(stage.detail, patch, parts)
    if whole_gain > 0:
        # a missing part counts as not correlating (and so decides, see below); an inverted
        # part stays as negative as it is
        corr = np.where(gain < _MIN_PART_GAIN * whole_gain, np.minimum(corr, 0.0), corr)
    if elements and whole_gain > 0 and _element_missing(cand, stage, patch, whole_gain):
        # another design that shares the logo's outline and much of its artwork: another round
        # seal, whose rings cross every cell of the grid, or a block with a hole left out
        return float(np.clip(0.5 * whole, 0.0, 1.0))
    per_part = np.sort(corr)
    # the worst part, or the second worst when there are enough parts: one cell crossed by a
    # hard background edge (a shadow, a photo's border) must not veto a clear match. A part
    # that does not correlate at all (<= 0) is no weakened match but artwork that is missing
    # (another shield's charge, a bold word beside a simple emblem): it always decides.
    lenient = parts.count >= _PARTS_FOR_SECOND and per_part[0] > 0.0
    worst = float(per_part[1] if lenient else per_part[0])
    return float(np.clip(0.5 * (whole + worst), 0.0, 1.0))


def _element_missing(cand: Candidate, stage: Stage, patch: np.ndarray, whole_gain: float) -> bool:
    """Whether an element of the artwork is missing at the pose: a piece of ink
    (``Shape.elements``) showing under ``_MIN_ELEMENT_GAIN`` of the whole logo's contrast, or a
    hole (``Shape.holes``) at least ``_MIN_HOLE_PX`` wide on the page showing under
    ``_MIN_HOLE_GAIN`` of it between the hole and the ink around it, in the background's
    direction (see :func:`_hole_gain`): a filled hole shows none."""
    elements, holes = cand.shape.elements, cand.shape.holes
    if elements.count:
        gain = _grouped_fit(stage.detail, patch, elements)[1]
        if float(gain.min()) < _MIN_ELEMENT_GAIN * whole_gain:
            return True
    if holes.count == 0:
        return False
    gain = _hole_gain(patch, holes)[holes.widths * geometric_size(cand) >= _MIN_HOLE_PX]
    return bool(gain.size) and float(gain.min()) < _MIN_HOLE_GAIN * whole_gain


def _hole_gain(patch: np.ndarray, holes: Parts) -> np.ndarray:
    """Per hole, the contrast of ``patch`` between the ink around the hole and the hole (the
    difference of their means, positive where the hole is lighter than ink-positive ink) per
    unit of the template's (``Parts.sides``). Not the regression the other cells use: within a
    cell it also follows the shading the high-pass leaves near the artwork's edge, which a
    filled hole shares with the template (a filled round hole showed 0.11 by regression, 0.07
    so). A hole the template itself shows no contrast at is not judged (infinite)."""
    index, key, n, template = holes.sides
    mean = np.bincount(key, patch.ravel()[index].astype(np.float64), 2 * holes.count) / n
    shown = template > 1e-6
    return np.where(shown, (mean[0::2] - mean[1::2]) / np.where(shown, template, 1.0), np.inf)


def _mirrored(pyramid: Pyramid, cand: Candidate) -> bool:
    """Whether an asymmetric element of the artwork (``Shape.mirrors``) at least
    ``_MIRROR_MIN_PX`` wide on the page faces the other way: the page, at ``MIRROR_SIZE``,
    follows the part of it that its mirror image reverses less than ``_MIN_FACING`` of its
    contrast with the element."""
    mirrors = cand.shape.mirrors
    if mirrors is None:
        return False
    wide = mirrors.widths * geometric_size(cand) >= _MIRROR_MIN_PX
    if not wide.any():
        return False
    stage = mirrors.stage
    page = without_shading(_extract(pyramid, cand.pose, stage), MIRROR_SIZE) * cand.sign
    y = page.ravel()[mirrors.index].astype(np.float64)

    def per_element(v: np.ndarray) -> np.ndarray:
        return np.bincount(mirrors.label, v, mirrors.count)

    own = per_element(y * mirrors.template) / per_element(mirrors.template**2)
    facing = per_element(y * mirrors.reversed) / per_element(mirrors.reversed**2)
    return bool(np.any(wide & (own > 0) & (facing < _MIN_FACING * own)))


def _start_corr(pyramid: Pyramid, cand: Candidate) -> float:
    """Correlation with the whole artwork at the mid size, at the candidate's pose as it is."""
    stage = cand.shape.mid
    return _whole_fit(stage, _detail_patch(pyramid, cand, stage))[0]


def _whole_fit(stage: Stage, patch: np.ndarray) -> tuple[float, float]:
    """Correlation and contrast (slope) of ``patch`` on the whole artwork, over its mask
    (:func:`logo_shapes.fit`, the template's side computed once)."""
    inside, xc, sxx = stage.whole
    yc = patch.ravel()[inside].astype(np.float64)
    yc -= yc.mean()
    syy, sxy = float(yc @ yc), float(xc @ yc)
    den = math.sqrt(sxx * syy)
    return (sxy / den if den > 1e-9 else 0.0), (sxy / sxx if sxx > 1e-9 else 0.0)


def _detail_patch(pyramid: Pyramid, cand: Candidate, stage: Stage) -> np.ndarray:
    """The page in ``stage``'s frame at the pose, shading removed, ink positive."""
    size = geo(stage.signal.shape[1] - 2 * stage.margin, stage.signal.shape[0] - 2 * stage.margin)
    return without_shading(_extract(pyramid, cand.pose, stage), size) * cand.sign


def _grouped_fit(x: np.ndarray, y: np.ndarray, parts: Parts) -> tuple[np.ndarray, np.ndarray]:
    """Correlation and slope of y on x within each labelled cell (vectorised with bincount;
    the template's side taken from ``parts`` when ``x`` is the frame it splits)."""
    if x is parts.values:
        index, lab, n, xv, sx, vx = parts.regression
    else:
        index = np.flatnonzero(parts.labels >= 0)
        lab, xv = parts.labels.ravel()[index], x.ravel()[index].astype(np.float64)
        n = np.bincount(lab, minlength=parts.count).astype(np.float64)
        sx = np.bincount(lab, xv, parts.count)
        vx = np.bincount(lab, xv * xv, parts.count) - sx * sx / n
    yv = y.ravel()[index].astype(np.float64)

    def total(v: np.ndarray) -> np.ndarray:
        return np.bincount(lab, v, parts.count)

    sy = total(yv)
    cov = total(xv * yv) - sx * sy / n
    vy = total(yv * yv) - sy * sy / n
    den = np.sqrt(np.maximum(vx * vy, 0.0))
    corr = np.where(den > 1e-9, cov / np.maximum(den, 1e-12), 0.0)
    slope = np.where(vx > 1e-9, cov / np.maximum(vx, 1e-12), 0.0)
    return corr, slope


def plausible(cand: Candidate, min_width_px: int, max_angle_deg: float) -> bool:
    pose = Pose.of(cand.pose)
    width = pose.sx * cand.shape.size[0]
    return (
        width >= 0.8 * min_width_px
        and pose.sy > 0
        and 0.6 <= pose.sx / pose.sy <= 1.7
        and abs(pose.shear) <= 0.15
        and abs(pose.angle) <= max_angle_deg + 5.0
    )
