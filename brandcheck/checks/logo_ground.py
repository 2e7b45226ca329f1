"""BC109's advice: what a designer does about a logo on a busy or low-contrast background."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from brandcheck.imaging.contrast import contrast_ratio, relative_luminance

_BLACK, _WHITE = np.uint8([0, 0, 0]), np.uint8([255, 255, 255])


def _versions(allowed: Sequence[str]) -> tuple[str, str]:
    """The logo's versions for a light and for a dark ground, as the profile's logo colours
    name them: black and white where it allows those (the city's S:t Erik logotype), else
    dark and light (a company's own logo in its colours)."""
    colours = {c.upper() for c in allowed}
    dark = "black" if "#000000" in colours else "dark"
    light = "white" if "#FFFFFF" in colours else "light"
    return f"the {dark} (positive) version", f"the {light} (negative) version"


def ground_advice(
    busy: bool, low_contrast: bool, ink: np.ndarray, ground: np.ndarray, allowed: Sequence[str]
) -> str:
    """What to do, fitted to what was measured (`ink` and `ground` as sRGB): on a light ground
    the positive version, on a dark one the negative (black or white contrasts at least 4.6:1
    with any ground it is chosen for, so it always mends a contrast under 3:1), said as the
    case a designer sees ("a light logo on a light ground"); with a busy picture behind it, a
    calm area of it or a plate. Sentences, each ending in a full stop."""
    positive, negative = _versions(allowed)
    light_ground = contrast_ratio(_BLACK, ground) >= contrast_ratio(_WHITE, ground)
    lighter_logo = relative_luminance(ink) > relative_luminance(ground)
    said: list[str] = []
    if low_contrast:
        if light_ground:
            case = "A light logo on a light ground" if lighter_logo else "On a light ground"
        else:
            case = "On a dark ground" if lighter_logo else "A dark logo on a dark ground"
        said.append(f"{case}: use {positive if light_ground else negative}.")
    if busy:
        said.append(
            "Place it on a calm area of the picture, or on a plate of flat colour behind the logo."
        )
    return " ".join(said)
