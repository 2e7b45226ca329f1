"""Triage: recognise a file's format from its first bytes, never from its extension."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

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
    (b"BM", "bmp"),
)

HEAD_BYTES = 4096


def sniff_bytes(head: bytes) -> tuple[Kind, str] | None:
    """Return (kind, format) for the first bytes of a file, or None if unsupported."""
    if b"%PDF-" in head[:1024]:
        return "pdf", "pdf"
    if len(head) >= 12 and head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "image", "webp"
    for magic, fmt in _IMAGE_MAGIC:
        if head.startswith(magic):
            return "image", fmt
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
