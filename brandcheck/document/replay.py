"""A PDF page's text and paint log read from the display list its raster is drawn from.

MuPDF runs a page's content (parsing its operators, loading its fonts) each time something is
read from the page: once for the raster, once for the text, once for the paint log. Its display
list records what that content draws once, and replaying it to the text or bbox device gives
the same text and the same log, for about half the cost (on a page of text, 1.3 of 2.4 ms).
The list is kept only for pages that draw little (``MAX_KEPT_BYTES`` of decoded content): it
holds every path and glyph of the page while the checks run. Rotated pages are read as before
(PyMuPDF reads their text and log with the rotation taken off, which the list has applied).
"""

from __future__ import annotations

import pymupdf

#: pages whose content decodes to more than this (forms counted each time drawn) are read
#: without a kept display list (``pdf_budget`` measures it before the page is drawn)
MAX_KEPT_BYTES = 1_000_000


def keeps_record(content_bytes: int | None, rotation: int) -> bool:
    """Whether a page's display list is kept to read its text and paint log from: an
    unrotated PDF page whose measured content (None for an SVG) is small."""
    return content_bytes is not None and content_bytes <= MAX_KEPT_BYTES and rotation % 360 == 0


def paint_log(record: pymupdf.DisplayList) -> list[tuple[str, tuple[float, ...]]]:
    """What ``Page.get_bboxlog()`` gives (no layers), from the page's display list."""
    mupdf = pymupdf.mupdf
    log: list[tuple[str, tuple[float, ...]]] = []
    device = pymupdf.JM_new_bbox_device(log, False)
    everywhere = mupdf.FzRect(mupdf.FzRect.Fixed_INFINITE)
    mupdf.fz_run_display_list(record.this, device, mupdf.FzMatrix(), everywhere, mupdf.FzCookie())
    mupdf.fz_close_device(device)
    return log


def text_dict(page: pymupdf.Page, record: pymupdf.DisplayList, flags: int) -> dict:
    """What ``page.get_text("dict", flags=flags)`` gives, from the page's display list."""
    textpage = pymupdf.TextPage(record.get_textpage(flags))
    textpage.parent = page
    return page.get_text("dict", flags=flags, textpage=textpage)
