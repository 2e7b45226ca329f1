"""Test material for typography and sender rules: PDFs set in renamed free fonts through
PyMuPDF, their scans, and raster images of text drawn with Pillow."""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pymupdf
from PIL import Image, ImageDraw, ImageFilter, ImageFont

from brandcheck import synth

REGULAR = "DejaVuSans.ttf"
BOLD = "DejaVuSans-Bold.ttf"
BASE14 = frozenset({"helv", "tiro", "cour", "hebo", "symb", "zadb"})  # PyMuPDF's names


def renamed_font(postscript: str, source: str = REGULAR) -> bytes:
    """A free font renamed to `postscript` ('StockholmType-Bold' -> family 'StockholmType',
    style 'Bold'), as a font vendor would name it (``brandcheck.synth.renamed_font``)."""
    family, _, style = postscript.partition("-")
    return synth.renamed_font(source, family, style or "Regular", postscript)


@dataclass(frozen=True)
class Run:
    """One line of text on a PDF page: text, font ('helv', 'zadb', ... for an unembedded
    base-14 font, or a PostScript name to embed a renamed DejaVu font), size in pt and
    baseline position."""

    text: str
    font: str = "ArialMT"
    size: float = 11.0
    at: tuple[float, float] = (60.0, 100.0)
    bold: bool = False


def to_outlines(live: Path, path: Path) -> Path:
    """The first page of a PDF with its text converted to outlines, as a print export writes
    it: the glyphs drawn as vector paths (MuPDF's SVG of the page, text as paths, made a PDF
    again) and no text layer."""
    with pymupdf.open(live) as doc:
        svg = doc[0].get_svg_image(text_as_path=True)
    with pymupdf.open(stream=svg.encode(), filetype="svg") as drawn:
        path.write_bytes(drawn.convert_to_pdf())
    return path


def write_pdf(path: Path, pages: list[list[Run]], size: tuple[float, float] = (595, 842)) -> Path:
    """A PDF with these runs on these pages; fonts embedded except the base-14 ones."""
    doc = pymupdf.open()
    doc.set_metadata({"title": "Test"})
    for runs in pages:
        page = doc.new_page(width=size[0], height=size[1])
        aliases: dict[str, str] = {}
        for run in runs:
            name = run.font
            if name not in BASE14 and name not in aliases:
                aliases[name] = f"F{len(aliases)}"
                synth.insert_font(
                    page, aliases[name], renamed_font(name, BOLD if run.bold else REGULAR)
                )
            page.insert_text(run.at, run.text, fontname=aliases.get(name, name), fontsize=run.size)
    doc.save(path, garbage=3, deflate=True)
    doc.close()
    return path


def scan_pdf(
    pdf: Path,
    out: Path,
    dpi: int = 150,
    quality: int | None = 60,
    turn: int = 0,
    paper: float = 0.0,
    tagged: bool = False,
) -> Path:
    """Rasterise page 1 of a PDF as a scanner would, JPEG-compressed (or, with ``quality``
    None, or for a .png, as a lossless PNG, as a RIP or Ghostscript flattens it): a .jpg, .png
    or image-only .pdf; ``turn``: the page scanned turned that many degrees counter-clockwise
    (90, 180, 270); ``paper``: the sheet as a scanner shows it, off-white with a blotchy texture,
    grain of that standard deviation (levels) and a slight blur; ``tagged``: a .jpg or .png
    carries its resolution (dpi)."""
    with pymupdf.open(pdf) as doc:
        page = doc[0]
        pix = page.get_pixmap(dpi=dpi)
        img = Image.frombytes("RGB", (pix.width, pix.height), pix.samples)
        rect = page.rect
    if paper:
        img = _on_paper(img, paper)
    img = img.rotate(turn, expand=True) if turn % 360 else img  # a quarter turn is lossless
    width, height = (rect.height, rect.width) if turn % 180 else (rect.width, rect.height)
    buf = io.BytesIO()
    tag = {"dpi": (dpi, dpi)} if tagged else {}
    if quality is None or out.suffix.lower() == ".png":
        img.save(buf, format="PNG", **tag)
    else:
        img.save(buf, format="JPEG", quality=quality, **tag)
    if out.suffix.lower() in (".jpg", ".jpeg", ".png"):
        out.write_bytes(buf.getvalue())
        return out
    doc = pymupdf.open()
    page = doc.new_page(width=width, height=height)
    page.insert_image(page.rect, stream=buf.getvalue())
    doc.save(out)
    doc.close()
    return out


def _on_paper(img: Image.Image, grain: float, seed: int = 0) -> Image.Image:
    """``img`` printed on off-white paper and scanned: ink a little short of black, a blotchy
    texture a few levels deep, grain of standard deviation ``grain``, a slight blur."""
    rng = np.random.default_rng(seed)
    tone = np.asarray(img).astype(np.float32) * 0.93 + np.float32(8)
    h, w = tone.shape[:2]
    blotches = rng.normal(0, 4, (max(1, h // 40), max(1, w // 40))).astype(np.float32)
    tone += np.asarray(Image.fromarray(blotches).resize((w, h), Image.Resampling.BICUBIC))[
        ..., None
    ]
    tone += rng.normal(0, grain, tone.shape).astype(np.float32)
    tone[..., 2] -= 6  # yellowish
    scanned = Image.fromarray(np.clip(tone, 0, 255).astype(np.uint8))
    return scanned.filter(ImageFilter.GaussianBlur(0.6))


def write_image(
    path: Path,
    lines: list[tuple[str, int]],
    size: tuple[int, int] = (900, 400),
    colours: tuple[tuple[int, int, int], tuple[int, int, int]] = ((255, 255, 255), (0, 0, 0)),
    dpi: int | None = None,
) -> Path:
    """An image with (text, font size in px) lines drawn in DejaVu Sans, top to bottom."""
    img = Image.new("RGB", size, colours[0])
    draw = ImageDraw.Draw(img)
    y = 20
    for text, px in lines:
        font = ImageFont.truetype(str(synth.find_font(REGULAR)), px)
        draw.text((30, y), text, font=font, fill=colours[1])
        y += int(px * 1.6)
    kwargs = {"dpi": (dpi, dpi)} if dpi else {}
    if path.suffix.lower() in (".jpg", ".jpeg"):
        kwargs["quality"] = 85
    img.save(path, **kwargs)
    return path


def write_lockup(path: Path, line: str | None, wordmark: str = "SVOA") -> Path:
    """A company's logo lockup as a transparent PNG: a drop-shaped emblem 160 px high, a bold
    wordmark beside it and, when given, a line of small text under both (as bolag set "en del
    av Stockholms stad")."""
    ink = (10, 77, 140, 255)
    img = Image.new("RGBA", (900, 260), (255, 255, 255, 0))
    draw = ImageDraw.Draw(img)
    draw.polygon([(80, 8), (22, 110), (138, 110)], fill=ink)  # the drop's tip
    draw.ellipse((18, 50, 142, 172), fill=ink)
    draw.polygon([(45, 112), (95, 104), (118, 96), (118, 126), (95, 118)], fill=(255,) * 4)
    bold = ImageFont.truetype(str(synth.find_font(BOLD)), 120)
    draw.text((170, 30), wordmark, font=bold, fill=ink)
    if line:
        font = ImageFont.truetype(str(synth.find_font(REGULAR)), 38)
        draw.text((10, 196), line, font=font, fill=ink)
    img.save(path)
    return path
