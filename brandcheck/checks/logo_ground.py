"""BC109's advice: what a designer does about a logo on a busy or low-contrast background."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from brandcheck.imaging.colour import hex_to_rgb
from brandcheck.imaging.contrast import contrast_ratio, relative_luminance

_BLACK, _WHITE = np.uint8([0, 0, 0]), np.uint8([255, 255, 255])
MIN_CONTRAST = 3.0
"""The contrast BC109 asks of a logo against its background."""
_NAMES = {"#000000": ("black", " (positive)"), "#FFFFFF": ("white", " (negative)")}


def _versions(allowed: Sequence[str]) -> list[tuple[str, str, np.ndarray]]:
    """The logo's versions (its colour's word, its role's, its colour) in the profile's logo
    colours: black and white are the positive and negative versions (the city's S:t Erik
    logotype); another colour is named by its value. A profile that does not judge its logo's
    colours (a company's own logo) names none: a dark (positive) and a light (negative) one."""
    colours = list(dict.fromkeys(c.upper() for c in allowed))
    if not colours:
        return [("dark", " (positive)", _BLACK), ("light", " (negative)", _WHITE)]
    return [(*_NAMES.get(c, (c, "")), hex_to_rgb(c).astype(np.uint8)) for c in colours]


def _tone(colour: np.ndarray) -> str:
    """A ground as a designer sees it: light (only a dark logo stands out on it), dark (only a
    light one does) or mid-tone (a black and a white logo both contrast 3:1 with it)."""
    on_black, on_white = contrast_ratio(_BLACK, colour), contrast_ratio(_WHITE, colour)
    if on_black >= MIN_CONTRAST and on_white >= MIN_CONTRAST:
        return "mid-tone"
    return "light" if on_black > on_white else "dark"


def _case(ink: np.ndarray, ground: np.ndarray) -> str:
    """'A light logo on a light ground', 'On a dark ground', 'On a mid-tone ground'."""
    tone = _tone(ground)
    lighter = relative_luminance(ink) > relative_luminance(ground)
    if tone == "light" and lighter:
        return "A light logo on a light ground"
    if tone == "dark" and not lighter:
        return "A dark logo on a dark ground"
    return f"On a {tone} ground"


def ground_advice(
    busy: bool, low_contrast: bool, ink: np.ndarray, ground: np.ndarray, allowed: Sequence[str]
) -> str:
    """What to do, fitted to what was measured (`ink` and `ground` as sRGB), said as the case
    a designer sees ("a light logo on a light ground"): the version of the logo the profile
    allows (`allowed`, its logo colours) that contrasts most with the ground, when it reaches
    3:1 (black or white always does with a ground it is chosen for); when none does (a profile
    with a black logo only, on a dark ground), a ground it stands out on. With a busy picture
    behind it, a calm area of it or a plate. Sentences, each ending in a full stop."""
    said: list[str] = []
    if low_contrast:
        versions = _versions(allowed)
        ratios = [float(contrast_ratio(colour, ground)) for *_, colour in versions]
        best = int(np.argmax(ratios))
        word, role, colour = versions[best]
        case = _case(ink, ground)
        if ratios[best] >= MIN_CONTRAST:
            said.append(f"{case}: use the {word}{role} version.")
        else:
            named = ", ".join(w for w, *_ in versions)
            area = "light" if relative_luminance(colour) < relative_luminance(ground) else "dark"
            said.append(
                f"{case}: no version of the logo the profile allows ({named}) contrasts 3:1 with "
                f"it; place the logo on a {area} area, or on a plate of {area} flat colour "
                "behind it."
            )
    if busy:
        said.append(
            "Place it on a calm area of the picture, or on a plate of flat colour behind the logo."
        )
    return " ".join(said)
