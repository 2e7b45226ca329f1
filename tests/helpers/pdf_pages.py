"""One-page PDFs from hand-written content streams (pikepdf), for tests of what the walk sees."""

from __future__ import annotations

import struct
from collections.abc import Callable
from pathlib import Path

import pikepdf
from pikepdf import Dictionary, Name


def one_page(
    path: Path,
    content: str,
    size: tuple[float, float] = (595, 842),
    build: Callable[[pikepdf.Pdf, pikepdf.Dictionary], None] | None = None,
    **boxes: list[float],
) -> Path:
    """Save a one-page PDF drawing `content`, Helvetica as /F1; `build(pdf, page)` adds
    resources (see `add`) or catalog entries; `boxes` are page boxes such as TrimBox."""
    pdf = pikepdf.new()
    pdf.add_blank_page(page_size=size)
    page = pdf.pages[0].obj
    font = Dictionary(Type=Name.Font, Subtype=Name.Type1, BaseFont=Name.Helvetica)
    page.Resources = Dictionary(Font=Dictionary(F1=pdf.make_indirect(font)))
    for name, box in boxes.items():
        page[Name("/" + name)] = pikepdf.Array(box)
    if build is not None:
        build(pdf, page)
    page.Contents = pdf.make_stream(content.encode("latin-1"))
    pdf.save(path)
    return path


def add(page: pikepdf.Dictionary, category: str, name: str, obj: object) -> None:
    """Put `obj` into the page's resources as /category /name."""
    resources = page.Resources
    if Name("/" + category) not in resources:
        resources[Name("/" + category)] = Dictionary()
    resources[Name("/" + category)][Name("/" + name)] = obj


def form(pdf: pikepdf.Pdf, content: str, bbox: list[float], **entries: object) -> pikepdf.Stream:
    """An indirect Form XObject drawing `content` (more dictionary entries as keywords)."""
    stream = pdf.make_stream(content.encode("latin-1"))
    stream.Type, stream.Subtype, stream.BBox = Name.XObject, Name.Form, pikepdf.Array(bbox)
    for key, value in entries.items():
        stream[Name("/" + key)] = value
    return stream


def type3_font(pdf: pikepdf.Pdf, text: str, **entries: object) -> pikepdf.Object:
    """An indirect Type 3 font that draws each character of ``text`` (ASCII letters and space)
    as a box, named by glyph names MuPDF reads as text; no /BaseFont unless ``entries`` (more
    dictionary entries, such as Name=Name.F36) give one, as pdfLaTeX writes bitmap fonts."""
    codes = sorted({ord(ch) for ch in text})
    glyph = {c: "space" if c == 32 else chr(c) for c in codes}
    procs = Dictionary()
    for code in codes:
        box = "" if code == 32 else "0 0 400 600 re f"
        procs[Name("/" + glyph[code])] = pdf.make_stream(f"500 0 0 0 500 700 d1 {box}".encode())
    differences = pikepdf.Array([codes[0], *(Name("/" + glyph[c]) for c in codes)])
    first, last = codes[0], codes[-1]
    font = Dictionary(
        Type=Name.Font,
        Subtype=Name.Type3,
        FontMatrix=pikepdf.Array([0.001, 0, 0, 0.001, 0, 0]),
        FontBBox=pikepdf.Array([0, 0, 500, 700]),
        FirstChar=first,
        LastChar=last,
        Widths=pikepdf.Array([500 if c in glyph else 0 for c in range(first, last + 1)]),
        Encoding=Dictionary(Type=Name.Encoding, Differences=differences),
        CharProcs=procs,
        Resources=Dictionary(),
    )
    for key, value in entries.items():
        font[Name("/" + key)] = value
    return pdf.make_indirect(font)


#: Adobe RGB (1998) primaries adapted to D50 (as its ICC profile states them), gamma 563/256.
ADOBE_RGB = ((0.6097, 0.3111, 0.0195), (0.2053, 0.6257, 0.0609), (0.1492, 0.0632, 0.7446))


def rgb_profile(primaries=ADOBE_RGB, gamma: float = 563 / 256) -> bytes:
    """A minimal ICC v2 matrix/TRC RGB display profile (what an ICCBased RGB space embeds)."""

    def s15(v: float) -> bytes:
        return struct.pack(">i", round(v * 65536))

    def xyz(v: tuple[float, float, float]) -> bytes:
        return b"XYZ \0\0\0\0" + b"".join(s15(c) for c in v)

    text = b"test RGB\0"
    desc = b"desc\0\0\0\0" + struct.pack(">I", len(text)) + text + bytes(4 + 4 + 2 + 1 + 67)
    curve = b"curv\0\0\0\0" + struct.pack(">IH", 1, round(gamma * 256)) + b"\0\0"
    tags = [(b"desc", desc), (b"wtpt", xyz((0.9642, 1.0, 0.8249)))]
    tags += [(s, xyz(p)) for s, p in zip((b"rXYZ", b"gXYZ", b"bXYZ"), primaries, strict=True)]
    tags += [(s, curve) for s in (b"rTRC", b"gTRC", b"bTRC")]
    offset, table, data = 128 + 4 + 12 * len(tags), b"", b""
    for sig, body in tags:
        body += bytes(-len(body) % 4)
        table += sig + struct.pack(">II", offset + len(data), len(body))
        data += body
    size = offset + len(data)
    header = struct.pack(">I4sI4s4s4s", size, b"none", 0x02100000, b"mntr", b"RGB ", b"XYZ ")
    header += bytes(12) + b"acsp" + bytes(24) + struct.pack(">I", 0)
    header += s15(0.9642) + s15(1.0) + s15(0.8249) + bytes(4 + 16 + 28)
    assert len(header) == 128
    return header + struct.pack(">I", len(tags)) + table + data
