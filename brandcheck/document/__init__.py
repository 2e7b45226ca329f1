"""Open any supported input as a Document: triage by content, then the PDF or image reader."""

from __future__ import annotations

import warnings
from pathlib import Path

from brandcheck.document.image import open_image
from brandcheck.document.model import (
    Document,
    Drawing,
    FontInfo,
    Limits,
    Page,
    PlacedImage,
    TextSpan,
)
from brandcheck.document.pdf import open_pdf
from brandcheck.errors import InputError
from brandcheck.formats import regular_file, sniff

# numpy's note that a picture has no number at all (a float TIFF of NaNs: np.nanmin in
# document/image.py) reached stderr as a raw warning; such a picture is drawn black and
# checked as drawn, so the note is noise in a report's log
warnings.filterwarnings("ignore", "All-NaN slice encountered", RuntimeWarning)

__all__ = [
    "Document",
    "Drawing",
    "FontInfo",
    "Limits",
    "Page",
    "PlacedImage",
    "TextSpan",
    "open_document",
]


def open_document(
    path: Path, *, limits: Limits | None = None, password: str | None = None
) -> Document:
    """Open `path` by its content; raise InputError(rule, reason) for anything unusable."""
    limits = limits or Limits()
    regular_file(path)
    try:
        detected = sniff(path)
    except OSError as exc:
        raise InputError("file.unreadable", f"cannot read file: {exc.strerror or exc}") from exc
    if detected is None:
        size = path.stat().st_size
        what = "the file is empty" if size == 0 else "not a PDF, SVG or supported image format"
        raise InputError("file.unsupported" if size else "file.unreadable", what)
    kind, fmt = detected
    if kind == "image":
        return open_image(path, fmt, limits)
    return open_pdf(path, kind, fmt, limits, password)
