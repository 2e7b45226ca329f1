"""Solid block marks drawn with Pillow: a rounded block with a letter and a round hole knocked
out of it (the holes are background the ink encloses)."""

from __future__ import annotations

import numpy as np
from PIL import Image, ImageDraw, ImageFont

FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"


def block(letter: str = "A", hole: bool = True, size: int = 600) -> np.ndarray:
    """The ink (uint8, 255 = ink) of a block mark ``size`` px wide and 1.1 times as tall: a
    rounded block with ``letter`` knocked out of it and, with ``hole``, a round hole above the
    letter's right (about 2.8 % of the ink)."""
    img = Image.new("L", (size, round(1.1 * size)), 0)
    draw = ImageDraw.Draw(img)
    draw.rounded_rectangle((0, 0, img.width - 1, img.height - 1), radius=size // 10, fill=255)
    font = ImageFont.truetype(FONT, round(0.75 * size))
    draw.text((size / 2, 0.62 * img.height), letter, fill=0, font=font, anchor="mm")
    if hole:
        c, r = (0.8 * size, 0.17 * size), 0.09 * size
        draw.ellipse((c[0] - r, c[1] - r, c[0] + r, c[1] + r), fill=0)
    return np.asarray(img)
