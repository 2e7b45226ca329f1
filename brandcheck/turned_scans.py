"""Logos on pages scanned sideways or upside down: the scan searched at the turns its text shows."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from brandcheck.geometry import area, overlap
from brandcheck.imaging.page_orientation import page_orientation
from brandcheck.imaging.quarter_turns import TURNS
from brandcheck.painted_over import under_pictures
from brandcheck.turned_logos import best_apart, found_turned

if TYPE_CHECKING:
    from brandcheck.document import Page
    from brandcheck.imaging.logo_detect import LogoDetection, TemplateBank
    from brandcheck.pdf_colours import PageColours

#: a PDF page whose pictures cover at least this share of it (and that shows no text of its
#: own nor vector artwork) is a scan
SCAN_SHARE = 0.8
#: a sheet's proportions, long side over short (A and B series, US Letter, US Legal), and how
#: far a picture's may be from one to be taken for a scanned sheet
SHEETS, SHEET_SLACK = (2**0.5, 11 / 8.5, 14 / 8.5), 0.02


def is_scan(page: Page, paints: Callable[[], PageColours | None]) -> bool:
    """The page is a scan: a picture file's page, or a PDF page that is one placed picture (no
    vector artwork, pictures over ``SCAN_SHARE`` of it, no text a reader sees but what they
    show). Text that is invisible (render mode 3) or that an opaque picture painted after it
    wholly covers (``painted_over.under_pictures``, by the page's ``paints``, asked for only
    then) is not seen: an OCR layer, over the scan or set under it, or a stamp under it."""
    if getattr(page, "handle", None) is None:
        return True  # a picture file's page (an SVG's has a handle)
    # the cheap tests first: a designed page is seldom 80 % pictures
    whole = (0.0, 0.0, float(page.width), float(page.height))
    covered = sum(overlap(i.bbox, whole) for i in page.images() if not i.shading)
    if covered < SCAN_SHARE * area(whole):
        return False
    if any(not drawing.simple for drawing in page.drawings()):
        return False
    shown = [span for span in page.spans() if span.visible and span.text.strip()]
    return not shown or bool(under_pictures(shown, paints()).all())


def turns_worth_searching(page: Page) -> tuple[int, ...]:
    """The quarter turns (counter-clockwise, as ``imaging/quarter_turns.TURNS``) that would
    stand a scan upright, as its lines of text show (``imaging/page_orientation.py``, a few ms):
    none for a page whose text stands upright, the one that turns it back for a page turned
    sideways or upside down, both sideways ones when its lines run down but which way up is
    not clear, the half turn when they run across. A page without clear lines of text (a photo,
    a blank sheet) may be turned any way: all three for a PDF page, and for a picture file only
    when it has a sheet's proportions (``SHEETS``), since a web export or a photo is no
    scanned sheet."""
    found = page_orientation(page.raster())
    if found.turn is not None:
        return ((-found.turn // 90) % 4,) if found.turn else ()
    if found.sideways is not None:
        return (1, 3) if found.sideways else (2,)
    if getattr(page, "handle", None) is None and not sheet_shaped(page.width, page.height):
        return ()
    return TURNS


def sheet_shaped(width: float, height: float) -> bool:
    """``width`` by ``height`` has a sheet's proportions (``SHEETS``) either way up."""
    ratio = max(width, height) / max(min(width, height), 1e-9)
    return any(abs(ratio / sheet - 1) <= SHEET_SLACK for sheet in SHEETS)


def turned_on_scan(
    page: Page, bank: TemplateBank, min_width_px: int, quarters: tuple[int, ...] = TURNS
) -> list[LogoDetection]:
    """Logos on the scan turned a quarter or half turn (a page scanned sideways or upside
    down), one a place, the best verified, in raster px: the scan searched whole turned by each
    of ``quarters`` quarter turns counter-clockwise (`imaging/quarter_turns.py`), where such a
    logo stands upright (the search is tolerant of about ±10°). A search of the page a turn:
    ``checks/logo.py`` asks for a scan on which no own logo was found upright, for the turns
    ``turns_worth_searching`` gives."""
    raster = page.raster()
    h, w = raster.shape[:2]
    found: list[LogoDetection] = []
    for turns in quarters:
        found += found_turned(raster, [(0, 0, w, h)], turns, bank, min_width_px)
    return best_apart(found, [])
