"""Colour compliance (BC2xx): palette ΔE00, colour spaces, spot colour names and text contrast.

What is judged:
- PDF pages: the colours the content stream paints (text, fills, strokes, and the colour stops
  of gradients: axial and radial shadings, and meshes driven by a function) in their own spaces,
  read with pikepdf (`brandcheck.pdf_colours`): RGB and grey against the palette's hex values,
  CMYK against those and the palette's CMYK values put through the same CMYK→sRGB conversion
  (so equal CMYK numbers are ΔE00 0, and a CMYK converted from a palette RGB matches too, as in
  pictures), spot colours by their ink name against the palette's Pantone names.
  A colour whose look cannot be worked out (a tint transform that is not evaluated) is
  reported as not judged (BC910), not passed.
  Placed images are judged as rasters, as picture files are: a page that is nothing but an
  image (a scanned or exported poster) whole, and on other pages the larger images
  (`MIN_PLACED_SHARE`) each, so a chart or infographic placed as a picture is judged and a
  photograph, which has no flat regions to speak of, is not. The flat areas of a CMYK image
  also match the palette's CMYK values as the page raster shows them (through the image's ICC
  profile, else MuPDF's default CMYK), as vector CMYK does; so do a CMYK image file's.
- Raster pages: the flat regions of the raster (`imaging.colour.flat_regions`), clustered in
  Lab; antialiased edges, small text and photographs are left out by construction.
- Neutral greys (C*ab ≤ `colour.neutral_chroma`, 4 by default, below the least saturated
  palette tint) are base colours: the manual allows a grey scale whose values it does not give.
- Contrast (measured in `text_contrast`, reported by `contrast_findings`): PDF text spans
  against the pixels around them, and text in pictures as OCR reads it.
Repeated hits are merged: one finding per colour (or ink, or contrast pair) per page, with the
count and the boxes; a colour space the target does not allow (BC202) is told once for the
file (`finish`), with its pages.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from typing import TYPE_CHECKING

import numpy as np

from brandcheck.checks.colour_space_findings import colour_space_findings, record_colour_spaces
from brandcheck.checks.contrast_findings import (
    inkless_text_findings,
    picture_contrast_findings,
    span_contrast_findings,
)
from brandcheck.checks.covered_fills import all_covered
from brandcheck.checks.merged_findings import per_box
from brandcheck.checks.paint_boxes import SpanIndex, span_index
from brandcheck.checks.palette import (
    PaletteRefs,
    Verdict,
    cmyk_measured,
    cmyk_refs,
    judge,
    off_by,
    palette_refs,
)
from brandcheck.document.image import DEEP_GREY_MODES
from brandcheck.geometry import area, overlap, rounded, union
from brandcheck.imaging.colour import (
    cluster_regions,
    flat_regions,
    rgb_to_hex,
    srgb_to_lab,
)
from brandcheck.page_paints import read_page_colours
from brandcheck.pdf_colour_spaces import (
    NOT_SPOT_INKS,
    Colour,
    cmyk_to_srgb,
    colour_to_srgb,
    spot_key,
)
from brandcheck.pdf_colours import PageColours, Paint
from brandcheck.report import BBox, ColourUse, Finding, PageReport

if TYPE_CHECKING:
    from brandcheck.checks import CheckContext
    from brandcheck.document import Page

_PAINTED = ("fill", "stroke", "text", "gradient")  # paints judged by their colour
# off-palette colours of a page reported one by one (the largest areas); the rest in one finding
MAX_OFF_PALETTE_LISTED = 25
MAX_COLOURS_LISTED = 200  # a page's vector colours listed in the report (the largest areas)
MIN_PLACED_SHARE = 0.05  # placed images covering less of the page are not judged for colour
MAX_PLACED_JUDGED = 8  # the largest placed images of a page judged for colour
_PAGE_ANALYSED = 100_000  # pixels a page's flat regions are found on (flat_regions)
_MIN_ANALYSED = 10_000  # and the fewest a placed image is given

_GREY_MODES = ("L", "1", "LA", "La", *DEEP_GREY_MODES)
_IMAGE_MODE_SPACE = {"CMYK": "DeviceCMYK", **dict.fromkeys(_GREY_MODES, "DeviceGray")}
"""The device space of an image file's Pillow mode (greyscale at any depth is DeviceGray)."""


# ------------------------------------------------------------------ finding helpers
def _rounded_union(boxes: Iterable[BBox | None]) -> BBox | None:
    box = union(boxes)
    return rounded(box) if box is not None else None


# ------------------------------------------------------------------ PDF content
def _fallback_paints(page: Page) -> PageColours:
    """RGB paints from PyMuPDF's drawings and spans (SVG, or PDFs pikepdf cannot read)."""
    out = PageColours()
    for d in page.drawings():
        for kind, hex_ in (("fill", d.fill), ("stroke", d.stroke)):
            if hex_:
                rgb = tuple(int(hex_[i : i + 2], 16) / 255.0 for i in (1, 3, 5))
                out.paints.append(Paint(kind, Colour("rgb", "RGB", "", rgb), d.bbox))
    for s in page.spans():
        if s.text.strip():
            rgb = tuple(int(s.colour[i : i + 2], 16) / 255.0 for i in (1, 3, 5))
            out.paints.append(Paint("text", Colour("rgb", "RGB", "", rgb), s.bbox))
    return out


def _describe(colour: Colour) -> str:
    """A colour as a designer names it: "CMYK 0/100/22/0", "grey 40 %", "RGB" (DeviceRGB,
    ICCBased or CalRGB alike: the hex after it says which), a spot colour by its inks."""
    v = colour.values
    if colour.family == "cmyk":
        return "CMYK " + "/".join(f"{round(x * 100):d}" for x in v[:4])
    if colour.family == "spot":
        tints = ", ".join(f"{round(x * 100):d} %" for x in v)
        return f"{colour.space} {' + '.join(colour.names)} ({tints})"
    if colour.family == "gray":
        return f"grey {round(v[0] * 100):d} %"
    if colour.family == "rgb":
        return "RGB"
    return f"{colour.space} {list(v)}"


def _shown(colours: Sequence[Colour], icc: dict[str, bytes]) -> list[np.ndarray | None]:
    """sRGB of each colour; CMYK converted in one batch per profile (None: MuPDF's default), so
    an ICC profile is read once a page, not once a colour."""
    out: list[np.ndarray | None] = [None] * len(colours)
    batches: dict[bytes | None, list[int]] = {}
    for i, c in enumerate(colours):
        if c.family == "cmyk" and len(c.values) >= 4:
            batches.setdefault(icc.get(c.icc) if c.icc else None, []).append(i)
    for profile, batch in batches.items():
        rgb = cmyk_to_srgb(np.array([colours[i].values[:4] for i in batch]), profile)
        for j, i in enumerate(batch):
            out[i] = rgb[j]
    for i, c in enumerate(colours):
        if out[i] is None:
            out[i] = colour_to_srgb(c, icc)
    return out


def _cmyk_profile(colour: Colour, icc: dict[str, bytes]) -> list[bytes | None]:
    """The profile a CMYK colour (or a spot colour's CMYK alternate) shows through, as a list
    (None: MuPDF's default CMYK); [] for colours in other spaces."""
    base = colour.alternate if colour.family == "spot" and colour.alternate else colour
    if base.family != "cmyk":
        return []
    return [icc.get(base.icc) if base.icc else None]


def _refs_for(colour: Colour, refs: PaletteRefs, icc: dict[str, bytes]) -> list[np.ndarray]:
    """Which palette values a colour is compared with: the hex values, and for CMYK also the
    palette's CMYK shown the same way (as flat areas of CMYK pictures are): a CMYK converted
    from a palette colour's RGB matches it, as the manual's CMYK numbers do."""
    return [refs.lab, *(cmyk_refs(refs, profile) for profile in _cmyk_profile(colour, icc))]


def _spot_match(colour: Colour, refs: PaletteRefs) -> int | None:
    """The palette index when a spot colour is a single ink of the palette's Pantones."""
    inks = [n for n in colour.names if spot_key(n) in refs.pantone]
    return refs.pantone[spot_key(inks[0])] if len(colour.names) == 1 and inks else None


def _spot_name_findings(
    page: Page, ctx: CheckContext, paints: Sequence[Paint], spans: SpanIndex
) -> Iterator[Finding]:
    """BC204: the spot inks not among the profile's Pantones, whatever paints with them:
    fills, strokes, text and gradients in a spot colour, and images in a Separation or
    DeviceN space (a duotone, a spot-colour picture). One finding per ink."""
    if not ctx.wants("BC204"):
        return
    refs = palette_refs(ctx)
    by_ink: dict[str, list[Paint]] = {}
    spaces: dict[str, tuple[str, tuple[str, ...]]] = {}
    for p in paints:
        if p.colour is not None and p.colour.family == "spot":
            space, inks = p.colour.space, p.colour.names
        elif p.kind == "image" and p.inks:
            space, inks = p.device, p.inks
        else:
            continue
        for ink in inks:
            if ink.lower() not in NOT_SPOT_INKS and spot_key(ink) not in refs.pantone:
                by_ink.setdefault(ink, []).append(p)
                spaces.setdefault(ink, (space, inks))
    pantones = sorted(_pantones(ctx))
    for ink, used in by_ink.items():
        space, inks = spaces[ink]
        yield from per_box(
            "colour.spot_name",
            f"Spot colour '{ink}' is not one of the profile's Pantone inks "
            f"({', '.join(pantones)}).",
            page.index,
            f"spot:{ink}",
            used,
            spans.paint_box,
            measured=ink,
            expected=pantones,
            details={"space": space, "inks": list(inks), "kinds": sorted({p.kind for p in used})},
        )


def _judge_all(
    colours: Sequence[Colour],
    shown: Sequence[np.ndarray | None],
    refs: PaletteRefs,
    icc: dict[str, bytes],
) -> list[Verdict | None]:
    """Verdicts for many colours, one vectorised ΔE00 search per reference set."""
    out: list[Verdict | None] = [None] * len(colours)
    by_refs: dict[tuple[int, ...], tuple[list[np.ndarray], list[int]]] = {}
    for i, (colour, rgb) in enumerate(zip(colours, shown, strict=True)):
        if rgb is None:
            continue
        ref_sets = _refs_for(colour, refs, icc)
        key = tuple(id(r) for r in ref_sets)
        by_refs.setdefault(key, (ref_sets, []))[1].append(i)
    for ref_sets, idx in by_refs.values():
        rgb = np.array([shown[i] for i in idx], dtype=np.float64) / 255.0
        for i, verdict in zip(idx, judge(srgb_to_lab(rgb), refs, ref_sets), strict=True):
            out[i] = verdict
    return out


_JUDGED_MAX = 50_000
"""Colours whose sRGB and verdict are remembered per run (pages repeat the same few colours)."""


def _judged(
    colours: Sequence[Colour], icc: dict[str, bytes], refs: PaletteRefs, ctx: CheckContext
) -> tuple[list[np.ndarray | None], list[Verdict | None]]:
    """sRGB and palette verdict of each colour, from the run's memory where it has them.

    Only colours that need no ICC profile from the file are remembered (their result depends
    on the colour alone); the others are worked out per page.
    """
    memo = ctx.cache.setdefault(("colour.judged", ctx.profile.digest, id(ctx.profile)), {})
    todo = [i for i, c in enumerate(colours) if c not in memo]
    if todo:
        fresh = [colours[i] for i in todo]
        rgb = _shown(fresh, icc)
        verdicts = _judge_all(fresh, rgb, refs, icc)
        known = {}
        for colour, r, v in zip(fresh, rgb, verdicts, strict=True):
            if len(memo) < _JUDGED_MAX and _icc_free(colour):
                memo[colour] = (r, v)
            known[colour] = (r, v)
    else:
        known = {}
    pairs = [known[c] if c in known else memo[c] for c in colours]
    return [r for r, _ in pairs], [v for _, v in pairs]


def _icc_free(colour: Colour) -> bool:
    alternate = colour.alternate
    return colour.icc is None and (alternate is None or alternate.icc is None)


def _pdf_colour_findings(
    page: Page, ctx: CheckContext, out: PageReport, colours: PageColours
) -> Iterator[Finding]:
    refs = palette_refs(ctx)
    spans = span_index(page)
    groups: dict[Colour, list[Paint]] = {}
    for p in colours.paints:
        if p.colour is not None and p.kind in _PAINTED:
            groups.setdefault(p.colour, []).append(p)
    items = list(groups.items())
    shown, verdicts = _judged([c for c, _ in items], colours.icc, refs, ctx)
    page_area = max(page.width * page.height, 1e-9)
    off: list[tuple] = []  # (colour, paints, verdict, hex, kinds, area) off the palette
    unjudged: list[tuple[Colour, list[Paint]]] = []  # colours whose look is not known
    uses: list[ColourUse] = []
    for (colour, paints), rgb, judged in zip(items, shown, verdicts, strict=True):
        kinds = sorted({p.kind for p in paints})
        area = sum(
            max(0.0, p.bbox[2] - p.bbox[0]) * max(0.0, p.bbox[3] - p.bbox[1])
            for p in paints
            if p.bbox is not None and p.kind in ("fill", "gradient")
        )
        single = _spot_match(colour, refs) if colour.family == "spot" else None
        if single is not None and colour.values and colour.values[0] >= 0.95:
            verdict = Verdict(True, single, 0.0, False)
        elif judged is None:
            if colour.family == "spot" and single is not None:
                uses.append(
                    ColourUse(
                        hex=refs.hexes[single],
                        share=round(min(area / page_area, 1.0), 4),
                        nearest=refs.names[single],
                        nearest_hex=refs.hexes[single],
                        source="+".join(kinds),
                        bbox=_rounded_union(p.bbox for p in paints),
                    )
                )
            else:
                unjudged.append((colour, paints))
            continue
        else:
            verdict = judged
        hex_ = rgb_to_hex(rgb) if rgb is not None else refs.hexes[verdict.nearest]
        uses.append(
            ColourUse(
                hex=hex_,
                share=round(min(area / page_area, 1.0), 4),
                nearest=refs.names[verdict.nearest],
                nearest_hex=refs.hexes[verdict.nearest],
                delta_e=round(verdict.delta_e, 2),
                cmyk_measured=cmyk_measured(refs, verdict, _cmyk_profile(colour, colours.icc)),
                source="+".join(kinds),
                bbox=_rounded_union(p.bbox for p in paints),
            )
        )
        if not verdict.ok and not _covered(page, paints, rgb, colours.paints):
            off.append((colour, paints, verdict, hex_, kinds, area))
    if len(uses) > MAX_COLOURS_LISTED:  # the report lists the largest (the finding says more)
        keep = sorted(range(len(uses)), key=lambda k: -uses[k].share)[:MAX_COLOURS_LISTED]
        uses = [uses[k] for k in sorted(keep)]
    out.colours.extend(uses)
    listed = _most_seen(off, MAX_OFF_PALETTE_LISTED)
    for colour, paints, verdict, hex_, kinds, _ in listed:
        what = " and ".join(
            {"fill": "fills", "stroke": "strokes", "text": "text", "gradient": "gradient stops"}[k]
            for k in kinds
        )
        stated = _describe(colour)
        verb = "are" if what.endswith("s") or " and " in what else "is"
        to, words, measured = off_by(refs, verdict, _cmyk_profile(colour, colours.icc), hex_)
        yield from per_box(
            "colour.off_palette",
            f"{what.capitalize()} in {stated} ({hex_}) {verb} {words}",
            page.index,
            f"off:{colour.space}:{colour.values}:{colour.names}",
            paints,
            spans.paint_box,
            measured=hex_ if colour.family == "rgb" else stated,
            expected=to,
            details={
                "space": colour.space,
                "values": [round(v, 4) for v in colour.values],
                "hex": hex_,
                **measured,
                "kinds": kinds,
            },
        )
    if len(off) > len(listed):
        yield from _unlisted(page, off, listed)
    for colour, paints in unjudged:
        yield from _not_judged(page, colour, paints, spans)


def _covered(
    page: Page, paints: list[Paint], rgb: np.ndarray | None, everything: list[Paint]
) -> bool:
    """Whether a colour is painted only as fills that what is painted over them covers."""
    if rgb is None or any(p.kind != "fill" or p.bbox is None for p in paints):
        return False
    veils = [p.bbox for p in everything if p.see_through and p.bbox is not None]
    return all_covered(page, [p.bbox for p in paints if p.bbox is not None], rgb, veils)


def _not_judged(
    page: Page, colour: Colour, paints: list[Paint], spans: SpanIndex
) -> Iterator[Finding]:
    """BC910 for a colour whose look cannot be worked out (a spot colour whose tint
    transform is not evaluated, a colour space that cannot be read): not judged, and said."""
    kinds = sorted({p.kind for p in paints})
    stated = _describe(colour)
    yield from per_box(
        "check.skipped",
        f"BC201 not judged for {stated}: the colour it shows as cannot be worked out from the "
        f"file (a spot colour whose tint transform is not evaluated, or a colour space that "
        f"cannot be read); check it against the palette by hand.",
        page.index,
        f"unjudged:{colour.space}:{colour.values}:{colour.names}",
        paints,
        spans.paint_box,
        measured=stated,
        details={
            "rules": ["BC201"],
            "reason": "colour not evaluated",
            "space": colour.space,
            "inks": list(colour.names),
            "values": [round(v, 4) for v in colour.values],
            "kinds": kinds,
        },
    )


def _most_seen(off: list[tuple], limit: int) -> list[tuple]:
    """Up to ``limit`` off-palette colours, the largest painted areas (then the most paints)
    first when there are more, in the order the page paints them."""
    if len(off) <= limit:
        return off
    ranked = sorted(range(len(off)), key=lambda i: (-off[i][5], -len(off[i][1])))[:limit]
    return [off[i] for i in sorted(ranked)]


def _unlisted(page: Page, off: list[tuple], listed: list[tuple]) -> Iterator[Finding]:
    """One finding for the off-palette colours of a page not listed one by one."""
    shown = {id(item) for item in listed}
    rest = [item for item in off if id(item) not in shown]
    worst = max(item[2].delta_e for item in rest)
    yield Finding.of(
        "colour.off_palette",
        f"{len(rest)} more colours off the palette on this page (up to ΔE00 {worst:.1f}) are "
        f"not listed one by one; so many colours are usually a chart, a stepped blend or a "
        f"picture drawn in vectors: set them in palette colours or place the picture as an "
        f"image.",
        page=page.index,
        bbox=_rounded_union(p.bbox for item in rest for p in item[1]),
        count=len(rest),
        measured=len(rest),
        details={"colours": len(rest), "max_delta_e": round(worst, 2)},
        merge_key=f"off:unlisted@p{page.index}",
    )


def _pantones(ctx: CheckContext) -> set[str]:
    return {c.pantone for c in ctx.profile.palette if c.pantone}


def _is_pure_raster(page: Page, colours: PageColours) -> bool:
    """A page with no vector or text paint whose images cover at least half of it."""
    if any(p.kind in _PAINTED for p in colours.paints):
        return False
    area = 0.0
    for p in colours.paints:
        if p.kind == "image" and p.bbox is not None:
            x0, y0, x1, y1 = p.bbox
            w = min(x1, page.width) - max(x0, 0.0)
            h = min(y1, page.height) - max(y0, 0.0)
            area += max(0.0, w) * max(0.0, h)
    return area >= 0.5 * page.width * page.height


# ------------------------------------------------------------------ rasters
def _image_cmyk_profile(page: Page) -> tuple[bool, bytes | None]:
    """(is CMYK, embedded ICC profile) of an image page's source file."""
    if getattr(page, "colour_space", "") != "CMYK":
        return False, None
    source = getattr(page, "source", None)
    path = getattr(source, "path", None)
    if path is None:
        return True, None
    from brandcheck.picture_open import open_picture

    try:
        with open_picture(path) as img:
            return True, img.info.get("icc_profile") or None
    except OSError:
        return True, None


def _placed_cmyk(page: Page, paint: Paint) -> tuple[bool, bytes | None]:
    """(is CMYK, ICC profile it is rendered through) of an image a PDF page paints."""
    if paint.device != "DeviceCMYK":
        return False, None
    xref = page.image_xref(paint.source) if paint.source else None
    return True, page.image_icc(xref) if xref is not None else None


def _cmyk_profiles(page: Page, paints: Iterable[Paint]) -> list[bytes | None]:
    """The profiles (None: MuPDF's default) of the CMYK images among `paints`, each once."""
    found = [_placed_cmyk(page, p) for p in paints if p.kind == "image"]
    return list(dict.fromkeys(profile for is_cmyk, profile in found if is_cmyk))


def _raster_findings(
    page: Page,
    ctx: CheckContext,
    out: PageReport,
    raster: np.ndarray,
    origin: tuple[int, int] = (0, 0),
    of_page: float = 1.0,
    cmyk: Sequence[bytes | None] = (),
) -> Iterator[Finding]:
    """Off-palette flat areas of ``raster``: the page's, or (with its ``origin`` in the page
    raster and the share ``of_page`` it covers) a placed image's.

    A flat area matches a palette colour by its hex value, and where the raster shows CMYK
    pictures (``cmyk``: the profile each is shown through, None for the renderer's default)
    also by the palette's CMYK values shown the same way: a picture filled with the manual's
    CMYK numbers is ΔE00 0, as a vector fill in them is."""
    refs = palette_refs(ctx)
    min_share = min(1.0, float(ctx.profile.colour.min_area_share) / of_page)
    # a placed image at the density a whole page is analysed at, not finer
    pixels = max(_MIN_ANALYSED, int(_PAGE_ANALYSED * of_page))
    clusters = cluster_regions(flat_regions(raster, min_share=min_share, max_pixels=pixels))
    if not clusters:
        return
    profiles = list(dict.fromkeys(cmyk))
    ref_sets = [refs.lab, *(cmyk_refs(refs, profile) for profile in profiles)]
    verdicts = judge(np.array([c.lab for c in clusters]), refs, ref_sets)
    ox, oy = origin
    for cluster, verdict in zip(clusters, verdicts, strict=True):
        boxes = [
            page.to_page_bbox((x0 + ox, y0 + oy, x1 + ox, y1 + oy))
            for x0, y0, x1, y1 in (r.bbox for r in cluster.regions)
        ]
        share = cluster.share * of_page
        out.colours.append(
            ColourUse(
                hex=cluster.hex,
                share=round(share, 4),
                nearest=refs.names[verdict.nearest],
                nearest_hex=refs.hexes[verdict.nearest],
                delta_e=round(verdict.delta_e, 2),
                cmyk_measured=cmyk_measured(refs, verdict, profiles),
                source="raster" if of_page == 1.0 else "placed image",
                bbox=_rounded_union(boxes),
            )
        )
        if verdict.ok:
            continue
        to, words, measured = off_by(refs, verdict, profiles, cluster.hex)
        yield from per_box(
            "colour.off_palette",
            f"A flat area in {cluster.hex} ({share * 100:.1f} % of the page) is {words}",
            page.index,
            f"off:{cluster.hex}",
            boxes,
            measured=cluster.hex,
            expected=to,
            details={"hex": cluster.hex, "share": round(share, 4), **measured},
        )


def _placed_graphic_findings(
    page: Page, ctx: CheckContext, out: PageReport, colours: PageColours | None
):
    """Off-palette flat areas of the larger images placed on a PDF page: an infographic or a
    chart placed as a picture is judged as a picture file would be (flat regions only, so a
    photograph's smooth patches are not taken for brand colours). Images where a logo was
    found are the logo's (BC106), and are left out. The images are those the content-stream
    walk saw paint (``colours``), else PyMuPDF's list (which reads a page's text again)."""
    if not ctx.wants("BC201"):
        return
    page_area = page.width * page.height
    logos = [hit.bbox for hit in out.logos]
    images: dict[BBox, list[Paint]] = {}  # an image painted twice is judged once
    if colours is not None:
        for p in colours.paints:
            if p.kind == "image" and p.bbox is not None:
                images.setdefault(p.bbox, []).append(p)
    else:
        images = {image.bbox: [] for image in page.images()}
    placed = [
        bbox
        for bbox in images
        if area(bbox) >= MIN_PLACED_SHARE * page_area
        and not any(overlap(bbox, logo) > 0.5 * area(bbox) for logo in logos)
    ]
    if not placed:
        return
    raster = page.raster()
    h, w = raster.shape[:2]
    scale = page.raster_scale
    for bbox in sorted(placed, key=area, reverse=True)[:MAX_PLACED_JUDGED]:
        x0, y0 = max(0, int(bbox[0] * scale)), max(0, int(bbox[1] * scale))
        x1, y1 = min(w, int(np.ceil(bbox[2] * scale))), min(h, int(np.ceil(bbox[3] * scale)))
        if x1 - x0 < 8 or y1 - y0 < 8:
            continue
        crop = raster[y0:y1, x0:x1]
        of_page = (x1 - x0) * (y1 - y0) / float(h * w)
        cmyk = _cmyk_profiles(page, images[bbox])
        yield from _raster_findings(page, ctx, out, crop, (x0, y0), of_page, cmyk)


# ------------------------------------------------------------------ the hook
def check_page(page: Page, ctx: CheckContext, out: PageReport) -> Iterator[Finding]:
    """BC201–BC204 for one page; fills `out.colours`."""
    if getattr(page, "handle", None) is not None:  # a PDF or SVG page: its vector facts
        colours = read_page_colours(page, ctx)
        exact = colours is not None
        if colours is None:
            colours = _fallback_paints(page)
        if exact:
            uses = [
                (p.colour.device if p.colour is not None else p.device, p.kind, p)
                for p in colours.paints
                if p.kind in _PAINTED or p.kind == "image"
            ]
            record_colour_spaces(ctx, out, uses, span_index(page).paint_box, logos=out.logos)
            yield from _spot_name_findings(page, ctx, colours.paints, span_index(page))
        if _is_pure_raster(page, colours):
            cmyk = _cmyk_profiles(page, colours.paints)
            yield from _raster_findings(page, ctx, out, page.raster(), cmyk=cmyk)
        else:
            yield from _pdf_colour_findings(page, ctx, out, colours)
            yield from _placed_graphic_findings(page, ctx, out, colours if exact else None)
        yield from span_contrast_findings(page, ctx, out, colours if exact else None)
        if exact:
            yield from inkless_text_findings(page, ctx, colours)
        if not page.spans():  # an image-only page: its text is in the pictures
            yield from picture_contrast_findings(page, ctx, out)
        return
    mode = getattr(page, "colour_space", "RGB")
    device = _IMAGE_MODE_SPACE.get(mode, "DeviceRGB")
    full: BBox = (0.0, 0.0, page.width, page.height)
    record_colour_spaces(ctx, out, [(device, "image", full)], picture=True)
    is_cmyk, profile = _image_cmyk_profile(page)
    yield from _raster_findings(page, ctx, out, page.raster(), cmyk=[profile] if is_cmyk else [])
    yield from picture_contrast_findings(page, ctx, out)


def finish(pages: list[PageReport], ctx: CheckContext) -> Iterator[Finding]:
    """BC202 once for the file for each kind of problem, with the pages it is on."""
    yield from colour_space_findings(pages, ctx)
