"""BC202's findings: paints and pictures in a colour space the target does not allow."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING, Any

from brandcheck.checks.merged_findings import MAX_BOXES, distinct_boxes
from brandcheck.geometry import contains
from brandcheck.report import Finding, LogoHit, PageReport

if TYPE_CHECKING:
    from brandcheck.checks import CheckContext

SPACES = "colour.spaces"
"""A page's paints in a colour space the target does not allow (`record_colour_spaces`), told
once for the file by `colour_space_findings`."""

# BC202 in a designer's words: the colour spaces, and what was painted in them
_SPACE_WORDS = {
    "DeviceRGB": "RGB",
    "DeviceCMYK": "CMYK",
    "DeviceGray": "greyscale",
    "Separation": "spot colours",
    "DeviceN": "spot colours",  # several inks (a duotone, CMYK with a spot ink)
}
#: Spaces a designer calls by one name, reported as one: a DeviceN (a duotone) with Separation.
_SAME_WORDS = {"DeviceN": "Separation"}
_USE_WORDS = {  # kind of paint: (one, several), in the order a message lists them
    "image": ("picture", "pictures"),
    "text": ("piece of text", "pieces of text"),
    "fill": ("shape", "shapes"),
    "stroke": ("line", "lines"),
    "gradient": ("gradient colour", "gradient colours"),
}


def _listed(items: Sequence[str], last: str = "or") -> str:
    """'CMYK, spot colours or greyscale'; with ``last`` 'and': '3 shapes and 2 lines'."""
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} {last} {items[-1]}"


def _counted(counts: dict[str, int]) -> str:
    """'14 shapes and 34 lines': the paints of each kind, in the order a message lists them."""
    parts = [
        f"{counts[kind]} {_USE_WORDS[kind][counts[kind] != 1]}"
        for kind in _USE_WORDS
        if counts.get(kind)
    ]
    return _listed(parts, "and")


def _needs(allowed: Sequence[str]) -> str:
    """The spaces a target allows as a designer names them: 'CMYK, spot colours or
    greyscale' (paints are judged by the device space they stand for: ICCBased names no device
    of its own)."""
    words = list(dict.fromkeys(_SPACE_WORDS[a] for a in allowed if a in _SPACE_WORDS))
    return _listed(words) if words else "other colours"


def _space_message(
    device: str,
    counts: dict[str, int],
    allowed: Sequence[str],
    is_print: bool,
    picture: bool,
    logo: tuple[str, str, str] | None = None,
    placed: int = 1,
) -> str:
    """BC202's message: what is in which space, what the target needs and what to do; for
    the parts of a found logo (its name, role and template), that logo (one the profile
    forbids is not to be replaced), its parts counted over the `placed` times it is placed;
    for a picture, `placed` is the number of its pages (a TIFF's frames) in that space."""
    space = _SPACE_WORDS.get(device, device)
    needs = _needs(allowed)
    material = "print material" if is_print else "screen material"
    if logo is not None:
        name = logo[0] or "the logotype"
        if logo[1] == "forbidden":
            todo = "It must not be used in this material at all (BC108)."
        elif is_print:
            todo = (
                "Place the logo file made for print (CMYK, a spot colour or the black "
                "version), or export the PDF with the printer's PDF preset (PDF/X), which "
                "converts colours to its output intent."
            )
        else:
            todo = (
                "Place the logo file made for screens (RGB), or export the PDF for screens, "
                "with colours converted to sRGB."
            )
        # a logo placed on four pages is not made of four times its parts
        where = f" in its {placed} placements" if placed > 1 else ""
        return (
            f"{name[:1].upper()}{name[1:]} is in {space} ({_counted(counts)}{where}), but "
            f"{material} needs {needs}. {todo}"
        )
    if picture:  # a TIFF's frames are its pages
        what = f"{placed} pages of this picture are" if placed > 1 else "This picture is"
        todo = (
            "Convert it to CMYK for the printer (or, if it is meant for screens, check it "
            "with --target digital)."
            if is_print
            else "Save it in sRGB for screens."
        )
    else:
        many = sum(counts.values()) > 1
        what = f"{_counted(counts)} {'are' if many else 'is'}"
        todo = (
            _print_todo(counts)
            if is_print
            else "Export the PDF for screens, with colours converted to sRGB."
        )
    return f"{what} in {space}, but {material} needs {needs}. {todo}"


def _print_todo(counts: dict[str, int]) -> str:
    """What to do about paints of a PDF in a space print does not take: pictures are converted
    to CMYK (or their print versions placed), brand colours set in the palette's CMYK values;
    either way the printer's PDF preset converts what is left."""
    export = (
        "export the PDF with the printer's PDF preset (PDF/X), which converts colours to its "
        "output intent"
    )
    pictures = counts.get("image", 0)
    art = sum(counts.values()) - pictures
    them = "them" if pictures > 1 else "it"
    convert = f"Convert the {_USE_WORDS['image'][pictures > 1]} to CMYK in your image editor "
    convert += f"(or place the print {'versions' if pictures > 1 else 'version'} of {them})"
    if not art:
        return f"{convert}, or {export}."
    if not pictures:
        return (
            f"{export[:1].upper()}{export[1:]}, and set brand colours in the palette's CMYK values."
        )
    return f"{convert} and set brand colours in the palette's CMYK values, or {export}."


def _in_logo(box: Any, logos: Sequence[LogoHit]) -> int | None:
    """The index of the found logo a paint's box lies in (its strokes may reach a little
    past the artwork's box: a tenth of the logo's height is allowed), or None."""
    if box is None:
        return None
    for i, hit in enumerate(logos):
        if contains(hit.bbox, box, slack=0.1 * (hit.bbox[3] - hit.bbox[1])):
            return i
    return None


def _logo_artwork(
    wrong: list[tuple[str, str, Any, int | None]], paints: Sequence[tuple], box_of: Any, logos
) -> set[tuple[str, int]]:
    """The (space, logo) pairs where the logo's artwork is in that space: at least half of
    all the paints in the logo's box. A logo placed from its print file on a white box set in
    RGB (or with a small RGB mark on it) has one RGB paint among its CMYK ones: that shape is
    what is in the wrong space, not the logo; an RGB picture of the logo on a CMYK box of its
    size is half of two, and is the logo (a logo of one path on an RGB box is too)."""
    asked = {(space, logo) for space, _, _, logo in wrong if logo is not None}
    if not asked:
        return set()
    parts: dict[int, int] = {}
    for _, _, where in paints:
        logo = _in_logo(box_of(where) if box_of is not None else where, logos)
        if logo is not None:
            parts[logo] = parts.get(logo, 0) + 1
    tally: dict[tuple[str, int], int] = {}
    for space, _, _, logo in wrong:
        if logo is not None:
            tally[(space, logo)] = tally.get((space, logo), 0) + 1
    return {key for key in asked if 2 * tally[key] >= parts[key[1]]}


def record_colour_spaces(
    ctx: CheckContext,
    out: PageReport,
    paints: Sequence[tuple[str, str, Any]],
    box_of: Any = None,
    *,
    picture: bool = False,
    logos: Sequence[LogoHit] = (),
) -> None:
    """BC202's facts of one page, for `colour_space_findings`: (device space, kind, where)
    uses outside the target's allowed spaces; `picture` for a picture file (one image, the
    whole page).

    `where` is a bbox, or whatever `box_of` turns into one (only called for reported uses).
    Uses that lie in one of `logos` (the logos found on the page) are that logo's when they
    are most of its paints (`_logo_artwork`): they are told as the logo, at its box, so a
    designer knows which art to replace.
    """
    rules = ctx.profile.colour
    allowed = rules.print_spaces if ctx.is_print else rules.digital_spaces
    wrong: list[tuple[str, str, Any, int | None]] = []  # (space, device, (kind, where), logo)
    for device, kind, where in paints:
        if device and device not in ("Lab",) and device not in allowed:
            box = box_of(where) if box_of is not None and logos else where
            logo = _in_logo(box, logos) if logos else None
            wrong.append((_SAME_WORDS.get(device, device), device, (kind, where), logo))
    artwork = _logo_artwork(wrong, paints, box_of, logos)
    by_space: dict[tuple[str, int | None], list[tuple[str, Any]]] = {}
    spaces: dict[tuple[str, int | None], set[str]] = {}
    for space, device, use, logo in wrong:
        key = (space, logo if (space, logo) in artwork else None)
        by_space.setdefault(key, []).append(use)
        spaces.setdefault(key, set()).add(device)
    facts = out.facts.setdefault(SPACES, [])
    for (space, logo), uses in by_space.items():
        counts: dict[str, int] = {}
        for kind, _ in uses:
            counts[kind] = counts.get(kind, 0) + 1
        hit = logos[logo] if logo is not None else None
        boxes = [hit.bbox] if hit is not None else distinct_boxes([w for _, w in uses], box_of)
        facts.append(
            {
                "space": space,
                "devices": sorted(spaces[(space, logo)]),
                "counts": counts,
                "boxes": [b for b in boxes if b is not None],
                "picture": picture,
                "logo": None if hit is None else (hit.name, hit.role, hit.template),
            }
        )


def colour_space_findings(pages: Sequence[PageReport], ctx: CheckContext) -> Iterator[Finding]:
    """BC202 once for the file for each kind of problem: a colour space, and whether it is a
    found logo's artwork (each logo its own), with the pages it is on, every use counted and
    their boxes marked; an 8-page brochure with an RGB photo on four pages is one finding
    "4 pictures are in RGB" on pages 2, 4, 6 and 8, as BC501 tells their resolution."""
    rules = ctx.profile.colour
    allowed = rules.print_spaces if ctx.is_print else rules.digital_spaces
    groups: dict[tuple, list[tuple[int, dict[str, Any]]]] = {}
    for report in pages:
        for fact in report.facts.get(SPACES, []):
            key = (fact["space"], fact["logo"], fact["picture"])
            groups.setdefault(key, []).append((report.index, fact))
    for (device, logo, picture), found in sorted(
        groups.items(), key=lambda kv: (kv[0][0], kv[0][1] is not None, kv[1][0][0])
    ):
        counts: dict[str, int] = {}
        for _, fact in found:
            for kind, n in fact["counts"].items():
                counts[kind] = counts.get(kind, 0) + n
        used = sorted({d for _, fact in found for d in fact["devices"]})
        placed = [(index, box) for index, fact in found for box in fact["boxes"]][:MAX_BOXES]
        name, _, template = logo if logo is not None else (None, None, None)
        # told at its first box, on that box's page (the first pages' uses may have none: a
        # gradient painted without a clip), else on its first page
        page, bbox = placed[0] if placed else (found[0][0], None)
        yield Finding.of(
            "colour.space",
            _space_message(device, counts, allowed, ctx.is_print, picture, logo, len(found)),
            page=page,
            bbox=bbox,
            pages=sorted({index for index, _ in found}),
            boxes=[box for _, box in placed],
            box_pages=[index for index, _ in placed],
            count=len(found) if logo is not None else sum(counts.values()),
            # one for the file: its alert stays when the first of its pages is fixed (SARIF)
            merge_key=f"{device} {'picture' if picture else 'art'} {template or ''}".strip(),
            measured=_SPACE_WORDS.get(device, device),  # as the message names them
            expected=_needs(allowed),
            details={
                "space": used[0] if len(used) == 1 else device,  # the PDF's, for programs
                "allowed": list(allowed),
                "kinds": sorted(counts),
                "counts": counts,
                "target": ctx.target,
                **({"spaces": used} if used != [device] else {}),
                **({"logo": name, "logo_template": template} if logo is not None else {}),
            },
        )
