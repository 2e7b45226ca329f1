"""Coarse logo candidates: pyramid NCC peaks of the small template, ranked by logo_rank."""

from __future__ import annotations

import math
from collections.abc import Callable

import cv2
import numpy as np

from brandcheck.imaging import logo_rank
from brandcheck.imaging.fast_ncc import NccTemplate, ncc_maps, ncc_template
from brandcheck.imaging.logo_channels import INK_KEEP, LARGE, STRONG
from brandcheck.imaging.logo_pyramid import (
    MAX_ELONGATION,
    Pyramid,
    affine,
    best_distinct,
    elongation,
    geo_scale,
    iou,
    smallest_width,
)
from brandcheck.imaging.logo_shapes import (
    HIGHPASS_PAD,
    Candidate,
    Shape,
    bbox,
    box_size,
    highpass,
)

_LEVELS_PER_OCTAVE = 3
_COARSE_MIN_NCC = 0.35  # coarse peaks below this are not considered
# coarse peaks ranked per channel and search (and kept per pyramid level): also the most logos
# of one artwork one search finds on luminance
_MAX_CANDIDATES = 40
# ranked places kept per search on luminance (and beyond them, promising ones; the tone image
# keeps fewer, see logo_detect)
_MAX_RANKED = 10
_MIN_WINDOW_STD = 4.0  # grey levels; flatter windows cannot contain a logo


def _coarse_levels(
    pyramid: Pyramid, shape: Shape, template: np.ndarray, min_width_px: int, per_octave: int
) -> list[float]:
    """Downsampling factors at which ``template`` (a coarse template of ``shape``) covers the
    smallest logo searched (see :func:`logo_pyramid.smallest_width`) .. full page."""
    h, w = pyramid.shape
    ct_h, ct_w = template.shape
    ref_w, ref_h = shape.size
    min_d = max(1.0, smallest_width(ref_w, ref_h, min_width_px) / ct_w * 0.9)
    max_d = min(w / ct_w, h * ref_w / ref_h / ct_w) * 1.05
    if max_d < min_d:
        return [min_d] if w / min_d >= ct_w and h / min_d >= ct_h else []
    n = math.floor(math.log2(max_d / min_d) * per_octave) + 1
    return [min_d * 2 ** (i / per_octave) for i in range(n)]


def coarse_candidates(
    pyramid: Pyramid, shape: Shape, min_width_px: int, rotated: bool = True
) -> list[Candidate]:
    """The strongest distinct coarse NCC peaks of ``shape`` over the pyramid, best first.

    With ``rotated`` (the luminance search), elongated artwork is also searched with its taller
    upright template (``Shape.coarse_long``), on levels spaced more finely in proportion to its
    length (a scale step shifts its ends as far as a 3:1 logo's), and those peaks follow.
    """
    upright = _upright(shape.coarse, shape)
    templates = ((shape.coarse, upright), *(shape.coarse_rotated if rotated else ()))
    levels = _coarse_levels(pyramid, shape, shape.coarse, min_width_px, _LEVELS_PER_OCTAVE)
    cands = _search(pyramid, shape, templates, levels)
    long = shape.coarse_long
    if rotated and long is not None:
        per_octave = math.ceil(_LEVELS_PER_OCTAVE * elongation(*shape.size) / MAX_ELONGATION)
        levels = _coarse_levels(pyramid, shape, long, min_width_px, per_octave)
        cands += _search(pyramid, shape, ((long, _upright(long, shape)),), levels)
    return cands


def _upright(template: np.ndarray, shape: Shape) -> np.ndarray:
    """The reference -> template px affine of an upright coarse template of ``shape``."""
    k = template.shape[1] / shape.size[0]
    return affine(k, 0, 0, k, 0.5 * k - 0.5, 0.5 * k - 0.5)


def _search(
    pyramid: Pyramid,
    shape: Shape,
    templates: tuple[tuple[np.ndarray, np.ndarray], ...],
    factors: list[float],
) -> list[Candidate]:
    """The strongest distinct NCC peaks of ``templates`` (the first upright) over the levels
    downsampled by ``factors``, best first."""
    levels: list[tuple[np.ndarray, np.ndarray]] = []
    found: list[tuple[np.ndarray, ...]] = []  # per level: |v|, x, y, v, level, template
    ready = [ncc_template(tpl) for tpl, _ in templates]  # centred once for all levels
    # a level is searched where it is not flat (see _content): as far as the high-pass kernel
    # and the largest template reach beyond its other pixels
    grow = (
        HIGHPASS_PAD + max(tpl.shape[0] for tpl, _ in templates) - 1,
        HIGHPASS_PAD + max(tpl.shape[1] for tpl, _ in templates) - 1,
    )
    for d in factors:
        img, page_from_level = pyramid.level(d)
        ys, xs, vs, ts = _level_peaks(img, ready, templates[0][0].shape, grow)
        found.append((np.abs(vs), xs, ys, vs, np.full(vs.size, len(levels)), ts))
        levels.append((img, page_from_level))
    if not found:
        return []
    mag, xs, ys, vs, lv, ts = (np.concatenate(col) for col in zip(*found, strict=True))
    order = np.argsort(-mag, kind="stable")
    mag, xs, ys, vs, lv, ts = (a[order] for a in (mag, xs, ys, vs, lv, ts))
    sizes = np.array([tpl.shape for tpl, _ in templates], np.float64)  # (h, w) per template
    scale = np.array([page_from_level[0, 0] for _, page_from_level in levels])[lv]
    boxes = np.stack(
        [xs * scale, ys * scale, (xs + sizes[ts, 1]) * scale, (ys + sizes[ts, 0]) * scale]
    )
    cands: list[Candidate] = []
    for i in _distinct(
        boxes, lambda i: _textured(levels[lv[i]][0], xs[i], ys[i], templates[ts[i]][0])
    ):
        page_from_level = levels[lv[i]][1]
        pose = page_from_level @ (affine(1, 0, 0, 1, int(xs[i]), int(ys[i])) @ templates[ts[i]][1])
        cands.append(
            Candidate(shape=shape, pose=pose, sign=math.copysign(1.0, vs[i]), prior=mag[i])
        )
    return cands


def _level_peaks(
    img: np.ndarray, ready: list[NccTemplate], upright_shape: tuple[int, int], grow: tuple[int, int]
) -> tuple[np.ndarray, ...]:
    """The coarse peaks of one level (see :func:`_peaks`), positions in the level's px.

    Only the part of the level that is not its flat border is high-passed and correlated: there
    the high-passed level is constant, its windows are flat and correlate with nothing (their
    NCC is 0, see fast_ncc), so no peak is lost; ``grow`` (rows, cols) keeps every window that
    reaches the high-pass kernel's spread of the other pixels, high-passed as on the whole level.
    A page's margin in one colour costs the search nothing.
    """
    part = _content(img, grow)
    if part is None:
        empty = np.zeros(0, np.int64)
        return empty, empty, np.zeros(0), empty
    y0, y1, x0, x1 = part
    maps = ncc_maps(highpass(img[y0:y1, x0:x1]), ready)
    ys, xs, vs, ts = _peaks(maps, upright_shape)
    return ys + y0, xs + x0, vs, ts


def _content(img: np.ndarray, grow: tuple[int, int]) -> tuple[int, int, int, int] | None:
    """The box (y0, y1, x0, x1) of the pixels of ``img`` that differ from its corner pixel (the
    colour of a flat border), grown by ``grow`` (rows, cols) px within the image; None when the
    whole image is that colour."""
    differs = cv2.compare(img, float(img[0, 0]), cv2.CMP_NE)
    rows = np.flatnonzero(differs.any(axis=1))  # cv2.reduce is ~20x slower across rows
    if rows.size == 0:
        return None
    cols = np.flatnonzero(differs[rows[0] : rows[-1] + 1].any(axis=0))
    gy, gx = grow
    h, w = img.shape
    return (
        max(0, int(rows[0]) - gy),
        min(h, int(rows[-1]) + 1 + gy),
        max(0, int(cols[0]) - gx),
        min(w, int(cols[-1]) + 1 + gx),
    )


def _distinct(boxes: np.ndarray, usable: Callable[[int], bool]) -> list[int]:
    """Greedy non-maximum suppression over ``boxes`` (4 x N, best first): the indices of at most
    ``_MAX_CANDIDATES`` usable boxes, none overlapping an earlier kept one (IoU > 0.5). A box
    that is not usable is dropped without suppressing the boxes it overlaps."""
    x0, y0, x1, y1 = boxes
    area = (x1 - x0) * (y1 - y0)
    alive = np.ones(x0.size, bool)
    kept: list[int] = []
    i = 0
    while len(kept) < _MAX_CANDIDATES and i < x0.size:
        i += int(np.argmax(alive[i:]))
        if not alive[i]:
            break
        alive[i] = False
        if not usable(i):
            continue
        kept.append(i)
        iw = np.minimum(x1[i:], x1[i]) - np.maximum(x0[i:], x0[i])
        ih = np.minimum(y1[i:], y1[i]) - np.maximum(y0[i:], y0[i])
        inter = np.maximum(iw, 0.0) * np.maximum(ih, 0.0)
        alive[i:] &= inter <= 0.5 * (area[i:] + area[i] - inter)
    return kept


def _textured(img: np.ndarray, x: int, y: int, tpl: np.ndarray) -> bool:
    """Whether the level's window under the template has the texture a logo needs."""
    return _window_std(img, int(x), int(y), tpl.shape[1], tpl.shape[0]) >= _MIN_WINDOW_STD


def ranked(
    pyramid: Pyramid,
    cands: list[Candidate],
    limit: int = _MAX_RANKED,
    beyond: Callable[[Candidate], bool] | None = None,
) -> list[Candidate]:
    """Score every coarse candidate with :func:`logo_rank.score`; keep the best ``limit``, one
    per place, and beyond them those for which ``beyond`` holds.

    Each kept candidate carries the scale, angle and position its ranking score was found at
    (a better start for the alignment) and the polarity of that score. A large candidate
    (``LARGE``) that the coarse search found strongly (``STRONG``) but that ranks below
    ``INK_KEEP`` at the same place and polarity is raised to ``INK_KEEP``: large and that high,
    it is promising (kept beyond ``limit``) and goes to the fine alignment even when the
    mid-size one fails; its place in the list stays that of its ranking score. Over a photo, a
    large logo's background has structure at the ranking size, and small texture outranked
    logos 400 px wide that the coarse search had found at 0.65-0.77 and that the alignment then
    verified. (Raising it to its coarse score instead, which makes it strong and retried on
    more channels, found no more logos and cost half again as many alignments.)

    Only on luminance: a derived ``pyramid`` (the tone image) shows a photo's mid tones as one
    flat grey, so a white or black logo's background there has no such structure, while a
    page of text in it makes large strong coarse peaks (its blocks of words) that would each
    pay a mid-size alignment, an ink image and a fine alignment: 3.4 a page of the throughput
    archive's scans and photo pages, none of 527 on the logo benchmark's six seeds a logo.
    """
    scored: list[tuple[float, np.ndarray, Candidate]] = []
    for cand in cands:
        rank = cand.shape.rank
        scale = geo_scale(cand.pose @ rank.frame_to_ref)
        img, page_from_level = pyramid.best_level(scale)
        value, pose = logo_rank.score(img, page_from_level, cand.pose, rank)
        moved = Candidate(cand.shape, pose, math.copysign(1.0, value), abs(value))
        box = bbox(moved)
        if not pyramid.derived and _large_coarse_find(cand, moved, box):
            moved.prior = INK_KEEP
        scored.append((abs(value), box, moved))
    keep = None if beyond is None else (lambda _score, cand: beyond(cand))
    return best_distinct(scored, limit, keep)


def _large_coarse_find(coarse: Candidate, ranked: Candidate, ranked_box: np.ndarray) -> bool:
    """Whether ``ranked`` is a large, strong coarse find that ranked low (see :func:`ranked`)."""
    return (
        ranked.prior < INK_KEEP
        and coarse.prior >= STRONG
        and box_size(ranked_box) >= LARGE  # as logo_verify measures it: then it is large
        and coarse.sign == ranked.sign
        and iou(bbox(coarse), ranked_box) > 0.5
    )


def _window_std(img: np.ndarray, x: int, y: int, w: int, h: int) -> float:
    win = img[y : y + h, x : x + w]
    return float(cv2.meanStdDev(win)[1][0, 0]) if win.size else 0.0


def _peaks(maps: list[np.ndarray], upright_shape: tuple[int, int]) -> tuple[np.ndarray, ...]:
    """Local maxima of the best |NCC| over the templates at each place, above the coarse floor.

    The maps of the rotated templates (larger, so their maps are smaller) are laid over the
    upright template's map centre on centre, and peaks are found once in the maximum. Returns
    arrays y, x (in the winning template's map), the signed value and the template index.
    """
    upright = maps[0]
    if upright.size == 0:
        empty = np.zeros(0, np.int64)
        return empty, empty, np.zeros(0), empty
    best = np.abs(upright)
    offsets = [(0, 0)]
    for ncc in maps[1:]:
        oy, ox = (upright.shape[0] - ncc.shape[0]) // 2, (upright.shape[1] - ncc.shape[1]) // 2
        offsets.append((oy, ox))
        if ncc.size:
            assert oy >= 0 and ox >= 0, "a rotated template is never smaller than the upright one"
            view = best[oy : oy + ncc.shape[0], ox : ox + ncc.shape[1]]
            np.maximum(view, np.abs(ncc), out=view)
    kh, kw = max(3, upright_shape[0] // 2 | 1), max(3, upright_shape[1] // 2 | 1)
    local_max = cv2.dilate(best, np.ones((kh, kw), np.uint8))
    # np.nonzero of the 2-D mask, the same indices in the same order, ~20x faster
    ys, xs = np.divmod(
        np.flatnonzero((best >= local_max) & (best >= _COARSE_MIN_NCC)), best.shape[1]
    )
    if ys.size > _MAX_CANDIDATES:
        top = np.argpartition(-best[ys, xs], _MAX_CANDIDATES)[:_MAX_CANDIDATES]
        ys, xs = ys[top], xs[top]
    # the template that won at each peak, and its own map position and signed value
    ts = np.zeros(ys.size, np.int64)
    vs = upright[ys, xs].astype(np.float64)
    tys, txs = ys.copy(), xs.copy()
    for t in range(1, len(maps)):
        ncc, (oy, ox) = maps[t], offsets[t]
        if ncc.size == 0:
            continue
        my, mx = ys - oy, xs - ox
        inside = (my >= 0) & (mx >= 0) & (my < ncc.shape[0]) & (mx < ncc.shape[1])
        v = np.zeros(ys.size)
        v[inside] = ncc[my[inside], mx[inside]]
        wins = inside & (np.abs(v) > np.abs(vs))
        ts[wins], vs[wins], tys[wins], txs[wins] = t, v[wins], my[wins], mx[wins]
    return tys, txs, vs, ts
