"""A brochure as designers export it: a big photo and the stand-in logo on every page, and the
sender line in live text on the back cover, in a picture lockup, or nowhere."""

from __future__ import annotations

import io
from pathlib import Path

import numpy as np
import pymupdf
from PIL import Image, ImageDraw, ImageFont
from skimage import data
from typesetting import BOLD, REGULAR

from brandcheck import synth
from brandcheck.profile import shipped_profiles

SENDER = "en del av Stockholms stad"
A4 = (595.0, 842.0)
PHOTO = pymupdf.Rect(40, 120, 555, 800)
PHOTOS = ("astronaut", "coffee", "chelsea", "rocket")


def _photo(n: int, ppi: float, lockup: bool) -> bytes:
    """A JPEG of a natural photo (skimage's, turned and tinted per page) at ``ppi`` over
    PHOTO; with ``lockup``, a company's lockup with the sender line set in its lower left."""
    size = (round(PHOTO.width * ppi / 72), round(PHOTO.height * ppi / 72))
    pixels = getattr(data, PHOTOS[n % len(PHOTOS)])()
    img = Image.fromarray(pixels).convert("RGB").rotate(3 * n).resize(size, Image.BICUBIC)
    tint = np.asarray(img, np.float32) * (0.85 + 0.05 * (n % 4))
    img = Image.fromarray(np.clip(tint, 0, 255).astype(np.uint8))
    if lockup:
        draw = ImageDraw.Draw(img)
        px = ppi / 72
        box = (int(20 * px), size[1] - int(90 * px), int(300 * px), size[1] - int(20 * px))
        draw.rectangle(box, fill="white")
        big = ImageFont.truetype(str(synth.find_font(BOLD)), int(22 * px))
        small = ImageFont.truetype(str(synth.find_font(REGULAR)), int(14 * px))
        draw.text((box[0] + 12 * px, box[1] + 10 * px), "Hamnbolaget", font=big, fill="black")
        draw.text((box[0] + 12 * px, box[1] + 42 * px), SENDER, font=small, fill="black")
    buf = io.BytesIO()
    img.save(buf, "JPEG", quality=85)
    return buf.getvalue()


def build(path: Path, pages: int = 24, ppi: float = 300.0, sender: str | None = "text") -> Path:
    """The brochure; ``sender``: "text" (live text on the last page), "lockup" (only in a
    picture on page 3, or the last page when shorter) or None (nowhere)."""
    svg = pymupdf.open(shipped_profiles()["stockholm"] / "logo" / "standin-positive.svg")
    logo = pymupdf.open("pdf", svg.convert_to_pdf())
    lockup_page = min(2, pages - 1)
    doc = pymupdf.open()
    for n in range(pages):
        page = doc.new_page(width=A4[0], height=A4[1])
        page.show_pdf_page(pymupdf.Rect(40, 30, 200, 90), logo, 0)
        page.insert_text((220, 70), f"Sida {n + 1}: Hamnen i dag", fontsize=14)
        photo = _photo(n, ppi, lockup=sender == "lockup" and n == lockup_page)
        page.insert_image(PHOTO, stream=photo)
        if sender == "text" and n == pages - 1:
            page.insert_text((40, 820), f"Hamnbolaget, {SENDER}", fontsize=10)
    doc.save(path)
    return path
