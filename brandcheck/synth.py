"""Synthetic material for samples, tests and benchmarks: renamed free fonts and placed logos."""

from __future__ import annotations

import io
from functools import lru_cache
from pathlib import Path

import pymupdf

FONT_DIRS = (Path("/usr/share/fonts/truetype/liberation"), Path("/usr/share/fonts/truetype/dejavu"))


def find_font(filename: str) -> Path:
    """A free TrueType font installed by Debian's fonts-liberation / fonts-dejavu-core."""
    for folder in FONT_DIRS:
        if (folder / filename).is_file():
            return folder / filename
    raise FileNotFoundError(
        f"{filename} not found in {', '.join(map(str, FONT_DIRS))}: "
        "install Debian's fonts-liberation and fonts-dejavu-core"
    )


@lru_cache(maxsize=32)
def renamed_font(source: str, family: str, style: str, postscript: str) -> bytes:
    """A copy of a free font whose name table says it is `family` `style` (`postscript`).

    Used to make test PDFs whose embedded fonts carry the names real exports have (ArialMT,
    StockholmType-Bold) without shipping those fonts.
    """
    from fontTools.ttLib import TTFont

    font = TTFont(str(find_font(source)))
    names = {
        1: family,
        2: style,
        3: f"{postscript};brandcheck-synth",
        4: f"{family} {style}",
        6: postscript,
        16: family,
        17: style,
    }
    table = font["name"]
    for record in list(table.names):
        if record.nameID in names:
            table.removeNames(nameID=record.nameID)
    for name_id, value in names.items():
        table.setName(value, name_id, 3, 1, 0x409)
        table.setName(value, name_id, 1, 0, 0)
    out = io.BytesIO()
    font.save(out)
    return out.getvalue()


@lru_cache(maxsize=8)
def _vector_logo(svg_path: str) -> bytes:
    svg = pymupdf.open(svg_path)
    pdf = pymupdf.open("pdf", svg.convert_to_pdf())
    return pdf.tobytes()


def place_logo(
    page: pymupdf.Page, svg_path: Path | str, rect: pymupdf.Rect, oc: int = 0, rotate: int = 0
) -> None:
    """Place an SVG logo on a PDF page as vector artwork filling `rect` (aspect may change),
    in the optional-content group or membership ``oc`` (an xref) when given, turned ``rotate``
    degrees counter-clockwise (a multiple of 90: `rect` then holds the turned logo)."""
    src = pymupdf.open("pdf", _vector_logo(str(svg_path)))
    page.show_pdf_page(rect, src, 0, keep_proportion=False, oc=oc, rotate=rotate)


def insert_font(page: pymupdf.Page, alias: str, font: bytes) -> str:
    """Register a font buffer on a page under `alias` and return the alias."""
    page.insert_font(fontname=alias, fontbuffer=font)
    return alias
