"""The pixel size of a picture an SVG embeds as a data URI, as its header says (Pillow)."""

from __future__ import annotations

import base64
import io
import re
from urllib.parse import unquote_to_bytes

#: a picture embedded as a data URI, base64 or percent-encoded (its data after the match)
EMBEDDED = re.compile(r"\s*data:image/[\w.+-]+(;[^,]*)?,", re.I)
_BASE64 = re.compile(r".*;\s*base64\s*", re.I)


def picture_size(link: str) -> tuple[int, int] | None:
    """The size in pixels of a picture embedded as a data URI (``link``), as its header says,
    however large; None when it is no such picture or has none Pillow reads. The data are
    read as resvg reads them: percent-decoded, then base64-decoded when the URI says so."""
    from brandcheck.picture_open import open_picture

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
    except Exception:  # not a picture Pillow reads
        return None
    return (width, height) if width > 0 and height > 0 else None
