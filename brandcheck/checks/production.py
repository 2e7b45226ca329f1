"""Production and accessibility rules (BC5xx): image resolution, PDF title, language, tags."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from brandcheck.report import Finding, PageReport

if TYPE_CHECKING:
    from brandcheck.checks import CheckContext
    from brandcheck.document import Document, Page


def check_file(doc: Document, ctx: CheckContext) -> Iterator[Finding]:
    """Accessibility basics of a PDF: title, language and tagged structure."""
    if doc.kind != "pdf":
        return
    rules = ctx.profile.production
    if rules.require_title and not doc.metadata.get("title", "").strip():
        yield Finding.of(
            "accessibility.title",
            "The PDF has no document title; set one in the export dialog (File > Properties).",
            expected="a non-empty /Title",
        )
    if rules.require_language and not getattr(doc, "language", None):
        yield Finding.of(
            "accessibility.language",
            "The PDF declares no language; set the document language (e.g. sv-SE) before export.",
            expected="/Lang in the document catalogue",
        )
    if rules.require_tags and not getattr(doc, "is_tagged", False):
        yield Finding.of(
            "accessibility.untagged",
            "The PDF is not tagged; export with 'tagged PDF' on so screen readers can read it.",
            expected="a tagged PDF (StructTreeRoot)",
        )


def check_page(page: Page, ctx: CheckContext, out: PageReport) -> Iterator[Finding]:
    """Placed images below the print resolution minimum (raster images only: a gradient,
    which MuPDF lists among a page's images, is drawn in vectors and has no resolution)."""
    if not ctx.is_print:
        return
    minimum = float(ctx.profile.production.min_image_ppi.value)
    for image in page.images():
        if image.shading or image.width_px < 16 or image.ppi >= minimum:
            continue
        yield Finding.of(
            "production.image_resolution",
            f"A placed image prints at {image.ppi:.0f} ppi; print needs at least "
            f"{minimum:.0f} ppi. Use a larger original or place it smaller.",
            page=page.index,
            bbox=image.bbox,
            measured=round(image.ppi, 1),
            expected=minimum,
            merge_key="low-ppi",
        )
