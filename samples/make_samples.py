"""Make the sample files in samples/: each shows one thing brandcheck reports (see EXPECTED)."""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pymupdf
from PIL import Image

from brandcheck.synth import insert_font, place_logo, renamed_font

HERE = Path(__file__).resolve().parent
LOGOS = HERE.parent / "reference_assets" / "stockholm" / "logo"
POSITIVE = LOGOS / "standin-positive.svg"
NEGATIVE = LOGOS / "standin-negative.svg"
A4 = pymupdf.paper_rect("a4")
MM = 72 / 25.4
GREEN, PINK, DARK_GREEN = (0, 153, 145), (230, 0, 107), (0, 89, 79)

# file -> (profile, rule codes the report must contain; empty = passes with no error findings)
EXPECTED: dict[str, tuple[str, tuple[str, ...]]] = {
    "stad/compliant-poster.pdf": ("stockholm", ()),
    "stad/compliant-banner.png": ("stockholm", ()),
    "stad/poster-missing-logo.pdf": ("stockholm", ("BC101",)),
    "stad/poster-small-logo.pdf": ("stockholm", ("BC102",)),
    "stad/banner-off-palette.png": ("stockholm", ("BC201",)),
    "stad/poster-stretched-logo.pdf": ("stockholm", ("BC104",)),
    "stad/flyer-wrong-font.pdf": ("stockholm", ("BC301", "BC303")),
    "bolag/letter-with-sender.pdf": ("stockholm-bolag", ()),
    "bolag/letter-missing-sender.pdf": ("stockholm-bolag", ("BC401",)),
    "bolag/letter-city-logo.pdf": ("stockholm-bolag", ("BC108", "BC304")),
    "bolag/scanned-letter-with-sender.jpg": ("stockholm-bolag", ()),
    "broken/truncated-download.pdf": ("stockholm", ("BC901",)),
    "broken/empty-export.png": ("stockholm", ("BC901",)),
}


def _rgb(c: tuple[int, int, int]) -> tuple[float, float, float]:
    return (c[0] / 255, c[1] / 255, c[2] / 255)


def _fonts(page: pymupdf.Page) -> dict[str, str]:
    return {
        "regular": insert_font(
            page, "F1", renamed_font("LiberationSans-Regular.ttf", "Arial", "Regular", "ArialMT")
        ),
        "bold": insert_font(
            page, "F2", renamed_font("LiberationSans-Bold.ttf", "Arial", "Bold", "Arial-BoldMT")
        ),
    }


def _new_pdf(title: str) -> tuple[pymupdf.Document, pymupdf.Page]:
    doc = pymupdf.open()
    doc.set_metadata({"title": title, "author": "brandcheck samples"})
    doc.set_language("sv-SE")
    return doc, doc.new_page(width=A4.width, height=A4.height)


def _save(doc: pymupdf.Document, path: Path) -> None:
    doc.subset_fonts()
    doc.save(path, garbage=3, deflate=True)


def _poster_body(page: pymupdf.Page, fonts: dict[str, str], heading: str) -> None:
    page.draw_rect(pymupdf.Rect(0, 300, A4.width, 620), color=None, fill=_rgb(GREEN))
    page.insert_text((40, 360), heading, fontname=fonts["bold"], fontsize=30, color=(1, 1, 1))
    page.insert_text(
        (40, 660),
        "Välkommen till Kulturhuset i september.",
        fontname=fonts["regular"],
        fontsize=14,
        color=(0, 0, 0),
    )
    page.insert_text(
        (40, 690),
        "Fri entré. Läs mer på stockholm.se",
        fontname=fonts["regular"],
        fontsize=11,
        color=_rgb(DARK_GREEN),
    )


def _logo_rect(width_mm: float, x: float = 14 * MM, y: float = 14 * MM, stretch: float = 1.0):
    w = width_mm * MM
    return pymupdf.Rect(x, y, x + w * stretch, y + w / 2.75)


def poster(path: Path, logo_width_mm: float | None, stretch: float = 1.0) -> None:
    doc, page = _new_pdf("Höstprogram – Stockholms stad")
    fonts = _fonts(page)
    if logo_width_mm:
        place_logo(page, POSITIVE, _logo_rect(logo_width_mm, stretch=stretch))
    _poster_body(page, fonts, "Höstens program")
    _save(doc, path)


def wrong_font_flyer(path: Path) -> None:
    doc, page = _new_pdf("Flygblad")
    place_logo(page, POSITIVE, _logo_rect(45))
    comic = insert_font(
        page,
        "F3",
        renamed_font("DejaVuSans.ttf", "Comic Display", "Regular", "ComicDisplay-Regular"),
    )
    page.insert_text((40, 300), "Loppis på torget", fontname=comic, fontsize=28)
    page.insert_text((40, 330), "Det finstilta: anmälan senast fredag.", fontname=comic, fontsize=5)
    _save(doc, path)


def letter(path: Path, sender: bool, city_logo: bool = False) -> None:
    doc, page = _new_pdf("Brev från Stockholm Vatten och Avfall")
    fonts = _fonts(page)
    if city_logo:
        place_logo(page, POSITIVE, _logo_rect(45))
        st = insert_font(
            page,
            "F4",
            renamed_font("LiberationSans-Bold.ttf", "Stockholm Type", "Bold", "StockholmType-Bold"),
        )
        page.insert_text((40, 200), "Information om vattenavstängning", fontname=st, fontsize=18)
    page.draw_rect(
        pymupdf.Rect(A4.width - 120, 40, A4.width - 40, 80), color=None, fill=(0.1, 0.3, 0.6)
    )  # the company's own mark
    page.insert_text((330, 110), "Stockholm Vatten och Avfall", fontname=fonts["bold"], fontsize=16)
    body = [
        "Hej!",
        "Den 12 oktober stänger vi av vattnet mellan kl. 9 och 12.",
        "Vi ber om ursäkt för besväret.",
    ]
    for i, line in enumerate(body):
        page.insert_text((40, 260 + 20 * i), line, fontname=fonts["regular"], fontsize=12)
    if sender:
        page.insert_text(
            (40, 790),
            "Stockholm Vatten och Avfall – en del av Stockholms stad",
            fontname=fonts["regular"],
            fontsize=10,
        )
    _save(doc, path)


def _logo_raster(svg: Path, width_px: int, stretch: float = 1.0) -> Image.Image:
    src = pymupdf.open(svg)
    zoom = width_px / src[0].rect.width
    pix = src[0].get_pixmap(matrix=pymupdf.Matrix(zoom * stretch, zoom), alpha=True)
    return Image.frombytes("RGBA", (pix.width, pix.height), pix.samples)


def banner(path: Path, off_palette: bool) -> None:
    img = Image.new("RGB", (1200, 400), (255, 255, 255))
    img.paste(Image.new("RGB", (700, 400), PINK), (500, 0))
    if off_palette:
        img.paste(Image.new("RGB", (300, 160), (255, 0, 0)), (160, 200))
    logo = _logo_raster(POSITIVE, 320)
    img.paste(logo, (48, 48), logo)
    img.save(path, optimize=True)


def scanned(path: Path, pdf: Path) -> None:
    page = pymupdf.open(pdf)[0]
    pix = page.get_pixmap(dpi=150, colorspace=pymupdf.csGRAY)
    img = Image.frombytes("L", (pix.width, pix.height), pix.samples)
    rng = np.random.default_rng(7)
    noisy = np.clip(np.asarray(img, dtype=np.int16) + rng.normal(0, 6, img.size[::-1]), 0, 255)
    Image.fromarray(noisy.astype(np.uint8)).rotate(0.4, fillcolor=255).save(path, quality=70)


def broken(folder: Path, source: Path) -> None:
    (folder / "truncated-download.pdf").write_bytes(source.read_bytes()[:256])
    (folder / "empty-export.png").write_bytes(b"")


def main(out: Path = HERE) -> None:
    for sub in ("stad", "bolag", "broken"):
        (out / sub).mkdir(parents=True, exist_ok=True)
    poster(out / "stad/compliant-poster.pdf", 45)
    banner(out / "stad/compliant-banner.png", off_palette=False)
    poster(out / "stad/poster-missing-logo.pdf", None)
    poster(out / "stad/poster-small-logo.pdf", 15)
    banner(out / "stad/banner-off-palette.png", off_palette=True)
    poster(out / "stad/poster-stretched-logo.pdf", 45, stretch=1.3)
    wrong_font_flyer(out / "stad/flyer-wrong-font.pdf")
    letter(out / "bolag/letter-with-sender.pdf", sender=True)
    letter(out / "bolag/letter-missing-sender.pdf", sender=False)
    letter(out / "bolag/letter-city-logo.pdf", sender=True, city_logo=True)
    scanned(out / "bolag/scanned-letter-with-sender.jpg", out / "bolag/letter-with-sender.pdf")
    broken(out / "broken", out / "stad/compliant-poster.pdf")
    print(f"wrote {len(EXPECTED)} samples under {out}", file=sys.stderr)


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else HERE)
