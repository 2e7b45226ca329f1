"""Small page previews with the findings drawn on them, rendered again from the original file.

A preview is a downscaled page (longest side capped) with, on top of it:

- every finding box, outlined in its severity colour around it (not over it, so 5 pt text
  stays readable), with a light band on each side of the outline so it shows on artwork of
  its own colour, and tagged with the finding's number (1-based, in the order of
  ``FileReport.findings``, the same numbers the HTML report lists), placed off the logos, the
  other numbers and the smaller boxes where there is room; a finding's first box always
  gets its number, its other boxes where a free place beside them is left; a finding's boxes
  that would touch on the preview are drawn as the one box around them; a clear space that
  runs past the page's or the trim's edge has that stretch of the edge drawn heavy;
- every detected logo box (``PageReport.logos``) and, around the profile's own logo (a
  forbidden one has none), its clear-space zone, dashed: the zone is taken from a finding's
  ``details["clear_space"]`` (or ``details["zone"]``) bbox when a check supplies one, else
  computed from the profile's ``logo.clear_space`` (a share of the logo's
  height on every side) when the report's profile can be loaded.

Only pages with findings or logos are previewed first, then the first pages, up to a cap. A file
that cannot be reopened or rendered gets no preview: this module never raises for bad input.
"""

from __future__ import annotations

import base64
import io
import math
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import cv2
import numpy as np
from PIL import Image, ImageDraw, ImageFont

from brandcheck.document import Limits, open_document
from brandcheck.geometry import height_across, intersects
from brandcheck.report import BBox, FileReport, Finding, PageReport

SEVERITY_RGB: dict[str, tuple[int, int, int]] = {
    "error": (198, 40, 40),
    "warning": (163, 82, 0),
    "info": (21, 101, 192),
}
"""Outline colours per severity (each has at least 4.5:1 contrast on white)."""
LOGO_RGB = (0, 121, 107)
_HALO = (255, 255, 255)  # the light bands on each side of an outline

Box = tuple[float, float, float, float]
"""A box in preview pixels."""

_MAX_EXTRA_TAGS = 80  # numbers on a picture beside boxes other than a finding's first
_PNG_BUDGET = 160_000  # bytes; a flat page whose PNG is larger is sent as JPEG
_FLAT_COLOURS = 4096  # distinct colours in a 1/16 sample up to which a page counts as flat


@dataclass(frozen=True)
class PreviewLimits:
    """How much preview a report may carry."""

    max_side: int = 720
    min_side: int = 320
    """A page whose picture is shorter (a 32 px icon) is enlarged by whole pixels to about
    this long side (at most ``max_side``), so its marks and numbers do not hide it."""
    min_short: int = 96
    """A picture whose short side is shorter (a 300 x 7 px strip) is enlarged by whole pixels
    towards it as far as ``max_side`` allows, then set on a grey margin that makes it this
    long (at most ``max_side``), so the marks around it and their numbers have room."""
    max_pages: int = 4
    max_files: int = 100


@dataclass(frozen=True)
class Preview:
    """One rendered page with its marks, ready to inline as a data URI."""

    page: int
    width: int
    height: int
    mime: str
    data: bytes
    findings: tuple[int, ...]
    logos: int

    @property
    def data_uri(self) -> str:
        return f"data:{self.mime};base64,{base64.b64encode(self.data).decode('ascii')}"


def _valid_bbox(value: object) -> BBox | None:
    if not isinstance(value, list | tuple) or len(value) != 4:
        return None
    try:
        x0, y0, x1, y1 = (float(v) for v in value)
    except (TypeError, ValueError):
        return None
    if not all(np.isfinite((x0, y0, x1, y1))):
        return None
    return (min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1))


def located_boxes(finding: Finding) -> list[tuple[int, BBox]]:
    """The (page, bbox) pairs of a finding that can be placed on a page.

    ``box_pages`` gives the page of each box of a merged finding; without it (older reports) its
    boxes are used only when the finding is on a single page, otherwise only ``bbox`` on ``page``.
    """
    if finding.boxes and len(finding.box_pages) == len(finding.boxes):
        return list(zip(finding.box_pages, finding.boxes, strict=True))
    if finding.page is None:
        return []
    pages = set(finding.pages) | {finding.page}
    if len(pages) == 1 and finding.boxes:
        return [(finding.page, b) for b in finding.boxes]
    return [(finding.page, finding.bbox)] if finding.bbox is not None else []


def _zone_of(finding: Finding) -> BBox | None:
    for key in ("clear_space", "zone"):
        box = _valid_bbox(finding.details.get(key))
        if box is not None:
            return box
    return None


def _profile_clear_space(profile: str | None) -> float | None:
    if not profile:
        return None
    try:
        from brandcheck.profile import load_profile

        return float(load_profile(profile).logo.clear_space.value)
    except Exception:
        return None


def _pages_to_preview(report: FileReport, cap: int) -> list[int]:
    marked = {p for f in report.findings for p, _ in located_boxes(f)}
    marked |= {p.index for p in report.pages if p.logos}
    marked |= {f.page for f in report.findings if f.page is not None}
    chosen = sorted(i for i in marked if 0 <= i < report.page_count)[:cap]
    for i in range(report.page_count):
        if len(chosen) >= cap:
            break
        if i not in chosen:
            chosen.append(i)
    return sorted(chosen)


def _font(size: int) -> ImageFont.ImageFont | ImageFont.FreeTypeFont:
    try:
        return ImageFont.load_default(size=size)
    except Exception:
        return ImageFont.load_default()


@dataclass(frozen=True)
class _Frame:
    """Where the page lies on the preview: page units times ``scale``, moved ``left`` and
    ``top`` px by the margin of a thin picture, ``width`` x ``height`` px."""

    scale: float
    left: int
    top: int
    width: int
    height: int

    def px(self, box: BBox) -> Box:
        s = self.scale
        return (box[0] * s + self.left, box[1] * s + self.top, box[2] * s + self.left,
                box[3] * s + self.top)  # fmt: skip

    def meets(self, box: Box) -> bool:
        """Whether a box (preview px) covers some of the page's picture: one wholly off it
        (an image placed beside the page) has nothing on the preview to mark."""
        return intersects(
            box, (self.left, self.top, self.left + self.width, self.top + self.height)
        )


def _dashed_rect(draw: ImageDraw.ImageDraw, box, colour, width: int = 2, dash: int = 6) -> None:
    """A dashed outline on the box's edges, each dash lined light on both sides as outlines
    are (a teal zone on the city's dark green)."""
    x0, y0, x1, y1 = box
    dashes = []
    for a, b, fixed, horizontal in (
        (x0, x1, y0, True),
        (x0, x1, y1, True),
        (y0, y1, x0, False),
        (y0, y1, x1, False),
    ):
        pos = a
        while pos < b:
            end = min(pos + dash, b)
            dashes.append(
                [(pos, fixed), (end, fixed)] if horizontal else [(fixed, pos), (fixed, end)]
            )
            pos += dash * 2
    for fill, grow in ((_HALO, 2), (colour, 0)):
        for line in dashes:
            draw.line(line, fill=fill, width=width + grow)


def _outline(
    draw: ImageDraw.ImageDraw, box, colour, line: int, size: tuple[int, int]
) -> Box | None:
    """Outline a box (preview px) around it, not over it: ``line`` px of ``colour`` with a
    light band of 1 px on each side, the inner one between the box and the outline, so what
    it marks (5 pt text, a small logo) stays readable and the outline shows even on artwork
    of its own colour. Where the box meets the picture's edge the outline runs inside it.
    Returns the box the outline and its bands take, or None (and draws nothing) for a box
    that does not meet the picture."""
    x0, y0 = (math.floor(v) for v in box[:2])
    x1, y1 = (max(math.ceil(v), low + 1) for v, low in zip(box[2:], (x0, y0), strict=True))
    w, h = size
    if x0 >= w or y0 >= h or x1 <= 0 or y1 <= 0:
        return None

    def grown(by: int) -> Box:
        left, top = min(max(0, x0 - by), w - 1), min(max(0, y0 - by), h - 1)
        return (left, top, min(max(left, x1 - 1 + by), w - 1), min(max(top, y1 - 1 + by), h - 1))

    outer = grown(line + 2)
    draw.rectangle(outer, outline=_HALO, width=line + 2)
    draw.rectangle(grown(line + 1), outline=colour, width=line)
    return outer


def _area(box: Box) -> float:
    return (box[2] - box[0]) * (box[3] - box[1])


def _covers(x: float, y: float, w: float, h: float, boxes: Iterable[Box]) -> bool:
    return any(x < b[2] and b[0] < x + w and y < b[3] and b[1] < y + h for b in boxes)


def _clear(bitmap: np.ndarray, x: float, y: float, w: float, h: float) -> bool:
    """Whether a tag at (x, y) covers nothing set in ``bitmap``: one look at its area."""
    return not bitmap[math.floor(y) : math.ceil(y + h), math.floor(x) : math.ceil(x + w)].any()


def _free_in_row(bitmap: np.ndarray, x: float, y: float, w: float, h: float) -> float | None:
    """The first of x, x + w + 2, ... (each tag within the picture, the first one always
    tried) where a tag in row ``y`` covers nothing set in ``bitmap``: one look at the row."""
    width = bitmap.shape[1]
    used = np.concatenate(([0], np.cumsum(bitmap[math.floor(y) : math.ceil(y + h)].any(axis=0))))
    xs = x + (w + 2) * np.arange(max(1, math.floor((width - w - x) / (w + 2)) + 1))
    lo = np.minimum(np.floor(xs).astype(int), width)
    hi = np.minimum(np.ceil(xs + w).astype(int), width)
    free = np.flatnonzero(used[hi] == used[lo])
    return float(xs[free[0]]) if len(free) else None


@dataclass(frozen=True)
class _Tag:
    number: int
    box: Box
    """The outlined box (preview px) the number goes beside."""
    colour: tuple[int, int, int]
    first: bool
    """The finding's first box on this picture: its number is always drawn."""


def _place_tags(
    draw: ImageDraw.ImageDraw,
    tags: list[_Tag],
    font,
    size: tuple[int, int],
    keep_clear: list[Box],
    marked: list[Box],
) -> None:
    """Draw each finding's number beside its boxes, in the order given (the first boxes of the
    worst findings first): above a box's top left, or where that would cover a logo
    (``keep_clear``: a box running off the page put its number on the logo's crown), another
    number or a smaller marked box (``marked``: what it marks would be hidden), below its
    bottom left, left or right of it. A finding's first number that finds no free place
    moves right, then a row down, so every finding's number stays readable; the numbers of
    its other boxes are drawn only where they have a free place beside them, up to
    ``_MAX_EXTRA_TAGS`` (a page of small print has hundreds of boxes). A number that moved
    to the picture's end without a free place is drawn where it started. (What is taken is
    kept as pictures, so moving along costs one look per row, not a test of every place
    against every number placed: 3000 findings on one page took 25 s, now 3 s.)"""
    width, height = size
    extra = 0
    # what a number should not cover, as pictures: a test is one look at the tag's area;
    # ``taken`` (logos, numbers, smaller boxes) beside a box, ``tagged`` (logos, numbers)
    # for a first number moving along
    taken = np.zeros((height, width), bool)
    tagged = np.zeros((height, width), bool)

    def take(box: Box, *bitmaps: np.ndarray) -> None:
        x0, y0 = (max(0, math.floor(v)) for v in box[:2])
        for bitmap in bitmaps:
            bitmap[y0 : max(y0, math.ceil(box[3])), x0 : max(x0, math.ceil(box[2]))] = True

    for box in keep_clear:
        take(box, taken, tagged)
    for box in marked:
        if _area(box) < 0.25 * width * height:
            take(box, taken)

    def inside(x: float, y: float, w: float, h: float) -> tuple[float, float]:
        return min(max(0.0, x), max(0.0, width - w)), min(max(0.0, y), max(0.0, height - h))

    for tag in tags:
        if not tag.first and extra >= _MAX_EXTRA_TAGS:
            break  # the first boxes come first: only other boxes' numbers are left
        text = str(tag.number)
        left, top, right, bottom = draw.textbbox((0, 0), text, font=font)
        w, h = right - left + 6, bottom - top + 4
        bx0, by0, bx1, by1 = tag.box
        places = [inside(x, y, w, h) for x, y in ((bx0, by0 - h), (bx0, by1), (bx0 - w, by0))]
        places.append(inside(bx1, by0, w, h))
        spot = next((p for p in places if _clear(taken, *p, w, h)), None)
        if spot is None and not tag.first:
            continue
        extra += not tag.first
        x, y = start = spot or next(
            (p for p in places if not _covers(*p, w, h, keep_clear)), places[0]
        )
        while (free_x := _free_in_row(tagged, x, y, w, h)) is None:
            x, y = 0.0, y + h + 2
            if y + h > height:  # the picture is full of tags: this one covers another
                x, y = start
                break
        else:
            x = free_x
        take((x, y, x + w, y + h), taken, tagged)
        draw.rectangle([x, y, x + w, y + h], fill=tag.colour)
        draw.text((x + 3 - left, y + 2 - top), text, fill=(255, 255, 255), font=font)


def _colour(finding: Finding) -> tuple[int, int, int]:
    return SEVERITY_RGB.get(finding.severity.value, SEVERITY_RGB["info"])


def _joined_marks(
    marks: list[tuple[int, Finding, BBox]], frame: _Frame, gap: int, size: tuple[int, int]
) -> list[tuple[int, Finding, list[Box]]]:
    """Each finding's boxes on a preview (px) that meet the page's picture (a finding with
    none is left out), in the order of ``marks``, with the boxes that
    lie within ``gap`` px of each other, directly or through others, joined into the box
    around them: their outlines would run over each other and over what they mark. (Found as
    connected areas of the boxes grown by half the gap, so a page of small print costs one
    pass over the picture, not a comparison of every two boxes.)"""
    grouped: dict[int, tuple[Finding, list[Box]]] = {}
    for number, finding, page_box in marks:
        box = frame.px(page_box)
        if frame.meets(box):
            grouped.setdefault(number, (finding, []))[1].append(box)
    width, height = size
    half = gap / 2
    out: list[tuple[int, Finding, list[Box]]] = []
    for number, (finding, boxes) in grouped.items():
        if len(boxes) == 1:
            out.append((number, finding, boxes))
            continue
        area = np.zeros((height, width), np.uint8)
        corners = []
        for x0, y0, x1, y1 in boxes:
            left, top = (min(max(int(v - half), 0), n - 1) for v, n in ((x0, width), (y0, height)))
            right, bottom = (
                min(max(int(v + half), 0), n - 1) for v, n in ((x1, width), (y1, height))
            )
            area[top : bottom + 1, left : right + 1] = 1
            corners.append((top, left))
        _count, labels = cv2.connectedComponents(area, connectivity=4)
        joined: dict[int, Box] = {}
        for box, corner in zip(boxes, corners, strict=True):
            key = int(labels[corner])
            seen = joined.get(key, box)
            joined[key] = (
                min(seen[0], box[0]),
                min(seen[1], box[1]),
                max(seen[2], box[2]),
                max(seen[3], box[3]),
            )
        out.append((number, finding, list(joined.values())))
    return out


def _edges_too_close(finding: Finding) -> list[tuple[str, tuple[float, float, float, float]]]:
    """The stretches of the page's (or the trim's) edge that run through a logo's clear space
    (``details["edges"]`` and ``details["trim"]`` of BC103, with its zone as the finding's
    box): each side with a zero-width box along the edge, in page units."""
    trim, zone = _valid_bbox(finding.details.get("trim")), _valid_bbox(finding.bbox)
    sides = finding.details.get("edges")
    if trim is None or zone is None or not isinstance(sides, list):
        return []
    x0, x1 = max(zone[0], trim[0]), min(zone[2], trim[2])
    y0, y1 = max(zone[1], trim[1]), min(zone[3], trim[3])
    along = {
        "top": (x0, trim[1], x1, trim[1]),
        "bottom": (x0, trim[3], x1, trim[3]),
        "left": (trim[0], y0, trim[0], y1),
        "right": (trim[2], y0, trim[2], y1),
    }
    return [
        (side, along[side])
        for side in sides
        if side in along and along[side][0] <= along[side][2] and along[side][1] <= along[side][3]
    ]


def _draw_marks(
    image: Image.Image,
    frame: _Frame,
    page: PageReport | None,
    marks: list[tuple[int, Finding, BBox]],
    zones: list[BBox],
    clear_space: float | None,
) -> tuple[tuple[int, ...], int]:
    """Draw logos, zones and finding boxes on `image`; return the numbers of the findings
    marked and the number of logos outlined (those on the page's picture)."""
    draw = ImageDraw.Draw(image)
    font = _font(max(12, image.width // 50))
    line = max(2, image.width // 360)
    logos = page.logos if page is not None else []
    logo_boxes: list[Box] = []
    for logo in logos:
        box = _valid_bbox(logo.bbox)
        if box is None or not frame.meets(frame.px(box)):
            continue
        if clear_space and not zones and logo.role == "own":  # a forbidden logo has none
            margin = height_across(box, logo.angle) * clear_space  # sideways: the box's width
            zone = (box[0] - margin, box[1] - margin, box[2] + margin, box[3] + margin)
            _dashed_rect(draw, frame.px(zone), LOGO_RGB, width=line)
        outlined = _outline(draw, frame.px(box), LOGO_RGB, line, image.size)
        if outlined is not None:
            logo_boxes.append(outlined)
    for zone in zones:
        _dashed_rect(draw, frame.px(zone), LOGO_RGB, width=line)
    # boxes of one finding whose outlines would touch are one box: a logo's 50 parts in RGB
    joined = _joined_marks(marks, frame, 2 * line + 4, image.size)
    outer: dict[tuple[int, int], Box] = {}
    # the least severe first, so an error's outline is drawn over a warning's
    for number, finding, boxes in sorted(joined, key=lambda m: (m[1].severity.rank, -m[0])):
        drawn = (_outline(draw, box, _colour(finding), line, image.size) for box in boxes)
        for k, box in enumerate(b for b in drawn if b is not None):
            outer[number, k] = box
        logo = _valid_bbox(finding.details.get("logo_bbox"))
        for side, edge in _edges_too_close(finding):  # the edge too close, drawn heavy
            shown = frame.px(logo) if logo else None
            _edge_bar(draw, side, frame.px(edge), _colour(finding), 2 * line, image.size, shown)
    findings = {number: finding for number, finding, _boxes in joined}
    # every finding's first box before the others, each the worst finding first
    order = sorted(outer, key=lambda nk: (nk[1] > 0, -findings[nk[0]].severity.rank, nk[0]))
    tags = [_Tag(n, outer[n, k], _colour(findings[n]), k == 0) for n, k in order]
    _place_tags(draw, tags, font, image.size, logo_boxes, list(outer.values()))
    return tuple(sorted({n for n, _k in outer})), len(logo_boxes)


def _edge_bar(
    draw: ImageDraw.ImageDraw,
    side: str,
    edge,
    colour,
    width: float,
    size: tuple[int, int],
    logo: BBox | None,
) -> None:
    """A bar ``width`` px thick along a stretch of the page's or the trim's ``side`` edge (a
    zero-width box, preview px): outside it where the picture has room (a trim inside the
    page), else inside it, no thicker than the gap to the ``logo`` so it covers none of it."""
    x0, y0, x1, y1 = edge
    w, h = size
    at = y0 if side in ("top", "bottom") else x0
    out = -1 if side in ("top", "left") else 1  # the direction away from the page's middle
    if not 0 <= at + out * width <= (h if side in ("top", "bottom") else w):
        at = min(max(0.0, at), (h if side in ("top", "bottom") else w) - 1.0)
        if logo is not None:
            gap = {"top": logo[1] - at, "bottom": at - logo[3], "left": logo[0] - at}
            width = max(1.0, min(width, gap.get(side, at - logo[2]) - 1))
        out = -out
    if side in ("top", "bottom"):
        draw.rectangle([x0, min(at, at + out * width), x1, max(at, at + out * width)], fill=colour)
    else:
        draw.rectangle([min(at, at + out * width), y0, max(at, at + out * width), y1], fill=colour)


def _is_flat(image: Image.Image) -> bool:
    """True for pages of few colours (vector art, text), which PNG keeps crisp and small."""
    sample = np.asarray(image)[::4, ::4].reshape(-1, 3).astype(np.uint32)
    packed = (sample[:, 0] << 16) | (sample[:, 1] << 8) | sample[:, 2]
    return len(np.unique(packed)) <= _FLAT_COLOURS


def _encode(image: Image.Image) -> tuple[str, bytes]:
    """PNG for flat pages (unless it gets large), JPEG for photographic ones; fast settings."""
    if _is_flat(image):
        png = io.BytesIO()
        image.save(png, "PNG", compress_level=6)
        if png.tell() <= _PNG_BUDGET:
            return "image/png", png.getvalue()
    jpeg = io.BytesIO()
    image.save(jpeg, "JPEG", quality=85)
    return "image/jpeg", jpeg.getvalue()


def render_previews(
    report: FileReport,
    path: Path | str | None = None,
    *,
    limits: PreviewLimits | None = None,
    profile: str | None = None,
    password: str | None = None,
) -> list[Preview]:
    """Previews of the pages of `report`, reopened from `path` (default: the file on disk).

    Returns an empty list for error reports and for any file that cannot be rendered.
    """
    limits = limits or PreviewLimits()
    if report.status == "error" or report.page_count <= 0 or limits.max_pages <= 0:
        return []
    source = Path(path if path is not None else report.on_disk)
    side = max(64, int(limits.max_side))
    render_limits = Limits(analysis_dpi=96.0, max_raster_side=side, max_raster_pixels=side * side)
    try:
        doc = open_document(source, limits=render_limits, password=password)
    except Exception:
        return []
    numbered = list(enumerate(report.findings, start=1))
    by_index = {p.index: p for p in report.pages}
    clear_space = _profile_clear_space(profile)
    out: list[Preview] = []
    with doc:
        for index in _pages_to_preview(report, limits.max_pages):
            if index >= doc.page_count:
                continue
            try:
                out.append(
                    _render_page(doc, index, numbered, by_index.get(index), clear_space, limits)
                )
            except Exception:
                continue
    return out


def _render_page(
    doc,
    index: int,
    numbered: Iterable[tuple[int, Finding]],
    page_report: PageReport | None,
    clear_space: float | None,
    limits: PreviewLimits,
) -> Preview:
    page = doc.page(index)
    try:
        raster = page.raster()
        scale = page.raster_scale
    finally:
        page.release()
    image = Image.fromarray(np.ascontiguousarray(raster), "RGB")
    longest, shortest = max(image.size), max(1, min(image.size))
    wanted = max(-(-limits.min_side // longest), -(-limits.min_short // shortest))
    times = max(1, min(wanted, limits.max_side // longest))
    if times > 1:  # whole pixels, so a small picture's pixels stay as they are
        image = image.resize((image.width * times, image.height * times), Image.Resampling.NEAREST)
        scale *= times
    image, frame = _framed(image, scale, min(limits.min_short, limits.max_side))
    marks: list[tuple[int, Finding, BBox]] = []
    zones: list[BBox] = []
    for number, finding in numbered:
        for page_index, box in located_boxes(finding):
            valid = _valid_bbox(box)
            if page_index == index and valid is not None:
                marks.append((number, finding, valid))
                zone = _zone_of(finding)
                if zone is not None:
                    zones.append(zone)
    marked = image.copy()
    try:
        findings, logos = _draw_marks(marked, frame, page_report, marks, zones, clear_space)
        image = marked
    except Exception:  # a mark that cannot be drawn does not cost the page: shown unmarked,
        findings, logos = (), 0  # its findings are listed as not marked on it
    mime, data = _encode(image)
    return Preview(
        page=index,
        width=image.width,
        height=image.height,
        mime=mime,
        data=data,
        findings=findings,
        logos=logos,
    )


_MARGIN_RGB = (224, 224, 224)  # around a thin picture, set apart from a white page


def _framed(image: Image.Image, scale: float, least: int) -> tuple[Image.Image, _Frame]:
    """The picture centred on a grey margin that makes each side at least ``least`` px (a
    strip's outline and number go there, not over the strip), and where it lies on it."""
    width, height = max(image.width, least), max(image.height, least)
    left, top = (width - image.width) // 2, (height - image.height) // 2
    frame = _Frame(scale, left, top, image.width, image.height)
    if (width, height) == image.size:
        return image, frame
    canvas = Image.new("RGB", (width, height), _MARGIN_RGB)
    canvas.paste(image, (left, top))
    return canvas, frame
