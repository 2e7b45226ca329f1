"""A bolag brochure whose photos mostly hold no text, for timing the sender rules' art OCR.

    python bench/art_ocr_brochure.py OUT.pdf [pages] [--dump]

Builds an A4 brochure (16 pages by default): a 300 ppi photo on every page (skimage's samples
scaled up, with film grain so they are as busy as a camera's), every third one full-bleed,
live text on every page, and text set in five photos, as designers set it: the cover's title
and the outdated sender line in white on the photo, a dark heading on a light sky, a photo
credit set sideways, a caption in small print, and on the back cover the company's lockup as a
placed PNG with "en del av Stockholms stad" (the only place the required line is). Then time

    /usr/bin/time -v python -m brandcheck check OUT.pdf --profile stockholm-bolag --format json

With ``--dump`` it prints what the art OCR reads on each page instead (one line a page).
"""

from __future__ import annotations

import io
import sys
from pathlib import Path

import numpy as np
import pymupdf
from PIL import Image, ImageDraw, ImageFont
from skimage import data

from brandcheck import synth
from brandcheck.profile import shipped_profiles

A4 = (595.0, 842.0)
PPI = 300.0
PHOTOS = ("astronaut", "coffee", "chelsea", "rocket", "camera", "immunohistochemistry")
BOLD, REGULAR = "DejaVuSans-Bold.ttf", "DejaVuSans.ttf"
OLD_SENDER = "Ingår i koncernen Stockholms Stadshus"
SENDER = "en del av Stockholms stad"
BODY = "Hamnen växer: nya kajer, fler båtplatser och en ny park vid vattnet."


def _font(name: str, pt: float) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(synth.find_font(name)), round(pt * PPI / 72))


def _photo(n: int, rect: pymupdf.Rect) -> Image.Image:
    """A photo for ``rect`` at PPI: a sample picture turned, tinted and grained per page."""
    size = (round(rect.width * PPI / 72), round(rect.height * PPI / 72))
    pixels = getattr(data, PHOTOS[n % len(PHOTOS)])()
    img = Image.fromarray(pixels).convert("RGB").rotate(4 * n).resize(size, Image.BICUBIC)
    grain = np.random.default_rng(n).normal(0, 7, (size[1], size[0], 1))
    tint = np.asarray(img, np.float32) * (0.85 + 0.05 * (n % 4)) + grain
    return Image.fromarray(np.clip(tint, 0, 255).astype(np.uint8))


def _sky(img: Image.Image) -> None:
    """A light sky over the top third of the photo, blending into it."""
    px = np.asarray(img, np.float32)
    h = px.shape[0] // 3
    sky = np.linspace([200, 225, 245], [150, 190, 230], h)[:, None, :]
    blend = np.linspace(1.0, 0.0, h)[:, None, None] ** 0.5
    px[:h] = px[:h] * (1 - blend) + sky * blend
    img.paste(Image.fromarray(np.clip(px, 0, 255).astype(np.uint8)))


def _text_in(n: int, img: Image.Image, pages: int) -> None:
    """The text set in page ``n``'s photo, if any (positions in pt from the photo's corner)."""
    draw = ImageDraw.Draw(img)
    w, h = (v * 72 / PPI for v in img.size)

    def at(x: float, y: float) -> tuple[int, int]:
        return round(x * PPI / 72), round(y * PPI / 72)

    if n == 0:  # the cover: title and the outdated sender line in white on the photo
        draw.text(at(40, 60), "Hamnen 2026", font=_font(BOLD, 54), fill="white")
        draw.text(at(40, h - 60), "Hamnbolaget", font=_font(BOLD, 16), fill="white")
        draw.text(at(40, h - 38), OLD_SENDER, font=_font(REGULAR, 10), fill="white")
    elif n == 3:  # dark text on a light sky
        _sky(img)
        draw.text(at(30, 30), "Sommar vid kajen", font=_font(BOLD, 28), fill=(20, 30, 60))
        draw.text(at(30, 72), "Kvällsöppet hela juli", font=_font(REGULAR, 12), fill=(20, 30, 60))
    elif n == 6:  # a photo credit set sideways along the right edge
        credit = Image.new("L", at(200, 12), 0)
        ImageDraw.Draw(credit).text(
            (0, 0), "Foto: Anna Lind, Hamnbolaget", font=_font(REGULAR, 8), fill=255
        )
        turned = credit.rotate(90, expand=True)
        corner = at(w - 20, h - 220)
        img.paste(
            (255, 255, 255), (*corner, corner[0] + turned.width, corner[1] + turned.height), turned
        )
    elif n == 9:  # a caption in small print on a dark band at the photo's foot
        draw.rectangle((*at(0, h - 24), *at(w, h)), fill=(25, 25, 25))
        caption = "Norra kajen en tidig morgon i maj. Foto: Erik Berg"
        draw.text(at(12, h - 18), caption, font=_font(REGULAR, 7), fill="white")


def _lockup() -> bytes:
    """The company's lockup as a PNG at PPI, on its white plate: wordmark over the sender line."""
    img = Image.new("RGB", (round(220 * PPI / 72), round(70 * PPI / 72)), "white")
    draw = ImageDraw.Draw(img)
    ink = (10, 77, 140)
    draw.text((10, 10), "Hamnbolaget", font=_font(BOLD, 26), fill=ink)
    draw.text((12, round(44 * PPI / 72)), SENDER, font=_font(REGULAR, 11), fill=ink)
    buf = io.BytesIO()
    img.save(buf, "PNG")
    return buf.getvalue()


def build(path: Path, pages: int = 16) -> Path:
    svg = pymupdf.open(shipped_profiles()["stockholm"] / "logo" / "standin-positive.svg")
    logo = pymupdf.open("pdf", svg.convert_to_pdf())
    doc = pymupdf.open()
    for n in range(pages):
        page = doc.new_page(width=A4[0], height=A4[1])
        bleed = n % 3 == 0 or n == pages - 1
        rect = pymupdf.Rect(0, 0, *A4) if bleed else pymupdf.Rect(40, 120, 555, 700)
        img = _photo(n, rect)
        _text_in(n, img, pages)
        buf = io.BytesIO()
        img.save(buf, "JPEG", quality=88)
        page.insert_image(rect, stream=buf.getvalue())
        if not bleed:
            page.show_pdf_page(pymupdf.Rect(40, 30, 200, 90), logo, 0)
            page.insert_text((220, 70), f"Sida {n + 1}: Hamnen i dag", fontsize=14)
            page.insert_textbox(pymupdf.Rect(40, 720, 555, 800), BODY * 3, fontsize=10)
        else:
            page.insert_text((500, 820), f"Sida {n + 1}", fontsize=10, color=(1, 1, 1))
        if n == pages - 1:
            page.insert_image(pymupdf.Rect(40, 380, 260, 450), stream=_lockup())
    doc.save(path, garbage=3, deflate=True)
    return path


def _dump(path: Path) -> None:
    from brandcheck import ocr
    from brandcheck.checks import CheckContext
    from brandcheck.document import open_document
    from brandcheck.profile import load_profile

    ctx = CheckContext(profile=load_profile("stockholm-bolag"), ocr="auto")
    with open_document(path) as doc:
        for i in range(doc.page_count):
            page = doc.page(i)
            result = ocr.artwork_ocr(page, ctx)
            text = "" if result is None else " | ".join(line.text for line in result.lines)
            print(f"page {i + 1}: {text}")
            page.release()


if __name__ == "__main__":
    out = Path(sys.argv[1])
    if "--dump" in sys.argv:
        _dump(out)
    else:
        count = int(sys.argv[2]) if len(sys.argv) > 2 else 16
        print(build(out, count))
