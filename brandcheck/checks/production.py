"""Production and accessibility rules (BC5xx): image resolution, PDF title, language, tags."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from brandcheck.checks.measured import as_text, shown_below
from brandcheck.checks.merged_findings import MAX_BOXES
from brandcheck.report import Finding, PageReport

if TYPE_CHECKING:
    from brandcheck.checks import CheckContext
    from brandcheck.document import Document, Page

LOW_PPI = "production.low_ppi"  # a page's placed images under the print minimum: ppi, bbox


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
    which MuPDF lists among a page's images, is drawn in vectors and has no resolution),
    recorded for ``finish``."""
    if not ctx.is_print:
        return
    minimum = float(ctx.profile.production.min_image_ppi.value)
    low = [
        {"ppi": image.ppi, "bbox": image.bbox}
        for image in page.images()
        if not image.shading and image.width_px >= 16 and image.ppi < minimum
    ]
    if low:
        out.facts[LOW_PPI] = low
    yield from ()


def finish(pages: list[PageReport], ctx: CheckContext) -> Iterator[Finding]:
    """BC501 once for the file: the lowest resolution first (its page, its box marked first),
    so a photo at 34 ppi is not told as another one's 220 ppi, with every such image's box."""
    low = [(p.index, item) for p in pages for item in p.facts.get(LOW_PPI, [])]
    if not low:
        return
    minimum = float(ctx.profile.production.min_image_ppi.value)
    low.sort(key=lambda entry: entry[1]["ppi"])  # stable: page order among equals
    page, worst = low[0]
    # 249.8 ppi is not "250 ppi; print needs at least 250 ppi"
    lowest, highest = (
        as_text(shown_below(item["ppi"], minimum, 0, 1)) for item in (worst, low[-1][1])
    )
    if len(low) == 1:
        what = f"A placed image prints at {lowest} ppi"
        todo = "Use a larger original or place it smaller."
    else:
        what = f"{len(low)} placed images print at {lowest} ppi"
        if highest != lowest:
            what = (
                f"{len(low)} placed images print at {lowest}–{highest} ppi (the lowest on "
                f"page {page + 1})"
            )
        todo = "Use larger originals or place them smaller."
    shown = low[:MAX_BOXES]
    yield Finding.of(
        "production.image_resolution",
        f"{what}; print needs at least {minimum:.0f} ppi. {todo}",
        page=page,
        bbox=worst["bbox"],
        pages=sorted({index for index, _ in low}),
        boxes=[item["bbox"] for _, item in shown],
        box_pages=[index for index, _ in shown],
        count=len(low),
        measured=round(worst["ppi"], 1),
        expected=minimum,
        merge_key="images under the print resolution",  # one for the file, whichever is worst
    )
