"""Pictures whose header claims more pixels than a machine holds, for the bomb tests."""

from __future__ import annotations

import zlib


def png_claiming(width: int, height: int) -> bytes:
    """A PNG that says it is ``width`` x ``height`` RGB pixels and holds one row: resvg
    allocates the whole picture before it reads the rows (a header alone it refuses)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        crc = zlib.crc32(kind + data) & 0xFFFFFFFF
        return len(data).to_bytes(4, "big") + kind + data + crc.to_bytes(4, "big")

    header = width.to_bytes(4, "big") + height.to_bytes(4, "big") + bytes([8, 2, 0, 0, 0])
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(bytes(1 + 3 * min(width, 100))))
        + chunk(b"IEND", b"")
    )
