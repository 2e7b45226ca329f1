"""BC203's findings: text below its WCAG contrast, white text set to overprint, text in pictures."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING

from brandcheck import ocr
from brandcheck.checks.measured import as_text, shown_below
from brandcheck.checks.merged_findings import per_box
from brandcheck.checks.paint_boxes import span_index
from brandcheck.checks.palette import PaletteRefs, cmyk_refs, judge, palette_refs
from brandcheck.checks.stated_contrast import as_stated
from brandcheck.checks.text_contrast import TextContrast, picture_contrasts, span_contrasts
from brandcheck.imaging.colour import hex_to_lab
from brandcheck.pdf_colours import PageColours
from brandcheck.report import Finding, PageReport
from brandcheck.rules import Severity

if TYPE_CHECKING:
    from brandcheck.checks import CheckContext
    from brandcheck.document import Page


def _palette_name(refs: PaletteRefs, hexes: Sequence[str]) -> dict[str, str | None]:
    """The palette colour each hex is (within its tolerance of the palette's hex value), or
    None: a text or ground colour named as the manual names it."""
    if not hexes:
        return {}
    verdicts = judge(hex_to_lab(list(hexes)).reshape(-1, 3), refs, [refs.lab])
    return {
        h: refs.names[v.nearest] if v.delta_e <= refs.tolerance[v.nearest] else None
        for h, v in zip(hexes, verdicts, strict=True)
    }


_QUOTED = 60  # characters of a text quoted in BC203's message, as BC303 quotes


def _contrast_needs(ctx: CheckContext) -> tuple[float, float]:
    """The contrast ratios text needs (normal, large) by the profile."""
    rules = ctx.profile.colour
    return float(rules.contrast_normal.value), float(rules.contrast_large.value)


def contrast_findings(page: Page, ctx: CheckContext, measured: list[TextContrast]):
    """BC203 for the text below its WCAG ratio, one finding per colour pair and need; the
    message quotes the text (the worst of the pair's) and names palette colours."""
    normal, large = _contrast_needs(ctx)
    refs = palette_refs(ctx)
    if ctx.is_print:  # palette colours in CMYK or spot ink: as the manual states them
        measured = as_stated(measured, refs.hexes, cmyk_refs(refs, None), refs.stated_seen)
    groups: dict[tuple[str, str, float, bool], list[TextContrast]] = {}
    for text in measured:
        need = large if text.large else normal
        if text.ratio + 1e-9 >= need:
            continue
        # text in a picture whose size, as estimated, may be large text's, and which has the
        # contrast large text needs: a warning, not an error
        maybe = text.unsure and text.ratio + 1e-9 >= large
        groups.setdefault((text.foreground, text.background, need, maybe), []).append(text)
    names = _palette_name(refs, sorted({c for key in groups for c in key[:2]}))
    for (fg_hex, bg_hex, need, maybe), texts in groups.items():
        texts.sort(key=lambda t: t.ratio)  # the worst first: its box is where it points
        ratio = texts[0].ratio
        size = "large text" if need == large else "text"
        shown = shown_below(ratio, need, 2, 2)  # 4.4999 misses 4.5 and reads 4.49, not 4.50
        unless = (
            f" ({large:g}:1 for large text, which this may be: its size is "
            f"estimated from the picture, ±{ocr.SIZE_ERROR * 100:.0f} %)"
            if maybe
            else ""
        )
        said = list(dict.fromkeys(q for q in (" ".join(t.text.split()) for t in texts) if q))
        first = said[0] if said else ""
        cut = first if len(first) <= _QUOTED else first[:_QUOTED] + "…"
        quote = f' "{cut}"' if cut else ""
        more = f" and {len(said) - 1} more" if len(said) > 1 else ""
        fg_words, bg_words = (f"{names[h]} ({h})" if names.get(h) else h for h in (fg_hex, bg_hex))
        verb = "have" if more else "has"
        findings = per_box(
            "colour.contrast",
            f"Text{quote}{more} in {fg_words} on {bg_words} {verb} a contrast of "
            f"{as_text(shown, 2)}:1; WCAG 2.x asks {need:g}:1 for {size}{unless}.",
            page.index,
            f"contrast:{fg_hex}:{bg_hex}:{need:g}{':maybe' if maybe else ''}",
            [t.bbox for t in texts],
            measured=shown,
            expected=need,
            details={
                "foreground": fg_hex,
                "background": bg_hex,
                "foreground_name": names.get(fg_hex),
                "background_name": names.get(bg_hex),
                "text": cut,
                "large": need == large,
                "maybe_large": maybe,
            },
        )
        for finding in findings:
            yield finding.model_copy(update={"severity": Severity.warning}) if maybe else finding


THIN_TEXT = (
    "text in a picture is drawn in strokes too thin to show its colour whole (small text), and "
    "may be too low in contrast"
)


def inkless_text_findings(page: Page, ctx: CheckContext, colours: PageColours) -> Iterator[Finding]:
    """BC203 in print for text that puts no ink on paper: white set to overprint (see
    `pdf_colours.PageColours.inkless_text`) shows on screen, on the page raster too, and
    vanishes on the press, so nothing of it is seen."""
    if not ctx.is_print or not colours.inkless_text or not ctx.wants("BC203"):
        return
    normal, _large = _contrast_needs(ctx)
    spans = span_index(page)
    boxes = [spans.box_at(x, y) or (x, y, x, y) for x, y, _, _ in colours.inkless_text]
    said = [s.text.strip() for s in page.spans() if s.text.strip() and s.bbox in boxes]
    first = said[0] if said else ""
    cut = first if len(first) <= _QUOTED else first[:_QUOTED] + "…"
    quote = f' "{cut}"' if cut else ""
    yield from per_box(
        "colour.contrast",
        f"Text{quote} is white set to overprint: it puts no ink on paper and does not print, "
        f"though it shows on screen. Turn overprint off for it (Attributes: Overprint Fill) or "
        f"let the export knock out white.",
        page.index,
        "contrast:inkless",
        boxes,
        measured=1.0,
        expected=normal,
        details={"foreground": None, "background": None, "text": cut, "overprint": True},
    )


VEILED_TEXT = (
    "text lies under a see-through shape (an opacity, a blend mode or a soft mask) painted "
    "over it, and shows in a colour that is not its own"
)


def span_contrast_findings(
    page: Page, ctx: CheckContext, out: PageReport, colours: PageColours | None
) -> Iterator[Finding]:
    """BC203 for a PDF or SVG page's text spans, measured with the walk's paints (`colours`;
    None when the page's content could not be walked); text under a see-through shape is
    said to be not judged."""
    spans, veiled = span_contrasts(page, colours)
    if veiled and ctx.wants("BC203"):
        ocr.note_skipped(out, ["BC203"], VEILED_TEXT, ocr.UNREAD_TEXT_THEN)
    yield from contrast_findings(page, ctx, spans)


def picture_contrast_findings(page: Page, ctx: CheckContext, out: PageReport):
    """BC203 for text set in a picture (an image, an image-only PDF page) or converted to
    outlines (a PDF page drawn in vectors only), as OCR reads it."""
    if not ctx.wants("BC203"):
        return
    result = ocr.page_ocr_or_skip(page, ctx, out, ["BC203"], outlines=True)
    if result is None:
        return
    measured = picture_contrasts(page, list(result.lines))
    normal, large = _contrast_needs(ctx)
    # text in strokes too thin to show their colour whole: the ratio measured is the least
    # it may have, so it passes the text, and short of the need it leaves it not judged
    short = [t for t in measured if t.least and t.ratio + 1e-9 < (large if t.large else normal)]
    if short:
        ocr.note_skipped(out, ["BC203"], THIN_TEXT, ocr.UNREAD_TEXT_THEN)
    yield from contrast_findings(page, ctx, [t for t in measured if not t.least])
