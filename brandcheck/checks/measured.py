"""Measured values in findings, written so that one past its limit never reads as the limit."""

from __future__ import annotations

import math


def shown_below(value: float, limit: float, fewest: int = 0, most: int = 2) -> float:
    """`value` (under `limit`) rounded to the fewest decimals, from `fewest` to `most`, that
    keep it under the limit; rounded down at `most` (4.4999 → 4.49, never "4.50; the minimum
    is 4.5"; 24.96 → 24.96, not 25 or 25.0)."""
    for digits in range(fewest, most + 1):
        scale = 10**digits
        shown = math.floor(value * scale + 0.5) / scale  # half up: 24.5 is not shown as 24
        if shown < limit:
            return shown
    scale = 10**most
    return math.floor(value * scale) / scale


def shown_above(value: float, limit: float, fewest: int = 0, most: int = 2) -> float:
    """`value` (over `limit`) as ``shown_below`` shows one under it, mirrored: rounded up at
    `most` (5.04 % past 5 % is "5.04", 1.03° past 1° is "1.03", never "5" or "1.0")."""
    return -shown_below(-value, -limit, fewest, most)


def as_text(value: float, fewest: int = 0) -> str:
    """A value from `shown_below` or `shown_above` with at least `fewest` decimals (18 → "18",
    4.5 → "4.50")."""
    text = f"{value:.{fewest}f}"
    return text if float(text) == value else f"{value:g}"
