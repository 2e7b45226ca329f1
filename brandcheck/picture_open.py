"""Pictures opened with Pillow whatever size they claim, its process-wide size guard left alone."""

from __future__ import annotations

import os
import struct
from typing import IO

from PIL import Image, UnidentifiedImageError

#: what a format's reader raises on data not in its format (the next format is then tried)
_NOT_THIS_FORMAT = (SyntaxError, IndexError, TypeError, struct.error)
#: the parts of Pillow's format lookup ``Image.open`` uses, re-done here
_REGISTRY = ("ID", "OPEN", "preinit", "init")


def over_guard(exc: BaseException) -> int | None:
    """How many pixels a picture is more than, when ``exc`` is Pillow's own guard refusing it
    in a format's reader, before its size is known (a GIF frame reaching past its canvas, a
    WebP's canvas): that guard is the program's, and applies there whatever ``open_picture``
    does. None for any other error."""
    if not isinstance(exc, Image.DecompressionBombError):
        return None
    return 2 * int(Image.MAX_IMAGE_PIXELS or 0)


def over_limit(pixels: int, limit: int) -> str:
    """How large a picture refused by ``over_guard`` (more than ``pixels``) is, in the tool's
    words: "more than 179 megapixels, above the limit of 150 megapixels"."""
    more = f"more than {pixels / 1e6:,.0f} megapixels"
    if pixels >= limit:
        return f"{more}, above the limit of {limit / 1e6:,.0f} megapixels"
    return f"{more}, the most the program running brandcheck lets a picture have"


def open_picture(source: str | os.PathLike[str] | IO[bytes]) -> Image.Image:
    """The picture in ``source`` (a path or a binary stream), identified and its header read
    as ``Image.open`` reads them, no pixels decoded, however many pixels the header claims.

    ``Image.open`` refuses a header over twice ``Image.MAX_IMAGE_PIXELS`` without saying its
    size, and warns over it. That setting is the guard of every program in the process, the
    ones that import brandcheck too: it is neither changed nor applied here, and the caller
    refuses a size over its own limit (``Limits.max_image_pixels``) by name.

    A Pillow without that lookup's parts (``_REGISTRY``) opens the picture its own way, its
    guard applied: a picture over it is refused in Pillow's words, every other one read."""
    if not all(hasattr(Image, part) for part in _REGISTRY):
        return Image.open(source)
    if isinstance(source, str | os.PathLike):
        with open(source, "rb") as fh:
            prefix = fh.read(16)
    else:
        source.seek(0)
        prefix = source.read(16)
    tried: set[str] = set()
    for load in (Image.preinit, Image.init):  # the common formats first, as Image.open
        load()
        for name in [name for name in Image.ID if name not in tried]:
            tried.add(name)
            factory, accept = Image.OPEN[name]
            try:  # a format's test of the first bytes may fail on too few of them (DIB's)
                known = not accept or accept(prefix)
                if isinstance(known, str) or not known:  # a string: a format it cannot read
                    continue
                if not isinstance(source, str | os.PathLike):
                    source.seek(0)
                return factory(source, None)  # a path: the picture closes its own file
            except _NOT_THIS_FORMAT:
                continue
    shown = os.fspath(source) if isinstance(source, str | os.PathLike) else source
    raise UnidentifiedImageError(f"cannot identify image file {shown!r}")
