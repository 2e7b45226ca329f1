"""A PDF page's content-stream walk (pdf_colours), read once a page and shared by the checks.

What it holds is what the design paints: paints entirely outside the page's TrimBox (printer's
marks, the slug, the pasteboard) are left out (`design_area`), and so is what hidden layers draw
(`optional_content`). The page's design area itself (the trim) is here too, for the logo's
clear space, and the one rule on what lies wholly outside it (`in_design`)."""

from __future__ import annotations

import os
import threading
import warnings
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any, TypeVar

from brandcheck.design_area import design_box, within_design
from brandcheck.document.native_path import openable
from brandcheck.errors import InputError
from brandcheck.geometry import intersects
from brandcheck.optional_content import Layers
from brandcheck.pdf_colours import BBox, Matrix, PageColours, page_colours

if TYPE_CHECKING:
    from brandcheck.checks import CheckContext
    from brandcheck.document import Page

MEMO_KEY = "page_paints.walk"
AREA_KEY = "page_paints.design_area"
_pdf_lock = threading.Lock()
Item = TypeVar("Item")


def _pdf_handle(page: Page) -> Any:
    """The page's PyMuPDF page when it comes from a PDF, else None."""
    handle = getattr(page, "handle", None)
    parent = getattr(handle, "parent", None)
    if handle is None or parent is None or not getattr(parent, "is_pdf", False):
        return None
    return handle


def read_page_colours(page: Page, ctx: CheckContext) -> PageColours | None:
    """The page's paints from its content stream, or None when pikepdf cannot read it.
    Annotations are those the run's target shows (printed ones for print)."""
    key = f"{MEMO_KEY}.{ctx.target}"
    if key in page.memo:
        return page.memo[key]
    result = None
    opened = _opened(page, ctx)
    if opened is not None:
        pdf_page, matrix, layers = opened
        try:
            walked = page_colours(
                pdf_page,
                matrix,
                layers=layers,  # what the hidden layers draw is left out
                target=ctx.target,
            )
            area = design_box(pdf_page, matrix)
            result = within_design(walked, area, lambda: [s.bbox for s in page.spans()])
        except Exception:  # a damaged stream must not stop the other checks
            result = None
    page.memo[key] = result
    return result


def design_area(page: Page, ctx: CheckContext) -> BBox | None:
    """The page's design area as `design_area.design_box` finds it (the TrimBox, else the
    visible page), in page units as displayed; None for pictures and unreadable boxes."""
    if AREA_KEY not in page.memo:
        opened = _opened(page, ctx)
        page.memo[AREA_KEY] = None if opened is None else design_box(opened[0], opened[1])
    return page.memo[AREA_KEY]


def in_design(
    page: Page, ctx: CheckContext, items: Sequence[Item], box: Callable[[Item], BBox]
) -> list[Item]:
    """The ``items`` (text spans, words OCR read, logos found) whose ``box`` (page units, as
    displayed) reaches into the page's design area: what lies wholly outside it, in the slug
    beyond the TrimBox (a job note, a logo beside the crop marks), is cut off the printed
    piece and is not judged. All of them where the page has none (``design_area``)."""
    design = design_area(page, ctx) if items else None
    if design is None:
        return list(items)
    return [item for item in items if intersects(box(item), design)]


def _opened(page: Page, ctx: CheckContext) -> tuple[Any, Matrix, Layers | None] | None:
    """The page as pikepdf reads it, with PDF user space -> the page as displayed (/Rotate
    applied, like every bbox) and the document's layers; None when it is no PDF pikepdf reads."""
    handle = _pdf_handle(page)
    if handle is None:
        return None
    pdf, layers = _open_pikepdf(str(getattr(page, "source", None) or handle.parent.name), ctx)
    if pdf is None or len(pdf.pages) != handle.parent.page_count:
        return None
    try:
        matrix = tuple(float(v) for v in page.user_to_shown())  # type: ignore[attr-defined]
        return pdf.pages[page.index], matrix, layers  # type: ignore[return-value]
    except Exception:  # a damaged page tree
        return None


def _open_pikepdf(path: str, ctx: CheckContext) -> tuple[Any, Layers | None]:
    """One open pikepdf document per run (the last file's), reused across its pages, with its
    layers' default state (read once, and their visibility worked out once for all pages);
    (None, None) when it cannot be opened."""
    import pikepdf

    try:
        stamp = (path, os.stat(path).st_mtime_ns)
    except OSError:
        return None, None
    with _pdf_lock:
        cached = ctx.cache.get("page_paints.pikepdf")
        if cached is not None and cached[0] == stamp:
            return cached[1], cached[2]
        if cached is not None and cached[1] is not None:
            cached[1].close()
        try:
            with warnings.catch_warnings(), openable(path) as name:
                warnings.simplefilter("ignore")  # "a password was provided, but no password
                pdf = pikepdf.open(name, password=ctx.password or "")  # was needed"
        except (pikepdf.PdfError, pikepdf.PasswordError, OSError, ValueError, InputError):
            pdf = None
        layers = None
        if pdf is not None:
            try:
                layers = Layers(pdf.Root)
            except Exception:  # a damaged catalog: no walk (the raster checks instead)
                pdf.close()
                pdf = None
        ctx.cache["page_paints.pikepdf"] = (stamp, pdf, layers)
        return pdf, layers
