"""Whether a PNG's or JPEG's pixel data are as long as its header says.

Pillow decodes a PNG whose zlib stream ends early, and a JPEG whose scan ends before the size
its header (SOF) claims, without a word: the missing rows come out black or as the decoder's
grey fill, and were checked as if drawn. These readers look at the data themselves; they are
light (no Pillow, no numpy), so the hot folder's completeness test uses them too.
"""

from __future__ import annotations

import mmap
import struct
import zlib
from pathlib import Path

_PNG = b"\x89PNG\r\n\x1a\n"
_CHANNELS = {0: 1, 2: 3, 3: 1, 4: 2, 6: 4}  # PNG colour type -> samples per pixel
_ADAM7 = (
    (0, 0, 8, 8),
    (4, 0, 8, 8),
    (0, 4, 4, 8),
    (2, 0, 4, 4),
    (0, 2, 2, 4),
    (1, 0, 2, 2),
    (0, 1, 1, 2),
)
_STEP = 1 << 20


def short_data(path: Path) -> str | None:
    """What the picture's data lack against its header ("30 of its 300 rows"), or None when
    they are whole, the format is neither PNG nor JPEG, or the file cannot be read here (the
    decoder then says what is wrong)."""
    try:
        with path.open("rb") as fh:
            head = fh.read(8)
            fh.seek(0)
            if head.startswith(_PNG):
                return _png_short(fh)
            if head.startswith(b"\xff\xd8\xff"):
                with mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ) as data:
                    return _jpeg_short(data)
    except (OSError, ValueError, struct.error, zlib.error):
        return None
    return None


def png_rows_whole(img) -> bool:
    """Whether a PNG frame Pillow has decoded shows that its data held every row, so that
    ``short_data`` need not inflate them a second time (about 9 ms for a 1,200 × 800 export).
    Pillow leaves the rows a short zlib stream lacks as zero bytes, written top down: a
    non-interlaced, single-frame PNG whose last row holds a byte that is not zero had them
    all. False when it cannot tell (another format, interlaced, animated, a last row of
    zeros, such as a black edge): ``short_data`` then reads the data as before."""
    if img.format != "PNG" or img.info.get("interlace") or getattr(img, "n_frames", 1) != 1:
        return False
    w, h = img.size
    return bool(img.crop((0, h - 1, w, h)).tobytes().strip(b"\0"))


_PNG_METADATA = (b"eXIf", b"tEXt", b"zTXt", b"iTXt")  # where a PNG can keep EXIF or XMP


def png_metadata_after_data(path: Path) -> bool:
    """Whether a PNG keeps an EXIF or text chunk after its pixel data, where Pillow finds it
    only by decoding every pixel; walks the chunk headers, reading no data. True when the
    file cannot be walked (Pillow then reads it as before)."""
    try:
        with path.open("rb") as fh:
            if fh.read(8) != _PNG:
                return True
            seen_data = False
            while header := fh.read(8):
                if len(header) < 8:
                    return True
                length, kind = struct.unpack(">I4s", header)
                seen_data = seen_data or kind == b"IDAT"
                if kind == b"IEND":
                    return False
                if seen_data and kind in _PNG_METADATA:
                    return True
                fh.seek(length + 4, 1)
    except (OSError, struct.error):
        return True
    return True


def _png_raw_size(w: int, h: int, depth: int, colour: int, interlace: int) -> tuple[int, int]:
    """(bytes of the filtered image data, bytes of one row of a non-interlaced image)."""
    bits = _CHANNELS[colour] * depth
    row = 1 + (w * bits + 7) // 8
    if not interlace:
        return h * row, row
    total = 0
    for x0, y0, dx, dy in _ADAM7:
        pw, ph = (w - x0 + dx - 1) // dx, (h - y0 + dy - 1) // dy
        if pw > 0 and ph > 0:
            total += ph * (1 + (pw * bits + 7) // 8)
    return total, row


def _png_short(fh) -> str | None:
    fh.seek(8)
    length, kind = struct.unpack(">I4s", fh.read(8))
    if kind != b"IHDR" or length != 13:
        return None
    w, h, depth, colour, _c, _f, interlace = struct.unpack(">IIBBBBB", fh.read(13))
    if colour not in _CHANNELS:
        return None
    expected, row = _png_raw_size(w, h, depth, colour, interlace)
    fh.seek(4, 1)  # IHDR's CRC
    inflate, got = zlib.decompressobj(), 0
    while got < expected:
        header = fh.read(8)
        if len(header) < 8:
            return None  # cut short in the file: Pillow refuses it
        length, kind = struct.unpack(">I4s", header)
        if kind == b"IEND":
            break
        if kind != b"IDAT":
            fh.seek(length + 4, 1)
            continue
        left = length
        while left and got < expected and not inflate.eof:
            chunk = fh.read(min(left, _STEP))
            if not chunk:
                return None
            left -= len(chunk)
            got += _inflated(inflate, chunk, expected - got)
        fh.seek(left + 4, 1)
        if inflate.eof:
            break
    if got >= expected:
        return None
    if interlace:
        return f"its data hold {got:,} of the {expected:,} bytes its {w}×{h} pixels need"
    return f"its data hold {got // row:,} of its {h:,} rows"


def _inflated(inflate, chunk: bytes, wanted: int) -> int:
    """Bytes `chunk` inflates to, up to `wanted`, never holding more than a step of them."""
    got = 0
    while chunk and got < wanted and not inflate.eof:
        got += len(inflate.decompress(chunk, min(_STEP, wanted - got)))
        chunk = inflate.unconsumed_tail
    return got


_BASELINE, _PROGRESSIVE = (0xC0, 0xC1), (0xC2,)
_SOF = set(range(0xC0, 0xD0)) - {0xC4, 0xC8, 0xCC}  # not DHT, JPG, DAC
_NO_LENGTH = set(range(0xD0, 0xDA)) | {0x01}  # RSTn, SOI, EOI, TEM


def _jpeg_short(data) -> str | None:
    """A lower bound of the entropy-coded bits the SOF's size needs (each 8×8 block takes at
    least one Huffman code, two in a baseline scan: its DC and end of block) against the bits
    the scans hold. It finds a header that claims more pixels than the data can hold, not a
    scan cut a little short; arithmetic-coded and lossless JPEGs are not judged."""
    pos, size = 2, len(data)
    blocks, per_block, size_text, coded = 0, 0, "", 0
    while pos + 4 <= size:
        if data[pos] != 0xFF:
            return None
        marker = data[pos + 1]
        if marker == 0xFF:
            pos += 1
            continue
        if marker == 0xD9:
            break
        if marker in _NO_LENGTH:
            pos += 2
            continue
        length = struct.unpack(">H", data[pos + 2 : pos + 4])[0]
        segment = data[pos + 4 : pos + 2 + length]
        if marker in _SOF:
            if marker not in _BASELINE + _PROGRESSIVE:
                return None  # lossless, hierarchical or arithmetic-coded: not judged
            blocks, size_text = _jpeg_blocks(segment)
            per_block = 2 if marker in _BASELINE else 1
        pos += 2 + length
        if marker == 0xDA:  # entropy-coded data up to the next marker that is not RSTn
            end = pos
            while True:
                end = data.find(b"\xff", end)
                if end < 0 or end + 1 >= size:
                    end = size
                    break
                following = data[end + 1]
                if following == 0x00 or 0xD0 <= following <= 0xD7:
                    end += 2  # a stuffed FF, or a restart marker inside the scan
                    continue
                break
            coded += end - pos
            pos = end
    if not blocks or coded * 8 >= blocks * per_block:
        return None
    share = coded * 8 / (blocks * per_block)
    return f"its data can hold at most {share:.0%} of the {size_text} pixels its header claims"


def _jpeg_blocks(sof: bytes) -> tuple[int, str]:
    """8×8 blocks of all components of a frame (SOF segment), and its size as text."""
    h, w, n = struct.unpack(">HHB", sof[1:6])
    comps = [(sof[6 + 3 * i + 1] >> 4, sof[6 + 3 * i + 1] & 15) for i in range(n)]
    hmax, vmax = max(c[0] for c in comps), max(c[1] for c in comps)
    blocks = 0
    for hs, vs in comps:
        cw, ch = -(-w * hs // hmax), -(-h * vs // vmax)
        blocks += -(-cw // 8) * -(-ch // 8)
    return blocks, f"{w}×{h}"
