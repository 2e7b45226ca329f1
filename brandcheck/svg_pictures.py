"""The pixel size of a picture an SVG embeds as a data URI, as its header says (Pillow)."""

from __future__ import annotations

import base64
import contextlib
import io
import re
from collections.abc import Iterator
from contextvars import ContextVar
from typing import TYPE_CHECKING
from urllib.parse import unquote_to_bytes

if TYPE_CHECKING:
    import xml.etree.ElementTree as ET

#: a picture embedded as a data URI, base64 or percent-encoded (its data after the match)
EMBEDDED = re.compile(r"\s*data:image/[\w.+-]+(;[^,]*)?,", re.I)
_BASE64 = re.compile(r".*;\s*base64\s*", re.I)

Sizes = dict[str, "tuple[int, int] | int | None"]  # ``picture_extent``s by link
#: the sizes ``picture_extent`` keeps by link within ``sizes_kept`` (each thread its own)
_KEPT: ContextVar[Sizes | None] = ContextVar("svg_picture_sizes", default=None)


@contextlib.contextmanager
def sizes_kept(kept: Sizes) -> Iterator[None]:
    """Within the block, ``picture_size`` decodes each picture once and keeps its size in
    ``kept`` by its link: one document's, from its open to its pages, which its readers (the
    picture limit, the fitted `<image>` boxes, the pattern fills' stand-ins) each parse again.
    A 24 MB photo's link took 0.2 s to decode, each time. ``kept`` holds the links: it lives
    as long as the document, not the process (``kept_for`` keys it by the document's own)."""
    token = _KEPT.set(kept)
    try:
        yield
    finally:
        _KEPT.reset(token)


def kept_for(root: ET.Element, kept: Sizes) -> Sizes:
    """The sizes in ``kept`` of the pictures ``root`` embeds, keyed by ``root``'s own links:
    the links ``kept`` was filled from (another reading of the same file) are let go, not
    held a second time beside ``root``'s for as long as it is kept."""
    return {
        link: kept[link]
        for element in root.iter()
        for link in element.attrib.values()
        if link in kept
    }


def picture_size(link: str) -> tuple[int, int] | None:
    """The size in pixels of a picture embedded as a data URI (``link``), as its header says,
    however large; None when it is no such picture or has none Pillow reads (or one Pillow's
    own guard refused before its size was known: ``picture_extent``). The data are read as
    resvg reads them: percent-decoded, then base64-decoded when the URI says so; once within
    ``sizes_kept``."""
    extent = picture_extent(link)
    return extent if isinstance(extent, tuple) else None


def picture_extent(link: str) -> tuple[int, int] | int | None:
    """``picture_size``; for a picture Pillow's own guard refused in its format's reader
    before its size was known (a GIF frame reaching past its canvas), the number of pixels it
    is more than (``picture_open.over_guard``)."""
    kept = _KEPT.get()
    if kept is None:
        return _read_size(link)
    if link not in kept:
        kept[link] = _read_size(link)
    return kept[link]


def _read_size(link: str) -> tuple[int, int] | int | None:
    """``picture_extent``, read from the link's data."""
    from brandcheck.picture_open import open_picture, over_guard

    found = EMBEDDED.match(link)
    if found is None:
        return None
    try:
        data = unquote_to_bytes(link[found.end() :])
        if _BASE64.fullmatch(found.group(1) or ""):
            data = base64.b64decode(data)
        # the size is what is asked here, whatever it is (``svg_render`` refuses a large one)
        with open_picture(io.BytesIO(data)) as picture:
            width, height = picture.size
    except Exception as exc:  # not a picture Pillow reads, or one over Pillow's guard
        return over_guard(exc)
    return (width, height) if width > 0 and height > 0 else None
