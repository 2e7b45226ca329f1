"""Contrast of print colours as the manual states them for screens (BC203, and BC109's logo
against its background; print target).

A palette colour set in CMYK or as its spot ink is shown by the renderer through its default
CMYK conversion, up to ΔE00 6 from the RGB the manual gives for the same colour: white on Rosa
primär measured 4.33:1 in CMYK and 4.59:1 in the manual's RGB, so one design got two verdicts.
In print material a text or ground colour within ``SNAP_DE`` of a palette colour's CMYK, as the
renderer shows it, is that palette colour, and its contrast is taken with the palette's RGB.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Sequence

import numpy as np

from brandcheck.checks.palette import room_for_more
from brandcheck.checks.text_contrast import TextContrast
from brandcheck.imaging.colour import delta_e00, hex_to_lab, hex_to_rgb
from brandcheck.imaging.contrast import contrast_ratio

SNAP_DE = 2.0  # ΔE00 within which a shown colour is a palette colour's CMYK


def as_stated(
    measured: Sequence[TextContrast],
    hexes: Sequence[str],
    cmyk_shown: np.ndarray,
    stated: dict[str, str] | None = None,
) -> list[TextContrast]:
    """The measurements with colours that are a palette colour's CMYK (``cmyk_shown``: Lab of
    each palette colour's CMYK as rendered, its RGB's Lab where it has none) replaced by that
    colour's ``hexes``, and their ratios taken again. ``stated`` keeps each colour's stated
    colour across calls with the same palette (pages repeat their colours)."""
    colours = {c for text in measured for c in (text.foreground, text.background)}
    stated = stated_colours(colours, hexes, cmyk_shown, stated)
    out = []
    for text in measured:
        fg, bg = stated[text.foreground], stated[text.background]
        if (fg, bg) != (text.foreground, text.background):
            ratio = float(contrast_ratio(hex_to_rgb(fg) / 255.0, hex_to_rgb(bg) / 255.0))
            text = dataclasses.replace(text, foreground=fg, background=bg, ratio=ratio)
        out.append(text)
    return out


def stated_colours(
    colours: Iterable[str],
    hexes: Sequence[str],
    cmyk_shown: np.ndarray,
    stated: dict[str, str] | None = None,
) -> dict[str, str]:
    """Each colour (hex, as shown) as it is stated: the palette colour's hex when it is within
    ``SNAP_DE`` of that colour's CMYK as shown (``cmyk_shown``, as for :func:`as_stated`), else
    itself. ``stated`` is the memory kept across calls, returned with these colours in it."""
    stated = {} if stated is None else room_for_more(stated)
    new = sorted(set(colours) - stated.keys())
    if new:
        de = delta_e00(hex_to_lab(new)[:, None, :], cmyk_shown[None, :, :])  # one call
        best = de.argmin(axis=1)
        for i, (c, b) in enumerate(zip(new, best, strict=True)):
            stated[c] = hexes[b] if de[i, b] <= SNAP_DE else c
    return stated
