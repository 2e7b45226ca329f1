"""Logo rules (BC1xx): find the profile's logotypes on each page and judge how they are used.

One search a page looks for the profile's own logo files and the ones it forbids together; each
find knows its role by its file. Own logos are judged here (BC102–BC107, BC109); whether they
are there at all (BC101) and forbidden ones are not (BC108) is ``logo_presence``'s. A scan on
which none of the own logos is found upright is searched turned too (``turned_scans``).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING, TypeVar

import numpy as np

from brandcheck import ocr
from brandcheck.checks import logo_presence
from brandcheck.checks.logo_ground import MIN_CONTRAST, ground_advice
from brandcheck.checks.measured import as_text, shown_above, shown_below
from brandcheck.checks.palette import cmyk_refs, judge, palette_refs, reference
from brandcheck.checks.stated_contrast import stated_colours
from brandcheck.errors import LogoFileError
from brandcheck.geometry import area, contains, height_across, intersects, rounded, union
from brandcheck.imaging.colour import delta_e00, hex_to_lab, hex_to_rgb, rgb_to_hex, srgb_to_lab
from brandcheck.imaging.contrast import contrast_ratio
from brandcheck.imaging.logo_detect import (
    MIN_WIDTH_PX,
    LogoDetection,
    TemplateBank,
    prepare_templates,
)
from brandcheck.imaging.logo_measure import (
    InkCore,
    RingContent,
    ink_core,
    ring_busyness,
    ring_intrusions,
)
from brandcheck.imaging.logo_pose import (
    ink_pose,
    pose_of,
    region_from_raster,
    shape_of,
    sharper_pose,
    sign_of,
)
from brandcheck.imaging.logo_pyramid import affine
from brandcheck.logo_regions import find_logos
from brandcheck.logo_templates import load_logo_rgba
from brandcheck.page_paints import design_area, in_design, read_page_colours
from brandcheck.report import BBox, Finding, LogoHit, PageReport
from brandcheck.rules import RULES
from brandcheck.turned_logos import best_apart, turned_logos
from brandcheck.turned_scans import is_scan, turned_on_scan, turns_worth_searching

if TYPE_CHECKING:
    from brandcheck.checks import CheckContext
    from brandcheck.document import Page
    from brandcheck.profile import LogoRole

TEMPLATE_WIDTH_PX = 800
CORNER_SHARE = 0.33  # a corner area spans this share of the page width and height
STRIP = 3.0  # a page this many times as long as it is wide (or tall) is a strip
# a logo's widest stroke (px) below which its ink is read on a sharper render of a vector page
INK_STROKE_PX = 8.0
LOGO_BOX_SLACK = 0.03  # share of the logo's short side its found box may be off by
# the found box is whole raster pixels rounded outward from a pose fitted to antialiased edges:
# it stands up to 2 pixels out of a placed image that is the logo (1.44 pt at 100 dpi)
RASTER_BOX_SLACK_PX = 2.5
TEXT_BOX_SLACK = 0.3  # share of a line's height its box may stand out of the logo's ink box
IMAGE_EDGE = "an image edge"
EDGE_BAND_PX = 2.0  # raster px either side of an image's edge that its edge covers
DETAIL_SHARE = 0.5  # content in more of the clear-space ring than this is its background's detail
FLAT_BUSYNESS = 0.05  # a background this calm is flat (1.3 levels of fine texture, RMS)
LOGO_RULES = tuple(rule.code for rule in RULES if rule.family == "logo")  # BC1xx
ROLE_RULES = {  # the rules a find of each role is judged by
    "own": tuple(code for code in LOGO_RULES if code != "BC108"),
    "forbidden": ("BC108",),
}
Item = TypeVar("Item")


def template_bank(ctx: CheckContext) -> TemplateBank | None:
    """The profile's logo templates, own and forbidden, prepared once per run (None when the
    profile names none or no rule wants them): one bank, so each page is searched once for
    both. Every file is loaded, so a broken one is reported, but only the roles the run's
    rules judge are searched (no forbidden logos with BC108 ignored, no own ones when BC108
    is the only logo rule); the run's rules are fixed for a context, so is its cache."""
    if "logo_bank" not in ctx.cache:
        triples = []
        for role, spec in ctx.profile.logo.searched():
            try:
                rgba = load_logo_rgba(ctx.profile.logo_file(spec), width=TEMPLATE_WIDTH_PX)
            except ValueError as exc:
                raise LogoFileError(str(exc)) from exc
            if ctx.wants(*ROLE_RULES[role]):
                triples.append((spec.id, spec.variant, rgba))
        try:
            bank = prepare_templates(triples) if triples else None
        except ValueError as exc:
            raise LogoFileError(f"logo templates cannot be used: {exc}") from exc
        if bank is not None:
            _one_role_a_shape(bank, ctx)
        ctx.cache["logo_bank"] = bank
    return ctx.cache["logo_bank"]


def _one_role_a_shape(bank: TemplateBank, ctx: CheckContext) -> None:
    """Refuse one artwork that is both the profile's own logo and a forbidden one (a find of
    it could be either)."""
    roles = logo_presence.roles(ctx.profile)
    for shape in bank.shapes:
        ids = [variant.name for variant in shape.variants]
        if len({roles[i][0] for i in ids}) > 1:
            raise LogoFileError(
                f"logo files {', '.join(ids)} are the same artwork, but one is the profile's "
                "own logo and another a forbidden one ([[logo.forbidden_templates]]); a logo "
                "cannot be both"
            )


def _delta_e(rgb: tuple[int, int, int], hex_colour: str) -> float:
    """CIEDE2000 between a measured sRGB colour and a #RRGGBB colour."""
    return float(delta_e00(srgb_to_lab(np.array(rgb, dtype=np.uint8)), hex_to_lab(hex_colour)))


def _hit(page: Page, det: LogoDetection, role: LogoRole, name: str, ink: InkCore) -> LogoHit:
    scale = page.raster_scale
    width_units = det.width_px / scale
    return LogoHit(
        role=role,
        name=name,
        bbox=page.to_page_bbox(det.bbox),
        score=round(det.score, 3),
        scale=round(det.scale, 4),
        angle=round(det.angle, 2),
        aspect=round(det.aspect, 3),
        variant=det.variant,
        template=det.template,
        colour=rgb_to_hex(ink.colour) if ink.colour is not None else None,  # as BC106 judges it
        width_mm=round(mm, 1) if (mm := page.length_mm(width_units)) is not None else None,
        width_px=round(page.length_px(width_units), 1),
    )


def check_page(page: Page, ctx: CheckContext, out: PageReport) -> Iterator[Finding]:
    """Detect logos on the page, record them, and judge each one.

    The search is most of a page's check time on pictures and scans: when no logo rule will
    be reported (``--select``/``--ignore``, the profile's rule settings), it does not run and
    the page records no logos. The logo files are still loaded, so a broken one is reported.
    A scan (``turned_scans.is_scan``) with no own logo found upright is searched turned, at the
    turns its lines of text show (``turned_scans.turns_worth_searching``; none when its text
    stands upright): a page scanned sideways or upside down. This is the page's own decision,
    whatever other pages show, however the file is split into page ranges and whichever logo
    rules are reported; an upright forbidden logo does not stop it.
    """
    bank = template_bank(ctx)
    if bank is None or not ctx.wants(*LOGO_RULES):
        return
    paints = partial(read_page_colours, page, ctx)  # the page's walk, read once if asked for
    detections = find_logos(page, bank, MIN_WIDTH_PX, paints)
    detections += turned_logos(page, bank, MIN_WIDTH_PX, detections)
    yield from _judged(page, ctx, out, bank, detections)
    roles = logo_presence.roles(ctx.profile)
    if any(roles[d.template][0] == "own" for d in detections) or not is_scan(page, paints):
        return
    found = turned_on_scan(page, bank, MIN_WIDTH_PX, turns_worth_searching(page))
    for finding in _judged(page, ctx, out, bank, best_apart(found, detections)):
        yield _said_scanned(finding) if finding.rule == "BC105" else finding


def _said_scanned(finding: Finding) -> Finding:
    """BC105 for a logo turned on a scan: the page itself may be turned."""
    turn = "upside down" if abs(float(finding.measured)) > 135 else "sideways"  # its angle
    note = f" This page is a scan: if it was scanned {turn}, turn the scan upright and check it"
    return finding.model_copy(update={"message": f"{finding.message}{note} again."})


def _judged(
    page: Page,
    ctx: CheckContext,
    out: PageReport,
    bank: TemplateBank,
    detections: list[LogoDetection],
) -> Iterator[Finding]:
    """Each logo found on the page recorded in ``out`` and judged (a forbidden one by BC108)."""
    raster = page.raster()
    roles = logo_presence.roles(ctx.profile)
    trim = _trim(page, ctx)
    for found in in_design(page, ctx, detections, lambda d: page.to_page_bbox(d.bbox)):
        det = sharper_pose(bank, found, raster.shape[:2], lambda b, z: _render(page, b, z))
        role, spec = roles[det.template]
        ink = _ink(page, bank, det)
        hit = _hit(page, det, role, logo_presence.logo_name(ctx.profile, role, spec), ink)
        hit.bbox = rounded(hit.bbox)
        out.logos.append(hit)
        if role == "forbidden":
            yield logo_presence.not_allowed(page.index, ctx, hit)
            continue
        yield from _judge(page, ctx, out, det, hit, raster, ink, trim)


def _render(page: Page, box: tuple[int, int, int, int], zoom: int) -> np.ndarray | None:
    """A box of the page raster (px) rendered ``zoom`` times as sharp (None for images)."""
    scale = page.raster_scale
    x0, y0, x1, y1 = box
    return page.render_region((x0 / scale, y0 / scale, x1 / scale, y1 / scale), scale * zoom)


def _judge(
    page: Page,
    ctx: CheckContext,
    out: PageReport,
    det: LogoDetection,
    hit: LogoHit,
    raster: np.ndarray,
    ink: InkCore,
    trim: _Trim,
) -> Iterator[Finding]:
    yield from _size(page, ctx, out, hit)
    yield from _geometry(page, ctx, hit)
    yield from _colour(page, ctx, hit, ink)
    yield from _placement(page, ctx, hit, trim)
    share = float(ctx.profile.logo.clear_space.value)
    zone = _clear_zone(page, hit, share)
    inside = _clipped(zone, trim.box)
    intrusions = _vector_intrusions(page, hit.bbox, inside)
    content = RingContent() if intrusions else _content_in(page, det, raster, inside, share)
    limit = float(ctx.profile.logo.busy_background.value)
    beyond = _beyond(zone, trim, page)
    busyness = _busyness(page, det, raster, intrusions, content, beyond, limit)
    if busyness > limit and ctx.wants("BC109"):
        content = RingContent()  # the picture's detail all around the logo: BC109 reports it
    contrast, inks = _contrast(ctx, det, ink)
    around = _Surroundings(
        det, hit, raster, zone, trim, intrusions, content, busyness, contrast, inks
    )
    yield from _clear_space(page, ctx, around)
    yield from _background(page, ctx, around)


@dataclass(frozen=True)
class _Surroundings:
    """A logo found, its report entry, the page raster, its clear-space zone (page units),
    the page's design area (the trim), what the zone holds inside it (text, drawings and
    images of a PDF; else what its pixels show), how busy the logo's background is and how
    its ink contrasts with it."""

    det: LogoDetection
    hit: LogoHit
    raster: np.ndarray
    zone: BBox
    trim: _Trim
    intrusions: list[tuple[str, BBox]]
    content: RingContent  # what the page's pixels show in the zone (raster px)
    busyness: float  # of its background, as BC109 judges it (see _busyness)
    contrast: float  # of its ink against its background (see _contrast)
    inks: tuple[np.ndarray, np.ndarray]  # the logo's ink and its background, as contrasted


@dataclass(frozen=True)
class _Trim:
    """The part of the page that is the design: a PDF's TrimBox (``page_paints.design_area``),
    else the whole page; ``word`` is what a designer calls its edge."""

    box: BBox
    word: str  # "trim" or "page"


def _trim(page: Page, ctx: CheckContext) -> _Trim:
    whole = (0.0, 0.0, float(page.width), float(page.height))
    area_ = design_area(page, ctx)
    if area_ is None:
        return _Trim(whole, "page")
    box = _clipped(area_, whole)
    return _Trim(box, "page" if contains(box, whole) else "trim")


def _clipped(box: BBox, to: BBox) -> BBox:
    """The part of ``box`` inside ``to`` (a box of no area where they do not meet)."""
    x0, y0 = max(box[0], to[0]), max(box[1], to[1])
    return (x0, y0, max(x0, min(box[2], to[2])), max(y0, min(box[3], to[3])))


def _edges_in(zone: BBox, trim: BBox) -> list[str]:
    """The edges of the trim that run through the zone (it reaches past them)."""
    return [
        side
        for side, past in (
            ("top", zone[1] < trim[1]),
            ("bottom", zone[3] > trim[3]),
            ("left", zone[0] < trim[0]),
            ("right", zone[2] > trim[2]),
        )
        if past
    ]


def _edge_words(sides: list[str], word: str) -> str:
    """'the top edge of the page', 'the top and left edges of the trim'."""
    if len(sides) == 1:
        return f"the {sides[0]} edge of the {word}"
    return f"the {', '.join(sides[:-1])} and {sides[-1]} edges of the {word}"


def _size(page: Page, ctx: CheckContext, out: PageReport, hit: LogoHit) -> Iterator[Finding]:
    rules = ctx.profile.logo
    if ctx.is_print and hit.width_mm is None:  # a picture without a resolution (dpi)
        # its size in mm, which the print minimum is given in, is unknown (the screen minimum
        # in px is not the rule): said once with its text's sizes (BC303), for the same reason
        if ctx.wants("BC102"):
            ocr.note_skipped(out, ["BC102"], ocr.NO_PRINT_SIZE, ocr.NO_PRINT_SIZE_THEN, [hit.bbox])
        return
    if ctx.is_print:
        minimum, measured, unit = float(rules.min_width_mm.value), hit.width_mm, "mm"
    else:
        minimum, measured, unit = float(rules.min_width_px.value), hit.width_px or 0.0, "px"
    if measured < minimum:
        frame = _frame_mm(page, ctx, hit) if unit == "mm" else None
        if frame is not None and frame < minimum:
            frame = None  # a frame too small too: the artwork's width alone
        # never "25 mm wide; the minimum is 25"; nor "24 mm" beside a 25.0 mm frame
        shown = shown_below(measured, minimum, 0 if frame is None else 1, 1)
        width = f"{as_text(shown, 0 if frame is None else 1)} {unit} wide"
        if frame is not None:  # the designer set the frame; the rule is the artwork's
            width += f" (its artwork; the placed file is {frame:.1f} {unit} wide with its margin)"
        yield Finding.of(
            "logo.too_small",
            f"The logotype is {width}; the minimum is {minimum:g} {unit}. Place it larger.",
            page=page.index,
            bbox=hit.bbox,
            measured=shown,
            expected=minimum,
            details={"unit": unit} | ({} if frame is None else {"frame": frame}),
        )


def _frame_mm(page: Page, ctx: CheckContext, hit: LogoHit) -> float | None:
    """How wide (mm, along the logo, rounded to 0.1) the file the logo is placed as is: the
    least placed image or PDF/SVG form (``pdf_colours.PageColours.forms``) that holds its found
    box, as ``_least_holding`` finds the logo's own image; None when none holds it, or when
    the one that does reaches past the logo's clear space on a side: its margin holds other
    art (a lockup with a partner's logo) or it is a page or photo, not the logo's file."""
    paints = read_page_colours(page, ctx)
    frames = [i.bbox for i in page.images()] + (paints.forms if paints is not None else [])
    slack = _image_slack(page, hit.bbox)
    frame = _least_holding(frames, lambda box: box, hit.bbox, slack)
    share = float(ctx.profile.logo.clear_space.value)
    if frame is None or not contains(_clear_zone(page, hit, share), frame, slack):
        return None
    # the frame's side along the logo, from its box on the page: a frame turned t° with sides
    # w (along the logo) and h stands w|cos t| + h|sin t| wide and w|sin t| + h|cos t| high (a
    # sideways logo's width is its box's height); near 45° the two cannot be told apart
    cos, sin = abs(math.cos(math.radians(hit.angle))), abs(math.sin(math.radians(hit.angle)))
    if abs(cos * cos - sin * sin) < 0.5:
        return None
    wide, high = frame[2] - frame[0], frame[3] - frame[1]
    mm = page.length_mm((wide * cos - high * sin) / (cos * cos - sin * sin))
    return None if mm is None else round(mm, 1)


def _geometry(page: Page, ctx: CheckContext, hit: LogoHit) -> Iterator[Finding]:
    rules = ctx.profile.logo
    tolerance = float(rules.aspect_tolerance.value)
    if abs(hit.aspect - 1.0) > tolerance + 1e-9:  # 1.05 - 1 is 0.050000000000000044
        how = "stretched" if hit.aspect > 1 else "squashed"
        # never "by 5 %, more than the 5 % allowed" for 5.4 %
        shown = shown_above(abs(hit.aspect - 1) * 100, tolerance * 100, 0, 1)
        yield Finding.of(
            "logo.distorted",
            f"The logotype is {how} horizontally by {as_text(shown)} %, more than "
            f"the {tolerance * 100:g} % allowed; scale it proportionally (hold Shift) so it keeps "
            "its shape.",
            page=page.index,
            bbox=hit.bbox,
            measured=hit.aspect,
            expected=f"1.00 ± {tolerance:.2f}",
        )
    limit = float(rules.rotation_tolerance_deg.value)
    if abs(hit.angle) > limit:
        way = "counter-clockwise" if hit.angle > 0 else "clockwise"  # the angle is as seen
        shown = shown_above(abs(hit.angle), limit, 1, 2)  # 1.03° is never "1.0°, more than 1°"
        turn = f"turned {as_text(shown, 1)}° {way}"
        if abs(hit.angle) > 135:
            turn = f"upside down (turned {as_text(shown, 1)}°)"
        yield Finding.of(
            "logo.rotated",
            f"The logotype is {turn}, more than the {limit:g}° allowed; place it upright.",
            page=page.index,
            bbox=hit.bbox,
            measured=hit.angle,
            expected=f"0° ± {limit:g}°",
        )


def _colour(page: Page, ctx: CheckContext, hit: LogoHit, core: InkCore) -> Iterator[Finding]:
    rules = ctx.profile.logo
    allowed = [str(c) for c in rules.allowed_colours.value]
    if not allowed:
        return
    ink = core.colour
    if ink is None:
        if ctx.wants("BC106"):
            yield _colour_not_judged(page, hit, core)
        return
    distances = {c: _delta_e(ink, c) for c in allowed}
    nearest = min(distances, key=distances.__getitem__)
    if distances[nearest] > float(rules.colour_tolerance.value):
        refs = palette_refs(ctx)
        named = {h.upper(): n for n, h in zip(refs.names, refs.hexes, strict=True)}
        [verdict] = judge(srgb_to_lab(np.array(ink, dtype=np.uint8)), refs, [refs.lab])
        measured = rgb_to_hex(ink)
        # a palette colour is named as the designer chose it; a grey (a base colour whose
        # values the manual does not give) is not the black of the palette, nor is a colour
        # near none of them: the hex says it all
        in_palette = verdict.ok and verdict.delta_e <= refs.tolerance[verdict.nearest]
        what = f"{reference(refs, verdict)}, measured {measured}" if in_palette else measured
        if verdict.neutral and not in_palette:
            what = f"grey {measured}"
        limit = float(rules.colour_tolerance.value)
        words = [f"{named[c.upper()]} ({c})" if c.upper() in named else c for c in allowed]
        closest = named.get(nearest.upper(), nearest)
        yield Finding.of(
            "logo.colour",
            f"The logotype is in {what}; allowed logo colours are {', '.join(words)} "
            f"(nearest {closest}, ΔE00 {distances[nearest]:.1f}; the tolerance is {limit:g}). "
            + _colour_advice(allowed),
            page=page.index,
            bbox=hit.bbox,
            measured=hit.colour,
            expected=allowed,
            details={
                "delta_e": round(distances[nearest], 2),
                "nearest": nearest,
                "palette_colour": refs.names[verdict.nearest] if in_palette else None,
            },
        )


def _colour_not_judged(page: Page, hit: LogoHit, core: InkCore) -> Finding:
    """BC910 for a logo whose ink colour could not be measured: said, not passed."""
    colours = list(dict.fromkeys(rgb_to_hex(c) for c in core.halves))
    if core.why == "uneven" and len(colours) == 2:
        why = (
            f"its ink measures {colours[0]} in one half and {colours[1]} in the other (two "
            "inks, or the background showing through)"
        )
    elif core.why == "uneven":
        why = "no one colour runs through its ink (the background shows through it)"
    elif core.why == "ground" and colours:
        why = (
            f"inside its lines it measures {colours[0]}, the colour of its background, so its "
            "ink could not be told from it (a logo drawn in outline, or not where it was found)"
        )
    else:
        why = (
            f"at {round(hit.width_px or 0):d} px wide its lines are too thin in this picture "
            "for their ink to be told from their antialiasing"
        )
    return Finding.of(
        "check.skipped",
        f"BC106 not judged for the logotype: {why}; check its colour by hand.",
        page=page.index,
        bbox=hit.bbox,
        details={
            "rules": ["BC106"],
            "reason": f"logo ink {core.why}",
            "core_pixels": core.pixels,
            "halves": colours,
        },
    )


def _colour_advice(allowed: list[str]) -> str:
    """What to use instead, in the profile's terms."""
    if {c.upper() for c in allowed} == {"#000000", "#FFFFFF"}:
        return "Use the black or the white version."
    return "Use the version of the logotype in one of the allowed colours."


def _ink(page: Page, bank: TemplateBank, det: LogoDetection) -> InkCore:
    """The logo's ink colour, read from the core of its ink at its pose (see ``ink_core``).

    The core is the pixels well inside the artwork, which neither antialiasing nor a pose a
    pixel off reaches, so a photo or background around the logo is never read as its ink. Where
    the widest stroke is under ``INK_STROKE_PX`` in the raster (a small logo, an outline-only
    one), it is read on a sharper image of the region (``_sharper``): a vector page rendered
    again, about twice as sharp as that stroke needs, or a picture's own pixels where the
    raster is a reduced copy of them. The pose, found on the raster, is aligned again on that
    image (``ink_pose``): a raster pixel off is ``zoom`` of its pixels, more than a thin line's
    core. A logo whose lines are too thin where it is read has no core (``InkCore.why``), and
    is not judged; nor is one whose core reads as its background (``ink_core``'s ``ground``).
    """
    shape = shape_of(bank, det)
    if shape is None:
        return InkCore(None, 0, why="thin")
    pose = pose_of(shape, det)
    sharper = _sharper(page, det) if det.stroke_px < INK_STROKE_PX else None
    if sharper is None:
        return ink_core(page.raster(), shape.ref, pose, det.background)
    image, to_image = sharper
    pose = ink_pose(shape, image, to_image @ pose, sign_of(det))
    return ink_core(image, shape.ref, pose, det.background)


def _sharper(page: Page, det: LogoDetection) -> tuple[np.ndarray, np.ndarray] | None:
    """An image of the logo's region sharper than the raster, with the affine from raster px
    to its px: a vector page rendered ``zoom`` times as sharp (for the widest stroke to be about
    ``2 * INK_STROKE_PX`` px, within the renderer's pixel cap, ``Limits.max_raster_pixels``, so
    the render is never cut down behind our back), or the picture's own pixels where the raster
    is a reduced copy (a picture over the analysis cap); None where there is none."""
    x0, y0, x1, y1 = det.bbox
    h, w = page.raster().shape[:2]
    box = (max(0, x0 - 2), max(0, y0 - 2), min(w, x1 + 2), min(h, y1 + 2))
    bw, bh = box[2] - box[0], box[3] - box[1]
    scale = page.raster_scale
    zoom = math.ceil(2 * INK_STROKE_PX / max(det.stroke_px, 0.1))
    zoom = min(zoom, math.floor((page.limits.max_raster_pixels / max(1, bw * bh)) ** 0.5))
    region = _render(page, box, zoom) if zoom >= 2 else None  # None for pictures
    if region is not None:
        if region.shape[:2] != (bh * zoom, bw * zoom):
            return None
        return region, region_from_raster(box, zoom)
    # a picture's page units are its pixels: raster px i covers [i, i + 1) / scale of them
    own = (
        max(0, math.floor(box[0] / scale)),
        max(0, math.floor(box[1] / scale)),
        min(round(page.width), math.ceil(box[2] / scale)),
        min(round(page.height), math.ceil(box[3] / scale)),
    )
    pixels = page.own_pixels(own) if own[2] > own[0] and own[3] > own[1] else None
    if pixels is None or pixels.shape[:2] != (own[3] - own[1], own[2] - own[0]):
        return None
    z = 1.0 / scale
    return pixels, affine(z, 0, 0, z, 0.5 * z - 0.5 - own[0], 0.5 * z - 0.5 - own[1])


def _placement(page: Page, ctx: CheckContext, hit: LogoHit, trim: _Trim) -> Iterator[Finding]:
    mode = str(ctx.profile.logo.placement.value)
    if mode == "any":
        return
    # the corners are the finished piece's, the trim's (the slug around it is cut off)
    tx0, ty0, tx1, ty1 = trim.box
    if tx1 <= tx0 or ty1 <= ty0:  # a trim off the page: the page
        tx0, ty0, tx1, ty1 = 0.0, 0.0, float(page.width), float(page.height)
    width, height = tx1 - tx0, ty1 - ty0
    x0, y0, x1, y1 = hit.bbox
    # a logo across the trim's edge may have its centre beyond it: at that edge, never "-4 %"
    cx = min(1.0, max(0.0, ((x0 + x1) / 2 - tx0) / width))
    cy = min(1.0, max(0.0, ((y0 + y1) / 2 - ty0) / height))
    # a strip (a 728×90 leaderboard, a 160×600 skyscraper) has its corners at its ends: across
    # its short side, which a logo all but fills, every place is as good as another
    flat, narrow = height * STRIP < width, width * STRIP < height
    horizontal = narrow or cx <= CORNER_SHARE or cx >= 1 - CORNER_SHARE
    top, bottom = flat or cy <= CORNER_SHARE, flat or cy >= 1 - CORNER_SHARE
    ok = horizontal and (top or (bottom and mode == "corners"))
    if not ok:
        where = "one of the four corners" if mode == "corners" else "one of the top corners"
        across = _shown_share(cx, horizontal, both_ends=True)
        down = _shown_share(cy, top or (bottom and mode == "corners"), mode == "corners")
        yield Finding.of(
            "logo.placement",
            f"The logotype's centre is {as_text(across)} % across and {as_text(down)} % down "
            f"the page, not in {where} (the outer {CORNER_SHARE * 100:.0f} % of its width and "
            "height); the profile places it there.",
            page=page.index,
            bbox=hit.bbox,
            measured={"x": round(across / 100, 3), "y": round(down / 100, 3)},
            expected=mode,
        )


def _shown_share(share: float, inside: bool, both_ends: bool) -> float:
    """A logo centre's share of the page's width or height, in %, as BC107 says it: whole, or
    where it is outside the corner areas, rounded away from the nearer of their edges (both
    ends, or the top or left one only), so that 33.4 % never reads "33 %" beside "the outer
    33 %"."""
    if inside:
        return round(share * 100)
    if both_ends and share > 0.5:
        return shown_below(share * 100, (1 - CORNER_SHARE) * 100, 0, 1)
    return shown_above(share * 100, CORNER_SHARE * 100, 0, 1)


def _clear_zone(page: Page, hit: LogoHit, share: float) -> BBox:
    """The logo's box grown by ``share`` of its height: of its box's width for a logo set
    sideways, whose height lies across the page."""
    x0, y0, x1, y1 = hit.bbox
    pad = height_across(hit.bbox, hit.angle) * share
    return (x0 - pad, y0 - pad, x1 + pad, y1 + pad)


def _vector_intrusions(page: Page, logo: BBox, zone: BBox) -> list[tuple[str, BBox]]:
    """Text, drawings and image edges of a PDF page inside the clear-space zone (the part of it
    inside the trim: crop marks and slug notes beyond the trim, or a background's bleed, are
    not the design), each with its box (an image's whole box: its edges are what intrudes).

    The logo's own parts are the drawings across its found box that stand out of it by no more
    than 3 % of its short side (the box is measured on the raster: a tall logo's widest line
    stood 0.9 pt out of it); a drawing beside the box is not excused. When the logo is not
    drawn (its own drawings do not span half its box), the least image that holds it is the logo
    itself (a placed PNG and its transparent margin, which may run past the zone: a logo on a
    square canvas; a larger one under it is a photo), and whether anything of it shows (a
    plate's or photo's edge beside the logo) is for the raster check below; under a drawn logo
    such an image is a plate or photo whose edges count. The found box may stand out of such an
    image by a few raster pixels (``RASTER_BOX_SLACK_PX``, in page units at the analysis
    resolution): a trimmed logo image has no margin to hide that in.
    """
    slack = _slack(logo)
    image_slack = _image_slack(page, logo)
    found: list[tuple[str, BBox]] = []
    for span in page.spans():
        if not span.text.strip() or not intersects(span.bbox, zone):
            continue
        # a line's box is taller than its letters: live text inside a logo file stands a little
        # out of the logo's ink box and is still the logo's own
        line_slack = max(slack, TEXT_BOX_SLACK * (span.bbox[3] - span.bbox[1]))
        if not contains(logo, span.bbox, line_slack):
            found.append((f"text '{span.text.strip()[:30]}'", span.bbox))
    parts: list[BBox] = []
    for d in page.drawings():
        own = contains(logo, d.bbox) or (intersects(d.bbox, logo) and contains(logo, d.bbox, slack))
        if own:
            parts.append(d.bbox)
        elif intersects(d.bbox, zone) and not contains(d.bbox, zone):
            found.append(("a graphic", d.bbox))
    spanned = union(parts)
    drawn_logo = spanned is not None and area(spanned) >= 0.5 * area(logo)
    images = page.images()
    # the logo's own image is the least of those that hold it: a photo under a placed logo
    # holds its box too, and its edge beside the logo is in the clear space
    mine = None if drawn_logo else _least_holding(images, lambda i: i.bbox, logo, image_slack)
    for image in images:
        own = image is mine
        if intersects(image.bbox, zone) and not contains(image.bbox, zone) and not own:
            found.append((IMAGE_EDGE, image.bbox))
    return found


def _slack(logo: BBox) -> float:
    """How far (page units) a logo's own drawing may stand out of its found box."""
    return max(0.5, LOGO_BOX_SLACK * min(logo[2] - logo[0], logo[3] - logo[1]))


def _image_slack(page: Page, logo: BBox) -> float:
    """How far (page units) a logo's found box may stand out of the image or form that holds
    it: a few raster pixels (``RASTER_BOX_SLACK_PX``) at the analysis resolution."""
    return max(_slack(logo), RASTER_BOX_SLACK_PX / page.raster_scale)


def _least_holding(
    items: Sequence[Item], box: Callable[[Item], BBox], logo: BBox, slack: float
) -> Item | None:
    """The least of ``items`` (by the area of its ``box``) that holds the logo's found box,
    which may stand ``slack`` out of it: the logo's own file (a picture under a placed logo
    holds its box too); None when none does."""
    holding = [item for item in items if contains(box(item), logo, slack)]
    return min(holding, key=lambda item: area(box(item))) if holding else None


def _clear_space(page: Page, ctx: CheckContext, around: _Surroundings) -> Iterator[Finding]:
    hit, intrusions = around.hit, around.intrusions
    share = float(ctx.profile.logo.clear_space.value)
    zone, trim = around.zone, around.trim
    # what intrudes; the message also says where, beside the logo: "text 'A' 3 mm right of it"
    reasons = [reason for reason, _ in intrusions]
    said = [_placed(page, ctx, hit.bbox, reason, box) for reason, box in intrusions]
    edges = _edges_in(zone, trim.box)
    if edges:
        reasons.append(_edge_words(edges, trim.word))
    scale = page.raster_scale
    content = {side: d / scale for side, d in around.content.sides.items()}
    where = [f"{_length(page, ctx, d)} {_SIDE_WORDS[side]}" for side, d in content.items()]
    reasons += [f"content {w} the logotype" for w in where]
    said += reasons[len(intrusions) :]
    if reasons:
        unique = list(dict.fromkeys(reasons))
        unique_said = list(dict.fromkeys(said))
        details: dict[str, object] = {"logo_bbox": hit.bbox}
        if edges:  # which edges are too close, for the preview
            details |= {"edges": edges, "trim": rounded(trim.box)}
        if content:
            details["content"] = {side: round(d, 2) for side, d in content.items()}
        plural = len(unique) > 1 or len(edges) > 1  # "the top and left edges are"
        wanted = _length(page, ctx, hit.bbox[1] - zone[1])
        yield Finding.of(
            "logo.clear_space",
            f"Keep a clear space of {share * 100:.0f} % of the logo's height ({wanted}) around "
            f"the logotype; {', '.join(unique_said[:4])} {'are' if plural else 'is'} inside it.",
            page=page.index,
            bbox=rounded(zone),
            measured=unique[:10],
            expected=f"nothing within {share * 100:.0f} % of the logo height",
            details=details,
        )


_SIDE_WORDS = {"above": "above", "below": "below", "left": "left of", "right": "right of"}


def _placed(page: Page, ctx: CheckContext, logo: BBox, reason: str, box: BBox) -> str:
    """What intrudes with how far it is from the logo and on which side ("text 'Kampanj'
    3 mm right of the logotype"), where it lies beside the logo's box, not over it."""
    gaps = {
        "left": logo[0] - box[2],
        "right": box[0] - logo[2],
        "above": logo[1] - box[3],
        "below": box[1] - logo[3],
    }
    side, gap = max(gaps.items(), key=lambda item: item[1])
    if gap <= 0:
        return reason
    return f"{reason} {_length(page, ctx, gap)} {_SIDE_WORDS[side]} the logotype"


def _content_in(
    page: Page, det: LogoDetection, raster: np.ndarray, inside: BBox, share: float
) -> RingContent:
    """What the page's pixels show in the clear space inside the trim (``inside``, page
    units), by side of the logo: text and shapes in a picture, which a PDF's text, drawings
    and images (looked at first) do not name."""
    scale = page.raster_scale
    zone_px = (inside[0] * scale, inside[1] * scale, inside[2] * scale, inside[3] * scale)
    pad = share * height_across(det.bbox, det.angle)  # the clear space, px (a sideways
    # logo's height lies across the page: its box's height is its width, cells 2.75x too long)
    return ring_intrusions(raster, det.bbox, zone_px, pad)


def _length(page: Page, ctx: CheckContext, length: float) -> str:
    """A length on the page in the run's unit: mm for print (where the page has a size), px."""
    mm = page.length_mm(length) if ctx.is_print else None
    if mm is not None:
        return f"{round(mm, 1):g} mm"
    return f"{round(page.length_px(length)):d} px"


def _background(page: Page, ctx: CheckContext, around: _Surroundings) -> Iterator[Finding]:
    hit = around.hit
    limit = float(ctx.profile.logo.busy_background.value)
    busyness, contrast = around.busyness, around.contrast
    busy = busyness > limit
    low_contrast = contrast < MIN_CONTRAST
    if busy or low_contrast:
        why = []
        if busy:
            why.append(f"busy (busyness {busyness:.2f} > {limit:.2f})")
        if low_contrast:
            low = f"{contrast:.1f}:1 against the logo, below {MIN_CONTRAST:g}:1"
            why.append(f"low in contrast ({low})")
        allowed = [str(c) for c in ctx.profile.logo.allowed_colours.value]
        todo = ground_advice(busy, low_contrast, *around.inks, allowed)
        yield Finding.of(
            "logo.busy_background",
            f"The logotype's background is {' and '.join(why)}. {todo}",
            page=page.index,
            bbox=hit.bbox,
            measured={"busyness": round(busyness, 3), "contrast": round(contrast, 2)},
            expected={"busyness": f"<= {limit:g}", "contrast": f">= {MIN_CONTRAST}"},
        )


def _contrast(
    ctx: CheckContext, det: LogoDetection, ink: InkCore
) -> tuple[float, tuple[np.ndarray, np.ndarray]]:
    """The WCAG contrast of the logo's ink against its background: of the ink BC106 judges
    where its core was measured (a small or thin-lined logo's ink sampled at the analysis
    resolution is washed towards its background: a blue logo 75 px wide on a pale ground read
    2.8:1 for about 4:1), else of the ink the search measured. In print material a palette
    colour set in CMYK is taken as the manual states it (its RGB), as text's contrast is
    (``stated_contrast``): the white logo on Grön primär read 2.8:1 in CMYK and 3.4:1 in RGB.
    With it, the two colours it was taken between (sRGB), ink first."""
    if ink.colour is None:
        return det.contrast, (np.uint8(det.colour), np.uint8(det.background))
    fg, bg = np.uint8(ink.colour), np.uint8(det.background)
    if ctx.is_print:
        refs = palette_refs(ctx)
        shown = [rgb_to_hex(fg), rgb_to_hex(bg)]
        stated = stated_colours(shown, refs.hexes, cmyk_refs(refs, None), refs.stated_seen)
        if [stated[c] for c in shown] != shown:
            fg, bg = (hex_to_rgb(stated[c]).astype(np.uint8) for c in shown)
    return float(contrast_ratio(fg, bg)), (fg, bg)


def _busyness(
    page: Page,
    det: LogoDetection,
    raster: np.ndarray,
    intrusions: list[tuple[str, BBox]],
    content: RingContent,
    beyond: list[BBox],
    limit: float,
) -> float:
    """The busyness of the logo's background as judged: the detector's, or, when that is over
    the ``limit``, measured again without what BC103 reports in its clear space and without
    the page ``beyond`` the trim (the slug's marks and colour bars are not the background).

    Content the page's pixels show in the clear space (a picture's) is left out only when the
    rest of the ring is then flat: a headline entering one side on a plain ground is not a busy
    background, but a photo's detail is (left out, its texture in the rest of the ring was 0.11
    or more; that of a headline on a plain ground 0.01 even as a JPEG of quality 30)."""
    if det.background_busyness <= limit:
        return det.background_busyness
    busyness = det.background_busyness
    if intrusions or beyond:
        busyness = _busyness_past(page, det, raster, intrusions, beyond)
    if busyness > limit and content.cells and content.share <= DETAIL_SHARE:
        s = page.raster_scale  # content is measured only where no intrusion is found
        cells = [("content", (x0 / s, y0 / s, x1 / s, y1 / s)) for x0, y0, x1, y1 in content.cells]
        rest = _busyness_past(page, det, raster, cells, beyond)
        busyness = rest if rest <= FLAT_BUSYNESS else busyness
    return busyness


def _beyond(zone: BBox, trim: _Trim, page: Page) -> list[BBox]:
    """The parts of the page outside the trim, when the zone reaches into them."""
    if trim.word != "trim" or not _edges_in(zone, trim.box):
        return []
    (x0, y0, x1, y1), w, h = trim.box, float(page.width), float(page.height)
    strips = [(0.0, 0.0, w, y0), (0.0, y1, w, h), (0.0, 0.0, x0, h), (x1, 0.0, w, h)]
    return [b for b in strips if area(b) > 0]


def _busyness_past(
    page: Page,
    det: LogoDetection,
    raster: np.ndarray,
    intrusions: list[tuple[str, BBox]],
    beyond: list[BBox],
) -> float:
    """The logo's background busyness with what intrudes into its clear space left out: text
    and graphics by their boxes, images by a band along their edges (what is inside them, a
    photo the logo stands half on, still counts), and the page ``beyond`` the trim."""
    scale = page.raster_scale
    band = EDGE_BAND_PX / scale
    hidden: list[BBox] = list(beyond)
    for reason, (x0, y0, x1, y1) in intrusions:
        if reason != IMAGE_EDGE:
            hidden.append((x0, y0, x1, y1))
            continue
        hidden += [
            (x0 - band, y0 - band, x1 + band, y0 + band),
            (x0 - band, y1 - band, x1 + band, y1 + band),
            (x0 - band, y0 - band, x0 + band, y1 + band),
            (x1 - band, y0 - band, x1 + band, y1 + band),
        ]
    boxes = [(x0 * scale, y0 * scale, x1 * scale, y1 * scale) for x0, y0, x1, y1 in hidden]
    return ring_busyness(raster, det.bbox, det.width_px, det.height_px, boxes)


def finish(pages: list[PageReport], ctx: CheckContext) -> Iterator[Finding]:
    """BC101: the profile requires its own logotype and no page has it."""
    return logo_presence.finish(pages, ctx)
