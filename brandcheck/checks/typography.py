"""Typography rules (BC301–BC305): typefaces, embedding, minimum sizes and all-caps headings.

Sizes are *effective* sizes on the page (perpendicular to the baseline, see
:mod:`brandcheck.text_sizes`); that is what is compared with the minimum.

Units: print compares points (the profile's ``min_size_print_pt``); digital compares CSS pixels
(``min_size_digital_px``), with PDF points converted at 96 px per inch (1 pt = 4/3 px), image
pixels taken 1:1 as CSS pixels, and sizes in images estimated from OCR line heights (see
``brandcheck.ocr``). Images have a print size only when they carry a resolution (dpi): for
print, the sizes of a picture without one are not judged, and a picture that shows text says
so (BC910). A PDF page without a text layer is read with OCR too, its pictures or, drawn in
vectors, the text converted to outlines: its sizes are estimated, and the typefaces of outlined
text (BC301, BC304) are reported as not judged (BC910), since outlines name no font.

Document-level rules (BC301, BC302, BC304 and the BC303 summary) are decided in ``finish`` from
the FontUse list and ``out.facts`` of each PageReport, so split page ranges merge correctly.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from brandcheck import ocr
from brandcheck.document.model import CSS_PX_PER_PT, MM_PER_PT
from brandcheck.fonts import (
    NAMELESS,
    UNNAMED_TYPE3,
    FontMatcher,
    Verdict,
    identify,
    is_base14_symbol_font,
    is_nameless,
    is_ocr_text_font,
    is_symbol_font,
    is_unnamed_type3,
    resources_named,
    sets_words,
)
from brandcheck.geometry import contains, intersects, union
from brandcheck.page_paints import in_design, read_page_colours
from brandcheck.report import BBox, Finding, FontUse, PageReport
from brandcheck.rules import Severity
from brandcheck.text_sizes import effective_sizes

if TYPE_CHECKING:
    from brandcheck.checks import CheckContext
    from brandcheck.document import Page, TextSpan

HEADING_RATIO = 1.25  # a line this much larger than the body text is a heading
ACRONYM_MAX = 4
HEADING_MAX_WORDS = 12  # a bold line of more words is running text set bold
LABEL_MAX_WORDS = 4  # words before ": " of a bold line that is a label and its value
_LABEL = re.compile(r"([^:]+):\s+\S")  # 'Datum: 12 september' (any space: InDesign's no-break)
_NOT_HEADING_ENDS = (":", ".", ",", ";")  # a label, or a sentence that ends or goes on
SMALL_FACT = "type.small"
SMALL_HEADING_FACT = "type.small_heading"
SMALL_BESIDE_FACT = "type.small_heading_beside_picture"  # the manual's exception, in print
BESIDE = 2.0  # line heights: a heading this close to a picture is next to it
UNITS_FACT = "type.units"
CAPS_FACT = "type.caps_headings"
# a size this close to a limit meets it: PDF maths in millimetres or through scaled matrices
# leaves 7 pt as 6.9999995 pt, which no designer can set any larger
SIZE_SLACK = 0.005


@dataclass(frozen=True)
class Line:
    """A line of text with the facts headings are judged by."""

    text: str
    size: float
    bold: bool
    bbox: BBox
    letters: int


def _letters(text: str) -> int:
    return sum(map(str.isalpha, text))


def to_target(size: float, page: Page, target: str) -> float | None:
    """A size in page units as points (print) or CSS pixels (digital); None if unknowable."""
    if target == "digital":
        return size if page.units == "px" else size * CSS_PX_PER_PT
    if page.units == "pt":
        return size
    if page.mm_per_unit:
        return size * page.mm_per_unit / MM_PER_PT
    return None


def _is_bold(span: TextSpan) -> bool:
    return span.bold or identify(span.font).bold


def reads_as_heading(text: str) -> bool:
    """Whether a bold line at body size reads as a heading: a few words, not a label that
    ends in a colon ('Kontakt:'), nor running text that ends like a sentence or goes on (a bold
    body line, emphasis). A label and its value ('Datum: 12 september') can be either: see
    ``_label_block``."""
    stripped = text.rstrip()
    return not stripped.endswith(_NOT_HEADING_ENDS) and len(text.split()) <= HEADING_MAX_WORDS


def _is_label(line: Line) -> bool:
    """A bold line of a label of a few words and its value ('Datum: 12 september')."""
    label = _LABEL.match(line.text.rstrip())
    return line.bold and label is not None and len(label.group(1).split()) <= LABEL_MAX_WORDS


def _label_block(lines: list[Line]) -> set[int]:
    """The lines of a block of facts, set bold as labels and their values, one under another
    (a poster's 'Datum: 12 september' over 'Plats: Stadsbiblioteket'): no headings. A lone
    such line can be one ('Steg 1: Fyll i ansökan', 'SOMMARLOV: 5 TIPS'), so it stays one."""
    labels = [i for i, line in enumerate(lines) if _is_label(line)]
    block: set[int] = set()
    for i in labels:
        for j in labels:
            a, b = lines[i].bbox, lines[j].bbox
            gap = max(a[1], b[1]) - min(a[3], b[3])  # between the two lines, negative if they meet
            side_by_side = min(a[2], b[2]) > max(a[0], b[0])
            if i != j and side_by_side and gap <= max(lines[i].size, lines[j].size):
                block.update((i, j))
    return block


def all_caps(text: str) -> bool:
    """Capitals only, counting letters only, and not just short acronyms ("EU", "SL")."""
    words = ["".join(c for c in w if c.isalpha()) for w in text.split()]
    words = [w for w in words if w]
    if not words or any(not w.isupper() for w in words):
        return False
    return any(len(w) > ACRONYM_MAX for w in words)


def _pdf_lines(spans: list[TextSpan], sizes: list[float]) -> list[Line]:
    grouped: dict[tuple[int, int], list[int]] = defaultdict(list)
    for i, span in enumerate(spans):
        grouped[span.line_key].append(i)
    lines = []
    for idx in grouped.values():
        letters = [_letters(spans[i].text) for i in idx]
        lettered = [i for i, n in zip(idx, letters, strict=True) if n]
        if not lettered:
            continue
        lines.append(
            Line(
                text="".join(spans[i].text for i in idx).strip(),
                size=max(sizes[i] for i in lettered),
                bold=all(_is_bold(spans[i]) for i in lettered),
                bbox=union(spans[i].bbox for i in idx),
                letters=sum(letters),
            )
        )
    return lines


def _body_size(lines: list[Line]) -> float | None:
    """The size most letters on the page are set in."""
    weights: dict[float, int] = defaultdict(int)
    for line in lines:
        weights[round(line.size, 1)] += line.letters
    return max(weights, key=lambda s: weights[s]) if weights else None


def _font_of(span: TextSpan) -> str:
    """The font a span is judged by: the one its source asks for (an SVG's font-family), else
    the one MuPDF names."""
    return span.asked_font or span.font


def _font_uses(page: Page, spans: list[TextSpan], sizes: list[float], matcher: FontMatcher):
    """The fonts of the page's text, each judged by the font resource it comes from."""
    uses: dict[str, FontUse] = {}
    symbol: dict[str, bool] = {}
    for span, size in zip(spans, sizes, strict=True):
        font = _font_of(span)
        use = uses.get(font)
        if use is None:
            use = uses[font] = _font_use(page, matcher, font, size)
            symbol[font] = is_symbol_font(use.name)
        else:
            use.min_size = min(use.min_size or size, size)
        if use.symbols_only and sets_words(span.text, symbol[font]):
            use.symbols_only = False
    for use in uses.values():
        use.min_size = round(use.min_size or 0.0, 2)
    return list(uses.values())


def _font_use(page: Page, matcher: FontMatcher, span_font: str, size: float) -> FontUse:
    """A span font as a FontUse: its full name and embedding from the page's font resources
    that MuPDF calls ``span_font`` (several when a name is reused; embedded only if all are).
    A font no resource of the page answers to (text of an annotation's appearance) has an
    unknown embedding (None), not a guessed one."""
    found = resources_named(span_font, page.fonts())
    # a made-up name ('F36') is no typeface: such fonts are one family, named for what they
    # are, each known by its resource name
    unnamed = bool(found) and all(is_unnamed_type3(info) for info, _ in found)
    name = (found[0][0].resource if unnamed else found[0][1]) if found else span_font
    verdict = matcher.judge(name or span_font)
    xref = next((info.xref for info, _ in found if info.embedded and info.xref), None)
    program = _program_verdict(page, matcher, verdict, xref)
    # no name in the file, nor one the font inside gives itself: no typeface to judge
    nameless = not unnamed and program is None and is_nameless(name)
    return FontUse(
        name=verdict.font.name,
        family=UNNAMED_TYPE3 if unnamed else NAMELESS if nameless else (program or verdict).family,
        weight=(program or verdict).font.weight,
        # Type 3 glyphs are drawn by the PDF itself
        embedded=all(i.embedded or i.font_type == "Type3" for i, _ in found) if found else None,
        min_size=size,
        program=program.font.name if program else None,
        symbols_only=True,  # until a span of it sets a word (see _font_uses)
    )


def _program_verdict(
    page: Page, matcher: FontMatcher, verdict: Verdict, xref: int | None
) -> Verdict | None:
    """The verdict on the name the embedded font program gives itself, when it says more than
    the resource's name: a family the profile allows or forbids under a driver's name such as
    'CIDFont+F1', or a better name for a face it does not allow ('Liberation Sans', not
    'CID Font F 1'). None when the resource's name is already allowed or the program says
    nothing new; a reserved name stays reserved whatever the program inside."""
    if xref is None or verdict.allowed:
        return None
    name = page.font_program_name(xref)
    if not name or identify(name).family_key == verdict.font.family_key:
        return None
    inner = matcher.judge(name)
    return None if verdict.forbidden and not inner.forbidden else inner


def _runs(small: list[tuple[TextSpan, float, float]]) -> Iterator[list]:
    """(span, size, shown size) of text set too small, in page order, as runs of spans of
    one font and size side by side on one baseline: letter-spaced text, each glyph a span of
    its own, is one run."""
    run: list = []
    for item in small:
        if run and not _side_by_side(run[-1], item):
            yield run
            run = []
        run.append(item)
    if run:
        yield run


def _side_by_side(left: tuple[TextSpan, float, float], right: tuple[TextSpan, float, float]):
    (a, size, _), (b, other, _) = left, right
    if _font_of(a) != _font_of(b) or abs(size - other) > SIZE_SLACK:
        return False
    if a.origin is None or b.origin is None:
        return False
    gap = b.bbox[0] - a.bbox[2]
    # on one baseline, at most two ems apart (tracking and a word space)
    return abs(a.origin[1] - b.origin[1]) <= 0.25 * size and -0.25 * size <= gap <= 2 * size


def _size_limits(ctx: CheckContext) -> tuple[float, float, str]:
    fonts = ctx.profile.fonts
    if ctx.is_print:
        return float(fonts.min_size_print_pt.value), float(fonts.heading_min_print_pt.value), "pt"
    return float(fonts.min_size_digital_px.value), float(fonts.heading_min_digital_px.value), "px"


def _beside_limit(ctx: CheckContext, heading_min: float) -> float:
    """The least size of a bold heading next to a picture: the manual's exception in print
    (8 pt beside images, diagrams and illustrations), never above the heading minimum; on
    screen, or in a profile without the exception, the heading minimum."""
    beside = float(ctx.profile.fonts.heading_min_beside_picture_print_pt.value)
    return min(beside, heading_min) if ctx.is_print and beside > 0 else heading_min


def _next_to(box: BBox, pictures: list[BBox]) -> bool:
    """Whether a line is next to one of the pictures: within BESIDE line heights of it, and
    not set on it (a heading over a background photo is not a caption beside it)."""
    pad = BESIDE * (box[3] - box[1])
    grown = (box[0] - pad, box[1] - pad, box[2] + pad, box[3] + pad)
    return any(intersects(grown, p) and not contains(p, box) for p in pictures)


def _record_small(
    out: PageReport, fact: str, size: float, bbox: BBox, text: str, estimated: bool = False
) -> None:
    item = {"size": round(size, 2), "bbox": bbox, "text": text[:60], "page": out.index}
    if estimated:  # from OCR word boxes, within ocr.SIZE_ERROR
        item["estimated"] = True
    out.facts.setdefault(fact, []).append(item)


def _check_pdf_text(page: Page, ctx: CheckContext, out: PageReport, spans: list[TextSpan]) -> None:
    sizes = effective_sizes(page, spans, read_page_colours(page, ctx))  # walked once a page
    if ctx.target == "print":  # an SVG's 6pt on a page in px: drawn 8 units high, 6 pt printed
        sizes = [size * span.print_scale for span, size in zip(spans, sizes, strict=True)]
    out.fonts = _font_uses(page, spans, sizes, FontMatcher(ctx.profile.fonts))
    if any(use.family == NAMELESS and not use.symbols_only for use in out.fonts):
        ocr.note_skipped(out, _typeface_codes(ctx), UNNAMED, UNNAMED_THEN)
    minimum, heading_min, unit = _size_limits(ctx)
    out.facts[UNITS_FACT] = unit
    # sizes and headings are the design's: a job note or page information in the slug (6 pt,
    # beyond the TrimBox) is cut off and is no small text of the piece
    kept = in_design(page, ctx, range(len(spans)), lambda i: spans[i].bbox)
    spans, sizes = [spans[i] for i in kept], [sizes[i] for i in kept]
    small = []
    for span, size in zip(spans, sizes, strict=True):
        shown = to_target(size, page, ctx.target)
        if shown is not None and shown < minimum - SIZE_SLACK:
            small.append((span, size, shown))
    for run in _runs(small):
        text = "".join(span.text for span, _, _ in run)
        # one letter or digit alone (a superscript '2', a footnote mark) is no text set small
        if sum(map(str.isalnum, text)) >= 2:
            bbox = union(span.bbox for span, _, _ in run)
            _record_small(out, SMALL_FACT, min(s for _, _, s in run), bbox, text)
    lines = _pdf_lines(spans, sizes)
    body = _body_size(lines)
    beside_min, pictures = _beside_limit(ctx, heading_min), None
    facts = _label_block(lines)
    for i, line in enumerate(lines):
        large = body is not None and line.size >= HEADING_RATIO * body
        bold_heading = line.bold and i not in facts and reads_as_heading(line.text)
        if not (large or bold_heading) or line.letters < 2:
            continue
        shown = to_target(line.size, page, ctx.target)
        if line.bold and shown is not None and minimum <= shown < heading_min - SIZE_SLACK:
            if beside_min < heading_min and pictures is None:  # read for a small heading only
                pictures = [i.bbox for i in page.images() if not i.shading]
            if beside_min < heading_min and _next_to(line.bbox, pictures or []):
                if shown < beside_min - SIZE_SLACK:
                    _record_small(out, SMALL_BESIDE_FACT, shown, line.bbox, line.text)
            else:
                _record_small(out, SMALL_HEADING_FACT, shown, line.bbox, line.text)
        if all_caps(line.text):
            # the manual allows capitals in small headings where hierarchy needs them: one
            # under the size it recommends for headings (11 pt) is small
            small = shown is not None and shown < heading_min - SIZE_SLACK
            out.facts.setdefault(CAPS_FACT, []).append(
                {
                    "text": line.text[:80],
                    "bbox": line.bbox,
                    "page": out.index,
                    **({"size": shown} if small else {}),
                }
            )


# why rules are not judged, and what the finding says after the rules (see ocr.note_skipped)
UNREAD_THEN = "not judged there, where it may be below the minimum"
OUTLINES = "the page's text is converted to outlines, which name no font"
OUTLINES_THEN = (
    "not judged{sizes}: check the typefaces in the design file, or export with live text"
)
UNNAMED = (
    "text is set in a font without a name: the PDF does not say which font it is (its name "
    "may have been lost when the file was damaged and repaired)"
)
UNNAMED_THEN = (
    "not judged for that text: check its typeface in the design file and export the PDF again"
)


def _typeface_codes(ctx: CheckContext) -> list[str]:
    """The typeface rules this run judges: BC301, and BC304 when the profile reserves one."""
    reserved = bool(ctx.profile.fonts.forbidden)
    return [c for c, on in (("BC301", True), ("BC304", reserved)) if on and ctx.wants(c)]


def _check_unlayered(page: Page, ctx: CheckContext, out: PageReport) -> None:
    """A page without a text layer: sizes (BC303) as OCR estimates them in pictures and scans
    and in text converted to outlines; the typefaces of outlined text are not judged (BC910),
    nor, without OCR, what it may be."""
    sizes = ["BC303"] if ctx.wants("BC303") else []
    typefaces = _typeface_codes(ctx) if getattr(page, "handle", None) is not None else []
    if not (sizes or typefaces):
        return
    pictures = [i.bbox for i in page.images() if not i.shading] if typefaces else []
    whole = (0.0, 0.0, page.width, page.height)
    if not sizes and any(contains(box, whole) for box in pictures):
        return  # only the typefaces of outlined text, and no line can lie outside a picture
    if ocr.needs_ocr(page):  # a picture, or a page of pictures (a scan, a flattened poster)
        result = ocr.page_ocr_or_skip(page, ctx, out, sizes + typefaces, unread=False)
    elif page.has_text_layer:  # only invisible text: a scan's searchable layer
        return
    else:  # a PDF page drawn in vectors: its art may be text in outlines, which OCR reads
        try:
            result = ocr.artwork_ocr(page, ctx)
        except ocr.OcrUnavailable as exc:
            ocr.note_skipped(out, sizes + typefaces, str(exc))
            return
    if result is None:
        return
    out.text_source = "ocr"
    result = ocr.not_in_logos(result, out)
    if typefaces and any(line.size for line in ocr.outside(result.lines, pictures)):
        estimated = " (text sizes, BC303, are estimated with OCR)" if sizes else ""
        ocr.note_skipped(out, typefaces, OUTLINES, OUTLINES_THEN.format(sizes=estimated))
    if sizes:
        _judge_ocr_sizes(page, ctx, out, result)


def _judge_ocr_sizes(page: Page, ctx: CheckContext, out: PageReport, result: ocr.OcrResult):
    """BC303 for the text OCR read on the page, and its rows it could not read."""
    if to_target(1.0, page, ctx.target) is None:  # a picture without a dpi, for print
        boxes = [line.bbox for line in result.lines if line.size]
        boxes += [row.bbox for row in result.unread]
        if boxes:  # the text whose sizes are not judged, outlined
            ocr.note_skipped(out, ["BC303"], ocr.NO_PRINT_SIZE, ocr.NO_PRINT_SIZE_THEN, boxes)
        return
    minimum, _heading, unit = _size_limits(ctx)
    out.facts[UNITS_FACT] = unit
    for line in result.lines:
        shown = to_target(line.size, page, ctx.target) if line.size else None
        if shown is not None and shown < minimum - SIZE_SLACK:
            _record_small(out, SMALL_FACT, shown, line.bbox, line.text, estimated=True)
    # small print OCR saw but could not read may be too small: not judged, not passed
    if any(to_target(row.size, page, ctx.target) < minimum - SIZE_SLACK for row in result.unread):
        ocr.note_skipped(out, ["BC303"], ocr.UNREAD, UNREAD_THEN)


def check_page(page: Page, ctx: CheckContext, out: PageReport) -> Iterator[Finding]:
    """Record the page's fonts, small text and capitals-only headings for ``finish``."""
    # invisible text (an OCR layer, in GlyphLessFont or any other font) is not typeset
    spans = [
        s for s in page.spans() if s.visible and s.text.strip() and not is_ocr_text_font(s.font)
    ]
    if spans:
        out.text_source = "pdf"
        _check_pdf_text(page, ctx, out, spans)
    else:
        _check_unlayered(page, ctx, out)
    return iter(())  # every typography rule is decided in finish, over the whole document


def _pages_by_family(pages: list[PageReport], keep, group=lambda u: u.family) -> dict[str, dict]:
    """The uses ``keep`` picks, by family (or by what ``group`` says), with their pages and
    names."""
    found: dict[str, dict] = {}
    for report in pages:
        for use in report.fonts:
            if not keep(use):
                continue
            entry = found.setdefault(group(use), {"pages": [], "names": []})
            if report.index not in entry["pages"]:
                entry["pages"].append(report.index)
            name = use.name or f"a {NAMELESS}"  # a font named only by the font inside
            label = f"{name} (the font inside: {use.program})" if use.program else use.name
            if label and label not in entry["names"]:
                entry["names"].append(label)
    return found


def _font_findings(pages: list[PageReport], ctx: CheckContext) -> Iterator[Finding]:
    fonts = ctx.profile.fonts
    matcher = FontMatcher(fonts)
    allowed = ", ".join(f.family for f in fonts.allowed)
    # a font judged by its embedded program's own name keeps that verdict (see _font_uses)
    # merged PDFs reuse driver names (CIDFont+F1) for other fonts: keyed by both names
    verdicts = {
        (use.name, use.program): matcher.judge(use.program or use.name)
        for p in pages
        for use in p.fonts
    }
    weights = {f.family: f"{f.family} {', '.join(f.weights)}" for f in fonts.allowed}

    def judged(u: FontUse) -> Verdict:
        return verdicts[u.name, u.program]

    rules = (
        (  # no typeface to name, so none the profile allows: say what it is instead
            "font.not_allowed",
            lambda u: not u.symbols_only and u.family == UNNAMED_TYPE3,
            lambda u: u.family,
            "Text is set in an unnamed Type 3 font (resources {names}): glyphs the PDF draws "
            "itself, with no typeface name, as pdfLaTeX writes its bitmap fonts. Its typeface "
            "cannot be told, so it is not one of the profile's typefaces ({allowed}); set the "
            "text in one of them.",
            f"one of: {allowed}",
        ),
        (
            "font.not_allowed",
            lambda u: (
                not u.symbols_only
                and u.family not in (UNNAMED_TYPE3, NAMELESS)  # not judged: see BC910
                and not judged(u).allowed
                and not judged(u).forbidden  # a reserved typeface is BC304's alone
                and judged(u).weight_allowed
            ),
            lambda u: u.family,
            "{group} is not one of the profile's typefaces ({allowed}); used as {names}.",
            f"one of: {allowed}",
        ),
        (  # a family the profile allows, in a weight it does not: name the weight
            "font.not_allowed",
            lambda u: (
                not u.symbols_only and not judged(u).forbidden and not judged(u).weight_allowed
            ),
            lambda u: f"{u.family} {u.weight}",
            "{group} is not one of the profile's weights ({weights}); used as {names}.",
            "{weights}",
        ),
        (
            "font.reserved",
            lambda u: judged(u).forbidden,
            lambda u: u.family,
            "{group} is reserved: this profile does not allow it (used as {names}). Use the "
            "company's own typeface.",
            "not " + ", ".join(fonts.forbidden),
        ),
    )
    for rule, keep, group, template, expected in rules:
        for label, entry in _pages_by_family(pages, keep, group).items():
            family = next((f for f in weights if label.startswith(f"{f} ")), label)
            words = {
                "group": label,
                "allowed": allowed,
                "weights": weights.get(family, ""),
                "names": ", ".join(entry["names"]),
            }
            yield Finding.of(
                rule,
                template.format(**words),
                page=entry["pages"][0],
                pages=sorted(entry["pages"]),
                measured=label,
                expected=expected.format(**words),
                details={"fonts": entry["names"]},
            )
    if ctx.is_print and fonts.require_embedded.value:
        # a font of unknown embedding (None) is not claimed to be missing
        # nor the base-14 Symbol and ZapfDingbats for signs: every viewer has them
        not_embedded = _pages_by_family(
            pages,
            lambda u: (
                u.embedded is False and not (u.symbols_only and is_base14_symbol_font(u.name))
            ),
        )
        for family, entry in not_embedded.items():
            # the file's own names where they say more than the family ('ArialMT')
            names = [n for n in entry["names"] if n != family]
            named = f"{family} ({', '.join(names)})" if names else family
            if family == NAMELESS:  # no name to give
                named = f"A {NAMELESS} (the PDF does not say which font it is)"
            yield Finding.of(
                "font.not_embedded",
                f"{named} is not embedded; print files must "
                "embed every font (export as PDF/X or with 'embed all fonts').",
                page=entry["pages"][0],
                pages=sorted(entry["pages"]),
                measured=family,
                expected="embedded",
                details={"fonts": entry["names"]},
            )


def _size_finding(
    pages: list[PageReport], fact: str, limit: float, unit: str, heading: bool, where: str = ""
) -> Finding | None:
    items = [item for p in pages for item in p.facts.get(fact, ())]
    if not items:
        return None
    smallest = min(items, key=lambda i: i["size"])
    items.sort(key=lambda i: i is not smallest)  # its box first: where the finding points
    what = "A bold heading is" if heading else "Text is"
    wants = "recommends at least" if heading else "allows no less than"
    size = f"{smallest['size']:g} {unit}"
    # an OCR size within its own error of the limit may meet it: a warning that says so
    unsure = smallest.get("estimated") and smallest["size"] >= limit * (1 - ocr.SIZE_ERROR)
    if smallest.get("estimated"):
        error = f"±{ocr.SIZE_ERROR * 100:.0f} %"
        size = f"about {smallest['size']:.0f} {unit} (estimated from the picture, {error})"
    finding = Finding.of(
        "font.too_small",
        f'{what} set at {size} ("{smallest["text"]}"); the profile {wants} {limit:g} {unit}'
        f"{where}.",
        page=smallest["page"],
        pages=sorted({i["page"] for i in items}),
        bbox=tuple(smallest["bbox"]),
        boxes=[tuple(i["bbox"]) for i in items][:200],
        box_pages=[i["page"] for i in items][:200],
        count=len(items),
        measured=smallest["size"],
        expected=limit,
        details={"unit": unit, "heading": heading, "estimated": bool(smallest.get("estimated"))},
    )
    if heading or unsure:
        return finding.model_copy(update={"severity": Severity.warning})
    return finding


def _caps_findings(pages: list[PageReport], ctx: CheckContext) -> Iterator[Finding]:
    """One finding for the capitals-only headings of the document, with their pages and boxes;
    small ones (under the heading size the profile recommends), which the manual allows where
    hierarchy needs them but asks to avoid, in one of their own, as information."""
    items = [item for p in pages for item in p.facts.get(CAPS_FACT, ())]
    large = [item for item in items if "size" not in item]
    small = [item for item in items if "size" in item]
    if large:
        texts = _texts(large)
        more = f" and {len(texts) - 1} more" if len(texts) > 1 else ""
        yield _caps_finding(
            large,
            texts,
            "heading in capitals",
            f'The heading "{texts[0][:60]}"{more} is set in capitals only; the profile asks for '
            "sentence case (capitals only for small headings where hierarchy needs it).",
        )
    if small:
        unit = _size_limits(ctx)[2]
        texts = _texts(small)
        first = f'"{texts[0][:60]}" ({round(small[0]["size"], 1):g} {unit})'
        what = (
            f"The small heading {first} is"
            if len(texts) == 1
            else f"The small headings {first} and {len(texts) - 1} more are"
        )
        finding = _caps_finding(
            small,
            texts,
            "small heading in capitals",
            # not "(under 11 pt)": BC303 warns a bold heading under that size, and the two
            # read as the profile allowing and refusing the same heading
            f"{what} set in capitals only: the profile allows capitals in small headings "
            "where hierarchy needs them, but asks to avoid them.",
        )
        yield finding.model_copy(update={"severity": Severity.info})


def _texts(items: list[dict]) -> list[str]:
    """The headings' texts, each once, in the order first met."""
    return list(dict.fromkeys(i["text"] for i in items))


def _caps_finding(items: list[dict], texts: list[str], kind: str, message: str) -> Finding:
    """BC305 for these capitals-only headings (``texts``: theirs, each once): the first quoted,
    with its box, and all of them with their pages and boxes. ``kind`` (the warning's or the
    information's) is its merge key, so that its SARIF alert stays when the first heading
    quoted is fixed."""
    return Finding.of(
        "text.all_caps_heading",
        message,
        page=items[0]["page"],  # the heading quoted, with its box
        pages=sorted({i["page"] for i in items}),
        bbox=tuple(items[0]["bbox"]),
        boxes=[tuple(i["bbox"]) for i in items][:200],
        box_pages=[i["page"] for i in items][:200],
        count=len(items),
        measured=texts[0],
        expected="sentence case",
        details={"headings": texts[:50]},
        merge_key=kind,  # one of each kind for the file, whichever heading is quoted
    )


def finish(pages: list[PageReport], ctx: CheckContext) -> Iterator[Finding]:
    """Document-level font rules (one finding per typeface with its pages) and size summaries."""
    yield from _font_findings(pages, ctx)
    yield from _caps_findings(pages, ctx)
    minimum, heading_min, unit = _size_limits(ctx)
    for fact, limit, heading, where in (
        (SMALL_FACT, minimum, False, ""),
        (SMALL_HEADING_FACT, heading_min, True, ""),
        (SMALL_BESIDE_FACT, _beside_limit(ctx, heading_min), True, " next to pictures"),
    ):
        found = _size_finding(pages, fact, limit, unit, heading, where)
        if found is not None:
            yield found
