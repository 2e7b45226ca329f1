"""How many sharper crops of an SVG page a check that can do without them gets drawn.

resvg reads and lays out the whole drawing for every crop, however small (10,000 small paths
under a mask: 0.18 s a crop), so a page of thousands of small off-palette fills made the
colour check's closer looks (``covered_fills``) cost minutes. A page gets crops for about
``MAX_CROP_WORK`` elements read in all (about 2 s of resvg), at least ``MIN_CROPS``; past them
such a look is declined and its fill counts as shown, with a note.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET

from brandcheck.report import Finding

#: the elements resvg may read for one page's optional crops, summed over the crops
MAX_CROP_WORK = 100_000
#: optional crops a page always gets, however many elements it has (one colour's fills)
MIN_CROPS = 20


def allowed_crops(root: ET.Element) -> int:
    """How many optional sharper crops of the SVG page ``root`` are drawn."""
    elements = sum(1 for _ in root.iter())
    return max(MIN_CROPS, MAX_CROP_WORK // max(elements, 1))


def crops_declined(allowed: int) -> Finding:
    """check.skipped (BC910): past ``allowed`` sharper looks, the small fills the page raster
    does not show in their colour were counted as shown, not looked at closer."""
    return Finding.of(
        "check.skipped",
        f"This SVG page draws so many elements that only {allowed} of its small fills were "
        "looked at closer; colours of the others that the page raster does not show were "
        "reported as if they showed (they may be covered: check such findings by eye).",
        merge_key="svg crops declined",
        details={"rules": ["BC201"]},
    )
