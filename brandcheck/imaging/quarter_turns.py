"""Logos turned a quarter or half turn: the raster turned back, and its finds mapped to the raster.

The logo search is tolerant of about ±10°. A logo set sideways along a spine or a banner's edge,
or upside down, is found by searching the raster turned by 90°, 180° and 270° (a lossless
`np.rot90`), where it stands upright, and turning each find back: its box, its centre and its
angle (the turn added back), so the rules see the logo's real angle.
"""

from __future__ import annotations

import dataclasses

import numpy as np

from brandcheck.imaging.logo_detect import LogoDetection

#: the counter-clockwise quarter turns searched beside the upright raster (1 = 90°)
TURNS = (1, 2, 3)


def turned(raster: np.ndarray, turns: int) -> np.ndarray:
    """``raster`` turned ``turns`` quarter turns counter-clockwise (as shown, y down)."""
    return np.ascontiguousarray(np.rot90(raster, turns))


def turned_back(det: LogoDetection, turns: int, size: tuple[int, int]) -> LogoDetection:
    """``det``, found on ``turned(raster, turns)``, in the px of ``raster`` (``size`` is its
    height and width)."""
    h, w = size
    x0, y0, x1, y1 = det.bbox
    cx, cy = det.center
    q = turns % 4
    if q == 1:  # turned[y', x'] = raster[x', w - 1 - y']
        bbox, center = (w - y1, x0, w - y0, x1), (w - 1 - cy, cx)
    elif q == 2:
        bbox, center = (w - x1, h - y1, w - x0, h - y0), (w - 1 - cx, h - 1 - cy)
    elif q == 3:  # turned[y', x'] = raster[h - 1 - x', y']
        bbox, center = (y0, h - x1, y1, h - x0), (cy, h - 1 - cx)
    else:
        return det
    angle = (det.angle - 90.0 * q + 180.0) % 360.0 - 180.0
    return dataclasses.replace(det, bbox=bbox, center=center, angle=angle)
