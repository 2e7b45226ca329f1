"""The pixel size of a picture an SVG embeds as a data URI, as its header says (Pillow)."""

from __future__ import annotations

import base64
import io
import re

#: a picture embedded as a base64 data URI (its pixels after the match)
EMBEDDED = re.compile(r"\s*data:image/[\w.+-]+;base64,", re.I)


def picture_size(link: str) -> tuple[int, int] | None:
    """The size in pixels of a picture embedded as a data URI (``link``), as its header says;
    None when it is no such picture or has none Pillow reads."""
    from PIL import Image

    found = EMBEDDED.match(link)
    if found is None:
        return None
    try:
        data = base64.b64decode(link[found.end() :])
        with Image.open(io.BytesIO(data)) as picture:
            width, height = picture.size
    except Exception:  # not a picture Pillow reads, or too large to be one
        return None
    return (width, height) if width > 0 and height > 0 else None
