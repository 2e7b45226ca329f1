"""Logos set sideways or upside down in a PDF page's artwork: the art that could be one, turned.

The logo search is tolerant of about ±10°. Where a PDF page paints artwork that no upright logo
accounts for, and that has a logo's proportions at a quarter or half turn (a logo along a spine
is tall, an upside-down one as wide as an upright one), the crops around it are searched again
turned by 90°, 180° or 270° (`imaging/quarter_turns.py`), where such a logo stands upright.
Pages whose layout is not worked out are not searched turned here: three more searches of every
page would cost too much. A scan is searched turned whole when no own logo is found on it upright,
at the turns its lines of text show (`turned_scans.py`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from brandcheck.imaging.logo_detect import LogoDetection, TemplateBank, detect_logos, same_place
from brandcheck.imaging.quarter_turns import TURNS, turned, turned_back
from brandcheck.logo_regions import (
    RasterBox,
    artwork_groups,
    crops_around,
    cut,
    in_page,
    search_share,
    template_aspects,
)

if TYPE_CHECKING:
    from brandcheck.document import Page

#: a group of art whose width / height is within this factor of a template's (turned) is
#: searched for a logo at that turn; a symbol whose wordmark is live text is not
_SHAPE_SLACK = 1.6
#: a turn's crops that cost more than this share of a page search together (each crop at least
#: ``logo_regions._MIN_CROP_SHARE``) are not searched: the turns add at most about one search
_TURNED_SHARE = 0.35


def turned_logos(
    page: Page, bank: TemplateBank, min_width_px: int, upright: list[LogoDetection]
) -> list[LogoDetection]:
    """Logos on the page turned a quarter or half turn, none where one of ``upright`` (the
    page's logos found upright) is; one a place, the best verified, in raster px."""
    groups = artwork_groups(page, [d.bbox for d in upright])
    if not groups:
        return []
    raster = page.raster()
    h, w = raster.shape[:2]
    low, high = template_aspects(bank)
    found: list[LogoDetection] = []
    for turns in TURNS:
        fit = (low, high) if turns == 2 else (1 / high, 1 / low)
        shaped = [g for g in groups if _shaped_like(g, fit)]
        crops = crops_around(shaped, fit, min_width_px, w, h) if shaped else []
        if not crops or search_share(crops, w, h) > _TURNED_SHARE:
            continue
        found += found_turned(raster, crops, turns, bank, min_width_px)
    return best_apart(found, upright)


def best_apart(found: list[LogoDetection], others: list[LogoDetection]) -> list[LogoDetection]:
    """``found``, best first, without those at the place of one of ``others`` or of a better
    one found."""
    kept: list[LogoDetection] = []
    for det in sorted(found, key=lambda d: -d.score):
        if not any(same_place(det.bbox, other.bbox) for other in others + kept):
            kept.append(det)
    return kept


def _shaped_like(group: RasterBox, aspects: tuple[float, float]) -> bool:
    """The group's width / height is within ``_SHAPE_SLACK`` of the templates' range."""
    ratio = (group[2] - group[0]) / max(group[3] - group[1], 1)
    return aspects[0] / _SHAPE_SLACK <= ratio <= aspects[1] * _SHAPE_SLACK


def found_turned(
    raster: np.ndarray, crops: list[RasterBox], turns: int, bank: TemplateBank, min_width_px: int
) -> list[LogoDetection]:
    """Logos in ``crops`` of ``raster`` turned ``turns`` quarter turns clockwise (found upright
    on the crop turned that much counter-clockwise), in raster px."""
    found: list[LogoDetection] = []
    for region in crops:
        crop = cut(raster, region)
        dets = detect_logos(turned(crop, turns), bank, min_width_px=min_width_px)
        found += [in_page(turned_back(d, turns, crop.shape[:2]), region) for d in dets]
    return found
