"""The profile's palette as references colours are judged against (ΔE00): its hex values, and
its CMYK values as a conversion shows them; a judged colour's nearest palette colour and what
its distance was measured to."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np

from brandcheck.imaging.colour import chroma, delta_e00, hex_to_lab, rgb_to_hex, srgb_to_lab
from brandcheck.pdf_colour_spaces import cmyk_to_srgb, spot_key

if TYPE_CHECKING:
    from brandcheck.checks import CheckContext


@dataclass
class PaletteRefs:
    """The profile palette as arrays, with CMYK references per conversion (cached per run)."""

    names: list[str]
    hexes: list[str]
    lab: np.ndarray
    tolerance: np.ndarray
    cmyk: list[tuple[float, float, float, float] | None]
    pantone: dict[str, int]
    neutral_chroma: float
    missing: list[list[str]]  # each colour's missing_shades
    _cmyk_lab: dict[bytes | None, np.ndarray] = field(default_factory=dict)
    # what was worked out for colours seen (by hex) that depends on the palette alone:
    # ``_maybe_missing``'s shades, and ``stated_contrast``'s stated colour (pages repeat them)
    shades_seen: dict[str, list[str]] = field(default_factory=dict)
    stated_seen: dict[str, str] = field(default_factory=dict)

    def cmyk_lab(self, convert: Any, key: bytes | None) -> np.ndarray:
        """Lab of each palette colour's CMYK through `convert` (hex Lab where no CMYK is given)."""
        if key not in self._cmyk_lab:
            lab = self.lab.copy()
            idx = [i for i, c in enumerate(self.cmyk) if c is not None]
            if idx:
                values = np.array([self.cmyk[i] for i in idx], dtype=np.float64) / 100.0
                lab[idx] = srgb_to_lab(convert(values).astype(np.float64) / 255.0)
            self._cmyk_lab[key] = lab
        return self._cmyk_lab[key]


def palette_refs(ctx: CheckContext) -> PaletteRefs:
    """The run's palette references, built once per profile."""
    key = ("colour.palette", ctx.profile.digest, id(ctx.profile))
    refs = ctx.cache.get(key)
    if refs is None:
        profile = ctx.profile
        default = float(profile.colour.tolerance.value)
        refs = PaletteRefs(
            names=[c.name for c in profile.palette],
            hexes=[c.hex for c in profile.palette],
            lab=hex_to_lab([c.hex for c in profile.palette]).reshape(-1, 3),
            tolerance=np.array(
                [c.tolerance if c.tolerance is not None else default for c in profile.palette]
            ),
            cmyk=[c.cmyk for c in profile.palette],
            pantone={spot_key(c.pantone): i for i, c in enumerate(profile.palette) if c.pantone},
            neutral_chroma=float(profile.colour.neutral_chroma.value),
            missing=[list(c.missing_shades) for c in profile.palette],
        )
        ctx.cache[key] = refs
    return refs


def cmyk_refs(refs: PaletteRefs, profile: bytes | None) -> np.ndarray:
    """Lab of the palette's CMYK values as CMYK in `profile` shows (without one: as MuPDF shows
    DeviceCMYK on the page raster, and `document.cmyk` a CMYK picture without a profile)."""
    return refs.cmyk_lab(lambda values: cmyk_to_srgb(values, profile), profile)


@dataclass(frozen=True)
class Verdict:
    """A colour judged against the palette: ``delta_e`` is to palette colour ``nearest`` as
    reference set ``ref`` of those it was judged against gives it (0: the hex values)."""

    ok: bool
    nearest: int
    delta_e: float
    neutral: bool
    ref: int = 0


def judge(lab: np.ndarray, refs: PaletteRefs, ref_labs: Sequence[np.ndarray]) -> list[Verdict]:
    """Judge N Lab colours against one or more reference sets (all of the palette's length):
    a colour matches a palette colour when it is within tolerance of it in any set."""
    lab = np.atleast_2d(np.asarray(lab, float))
    if len(lab) == 0:
        return []
    by_set = np.stack([delta_e00(lab[:, None, :], r[None, :, :]) for r in ref_labs])
    de = np.min(by_set, axis=0)
    nearest = np.argmin(de, axis=1)
    best = de[np.arange(len(lab)), nearest]
    ref = np.argmin(by_set[:, np.arange(len(lab)), nearest], axis=0)
    within = np.any(de <= refs.tolerance[None, :], axis=1)
    neutral = chroma(lab) <= refs.neutral_chroma
    return [
        Verdict(bool(w or n), int(i), float(d), bool(n), int(r))
        for w, n, i, d, r in zip(within, neutral, nearest, best, ref, strict=True)
    ]


def cmyk_measured(
    refs: PaletteRefs, verdict: Verdict, cmyk: Sequence[bytes | None] = ()
) -> str | None:
    """The palette colour's CMYK values ("94/0/50/0") when a verdict's ΔE00 was measured to
    them (reference set k > 0, shown through profile ``cmyk[k - 1]``), else None (its hex)."""
    values = refs.cmyk[verdict.nearest]
    if verdict.ref == 0 or values is None or verdict.ref > len(cmyk):
        return None
    return "/".join(f"{round(v):d}" for v in values)


def reference(refs: PaletteRefs, verdict: Verdict, cmyk: Sequence[bytes | None] = ()) -> str:
    """What a verdict's ΔE00 was measured to: the palette colour's hex value, or its CMYK
    values as they show (see ``cmyk_measured``)."""
    name = refs.names[verdict.nearest]
    numbers = cmyk_measured(refs, verdict, cmyk)
    if numbers is None:
        return f"{name} ({refs.hexes[verdict.nearest]})"
    values = refs.cmyk[verdict.nearest]
    shown = cmyk_to_srgb(np.array([values], dtype=np.float64) / 100.0, cmyk[verdict.ref - 1])
    return f"{name}'s CMYK {numbers} ({rgb_to_hex(shown[0])})"


SAME_HUE = 20.0  # degrees of hue (CIE LCh) within which a colour may be a shade of a family


#: colours remembered a palette (``PaletteRefs.shades_seen``, ``stated_seen``) before they are
#: forgotten: a scan worker or a hot folder keeps one palette for days (about 190 bytes each)
SEEN_LIMIT = 65_536


def room_for_more(seen: dict) -> dict:
    """``seen``, emptied once it holds ``SEEN_LIMIT`` colours."""
    if len(seen) >= SEEN_LIMIT:
        seen.clear()
    return seen


def _maybe_missing(refs: PaletteRefs, seen: str) -> list[str]:
    """The missing shades of the palette families whose hue the colour ``seen`` has (worked
    out once a run for each colour)."""
    if seen not in refs.shades_seen:
        room_for_more(refs.shades_seen)[seen] = _shades_of_hue(refs, seen)
    return list(refs.shades_seen[seen])


def _shades_of_hue(refs: PaletteRefs, seen: str) -> list[str]:
    if not seen:
        return []
    lab = hex_to_lab([seen]).reshape(3)
    if chroma(lab) <= refs.neutral_chroma:
        return []
    hue = np.degrees(np.arctan2(lab[2], lab[1]))
    found: list[str] = []
    for i, shades in enumerate(refs.missing):
        ref = refs.lab[i]
        turn = abs((np.degrees(np.arctan2(ref[2], ref[1])) - hue + 180) % 360 - 180)
        if shades and chroma(ref) > refs.neutral_chroma and turn <= SAME_HUE:
            found += [shade for shade in shades if shade not in found]
    return found


FAR = 15.0
"""ΔE00 from the nearest palette colour beyond which a colour is plainly another colour (a lime
green whose nearest palette colour is a pale yellow): the finding does not offer the nearest
as the fix."""


def off_by(
    refs: PaletteRefs, verdict: Verdict, cmyk: Sequence[bytes | None] = (), seen: str = ""
) -> tuple[str, str, dict[str, Any]]:
    """What an off-palette finding says of a verdict: the reference it was measured to (see
    ``reference``), the words "ΔE00 … from the nearest palette colour, …; the tolerance is …"
    (for a colour `FAR` or more from every one: "not a palette colour; the nearest, …, is
    ΔE00 … away", which does not suggest that one) and the details naming the nearest palette
    colour and the distance. A colour ``seen`` (its hex) of the hue of a palette family whose
    shades the profile partly lacks (``missing_shades``) may be one of those: the words and
    details say so."""
    to = reference(refs, verdict, cmyk)
    tolerance = refs.tolerance[verdict.nearest]
    if verdict.delta_e >= FAR:
        words = (
            f"not a palette colour: the nearest, {to}, is ΔE00 {verdict.delta_e:.1f} away (the "
            f"tolerance is {tolerance:g}); choose the palette colour the design means."
        )
    else:
        words = (
            f"ΔE00 {verdict.delta_e:.1f} from the nearest palette colour, {to}; the tolerance "
            f"is {tolerance:g}."
        )
    details: dict[str, Any] = {
        "nearest": refs.names[verdict.nearest],
        "nearest_hex": refs.hexes[verdict.nearest],
        "delta_e": round(verdict.delta_e, 2),
        "measured_to": to,
    }
    missing = _maybe_missing(refs, seen)
    if missing:  # the colour may be one of its family's shades the profile cannot know
        words += (
            f" The profile lacks {' and '.join(missing)}, whose values the manual's public text "
            "does not give: if the design means one of them, check it against the manual."
        )
        details["missing_shades"] = missing
    return to, words, details
