"""Generate broken and hostile input files for the robustness suite (seeded and deterministic)."""

from __future__ import annotations

import io
import os
import random
import struct
import zlib
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pymupdf
from PIL import Image

HOSTILE_TEXT = '<script>alert("x")</script> & [bold red]markup[/] \x1b[31mansi\x1b[0m \u202eevil'
"""Text that must come out inert in every report format (HTML, rich markup, ANSI, bidi)."""

# --- valid seed files ----------------------------------------------------------------------


def _pattern(width: int, height: int, seed: int) -> np.ndarray:
    rng = np.random.default_rng(seed)
    img = np.full((height, width, 3), 255, np.uint8)
    img[height // 4 : height // 2, width // 4 : width // 2] = (0, 111, 186)  # a brand blue
    img[::7] = rng.integers(0, 255, size=(len(img[::7]), width, 3), dtype=np.uint8)
    return img


def image_bytes(fmt: str, size: tuple[int, int] = (96, 64), seed: int = 0, **save: object) -> bytes:
    """A small real image in a Pillow format (PNG, JPEG, TIFF, GIF, WEBP, BMP)."""
    img = Image.fromarray(_pattern(*size, seed))
    if fmt == "GIF":
        img = img.convert("P")
    buf = io.BytesIO()
    img.save(buf, fmt, **save)
    return buf.getvalue()


def tiff_multipage_bytes(frames: int = 3, seed: int = 0) -> bytes:
    """A multi-frame TIFF (each frame is a page)."""
    imgs = [Image.fromarray(_pattern(64, 48, seed + i)) for i in range(frames)]
    buf = io.BytesIO()
    imgs[0].save(buf, "TIFF", save_all=True, append_images=imgs[1:], compression="tiff_deflate")
    return buf.getvalue()


def pdf_bytes(
    pages: int = 2,
    size: tuple[float, float] = (595, 842),
    *,
    text: str = "Stockholms stad robustness test",
    title: str = "Robustness",
    image: bool = True,
    garbage: int = 0,
) -> bytes:
    """A real PDF with text, a vector shape and a placed raster image on each page."""
    doc = pymupdf.open()
    png = image_bytes("PNG", (40, 30))
    for _ in range(pages):
        page = doc.new_page(width=size[0], height=size[1])
        page.insert_text((36, 72), text, fontsize=14, color=(0, 0.43, 0.73))
        page.draw_rect(pymupdf.Rect(36, 100, 200, 160), color=(1, 0, 0), fill=(0, 0.43, 0.73))
        if image:
            page.insert_image(pymupdf.Rect(220, 100, 300, 160), stream=png)
    doc.set_metadata({"title": title})
    return doc.tobytes(garbage=garbage, deflate=True)


def svg_bytes(text: str = "Stockholm") -> bytes:
    """A small SVG with a shape and text (entities escaped)."""
    from xml.sax.saxutils import escape

    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<svg xmlns="http://www.w3.org/2000/svg" width="200" height="100" viewBox="0 0 200 100">'
        '<rect x="10" y="10" width="80" height="50" fill="#006EBB"/>'
        f'<text x="10" y="90" font-size="14">{escape(text)}</text></svg>\n'
    ).encode()


def seed_files() -> dict[str, bytes]:
    """The valid files every mutation starts from, keyed by a file name."""
    return {
        "doc.pdf": pdf_bytes(),
        "doc-uncompressed.pdf": pdf_bytes(pages=1, garbage=0, image=False),
        "img.png": image_bytes("PNG"),
        "img.jpg": image_bytes("JPEG", quality=85),
        "img-progressive.jpg": image_bytes("JPEG", progressive=True),
        "img.tif": image_bytes("TIFF", compression="tiff_lzw"),
        "multi.tif": tiff_multipage_bytes(),
        "img.gif": image_bytes("GIF"),
        "img.webp": image_bytes("WEBP"),
        "img.bmp": image_bytes("BMP"),
        "img.svg": svg_bytes(),
    }


# --- mutations -----------------------------------------------------------------------------


def truncation_offsets(length: int, count: int = 12) -> list[int]:
    """Offsets to cut a file at: the first bytes, spread through the middle, near the end."""
    fixed = {0, 1, 4, 8, 16, 33, 64, length // 2, length - 1, length - 2, length - 16}
    spread = {length * k // count for k in range(1, count)}
    return sorted(o for o in fixed | spread if 0 <= o < length)


def bit_flips(data: bytes, seed: int, flips: int = 8) -> bytes:
    """`data` with `flips` random bits inverted (reproducible from `seed`)."""
    rng = random.Random(seed)
    out = bytearray(data)
    for _ in range(flips):
        pos = rng.randrange(len(out))
        out[pos] ^= 1 << rng.randrange(8)
    return bytes(out)


# --- bombs and giants ----------------------------------------------------------------------


def _png_chunk(kind: bytes, body: bytes) -> bytes:
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))


def png_bomb(width: int, height: int, rows: int = 64) -> bytes:
    """A PNG whose header claims width×height RGB; only `rows` rows of (zero) data follow."""
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    comp = zlib.compressobj(9)
    row = b"\x00" * (1 + 3 * width)
    idat = b"".join(comp.compress(row) for _ in range(min(rows, height))) + comp.flush()
    return (
        b"\x89PNG\r\n\x1a\n"
        + _png_chunk(b"IHDR", ihdr)
        + _png_chunk(b"IDAT", idat)
        + _png_chunk(b"IEND", b"")
    )


def gif_huge(width: int = 65535, height: int = 65535) -> bytes:
    """A ~40-byte GIF whose screen and single frame claim width×height pixels."""
    header = (
        b"GIF89a" + struct.pack("<HHBBB", width, height, 0x80, 0, 0) + b"\x00" * 3 + b"\xff" * 3
    )
    frame = b"\x2c" + struct.pack("<HHHHB", 0, 0, width, height, 0)
    lzw = b"\x02\x02\x44\x01\x00"  # min code size 2, one tiny sub-block
    return header + frame + lzw + b"\x3b"


def tiff_huge(width: int = 100_000, height: int = 100_000) -> bytes:
    """A tiny uncompressed greyscale TIFF whose IFD claims width×height pixels."""
    entries = [
        (256, 4, 1, width),  # ImageWidth (LONG)
        (257, 4, 1, height),  # ImageLength
        (258, 3, 1, 8),  # BitsPerSample
        (259, 3, 1, 1),  # Compression: none
        (262, 3, 1, 1),  # Photometric: black is zero
        (273, 4, 1, 8),  # StripOffsets
        (277, 3, 1, 1),  # SamplesPerPixel
        (278, 4, 1, height),  # RowsPerStrip
        (279, 4, 1, min(width * height, 0xFFFFFFFF)),  # StripByteCounts
    ]
    ifd_offset = 16
    body = b"II*\x00" + struct.pack("<I", ifd_offset) + b"\x00" * 8
    ifd = struct.pack("<H", len(entries))
    for tag, typ, count, value in entries:
        packed = struct.pack("<HH", value, 0) if typ == 3 else struct.pack("<I", value)
        ifd += struct.pack("<HHI", tag, typ, count) + packed
    return body + ifd + struct.pack("<I", 0)


def pdf_giant_page(
    width_pt: float = 5000 / 25.4 * 72, height_pt: float = 1000 / 25.4 * 72
) -> bytes:
    """A one-page PDF whose MediaBox is huge (default 5 m × 1 m)."""
    return pdf_bytes(pages=1, size=(width_pt, height_pt))


def pdf_image_bomb(width: int = 100_000, height: int = 100_000) -> bytes:
    """A PDF placing an image XObject that claims width×height RGB pixels from a tiny stream."""
    doc = pymupdf.open()
    page = doc.new_page()
    page.insert_image(pymupdf.Rect(50, 50, 300, 300), stream=image_bytes("PNG", (8, 8)))
    xref = next(x for x, *_ in page.get_images(full=True))
    comp = zlib.compressobj(9)
    data = comp.compress(b"\x00" * (3 * width * 16)) + comp.flush()
    doc.update_stream(xref, data, compress=False)
    doc.xref_set_key(xref, "Width", str(width))
    doc.xref_set_key(xref, "Height", str(height))
    doc.xref_set_key(xref, "Filter", "/FlateDecode")
    doc.xref_set_key(xref, "DecodeParms", "null")
    doc.xref_set_key(xref, "SMask", "null")
    return doc.tobytes()


def pdf_many_pages(count: int = 3000) -> bytes:
    """A `count`-page PDF built cheaply: tiny pages that share one content stream."""
    doc = pymupdf.open()
    first = doc.new_page(width=144, height=144)
    first.insert_text((10, 72), "page", fontsize=10)
    while doc.page_count < count:  # doubling: log2(count) copies
        src = pymupdf.open(stream=doc.tobytes())
        doc.insert_pdf(src, to_page=min(doc.page_count, count - doc.page_count) - 1)
    return doc.tobytes(garbage=1)


def pdf_encrypted(user_pw: str = "", owner_pw: str = "owner-secret") -> bytes:
    """An AES-256 encrypted PDF; with an empty user password it opens without one."""
    doc = pymupdf.open(stream=pdf_bytes(pages=1), filetype="pdf")
    return doc.tobytes(
        encryption=pymupdf.PDF_ENCRYPT_AES_256,
        user_pw=user_pw,
        owner_pw=owner_pw,
        permissions=pymupdf.PDF_PERM_PRINT,
    )


def pdf_hostile_text() -> bytes:
    """A PDF whose text, title and font name carry markup, ANSI escapes and bidi controls."""
    data = pdf_bytes(pages=1, text=HOSTILE_TEXT.replace("\x1b", "^["), title=HOSTILE_TEXT)
    doc = pymupdf.open(stream=data, filetype="pdf")
    for xref, *_ in doc[0].get_fonts(full=True):
        doc.xref_set_key(xref, "BaseFont", "/Evil#3Cscript#3E#5Bbold#5D#1B#5B31m")
    return doc.tobytes()


def _pages_root(doc: pymupdf.Document) -> int:
    return int(doc.xref_get_key(doc.pdf_catalog(), "Pages")[1].split()[0])


def pdf_page_tree_cycle() -> bytes:
    """A PDF whose page tree has a second branch of /Pages nodes that point at each other."""
    doc = pymupdf.open(stream=pdf_bytes(pages=1), filetype="pdf")
    root = _pages_root(doc)
    first = doc.xref_get_key(root, "Kids")[1].strip("[]")
    a, b = doc.get_new_xref(), doc.get_new_xref()
    doc.update_object(a, f"<< /Type /Pages /Parent {root} 0 R /Kids [{b} 0 R] /Count 1 >>")
    doc.update_object(b, f"<< /Type /Pages /Parent {a} 0 R /Kids [{a} 0 R] /Count 1 >>")
    doc.xref_set_key(root, "Kids", f"[{first} {a} 0 R]")
    doc.xref_set_key(root, "Count", "2")
    return doc.tobytes()


def raw_pdf(objects: list[str], *, xref_shift: int = 0) -> bytes:
    """A hand-written PDF from object bodies (object 1 is the catalogue); offsets computed.

    `xref_shift` moves every cross-reference offset, which MuPDF then has to repair.
    """
    out = b"%PDF-1.7\n"
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n{body}\nendobj\n".encode("latin-1")
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(b"%010d 00000 n \n" % (o + xref_shift) for o in offsets)
    trailer = f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n"
    return out + trailer.encode()


def _one_page_objects(count: str = "1", mediabox: str = "0 0 612 792") -> list[str]:
    content = "BT /F1 24 Tf 20 750 Td (Stockholm) Tj ET"
    return [
        "<< /Type /Catalog /Pages 2 0 R >>",
        f"<< /Type /Pages /Kids [3 0 R] /Count {count} >>",
        f"<< /Type /Page /Parent 2 0 R /MediaBox [{mediabox}] /Contents 4 0 R"
        " /Resources << /Font << /F1 5 0 R >> >> >>",
        f"<< /Length {len(content)} >>\nstream\n{content}\nendstream",
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]


def pdf_bad_page_count(count: str = "9999999999") -> bytes:
    """A one-page PDF whose page tree claims an absurd /Count."""
    return raw_pdf(_one_page_objects(count))


def pdf_mediabox(mediabox: str) -> bytes:
    """A one-page PDF with the given MediaBox (fuzzing found 2147483904 × 200 pt pages)."""
    return raw_pdf(_one_page_objects(mediabox=mediabox))


def pdf_broken_xref() -> bytes:
    """A one-page PDF whose cross-reference offsets are all wrong (MuPDF repairs it)."""
    return raw_pdf(_one_page_objects(), xref_shift=7)


# --- the hostile set on disk ---------------------------------------------------------------


def write(folder: Path, name: str | bytes, data: bytes) -> Path:
    """Write bytes to folder/name (name may be bytes for non-UTF-8 names); return the path."""
    folder.mkdir(parents=True, exist_ok=True)
    path = Path(folder) / os.fsdecode(name)
    path.write_bytes(data)
    return path


def hostile_files() -> Iterator[tuple[str, bytes, str]]:
    """(file name, content, expected) for the generated hostile set.

    `expected` is a rule name the outcome must carry, 'ok' (checked: pass or fail), 'error'
    (some file.* error) or 'any' (one outcome of any kind; used for random mutations).
    """
    seeds = seed_files()
    for name, data in seeds.items():
        yield name, data, "ok"
        stem, ext = name.rsplit(".", 1)
        for off in truncation_offsets(len(data), 8):
            expected = "file.unreadable" if off == 0 else "error" if off < 4 else "any"
            yield f"{stem}-cut{off}.{ext}", data[:off], expected
        for seed in range(3):
            yield f"{stem}-flip{seed}.{ext}", bit_flips(data, seed, 6), "any"
    yield "empty.pdf", b"", "file.unreadable"
    yield "png-named.pdf", seeds["img.png"], "ok"
    yield "pdf-named.jpg", seeds["doc.pdf"], "ok"
    yield "text-named.png", b"just some text, not an image\n" * 10, "file.unsupported"
    yield "bomb-100k.png", png_bomb(100_000, 100_000), "file.too_large"
    yield "huge.gif", gif_huge(), "file.too_large"
    yield "huge.tif", tiff_huge(), "file.too_large"
    yield "giant-page.pdf", pdf_giant_page(), "ok"
    yield "image-bomb.pdf", pdf_image_bomb(), "any"
    yield "user-password.pdf", pdf_encrypted(user_pw="user-secret"), "file.encrypted"
    yield "owner-only.pdf", pdf_encrypted(user_pw=""), "ok"
    yield "hostile-text.pdf", pdf_hostile_text(), "ok"
    yield "page-tree-cycle.pdf", pdf_page_tree_cycle(), "file.unreadable"
    yield "page-count-absurd.pdf", pdf_bad_page_count(), "file.unreadable"
    yield "broken-xref.pdf", pdf_broken_xref(), "file.repaired"
    yield "page-757km.pdf", pdf_mediabox("0 0 2147483904 200"), "file.too_large"
    yield "page-99m-by-1pt.pdf", pdf_mediabox("0 0 280629 1"), "ok"


def write_hostile_set(folder: Path) -> dict[Path, str]:
    """Write every hostile file into `folder`; return {path: expected}."""
    return {write(folder, name, data): expected for name, data, expected in hostile_files()}
