"""BC202's findings: paints and pictures in a colour space the target does not allow."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING, Any

from brandcheck.checks.merged_findings import per_box
from brandcheck.report import Finding

if TYPE_CHECKING:
    from brandcheck.checks import CheckContext
    from brandcheck.document import Page


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


def _space_message(
    device: str, counts: dict[str, int], allowed: Sequence[str], is_print: bool, picture: bool
) -> str:
    """BC202's message: what is in which space, what the target needs and what to do."""
    space = _SPACE_WORDS.get(device, device)
    # paints are judged by the device space they stand for: ICCBased names no device of its own
    needs = _listed(list(dict.fromkeys(_SPACE_WORDS[a] for a in allowed if a in _SPACE_WORDS)))
    material = "print material" if is_print else "screen material"
    if picture:
        what = "This picture is"
        todo = (
            "Convert it to CMYK for the printer (or, if it is meant for screens, check it "
            "with --target digital)."
            if is_print
            else "Save it in sRGB for screens."
        )
    else:
        parts = [
            f"{counts[kind]} {_USE_WORDS[kind][counts[kind] != 1]}"
            for kind in _USE_WORDS
            if counts.get(kind)
        ]
        many = len(parts) > 1 or sum(counts.values()) > 1
        what = f"{_listed(parts, 'and')} {'are' if many else 'is'}"
        todo = (
            "Export the PDF with the printer's PDF preset (PDF/X), which converts colours to "
            "its output intent, and set brand colours in the palette's CMYK values."
            if is_print
            else "Export the PDF for screens, with colours converted to sRGB."
        )
    return f"{what} in {space}, but {material} needs {needs or 'other colours'}. {todo}"


def colour_space_findings(
    page: Page,
    ctx: CheckContext,
    paints: Sequence[tuple[str, str, Any]],
    box_of: Any = None,
    *,
    picture: bool = False,
) -> Iterator[Finding]:
    """BC202: (device space, kind, where) uses outside the target's allowed spaces; `picture`
    for a picture file (one image, the whole page).

    `where` is a bbox, or whatever `box_of` turns into one (only called for reported uses).
    """
    rules = ctx.profile.colour
    allowed = rules.print_spaces if ctx.is_print else rules.digital_spaces
    by_space: dict[str, list[tuple[str, Any]]] = {}
    spaces: dict[str, set[str]] = {}
    for device, kind, where in paints:
        if device and device not in ("Lab",) and device not in allowed:
            key = _SAME_WORDS.get(device, device)  # one finding for spot colours
            by_space.setdefault(key, []).append((kind, where))
            spaces.setdefault(key, set()).add(device)
    for device, uses in sorted(by_space.items()):
        counts: dict[str, int] = {}
        for kind, _ in uses:
            counts[kind] = counts.get(kind, 0) + 1
        used = sorted(spaces[device])
        found = {"spaces": used} if used != [device] else {}
        yield from per_box(
            "colour.space",
            _space_message(device, counts, allowed, ctx.is_print, picture),
            page.index,
            f"space:{device}",
            [w for _, w in uses],
            box_of,
            measured=used[0] if len(used) == 1 else device,  # the space the page uses
            expected=list(allowed),
            details={"kinds": sorted(counts), "counts": counts, "target": ctx.target, **found},
        )
