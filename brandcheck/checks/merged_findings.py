"""Findings merged under one key a page: one a distinct box, the last counting the rest."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from brandcheck.report import BBox, Finding

MAX_BOXES = 50
"""Boxes kept per merged finding; the count still says how many there were."""


def distinct_boxes(boxes: Sequence[Any], box_of: Any = None) -> list[BBox | None]:
    """The distinct boxes among `boxes` (bboxes, or whatever `box_of` turns into one), rounded,
    in order, up to MAX_BOXES: only as many are looked at as it takes to find them. A use with
    no box is one None among them."""
    unique: list[BBox | None] = []
    seen: set[Any] = set()
    for where in boxes:
        b = box_of(where) if box_of is not None else where
        if b is None:
            if None not in seen:
                seen.add(None)
                unique.append(None)
        else:
            x0, y0, x1, y1 = b
            k = (round(x0, 1), round(y0, 1), round(x1, 1), round(y1, 1))
            if k in seen:
                continue
            seen.add(k)
            unique.append((round(x0, 2), round(y0, 2), round(x1, 2), round(y1, 2)))
        if len(unique) == MAX_BOXES:
            break
    return unique


def per_box(
    rule: str,
    message: str,
    page: int,
    key: str,
    boxes: Sequence[Any],
    box_of: Any = None,
    **fields,
):
    """One finding per box (up to MAX_BOXES) under one merge key; the last carries the rest.

    `boxes` are bboxes, or whatever `box_of` turns into one (`distinct_boxes`); the count
    still covers all of them.
    """
    shown = distinct_boxes(boxes, box_of) or [None]
    total = max(len(boxes), 1)
    for i, box in enumerate(shown):
        count = 1 + (total - len(shown) if i == len(shown) - 1 else 0)
        yield Finding.of(
            rule, message, page=page, bbox=box, count=count, merge_key=f"{key}@p{page}", **fields
        )
