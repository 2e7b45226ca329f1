"""Round seals drawn with Pillow: a double ring, words around it and a figure in the middle."""

from __future__ import annotations

import math

import numpy as np
from PIL import Image, ImageDraw, ImageFont

FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"


def seal(words: str, figure: str, size: int = 800) -> np.ndarray:
    """The ink (uint8, 255 = ink) of a round seal ``size`` px across: two rings, ``words``
    around between them, and in the middle a ``figure``: "tower" (a tower, the sun beside it,
    waves under it), "tower, no sun", "arrow", "tree", or a letter ("letter N"; "letter N,
    mirrored" flips it in its place)."""
    img = Image.new("L", (size, size), 0)
    draw = ImageDraw.Draw(img)
    c, r = size / 2, size / 2 - 4
    draw.ellipse((c - r, c - r, c + r, c + r), outline=255, width=round(size * 0.025))
    inner = r * 0.66
    draw.ellipse(
        (c - inner, c - inner, c + inner, c + inner), outline=255, width=round(size * 0.015)
    )
    font = ImageFont.truetype(FONT, round(size * 0.085))
    radius = (r + inner) / 2
    for i, letter in enumerate(words):
        angle = -150.0 + i * 300.0 / len(words)  # degrees clockwise from the top
        glyph = Image.new("L", (round(size * 0.12),) * 2, 0)
        middle = (glyph.width / 2, glyph.height / 2)
        ImageDraw.Draw(glyph).text(middle, letter, fill=255, font=font, anchor="mm")
        glyph = glyph.rotate(-angle, resample=Image.BICUBIC)
        x = c + radius * math.sin(math.radians(angle))
        y = c - radius * math.cos(math.radians(angle))
        img.paste(255, (round(x - glyph.width / 2), round(y - glyph.height / 2)), glyph)
    s = size / 400  # the figures are drawn on a square of 400 units

    def shape(*points: tuple[float, float]) -> None:
        draw.polygon([(x * s, y * s) for x, y in points], fill=255)

    if figure.startswith("tower"):
        shape((170, 280), (180, 150), (200, 120), (220, 150), (230, 280))
        if figure == "tower":
            draw.ellipse((110 * s, 140 * s, 150 * s, 180 * s), fill=255)
        for k in range(3):
            y = (292 + 14 * k) * s
            draw.arc(
                (120 * s, y - 10 * s, 280 * s, y + 10 * s), 0, 180, fill=255, width=round(5 * s)
            )
    elif figure.startswith("letter"):  # "letter R", or "letter R, mirrored"
        glyph = Image.new("L", (size, size), 0)
        font = ImageFont.truetype(FONT, round(size * 0.4))
        letter = figure.split()[1].rstrip(",")
        ImageDraw.Draw(glyph).text((c, c), letter, fill=255, font=font, anchor="mm")
        if figure.endswith("mirrored"):
            box = glyph.getbbox()
            glyph.paste(glyph.crop(box).transpose(Image.FLIP_LEFT_RIGHT), box[:2])
        img.paste(255, (0, 0), glyph)
    elif figure == "arrow":
        shape((200, 105), (140, 220), (180, 220), (180, 270), (220, 270), (220, 220), (260, 220))
    elif figure == "tree":
        shape((200, 110), (130, 240), (270, 240))
        draw.rectangle((188 * s, 240 * s, 212 * s, 285 * s), fill=255)
    else:
        raise ValueError(figure)
    return np.asarray(img)
