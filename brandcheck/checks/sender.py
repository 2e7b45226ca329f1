"""Sender and message rules (BC401–BC403) on PDF text layers and, via OCR, on raster material.

A required text missing from a PDF page's text layer (and from the file's earlier pages) is also
looked for, with OCR, where the page's pictures and vector art are (text set in a picture, such
as a company's logo lockup, or converted to outlines); when that OCR cannot run, the rule is
reported as skipped, not as missing.

Each page records in ``out.facts`` which required sender and message texts it shows; ``finish``
decides BC401/BC403 for the whole document from those facts alone. The outdated sender text
(BC402) is reported where it appears. When a page needs OCR that cannot run, the rules are not
judged there and ``finish`` reports one check.skipped (BC910) finding for the file instead; this
module reports that finding for the typography rules too, so there is one per file.
"""

from __future__ import annotations

import contextlib
from collections import defaultdict
from collections.abc import Iterator
from typing import TYPE_CHECKING

from brandcheck import ocr
from brandcheck.checks import shown_text
from brandcheck.checks.merged_findings import MAX_BOXES
from brandcheck.geometry import contains, intersects, rounded
from brandcheck.page_paints import design_area, in_design
from brandcheck.report import Finding, PageReport
from brandcheck.reporters import words
from brandcheck.textmatch import Match, TextIndex, find_any

if TYPE_CHECKING:
    from brandcheck.checks import CheckContext
    from brandcheck.document import Document, Page

FOUND_REQUIRED = "sender.required_found"
FOUND_MESSAGE = "sender.message_found"
OTHER_SENDER = "sender.other_sender"  # another profile's sender line: who, phrase, profile
CHECKED = "sender.checked"
# a required text the page's text layer holds where nobody sees it: [{phrase, bbox, page}]
HIDDEN = {FOUND_REQUIRED: "sender.required_hidden", FOUND_MESSAGE: "sender.message_hidden"}
# why such a text is unseen: covered, cut off in print (in the slug), or off the page
UNDER, TRIMMED, OFF_PAGE = "under", "trimmed", "off page"
_WHY = {
    UNDER: "under a picture or a box, or in the colour of its ground",
    TRIMMED: "outside the trimmed page (in the slug), which is cut off in print",
    OFF_PAGE: "outside the page, where nobody sees it",
}
_TODO = {
    UNDER: "Bring it to the front and set it in a colour that stands out, so that it is "
    "clearly visible.",
    TRIMMED: "Move it onto the page, where it is clearly visible.",
}
SEEN_CACHE = "sender.seen"
ARTWORK_READ = "sender.artwork_read"  # a file's art was read with OCR for another sender's line
OPEN_FILE = "sender.document"  # the Document this process checks (set by check_file)
SHOWN_IN_TEXT = "sender.shown_in_text"  # fact -> the file's pages whose text layer shows it
COLUMN_GAP = 12.0  # page units: left edges closer than this start lines of one column
LINE_GAP = 0.8  # lines further apart than this many line heights do not run on
WORD_GAP = 0.1  # line heights: pieces of one row further apart than this are separate words
ROW_GAP = 1.5  # line heights: pieces of one row further apart than this do not run on
MAX_HIDDEN = 8  # hidden occurrences of a phrase looked past on a page
BREAK = "#" + "0" * 12 + "#"  # folds to 12 digits: more edits than any phrase allows


def _codes(ctx: CheckContext) -> list[str]:
    """The sender rules this profile and run ask for."""
    rules = ctx.profile.sender
    wanted = [
        ("BC401", bool(rules.required_any)),
        ("BC402", bool(rules.outdated)),
        ("BC403", rules.message_required and bool(rules.message_any)),
    ]
    return [code for code, active in wanted if active and ctx.wants(code)]


def page_text(page: Page, ctx: CheckContext, out: PageReport, codes: list[str]):
    """The page's text as a TextIndex and whether it came from OCR; None if there is none.
    Text wholly outside the page's design area (a job note in the slug, beyond the TrimBox) is
    cut off the printed piece, and is not read: a sender line there is not shown."""
    spans = shown_text.readable_spans(page)
    shown = in_design(page, ctx, spans, lambda span: span.bbox)
    if spans and not shown:  # all of it in the slug: no text layer on the piece (outlines, art)
        return TextIndex.build([]), False
    spans = shown
    if spans:
        out.text_source = "pdf"
        return _layer_index(spans), False
    try:
        result = ocr.page_ocr(page, ctx)
    except ocr.OcrUnavailable as exc:
        ocr.note_skipped(out, codes, str(exc))
        return None
    if result is None:  # no text layer and nothing for a page OCR: maybe text as outlines
        return (TextIndex.build([]), False) if hasattr(page, "handle") else None
    out.text_source = "ocr"
    return _ocr_index(result, page, ctx), True


def _layer_index(spans: list) -> TextIndex:
    """Text-layer spans as a TextIndex, in every order a reader may read them."""
    lines: dict[tuple[int, int], list] = defaultdict(list)
    for span in spans:
        lines[span.line_key].append((span.text, span.bbox, span))
    drawn = [_spaced(line) for line in lines.values()]
    # more readings than the drawing order: a sentence can run down a column of a footer
    # set with tab stops ("…, en del av" over "Stockholms stad", each line beside a phone
    # number), and a line's words can be drawn in any order (right to left, or a centred
    # lockup's two lines with other text drawn between them)
    readings, seen = [drawn], [drawn]
    for other in (_column_order(drawn), _row_order(drawn)):
        lines_only = [line for line in other if line[0][0] != BREAK]
        if lines_only not in seen:
            readings.append(other)
            seen.append(lines_only)
    joined = [line for reading in readings for line in (*reading, [(BREAK, reading[-1][-1][1])])]
    return TextIndex.build(joined if len(readings) > 1 else drawn)


def _beyond_trim(page: Page, ctx: CheckContext, phrases: list[str]) -> list[dict]:
    """Where the page's text layer holds one of the phrases only beyond its design area (in
    the slug, beyond the TrimBox: cut off the printed piece), as ``_find_shown``'s unseen
    entries; empty when it does not."""
    spans = shown_text.readable_spans(page)
    design = design_area(page, ctx) if spans else None
    cut = [s for s in spans if not intersects(s.bbox, design)] if design is not None else []
    if not cut:
        return []
    index = _layer_index(cut)
    hit = find_any(phrases, index.text, ocr=False, sure=index.sure)
    if hit is None:
        return []
    box = index.bbox(hit)
    where = rounded(box) if box is not None else None
    whole = (0.0, 0.0, float(page.width), float(page.height))
    why = OFF_PAGE if contains(design, whole) else TRIMMED  # no TrimBox: the visible page
    return [{"phrase": hit.phrase, "bbox": where, "page": page.index, "why": why}]


def _spaced(line: list) -> list:
    """A line's pieces (text, bbox, span) with a space between pieces drawn apart, as a reader
    sees words apart: fake small caps or letter-spaced text drawn a glyph or a word at a time
    hold no space characters, and the phrase's words must stand apart (see textmatch)."""
    out = line[:1]
    for piece in line[1:]:
        before = out[-1][1]
        if piece[1][0] - before[2] > WORD_GAP * (before[3] - before[1]):
            out.append((" ", before))
        out.append(piece)
    return out


def _find_shown(
    page: Page,
    phrases: list[str],
    index: TextIndex,
    from_ocr: bool,
    unseen: list[dict] | None = None,
) -> Match | None:
    """The first of the phrases the page shows: in a text layer, an occurrence in text nobody
    sees (under a picture or a box, in its ground's colour) does not count, and the text is
    searched again without it; such occurrences are added to ``unseen`` when given."""
    for _ in range(MAX_HIDDEN):
        hit = find_any(phrases, index.text, ocr=from_ocr, sure=index.sure)
        if hit is None:
            return None
        pieces = [i for i in index.pieces(hit) if index.tags[i] is not None]
        if not pieces:
            return hit
        hidden = shown_text.hidden(page, [index.tags[i] for i in pieces])
        if not any(hidden):
            return hit
        if unseen is not None:
            box = index.bbox(hit)
            where = rounded(box) if box is not None else None
            unseen.append({"phrase": hit.phrase, "bbox": where, "page": page.index, "why": UNDER})
        # the same spans stand in every reading of the page: blank them out of all of them
        gone = {id(index.tags[i]) for i, out in zip(pieces, hidden, strict=True) if out}
        index = index.without(i for i, tag in enumerate(index.tags) if id(tag) in gone)
    return None


def _column_order(lines: list[list]) -> list[list]:
    """Lines (lists of (text, bbox)) in reading order by columns: grouped by left edges less
    than COLUMN_GAP apart, left column first, each from top to bottom. Only lines that follow
    each other closely run on: between the others (a list indented between two lines of the
    margin column) stands a break no phrase can be read across."""
    column: dict[int, int] = {}
    previous, current = None, -1
    for x in sorted({round(line[0][1][0]) for line in lines}):
        if previous is None or x - previous >= COLUMN_GAP:
            current += 1
        column[x], previous = current, x
    ordered = sorted(lines, key=lambda line: (column[round(line[0][1][0])], line[0][1][1]))
    out: list[list] = []
    for line in ordered:
        if out:
            above = out[-1][-1][1]
            below = line[0][1]
            same_column = column[round(out[-1][0][1][0])] == column[round(below[0])]
            close = below[1] - above[3] <= LINE_GAP * (above[3] - above[1])
            if not (same_column and close):
                out.append([(BREAK, above)])
        out.append(line)
    return out


def _row_order(lines: list[list]) -> list[list]:
    """Lines (lists of (text, bbox)) in reading order by rows: lines whose middles lie within
    half a line height of each other form one row, read from left to right (with a space
    between pieces apart, and a break between pieces far apart), rows from top to bottom.
    Rows that do not follow each other closely do not run on."""
    rows: list[tuple[float, float, list]] = []  # (middle, height, pieces)
    for line in sorted(lines, key=lambda line: _middle(line[0][1])):
        box = line[0][1]
        height = box[3] - box[1]
        if rows and abs(_middle(box) - rows[-1][0]) <= 0.5 * min(height, rows[-1][1]):
            rows[-1][2].append(line)
        else:
            rows.append((_middle(box), height, [line]))
    out: list[list] = []
    for _, height, row in rows:
        pieces: list = []
        for line in sorted(row, key=lambda line: line[0][1][0]):
            if pieces:
                gap = line[0][1][0] - pieces[-1][1][2]
                if gap > WORD_GAP * height:
                    pieces.append((BREAK if gap > ROW_GAP * height else " ", pieces[-1][1]))
            pieces += line
        if out:
            above, below = out[-1][-1][1], pieces[0][1]
            if below[1] - above[3] > LINE_GAP * (above[3] - above[1]):
                out.append([(BREAK, above)])
        out.append(pieces)
    return out


def _middle(box: tuple[float, float, float, float]) -> float:
    return (box[1] + box[3]) / 2


def _file_of(page: Page) -> str:
    handle = getattr(page, "handle", None)
    return str(getattr(getattr(handle, "parent", None), "name", ""))


def _artwork_text(page: Page, ctx: CheckContext, out: PageReport, code: str) -> TextIndex | None:
    """What OCR reads in the pictures and the vector art of the page (see ocr.artwork_ocr),
    or None when it has none.

    When the page has such art and OCR cannot run, ``code`` is recorded as skipped here (one
    check.skipped finding for the file) rather than judged on the text layer alone.
    """
    try:
        result = ocr.artwork_ocr(page, ctx)
    except ocr.OcrUnavailable as exc:
        ocr.note_skipped(out, [code], str(exc))
        return None
    return None if result is None else _ocr_index(result, page, ctx)


def _find_read(phrases: list[str], index: TextIndex) -> Match | None:
    return find_any(phrases, index.text, ocr=True, sure=index.sure)


def _ocr_index(result: ocr.OcrResult, page: Page, ctx: CheckContext) -> TextIndex:
    """The words OCR read, each marked as read surely or not (edits are forgiven only in the
    words it was unsure of). Words wholly outside the page's design area (a line set in a
    picture in the slug) are cut off the piece, as a text layer's are (``page_text``)."""
    lines = [in_design(page, ctx, line.words, lambda word: word.bbox) for line in result.lines]
    index = TextIndex.build([[(w.text + " ", w.bbox) for w in words] for words in lines])
    return index.read_surely([w.sure for words in lines for w in words])


def check_file(doc: Document, ctx: CheckContext) -> Iterator[Finding]:
    """A new file: forget which required texts earlier files' pages showed, and keep the
    document, whose other pages' text layers may spare a page's art the OCR."""
    for key in (SEEN_CACHE, SHOWN_IN_TEXT):
        ctx.cache.pop(key, None)
    ctx.cache[OPEN_FILE] = doc
    yield from ()


def _in_other_text(page: Page, ctx: CheckContext, fact: str, phrases: list[str]) -> bool:
    """Whether another page of the file shows one of the phrases in its text layer: that page
    records the fact itself, so the file's outcome does not hang on this page's art (read
    with OCR, about 5 s for a page-sized photo at 300 ppi). Each page's text is read once a
    file (a few milliseconds a page); False when the document is not at hand (a page range
    checked in a worker that did not open the file's first range)."""
    doc = ctx.cache.get(OPEN_FILE)
    handle = getattr(page, "handle", None)
    if doc is None or handle is None or getattr(doc, "handle", None) is not handle.parent:
        return False
    if ocr.art_region(page) is None:  # no art to spare the OCR: the others' text is not read
        return False
    shown = ctx.cache.setdefault(SHOWN_IN_TEXT, {})
    if fact not in shown:
        with page.others_read():  # type: ignore[attr-defined]  # a PdfPage: it has a handle
            shown[fact] = {i for i in range(doc.page_count) if _text_shows(doc, i, phrases, ctx)}
    return bool(shown[fact] - {page.index})


def _text_shows(doc: Document, index: int, phrases: list[str], ctx: CheckContext) -> bool:
    """Whether page ``index``'s text layer shows one of the phrases (as ``check_page`` reads
    it); False for a page that cannot be opened, or without a text layer (no OCR here)."""
    try:
        other = doc.page(index)
    except Exception:  # refused or broken: its own check says so, and it counts for nothing
        return False
    try:
        if not shown_text.readable_spans(other):
            return False
        scratch = PageReport(index=index, width=other.width, height=other.height, units=other.units)
        got = page_text(other, ctx, scratch, [])
        return got is not None and _find_shown(other, phrases, got[0], False) is not None
    finally:
        other.release()


def check_page(page: Page, ctx: CheckContext, out: PageReport) -> Iterator[Finding]:
    """Which sender/message texts the page shows; the outdated sender text where it appears."""
    codes = _codes(ctx)
    if not codes:  # no sender rule reads the page; BC101's pointer may still need it
        _other_sender(page, ctx, out, None)
        return
    got = page_text(page, ctx, out, codes)
    if got is None:
        if ocr.SKIP_FACT not in out.facts:
            out.facts[CHECKED] = True
        _other_sender(page, ctx, out, [])
        return
    index, from_ocr = got
    out.facts[CHECKED] = True
    rules = ctx.profile.sender
    seen = ctx.cache.setdefault(SEEN_CACHE, set())  # (file, fact) found on an earlier page
    artwork: TextIndex | None = None  # read only for a required text the text layer lacks
    # BC402 reads the art too: an old lockup (a cover's) is missed if another page spares it
    outdated_read = "BC402" in codes and bool(rules.outdated)
    for code, fact, phrases in (
        ("BC401", FOUND_REQUIRED, rules.required_any),
        ("BC403", FOUND_MESSAGE, rules.message_any),
    ):
        if code not in codes:
            continue
        unseen: list[dict] = []
        found = _find_shown(page, phrases, index, from_ocr, unseen) is not None
        if (
            not found
            and not from_ocr
            and (_file_of(page), fact) not in seen
            and (outdated_read or not _in_other_text(page, ctx, fact, phrases))
        ):
            artwork = artwork or _artwork_text(page, ctx, out, code)  # a lockup, or outlines
            found = artwork is not None and _find_read(phrases, artwork) is not None
        if not found and not unseen and not from_ocr:
            unseen = _beyond_trim(page, ctx, phrases)
        if found:
            seen.add((_file_of(page), fact))
        elif unseen:
            out.facts[HIDDEN[fact]] = unseen
        out.facts[fact] = found
    # in the art too where it was read anyway: an old lockup carries the outdated line
    sources = [(index, from_ocr)] + ([(artwork, True)] if artwork is not None else [])
    if "BC402" in codes:
        yield from _outdated(page, rules, sources)
    _other_sender(page, ctx, out, sources)


def _outdated(page: Page, rules, sources: list[tuple[TextIndex, bool]]) -> Iterator[Finding]:
    """BC402 for each outdated sender text that one of the page's texts shows."""
    replacement = rules.required_any[0] if rules.required_any else "en del av Stockholms stad"
    for phrase in rules.outdated:
        for index, from_ocr in sources:
            hit = _find_shown(page, [phrase], index, from_ocr)
            if hit is None:
                continue
            yield Finding.of(
                "sender.outdated",
                f'The outdated sender text "{phrase}" appears; it has been replaced by '
                f'"{replacement}".',
                page=page.index,
                bbox=index.bbox(hit),
                measured=index.text[hit.start : hit.end].replace("\n", " "),
                expected=list(rules.required_any) or None,
                details={"source": "ocr" if from_ocr else "pdf", "edits": hit.errors},
                merge_key=phrase,
            )
            break


def _other_sender(
    page: Page, ctx: CheckContext, out: PageReport, sources: list[tuple[TextIndex, bool]] | None
) -> None:
    """Record another sender's line ([[sender.other_senders]]) the page shows, for BC101 to say
    whose material this looks like: in the text read above (``sources``; None when no sender
    rule read the page, which is then read here), else in the pictures and vector art of a
    page without the profile's own logo (a company's lockup, outlined text), read with OCR
    at most once a file."""
    others = ctx.profile.sender.other_senders
    if not (others and ctx.profile.logo.required.value and ctx.wants("BC101")):
        return
    seen = ctx.cache.setdefault(SEEN_CACHE, set())
    file = _file_of(page)
    if any(hit.role == "own" for hit in out.logos):
        seen.add((file, "own logo"))  # BC101 is not reported for this file: no pointer needed
    if {(file, OTHER_SENDER), (file, "own logo")} & seen:
        return
    if sources is None:
        sources = _page_text_quietly(page, ctx, out)
    if not _record_other(page, out, others, sources):
        if (file, ARTWORK_READ) in seen or any(from_ocr for _, from_ocr in sources):
            return
        # only a pointer: without OCR (switched off, not installed) the art is not looked at,
        # and no check is skipped for want of it
        art = None
        if ocr.unavailable_reason(ctx) is None:
            with contextlib.suppress(ocr.OcrUnavailable):
                art = ocr.artwork_ocr(page, ctx)
        seen.add((file, ARTWORK_READ))
        if art is None or not _record_other(
            page, out, others, [(_ocr_index(art, page, ctx), True)]
        ):
            return
    seen.add((file, OTHER_SENDER))


def _page_text_quietly(page: Page, ctx: CheckContext, out: PageReport) -> list:
    """The page's text as ``page_text`` reads it, for no rule: OCR that cannot run skips none."""
    try:
        got = page_text(page, ctx, out, []) if shown_text.readable_spans(page) else None
        if got is None and ocr.unavailable_reason(ctx) is not None:
            return []
        if got is None and (result := ocr.page_ocr(page, ctx)) is not None:
            got = (_ocr_index(result, page, ctx), True)
    except ocr.OcrUnavailable:
        got = None
    return [got] if got is not None else []


def _record_other(page: Page, out: PageReport, others: list, sources: list) -> bool:
    """Record the first other sender's line one of the texts shows; whether there was one."""
    for other in others:
        for index, from_ocr in sources:
            hit = _find_shown(page, other.phrases, index, from_ocr)
            if hit is not None:
                out.facts[OTHER_SENDER] = {
                    "who": other.who,
                    "phrase": hit.phrase,
                    "profile": other.profile,
                }
                return True
    return False


def _missing(
    pages: list[PageReport], code: str, fact: str, skipped: set[str]
) -> tuple[bool, list[int]]:
    """(is the text missing on every page that could be checked, those pages' indices)."""
    checked = [p.index for p in pages if p.facts.get(CHECKED)]
    found = any(p.facts.get(fact) for p in pages)
    return not found and code not in skipped, checked


def _not_shown(pages: list[PageReport], rule: str, fact: str, missing: str, **fields) -> Finding:
    """BC401/BC403 for a text no page shows: where a page's text layer holds it unseen (under
    a picture or a box, in its ground's colour, or in the slug beyond the TrimBox: a search of
    the PDF finds it), that place and why, so the designer is not told it is absent from a
    file that holds it."""
    unseen = [item for p in pages for item in p.facts.get(HIDDEN[fact], [])]
    if not unseen:
        return Finding.of(rule, missing, **fields)
    first = unseen[0]
    where = sorted({item["page"] for item in unseen})
    marked = [item for item in unseen if item["bbox"] is not None][:MAX_BOXES]
    whys = list(dict.fromkeys(item["why"] for item in unseen))
    return Finding.of(
        rule,
        f'"{first["phrase"]}" is in the text on {words.pages(where)} but cannot be seen there: '
        f"it is {'; elsewhere '.join(_WHY[w] for w in whys)}. "
        + " ".join(dict.fromkeys(_TODO.get(w, _TODO[TRIMMED]) for w in whys)),
        page=first["page"],
        bbox=first["bbox"],
        pages=where,
        boxes=[item["bbox"] for item in marked],
        box_pages=[item["page"] for item in marked],
        **fields,
    )


def finish(pages: list[PageReport], ctx: CheckContext) -> Iterator[Finding]:
    """BC401/BC403 over the whole document, and the one BC910 when OCR could not run."""
    codes = _codes(ctx)
    for code, fact in (("BC401", FOUND_REQUIRED), ("BC403", FOUND_MESSAGE)):
        if any(p.facts.get(fact) for p in pages):  # found: pages OCR could not read do not matter
            ocr.drop_skipped(pages, code)
    skipped = ocr.skipped_rules(pages)
    rules = ctx.profile.sender
    if "BC401" in codes:
        missing, checked = _missing(pages, "BC401", FOUND_REQUIRED, skipped)
        if missing:
            wanted = " nor ".join(f'"{t}"' for t in rules.required_any)
            yield _not_shown(
                pages,
                "sender.missing",
                FOUND_REQUIRED,
                f"Neither {wanted} appears; companies with their own profile must show that "
                "they are part of Stockholms stad, clearly visible."
                if len(rules.required_any) > 1
                else f"{wanted} does not appear; it is required as the sender text.",
                expected=list(rules.required_any),
                details={
                    "pages_checked": [i + 1 for i in checked],
                    "source": rules.required_source,
                },
            )
    if "BC403" in codes:
        missing, checked = _missing(pages, "BC403", FOUND_MESSAGE, skipped)
        if missing:
            wanted = " or ".join(f'"{t}"' for t in rules.message_any)
            yield _not_shown(
                pages,
                "message.missing",
                FOUND_MESSAGE,
                f"The message {wanted} does not appear; this profile asks for it.",
                expected=list(rules.message_any),
                details={"pages_checked": [i + 1 for i in checked]},
            )
    skip = ocr.skipped_finding(pages)
    if skip is not None:
        yield skip
