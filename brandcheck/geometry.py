"""Axis-aligned boxes in page units: union, intersection tests, rounding, a turned height."""

from __future__ import annotations

from collections.abc import Iterable

from brandcheck.report import BBox


def union(boxes: Iterable[BBox | None]) -> BBox | None:
    """The smallest box holding every given box (None entries ignored; None if none given)."""
    real = [b for b in boxes if b is not None]
    if not real:
        return None
    return (
        min(b[0] for b in real),
        min(b[1] for b in real),
        max(b[2] for b in real),
        max(b[3] for b in real),
    )


def area(box: BBox) -> float:
    """The box's area (0 for an empty or inverted box)."""
    return max(0.0, box[2] - box[0]) * max(0.0, box[3] - box[1])


def overlap(a: BBox, b: BBox) -> float:
    """The area the two boxes share (0 when they do not overlap)."""
    w = min(a[2], b[2]) - max(a[0], b[0])
    h = min(a[3], b[3]) - max(a[1], b[1])
    return max(0.0, w) * max(0.0, h)


def intersects(a: BBox, b: BBox) -> bool:
    """True when the two boxes overlap in an area (touching edges do not count)."""
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def apart(a: BBox, b: BBox) -> bool:
    """True when the boxes share no point (touching edges meet; a line or a point is a box)."""
    return a[2] < b[0] or a[0] > b[2] or a[3] < b[1] or a[1] > b[3]


def contains(outer: BBox, inner: BBox, slack: float = 0.5) -> bool:
    """True when `inner` lies inside `outer`, allowing `slack` units for rounding."""
    return (
        outer[0] - slack <= inner[0]
        and outer[1] - slack <= inner[1]
        and inner[2] <= outer[2] + slack
        and inner[3] <= outer[3] + slack
    )


def rounded(box: BBox, digits: int = 2) -> BBox:
    """The box with its coordinates rounded for reports."""
    x0, y0, x1, y1 = box
    return (round(x0, digits), round(y0, digits), round(x1, digits), round(y1, digits))


def height_across(box: BBox, angle: float) -> float:
    """The height along its own axis of a shape whose axis-aligned box is ``box``, set at
    ``angle`` degrees: the box's width when it is set sideways (45-135° either way), else its
    height (a logo's clear space is a share of it)."""
    return box[2] - box[0] if 45 < abs(angle) < 135 else box[3] - box[1]
