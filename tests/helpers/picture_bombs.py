"""PNG and JPEG files written byte by byte: cut short, or claiming more pixels than exist."""

from __future__ import annotations

import io
import zlib


def png(width: int, height: int, rows: bytes) -> bytes:
    """An 8-bit RGB PNG whose header says ``width`` x ``height`` and whose data holds
    ``rows`` (each a filter byte and its pixels), however many rows those are."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        crc = zlib.crc32(kind + data) & 0xFFFFFFFF
        return len(data).to_bytes(4, "big") + kind + data + crc.to_bytes(4, "big")

    header = width.to_bytes(4, "big") + height.to_bytes(4, "big") + bytes([8, 2, 0, 0, 0])
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )


def png_claiming(width: int, height: int) -> bytes:
    """A PNG that says it is ``width`` x ``height`` RGB pixels and holds one row: resvg
    allocates the whole picture before it reads the rows (a header alone it refuses)."""
    return png(width, height, bytes(1 + 3 * min(width, 100)))


def jpeg_claiming(width: int, height: int) -> bytes:
    """A baseline JPEG whose frame header (SOF0) says ``width`` x ``height`` (each at most
    65,535) and whose scan holds 16 x 16 pixels."""
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (16, 16), "white").save(out, "JPEG")
    data = bytearray(out.getvalue())
    at = data.index(b"\xff\xc0") + 5  # marker, length, precision: then height, width
    data[at : at + 4] = height.to_bytes(2, "big") + width.to_bytes(2, "big")
    return bytes(data)


def gif_claiming(width: int, height: int) -> bytes:
    """A 16 x 16 GIF whose one frame says it is ``width`` x ``height`` (each at most 65,535):
    Pillow grows the picture to the frame, and its own guard refuses it while reading the
    header, before the size is known."""
    from PIL import Image

    out = io.BytesIO()
    Image.new("P", (16, 16)).save(out, "GIF")
    data = bytearray(out.getvalue())
    at = data.index(b",") + 5  # image separator, left, top: then width, height
    data[at : at + 4] = width.to_bytes(2, "little") + height.to_bytes(2, "little")
    return bytes(data)
