"""Logos on pages scanned sideways or upside down: the scan searched at quarter and half turns."""

from __future__ import annotations

from typing import TYPE_CHECKING

from brandcheck.geometry import area, overlap
from brandcheck.imaging.quarter_turns import TURNS
from brandcheck.turned_logos import best_apart, found_turned

if TYPE_CHECKING:
    from brandcheck.document import Page
    from brandcheck.imaging.logo_detect import LogoDetection, TemplateBank

#: a PDF page whose pictures cover at least this share of it (and that has no visible text nor
#: vector artwork) is a scan
SCAN_SHARE = 0.8


def is_scan(page: Page) -> bool:
    """The page is a scan: a picture file's page, or a PDF page that is one placed picture (no
    visible text, no vector artwork, pictures over ``SCAN_SHARE`` of it)."""
    if getattr(page, "handle", None) is None:
        return True  # a picture file's page (an SVG's has a handle)
    if any(span.visible and span.text.strip() for span in page.spans()):
        return False
    if any(not drawing.simple for drawing in page.drawings()):
        return False
    whole = (0.0, 0.0, float(page.width), float(page.height))
    covered = sum(overlap(i.bbox, whole) for i in page.images() if not i.shading)
    return covered >= SCAN_SHARE * area(whole)


def turned_on_scan(page: Page, bank: TemplateBank, min_width_px: int) -> list[LogoDetection]:
    """Logos on the scan turned a quarter or half turn (a page scanned sideways or upside
    down), one a place, the best verified, in raster px: the scan searched whole turned by 90°,
    180° and 270° (`imaging/quarter_turns.py`), where such a logo stands upright (the search is
    tolerant of about ±10°). Three searches of the page: ``checks/logo.py`` asks only when no
    page of the document has a logo upright."""
    raster = page.raster()
    h, w = raster.shape[:2]
    found: list[LogoDetection] = []
    for turns in TURNS:
        found += found_turned(raster, [(0, 0, w, h)], turns, bank, min_width_px)
    return best_apart(found, [])
