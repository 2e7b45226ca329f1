"""How many sharper crops of a vector page a check that can do without them gets drawn.

The renderer reads the whole page for every crop, however small: resvg lays out every element
of an SVG (10,000 small paths under a mask: 0.18 s a crop), MuPDF runs a PDF page's whole
content (10,000 small paths: 0.037 s a crop). A page of thousands of small off-palette fills
made the colour check's closer looks (``covered_fills``) cost minutes (an SVG, 1,874 crops) or
a minute (a PDF, 1,321 crops). A page gets crops for about ``CROP_SECONDS`` of its renderer's
time, by its number of elements, at least ``MIN_CROPS``; past them such a look is declined
and its fill counts as shown, with a note.
"""

from __future__ import annotations

from brandcheck.report import Finding

#: the renderer's time a page's optional crops may take in all, in seconds (on this machine)
CROP_SECONDS = 2.0
#: what reading one element costs a crop, in seconds: an SVG element to resvg (10,000 paths,
#: 0.18 s a crop), a PDF drawing or text span to MuPDF (10,000 paths, 0.037 s a crop)
SVG_ELEMENT_SECONDS = 18e-6
PDF_ELEMENT_SECONDS = 4e-6
#: optional crops a page always gets, however many elements it has (one colour's fills)
MIN_CROPS = 20


def allowed_crops(elements: int, element_seconds: float) -> int:
    """How many optional sharper crops of a page of ``elements`` elements, each costing the
    renderer ``element_seconds`` a crop, are drawn."""
    return max(MIN_CROPS, int(CROP_SECONDS / max(elements * element_seconds, 1e-9)))


def crops_declined(allowed: int) -> Finding:
    """check.skipped (BC910): past ``allowed`` sharper looks, the small fills the page raster
    does not show in their colour were counted as shown, not looked at closer."""
    return Finding.of(
        "check.skipped",
        f"This page draws so many elements that only {allowed} of its small fills were "
        "looked at closer; colours of the others that the page raster does not show were "
        "reported as if they showed (they may be covered: check such findings by eye).",
        merge_key="crops declined",
        details={"rules": ["BC201"]},
    )
