"""ICC profiles written for tests: wide-gamut RGB spaces that need no profile files on disk.

`display_p3()` is a version 2 matrix/TRC profile with Display P3's primaries (adapted to D50 as
ICC profiles store them) and the sRGB transfer curve: what macOS, Figma and Photoshop embed in
P3 exports, close enough for LittleCMS to convert through as it would the real one.
"""

from __future__ import annotations

import struct

_D50 = (0.9642, 1.0, 0.8249)
_P3_PRIMARIES = ((0.5151, 0.2412, -0.0011), (0.2920, 0.6922, 0.0419), (0.1571, 0.0666, 0.7841))


def _s15(x: float) -> bytes:
    return struct.pack(">i", round(x * 65536))


def _xyz(xyz: tuple[float, float, float]) -> bytes:
    return b"XYZ " + bytes(4) + b"".join(_s15(v) for v in xyz)


def _srgb_curve(points: int = 1024) -> bytes:
    def linear(v: float) -> float:
        return v / 12.92 if v <= 0.04045 else ((v + 0.055) / 1.055) ** 2.4

    values = (round(linear(i / (points - 1)) * 65535) for i in range(points))
    return (
        b"curv"
        + bytes(4)
        + struct.pack(">I", points)
        + b"".join(struct.pack(">H", v) for v in values)
    )


def _desc(text: str) -> bytes:
    ascii_ = text.encode() + b"\0"
    return b"desc" + bytes(4) + struct.pack(">I", len(ascii_)) + ascii_ + bytes(4 + 4 + 2 + 1 + 67)


def matrix_profile(name: str, primaries: tuple[tuple[float, float, float], ...]) -> bytes:
    """An RGB display profile from its D50 primaries (XYZ of full red, green, blue)."""
    trc = _srgb_curve()
    tags = [
        (b"desc", _desc(name)),
        (b"cprt", b"text" + bytes(4) + b"public domain\0"),
        (b"wtpt", _xyz(_D50)),
        *(
            (sig, _xyz(xyz))
            for sig, xyz in zip((b"rXYZ", b"gXYZ", b"bXYZ"), primaries, strict=True)
        ),
        (b"rTRC", trc),
        (b"gTRC", trc),
        (b"bTRC", trc),
    ]
    offset = 128 + 4 + 12 * len(tags)
    table, data, placed = b"", b"", {}
    for sig, body in tags:
        if body not in placed:  # the three curves share one copy
            data += bytes(-(offset + len(data)) % 4)
            placed[body] = offset + len(data)
            data += body
        table += sig + struct.pack(">II", placed[body], len(body))
    body = struct.pack(">I", len(tags)) + table + data
    header = (
        struct.pack(">I", 128 + len(body))
        + b"lcms"
        + bytes([2, 0x10, 0, 0])
        + b"mntrRGB XYZ "
        + bytes(12)
        + b"acspAPPL"
        + bytes(4 + 4 + 4 + 8 + 4)
        + b"".join(_s15(v) for v in _D50)
        + bytes(4 + 16 + 28)
    )
    assert len(header) == 128
    return header + body


def display_p3() -> bytes:
    return matrix_profile("Display P3 (test)", _P3_PRIMARIES)
