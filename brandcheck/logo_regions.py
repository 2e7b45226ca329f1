"""Where a logo can be on a PDF page: crops around its painted non-text content.

A logo is artwork: vector paths, an image, an image mask or a shading. On a PDF page everything
that paints, annotations and form fields included, is known with its bounding box (MuPDF's bbox
log for images and shadings, the drawings list for paths), so the logo search can skip the areas
that hold only text, which on letters and reports is most of the page.

A path that is one straight line, rectangle or quad is a rule, a box or a background, not
artwork, when it stands alone; thin ones (rules, table lines) and ones covering a quarter of the
page (backgrounds) never count, while several simple paths together (a mark built from bars or
squares) do. Each group of artwork is grown by its own size and, along its short side, to the
proportions of the widest and tallest logo template, so a symbol whose wordmark is set as live
text is still searched with room for the whole logo.

Searched whole instead: pages whose text uses Type 3 fonts (glyphs that may be artwork), pages
with more than ``_MAX_PATHS`` paths or ``_MAX_CONTENT_BYTES`` of content (maps, charts: reading
their shapes costs more than the search saves, and a million paths take 0.4 GB to log), rotated
pages (the bbox log would un-rotate the page in memory), images, pages whose vector facts cannot
be read, and pages whose crops would cost more to search than the page (many small marks: each
search has a fixed cost).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, TypeVar

import cv2
import numpy as np

from brandcheck.document.pdf import IMAGE_PAINTS, PdfPage
from brandcheck.fonts import has_type3
from brandcheck.geometry import contains, intersects
from brandcheck.imaging.logo_detect import (
    LogoDetection,
    TemplateBank,
    detect_logos,
    same_place,
)

if TYPE_CHECKING:
    from brandcheck.document import Page
    from brandcheck.pdf_colours import PageColours

RasterBox = tuple[int, int, int, int]
T = TypeVar("T")
Box = tuple[float, float, float, float]

_PATH_OPS = frozenset({"fill-path", "stroke-path"})
_MAX_PATHS = 3000
#: pages whose content streams and forms take more bytes in the file than this draw far more
#: than _MAX_PATHS paths: the paint log is not read for them (a bound on time and memory)
_MAX_CONTENT_BYTES = 1_000_000
#: a simple path thinner than this (pt) is a rule or a table line
_THIN_PT = 3.0
#: a simple path covering this share of the page is a background or a panel
_BACKGROUND_SHARE = 0.25
#: raster px: the size of the grid cells that boxes are snapped out to
_CELL = 4
#: painted boxes closer than twice this (raster px) are searched together
_PAD_MIN_PX = 12
#: crops are grown by this share of their geometric size, sqrt(w x h): the logo's surroundings
#: (its clear space, the detector's frame) without turning a long thin rule into a page band
_PAD_SHARE = 0.6
#: when the crops cover more than this share of the page, one search of the page is cheaper
_WHOLE_PAGE_SHARE = 0.6
#: a search of any crop costs at least about what searching this share of a page does (a crop
#: 60 px square takes 4 ms, a whole A4 page at 100 dpi 60 ms), so ten small crops or more
#: are searched as one page
_MIN_CROP_SHARE = 0.06
#: up to this many boxes, whether any touch is tested pairwise instead of drawing a mask
_MAX_APART = 64
#: art inside a logo already found, grown by this share of its size, is that logo
_FOUND_SLACK = 0.1
#: pages placing more pictures than this (map tiles) are not searched for images over pictures
_MAX_LAYERED = 64


def search_regions(
    page: Page, min_width_px: int, aspects: tuple[float, float] = (1.0, 1.0)
) -> list[RasterBox] | None:
    """Raster boxes that can hold a logo at least ``min_width_px`` wide; None = the whole page.

    ``aspects`` is the (smallest, largest) width / height of the logo templates. An empty list
    means the page paints nothing but text (and lone rules or boxes): nothing to search.
    """
    groups = artwork_groups(page)
    if groups is None:
        return None
    h, w = page.raster().shape[:2]
    return crops_around(groups, aspects, min_width_px, w, h)


def artwork_groups(page: Page, logos: Sequence[RasterBox] = ()) -> list[RasterBox] | None:
    """Raster boxes of the page's groups of artwork: paths, images and shadings close together
    (a logo's symbol and letters), and at least two simple paths (a lone box is not a logo);
    art inside one of ``logos`` (grown by ``_FOUND_SLACK``) left out. None when the page's
    layout is not worked out (images, rotated, Type 3 or path-heavy pages, damaged content)."""
    if not isinstance(page, PdfPage) or page.handle is None:
        return None
    try:
        if has_type3(page.fonts()):
            return None
        log = _layout_log(page)  # images, image masks and shadings; paths come from drawings
        if log is None:
            return None
        artwork = [r for kind, r in log if kind in IMAGE_PAINTS]
        simple = [d.bbox for d in page.drawings() if d.simple and _plain_shape(d.bbox, page)]
        artwork += [d.bbox for d in page.drawings() if not d.simple]
    except Exception:  # a damaged content stream: search the raster whole, as for an image
        return None
    h, w = page.raster().shape[:2]
    scale = page.raster_scale
    marked = [(b, True) for b in _scaled(artwork, scale, w, h)]
    marked += [(b, False) for b in _scaled(simple, scale, w, h)]
    marked = _outside(marked, logos, w, h)
    # paths close together (a logo's symbol and letters) first become one group
    groups = _merge([_grown(b, _PAD_MIN_PX, w, h) for b, _ in marked], w, h)
    return [g for g in groups if _is_artwork(g, marked)]


def crops_around(
    groups: list[RasterBox], aspects: tuple[float, float], min_width_px: int, w: int, h: int
) -> list[RasterBox] | None:
    """The crops searched around groups of artwork, big enough for a logo ``min_width_px``
    wide; None when one search of the whole page is cheaper: when they cover much of it, or
    are so many that each search's fixed cost adds up (every crop counts as at least
    ``_MIN_CROP_SHARE`` of the page)."""
    crops = _merge([_crop_around(g, aspects, w, h) for g in groups], w, h)
    crops = [c for c in crops if max(c[2] - c[0], c[3] - c[1]) >= min_width_px]
    if search_share(crops, w, h) > _WHOLE_PAGE_SHARE:
        return None
    return crops


def search_share(crops: list[RasterBox], w: int, h: int) -> float:
    """What searching ``crops`` costs, as a share of one search of the ``w`` x ``h`` page
    (every crop counts as at least ``_MIN_CROP_SHARE`` of it)."""
    least = _MIN_CROP_SHARE * w * h
    return sum(max((c[2] - c[0]) * (c[3] - c[1]), least) for c in crops) / (w * h)


def _layout_log(page: PdfPage) -> list[tuple[str, Box]] | None:
    """The page's paint log, when its layout is worked out at all: None for rotated pages
    (logging one un-rotates it in memory), for pages whose content takes more than
    ``_MAX_CONTENT_BYTES`` in the file (the log of a million paths takes 0.4 GB) and for
    pages with more than ``_MAX_PATHS`` paths. Raises when the page cannot be read."""
    assert page.handle is not None
    if page.handle.rotation % 360 or page.content_bytes() > _MAX_CONTENT_BYTES:
        return None
    log = page.paint_log()
    return None if sum(kind in _PATH_OPS for kind, _ in log) > _MAX_PATHS else log


def _plain_shape(bbox: Box, page: Page) -> bool:
    """A simple path that may still be part of a mark: neither a thin rule nor a background."""
    bw, bh = bbox[2] - bbox[0], bbox[3] - bbox[1]
    return min(bw, bh) >= _THIN_PT and bw * bh < _BACKGROUND_SHARE * page.width * page.height


def _scaled(boxes: list, scale: float, w: int, h: int) -> list[Box]:
    """Page-unit boxes as raster boxes, keeping those that touch the raster."""
    out = []
    for rect in boxes:
        box = (rect[0] * scale, rect[1] * scale, rect[2] * scale, rect[3] * scale)
        if box[2] > 0 and box[3] > 0 and box[0] < w and box[1] < h:
            out.append(box)
    return out


def _is_artwork(group: RasterBox, marked: list[tuple[Box, bool]]) -> bool:
    """A group holds artwork, or at least two simple paths (a lone box is not a logo)."""
    members = 0
    for (x0, y0, x1, y1), is_artwork in marked:
        cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
        if group[0] <= cx <= group[2] and group[1] <= cy <= group[3]:
            if is_artwork:
                return True
            members += 1
    return members >= 2


def _crop_around(group: RasterBox, aspects: tuple[float, float], w: int, h: int) -> RasterBox:
    """The group grown by its own size, and along its short side to the templates' shape."""
    gw, gh = group[2] - group[0], group[3] - group[1]
    pad = _PAD_SHARE * (gw * gh) ** 0.5
    pad_x = max(pad, aspects[1] * gh - gw)  # a symbol whose wordmark is live text beside it
    pad_y = max(pad, gw / max(aspects[0], 1e-6) - gh)  # ... or below it
    return _grown_xy(group, pad_x, pad_y, w, h)


def _grown(box: Box | RasterBox, pad: float, w: int, h: int) -> RasterBox:
    """The box grown by ``pad`` px on every side, in whole pixels, clipped to the raster."""
    return _grown_xy(box, pad, pad, w, h)


def _grown_xy(box: Box | RasterBox, pad_x: float, pad_y: float, w: int, h: int) -> RasterBox:
    """The box grown by ``pad_x`` / ``pad_y`` px, in whole pixels, clipped to the raster."""
    return (
        max(0, int(box[0] - pad_x)),
        max(0, int(box[1] - pad_y)),
        min(w, int(np.ceil(box[2] + pad_x))),
        min(h, int(np.ceil(box[3] + pad_y))),
    )


def _merge(boxes: list[RasterBox], w: int, h: int) -> list[RasterBox]:
    """Union overlapping boxes until none overlap (a logo's many paths become one crop).

    Boxes are snapped out to 4-px cells and joined when their cells touch (8-connected): by
    connected components of a mask of cells, so pages with thousands of paths (maps, charts)
    cost milliseconds; when a few boxes touch nowhere (a text page's lone box), the snapped
    boxes themselves are the result and no mask is drawn. Sorted top to bottom, then left to
    right, whichever way they were found.
    """
    cell = _CELL
    while True:
        cells = [_cells(box, cell) for box in boxes]
        cells = [c for c in cells if c[2] > c[0] and c[3] > c[1]]  # empty boxes paint no cell
        if len(cells) <= _MAX_APART and not _touching(cells):
            merged = [
                (x * cell, y * cell, min(w, x1 * cell), min(h, y1 * cell)) for x, y, x1, y1 in cells
            ]
        else:
            merged = _components(cells, cell, w, h)
        merged.sort(key=lambda box: (box[1], box[0]))
        if len(merged) == len(boxes) or len(merged) <= 1:
            return merged
        boxes = merged  # components whose boxes overlap are joined on the next pass


def _cells(box: RasterBox, cell: int) -> RasterBox:
    """The range of ``cell``-px cells (ends exclusive) that a raster box touches."""
    x0, y0, x1, y1 = box
    return x0 // cell, y0 // cell, -(-x1 // cell), -(-y1 // cell)


def _touching(cells: list[tuple[int, int, int, int]]) -> bool:
    """Whether any two cell ranges (x0, y0, x1, y1; ends exclusive) overlap or are neighbours."""
    if len(cells) < 2:
        return False
    x0, y0, x1, y1 = np.array(cells).T
    near = (x0[:, None] <= x1[None, :]) & (x0[None, :] <= x1[:, None])
    near &= (y0[:, None] <= y1[None, :]) & (y0[None, :] <= y1[:, None])
    np.fill_diagonal(near, False)
    return bool(near.any())


def _components(
    cells: list[tuple[int, int, int, int]], cell: int, w: int, h: int
) -> list[RasterBox]:
    """The boxes of the 8-connected components of the painted cells."""
    mask = np.zeros((-(-h // cell), -(-w // cell)), np.uint8)
    for x0, y0, x1, y1 in cells:
        mask[y0:y1, x0:x1] = 1
    _n, _labels, stats, _ = cv2.connectedComponentsWithStats(mask, connectivity=8)
    return [
        (int(x) * cell, int(y) * cell, min(w, int(x + bw) * cell), min(h, int(y + bh) * cell))
        for x, y, bw, bh, _area in stats[1:]
    ]


def template_aspects(bank: TemplateBank) -> tuple[float, float]:
    """The smallest and largest width / height among the bank's logo shapes."""
    ratios = [shape.size[0] / shape.size[1] for shape in bank.shapes]
    return min(ratios), max(ratios)


def find_logos(
    page: Page,
    bank: TemplateBank,
    min_width_px: int,
    paints: Callable[[], PageColours | None] | None = None,
) -> list[LogoDetection]:
    """The logos on the page's raster, searched only where the page can hold one; best first.

    On a PDF page where art lies over a picture, that art is searched again on the page
    rendered without its pictures (but for the see-through images kept as art): a logo across
    a photo's edge is a clean shape there, while on the page the step edge behind it can hide
    it from the coarse search. The art is vector paths over a picture, and see-through images
    placed over an earlier picture (found in ``paints``, the page's content-stream walk, read
    only when the paint log shows pictures over pictures). Such a find counts only if it also
    verifies on the real raster at the pose found (art covered by a picture or in a hidden
    layer does not), and is scored and measured there.
    """
    raster = page.raster()
    whole = [(0, 0, raster.shape[1], raster.shape[0])]
    aspects = template_aspects(bank)
    regions = search_regions(page, min_width_px, aspects)
    found = _found_in(raster, None, whole if regions is None else regions, bank, min_width_px)
    logos = [d.bbox for d in found]
    over, keep = _art_over_pictures(page, min_width_px, aspects, logos, paints)
    if not over or not isinstance(page, PdfPage):  # crops come only from PDF pages
        return sorted(found, key=lambda d: -d.score)
    try:
        bare = page.raster_without_pictures(keep)
    except Exception:  # a page MuPDF cannot copy: the first search stands
        bare = None
    if bare is not None and bare.shape == raster.shape:
        # where nothing was left out, the first search has seen the same pixels
        changed = [c for c in over if not np.array_equal(cut(bare, c), cut(raster, c))]
        for det in _found_in(bare, raster, changed, bank, min_width_px):
            if not any(same_place(det.bbox, other.bbox) for other in found):
                found.append(det)
    return sorted(found, key=lambda d: -d.score)


def _found_in(
    searched: np.ndarray,
    measured: np.ndarray | None,
    regions: list[RasterBox],
    bank: TemplateBank,
    min_width_px: int,
) -> list[LogoDetection]:
    """Detections in ``regions`` of ``searched``, in raster px (see ``detect_logos`` for
    ``measured``, the page as it is seen when ``searched`` is not)."""
    found: list[LogoDetection] = []
    for region in regions:
        seen = None if measured is None else cut(measured, region)
        dets = detect_logos(
            cut(searched, region), bank, min_width_px=min_width_px, measured_on=seen
        )
        found += [in_page(det, region) for det in dets]
    return found


def in_page(det: LogoDetection, region: RasterBox) -> LogoDetection:
    """``det``, found in the crop ``region``, in px of the page raster."""
    x0, y0 = region[0], region[1]
    bx0, by0, bx1, by1 = det.bbox
    cx, cy = det.center
    return dataclasses.replace(
        det, bbox=(bx0 + x0, by0 + y0, bx1 + x0, by1 + y0), center=(cx + x0, cy + y0)
    )


def cut(raster: np.ndarray, box: RasterBox) -> np.ndarray:
    """The part ``box`` of ``raster`` (a view)."""
    return raster[box[1] : box[3], box[0] : box[2]]


def _art_over_pictures(
    page: Page,
    min_width_px: int,
    aspects: tuple[float, float],
    logos: list[RasterBox],
    paints: Callable[[], PageColours | None] | None,
) -> tuple[list[RasterBox], list[tuple[str, ...]]]:
    """Crops, as ``search_regions`` makes them, around the art of a PDF page that lies over one
    of its pictures, and the resource-name paths of the placed images among that art (they
    stay in the copy the crops are searched on). The art is vector paths (other than lines and
    boxes) that overlap a picture, and the images that ``_placed_over_pictures`` finds. Art
    inside one of the ``logos`` already found (grown by ``_FOUND_SLACK``) is that logo and is
    not searched again.

    No crops on other documents (images, SVG drawings), on pages whose layout is not worked
    out (``_layout_log``: rotated, path-heavy), where the vector facts cannot be read, and
    where the images the page's resources list take more than ``Limits.max_page_copy_bytes``.
    """
    if not isinstance(page, PdfPage) or page.handle is None or not page.handle.parent.is_pdf:
        return [], []  # an image or an SVG drawing: no picture to leave out
    try:
        log = _layout_log(page)
        pictures = [] if log is None else [r for kind, r in log if kind == "fill-image"]
        if not pictures:
            return [], []
        paths = [d.bbox for d in page.drawings() if not d.simple]
    except Exception:  # unreadable vector facts: the first search stands
        return [], []
    try:
        placed = _placed_over_pictures(page, pictures, paints)
    except Exception:  # unreadable images or content stream: vector art is still searched
        placed = []
    h, w = page.raster().shape[:2]
    scale = page.raster_scale
    art = [
        (b, ())
        for b in _overlapping(_scaled(paths, scale, w, h), _scaled(pictures, scale, w, h), w, h)
    ]
    art += [(b, path) for box, path in placed for b in _scaled([box], scale, w, h)]
    art = _outside(art, logos, w, h)
    if not art or _too_costly_to_copy(page):
        return [], []
    groups = _merge([_grown(b, _PAD_MIN_PX, w, h) for b, _ in art], w, h)
    crops = crops_around(groups, aspects, min_width_px, w, h)
    return [(0, 0, w, h)] if crops is None else crops, [path for _, path in art if path]


def _outside(
    boxes: list[tuple[RasterBox, T]], logos: Sequence[RasterBox], w: int, h: int
) -> list[tuple[RasterBox, T]]:
    """The ``boxes`` (each with what it carries) not inside one of the ``logos`` found, grown
    by ``_FOUND_SLACK``: art there is that logo."""
    k = _FOUND_SLACK
    around = [_grown_xy(b, k * (b[2] - b[0]), k * (b[3] - b[1]), w, h) for b in logos]
    return [(b, x) for b, x in boxes if not any(contains(logo, b) for logo in around)]


def _placed_over_pictures(
    page: PdfPage, pictures: list[Box], paints: Callable[[], PageColours | None] | None
) -> list[tuple[Box, tuple[str, ...]]]:
    """The see-through images (``PdfPage.is_see_through``: a logo with transparency, not a
    photo with rounded corners) that the page places over an earlier picture, with their boxes
    (page units) and resource-name paths.

    Read from the content-stream walk, which knows each image's name and paint order, and
    only when the paint log's ``pictures`` (in paint order) show one over another and the
    page lists an image with a mask. Images covering half the page or more are backgrounds,
    not logos; pages placing more than ``_MAX_LAYERED`` images (map tiles) are left as they
    are.
    """
    if paints is None or len(pictures) > _MAX_LAYERED or not _layered(pictures):
        return []
    if not page.has_masked_images():
        return []
    walk = paints()
    if walk is None:
        return []
    images = [p for p in walk.paints if p.kind == "image" and p.bbox is not None]
    if len(images) > _MAX_LAYERED:
        return []
    half = 0.5 * page.width * page.height
    placed = []
    for j, image in enumerate(images):
        box = image.bbox
        assert box is not None
        if not image.source or (box[2] - box[0]) * (box[3] - box[1]) >= half:
            continue
        if any(intersects(box, earlier.bbox) for earlier in images[:j] if earlier.bbox):
            xref = page.image_xref(image.source)
            if xref is not None and page.is_see_through(xref):
                placed.append((box, image.source))
    return placed


def _layered(boxes: list[Box]) -> bool:
    """Whether any of the boxes (in paint order) overlaps an earlier one."""
    return any(intersects(b, a) for j, b in enumerate(boxes) for a in boxes[:j])


def _too_costly_to_copy(page: PdfPage) -> bool:
    """Whether a copy of the page would carry more image bytes than its limits allow (or the
    page's images cannot be listed)."""
    try:
        return page.listed_picture_bytes() > page.limits.max_page_copy_bytes
    except Exception:
        return True


def _overlapping(boxes: list[Box], areas: list[Box], w: int, h: int) -> list[Box]:
    """The ``boxes`` that overlap any of ``areas`` (raster px), to the nearest 4-px cell.

    The areas are painted into a mask of cells once and each box is looked up in its integral
    image, so thousands of paths over thousands of picture tiles cost milliseconds.
    """
    if not boxes or not areas:
        return []
    mask = np.zeros((-(-h // _CELL), -(-w // _CELL)), np.uint8)
    for x0, y0, x1, y1 in (_cells(_grown(a, 0, w, h), _CELL) for a in areas):
        mask[y0:y1, x0:x1] = 1
    summed = cv2.integral(mask)
    x0, y0, x1, y1 = np.array([_cells(_grown(b, 0, w, h), _CELL) for b in boxes]).T
    inside = summed[y1, x1] - summed[y0, x1] - summed[y1, x0] + summed[y0, x0]
    return [box for box, n in zip(boxes, inside, strict=True) if n > 0]
