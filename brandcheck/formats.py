"""Triage: recognise a file's format from its first bytes, never from its extension."""

from __future__ import annotations

import os
import re
import stat
from pathlib import Path
from typing import Literal

from brandcheck.errors import InputError

Kind = Literal["pdf", "image", "svg"]

_IMAGE_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", "png"),
    (b"\xff\xd8\xff", "jpeg"),
    (b"GIF87a", "gif"),
    (b"GIF89a", "gif"),
    (b"II*\x00", "tiff"),
    (b"MM\x00*", "tiff"),
    (b"II+\x00", "tiff"),
    (b"MM\x00+", "tiff"),
)
#: a PDF header in the first 1024 bytes (where readers look for it): "%PDF-" and a digit, or
#: "%PDF-" starting a line; not just those five characters anywhere in a text
_PDF_HEADER = re.compile(rb"%PDF-\d|(?:^|[\r\n])%PDF-")

HEAD_BYTES = 4096


def sniff_bytes(head: bytes) -> tuple[Kind, str] | None:
    """Return (kind, format) for the first bytes of a file, or None if unsupported."""
    if _PDF_HEADER.search(head[:1024]):
        return "pdf", "pdf"
    if len(head) >= 12 and head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "image", "webp"
    for magic, fmt in _IMAGE_MAGIC:
        if head.startswith(magic):
            return "image", fmt
    if head.startswith(b"BM") and head[6:10] == b"\0\0\0\0":
        # a BMP's reserved bytes are zero; "BM" alone also starts texts ("BM,10,20", "BMW")
        return "image", "bmp"
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if (text.startswith(b"<?xml") or text.startswith(b"<svg") or text.startswith(b"<!--")) and (
        b"<svg" in text
    ):
        return "svg", "svg"
    return None


def sniff(path: Path) -> tuple[Kind, str] | None:
    """Read the head of `path` and recognise its format by content."""
    with path.open("rb") as fh:
        return sniff_bytes(fh.read(HEAD_BYTES))


def regular_file(path: Path) -> os.stat_result:
    """stat `path`; raise InputError unless it is a regular file (a FIFO or device would block)."""
    try:
        st = os.stat(path)
    except OSError as exc:
        raise InputError("file.unreadable", f"cannot read file: {exc.strerror or exc}") from exc
    if not stat.S_ISREG(st.st_mode):
        raise InputError("file.unsupported", "not a regular file (a folder, pipe or device)")
    return st
