"""Whether a logo template's artwork repeats itself in separate places, as a logo sheet does."""

from __future__ import annotations

import cv2
import numpy as np

GROUP_GAP = 0.03  # ink nearer than this share of the artwork's diagonal is one group
ELEMENT = 0.3  # elements compared: pieces of ink at least this share of the largest one's size
MOST_ELEMENTS = 40  # the largest pieces compared, at most
ALIKE = 0.8  # IoU of two pieces' shapes, each scaled to its box, that makes them the same
SHAPE_PX = 32  # the side each piece's shape is scaled to for the comparison


def repeated_groups(alpha: np.ndarray) -> int:
    """How many separate groups of the artwork (ink, ``alpha`` >= 128, further apart than
    ``GROUP_GAP`` of its diagonal) hold a large piece of ink (a connected piece at least
    ``ELEMENT`` of the largest one's size) that another group holds too, in the same shape and
    proportions at up to twice or half the size: two versions of one logo side by side (the
    emblem's ring of a horizontal and a vertical lockup). 0 when nothing repeats; a logo's
    emblem beside its wordmark, or the letters of one word, do not count (one of each, or one
    group)."""
    ink = (alpha >= 128).astype(np.uint8)
    ys, xs = np.nonzero(ink)
    if xs.size == 0:
        return 0
    ink = ink[ys.min() : ys.max() + 1, xs.min() : xs.max() + 1]
    r = max(1, round(GROUP_GAP * float(np.hypot(*ink.shape))))
    disk = cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (2 * r + 1, 2 * r + 1))
    _, groups = cv2.connectedComponents(cv2.dilate(ink, disk))
    _, pieces, stats, _ = cv2.connectedComponentsWithStats(ink)
    size = np.hypot(stats[1:, 2], stats[1:, 3])
    largest = [int(i) + 1 for i in np.argsort(-size)[:MOST_ELEMENTS]]
    compared = []
    for i in largest:
        x, y, w, h = (int(v) for v in stats[i, :4])
        if np.hypot(w, h) < ELEMENT * size.max():
            continue
        own = pieces[y : y + h, x : x + w] == i
        shape = cv2.resize(
            own.astype(np.uint8) * 255, (SHAPE_PX, SHAPE_PX), interpolation=cv2.INTER_AREA
        )
        group = int(groups[y : y + h, x : x + w][own][0])
        compared.append((shape >= 128, w / h, float(np.hypot(w, h)), group))
    repeated: set[int] = set()
    for k, (shape_a, aspect_a, size_a, group_a) in enumerate(compared):
        for shape_b, aspect_b, size_b, group_b in compared[k + 1 :]:
            alike_box = 0.85 < aspect_a / aspect_b < 1.18 and 0.5 < size_a / size_b < 2
            if group_a == group_b or not alike_box:
                continue
            if (shape_a & shape_b).sum() >= ALIKE * (shape_a | shape_b).sum():
                repeated |= {group_a, group_b}
    return len(repeated)
