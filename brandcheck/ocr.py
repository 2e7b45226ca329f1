"""OCR for raster material (images, image-only PDF pages, pictures on PDF pages) with Tesseract.

Speed: the page is scaled once so that its typical glyph height (median height of dark connected
components, a cheap OpenCV measure) is about ``TARGET_GLYPH_PX``, which is where Tesseract's LSTM
reads best; huge scans are shrunk and small text is enlarged. One ``image_to_data`` call with page
segmentation ``PSM`` per page; the result is memoised so every check shares it. A page with two
sizes of text far apart (a banner's headline over its small print or sender line) is read twice,
each size alone at its own scale: read together, Tesseract dropped the small print, or it was
shrunk past reading to suit the headline. The headline's pass paints the small glyphs over in
their local ground; the small print's pass shows only the rows of small glyphs (see
``brandcheck.ocr_rows``), since glyph finding misses some of the large text (thin letters, light
letters on a mid-tone band) and its remnants made Tesseract drop the small line. A row of small
print of at least ``MIN_GLYPHS`` glyphs in which that pass read nothing is kept as *unread*, so
a size rule can say it was not judged instead of passing it silently.

Faint text: one global threshold parts the page's two strongest tones, so light text on a light
ground beside a dark logo is found by neither glyph finding nor Tesseract. Rows of shapes that
stand out from their local ground on a flat ground (``brandcheck.ocr_glyphs``) and that no line
read are read once more, each row shown dark on white on its own; a row still unread is kept as
unread, and the contrast rule says it was not judged there (``page_ocr_or_skip``).

Text size from OCR: a word box spans its tallest and lowest glyphs, so its height in em depends on
its letters. With typical sans metrics (x-height 0.52 em, ascender/cap height 0.72 em, accented
capitals 0.90 em, descender 0.21 em) each word gives ``size = box height / (top + bottom)``, and a
line's size is the median over its confident words. It is an estimate (about ±15 % across common
typefaces), good enough for minimum-size rules with their coarse thresholds.

Sure reads: a word is *sure* when Tesseract gives it a confidence of at least
``SURE_CONFIDENCE`` and its letters were drawn large enough in the source (the picture's own
pixels, not ours after scaling): the median glyph of its pass at least ``SURE_GLYPH_PX`` high
and the word's box at least ``SURE_EM_PX`` to the em (a word box alone is too large on tiny
text). Measured on lines of DejaVu Sans, clean and as JPEG at quality 30–50: from 9 px to the
em up, every word was read right; at 6–8 px, words were misread with confidences up to 93
("del" as "de", "en" as "on" in a 300 × 80 px e-mail signature). The sender rule forgives OCR
edits only in words that are not sure.

Tesseract runs with OMP_THREAD_LIMIT=1 unless the environment sets it.
"""

from __future__ import annotations

import dataclasses
import os
import shutil
import statistics
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, TypeVar

import cv2
import numpy as np
import pytesseract
from PIL import Image

from brandcheck.geometry import area, intersects, overlap, union
from brandcheck.ocr_glyphs import MIN_GLYPHS, faint_rows, glyph_boxes
from brandcheck.ocr_regions import only_regions, text_regions
from brandcheck.ocr_rows import BUSY_GROUND, Row, inside, only_rows, ring, row_labels, rows
from brandcheck.report import BBox, Finding, PageReport

if TYPE_CHECKING:
    from brandcheck.checks import CheckContext
    from brandcheck.document import Page
    from brandcheck.document.model import PlacedImage

LANGS = ("swe", "eng")
PSM = 3  # fully automatic page segmentation: letters, posters and scans alike
TARGET_GLYPH_PX = 12.0
TIMEOUT_S = 120
MIN_CONFIDENCE = 50.0
MIN_IMAGE_SHARE = 0.05  # a PDF page is "image-only" when images cover at least this share
PDF_DPI = (150.0, 300.0)  # render image-only PDF pages at the images' ppi, within these bounds
MAX_OCR_PIXELS = 20_000_000
MEMO_KEY = "ocr"
SIZE_ERROR = 0.15  # how far a text size read from word boxes may be off (see above)
SIZE_CLASS_RATIO = 2.5  # text sizes this far apart are read in passes of their own
SECOND_PASS_BLOCKS = 10_000
FAINT_PASS = 2  # the faint rows' passes are numbered from this (see _run)
SURE_CONFIDENCE = 90.0
SURE_EM_PX = 12.0
SURE_GLYPH_PX = 7.0  # median glyph height of 12 px DejaVu Sans
ROW_GLYPHS = 3  # small glyphs in a row of at least this many are small print, not marks
# a line of the small print's pass has a size only with a word of this many letters read at
# this confidence: shown on a flat ground, the texture of a photo's rows reads as short junk
# ("al", "rr,", "Lag" at 52), and small print as words at 88-96
WORD_LETTERS, WORD_CONFIDENCE = 3, 80.0

_X_HEIGHT, _CAP, _ACCENT_CAP, _DESC = 0.52, 0.72, 0.90, 0.21
_DESCENDERS = set("gjpqyQ,;()[]{}|/")
_SHORT = set("acemnorsuvwxzgpqy")  # no part above the x-height


class OcrUnavailable(RuntimeError):
    """OCR was needed but cannot run (not installed, or switched off)."""


@dataclass(frozen=True)
class OcrWord:
    """A recognised word in page units; ``sure`` when it was read with confidence from letters
    large enough in the source (see the module docstring)."""

    text: str
    confidence: float
    bbox: BBox
    line: tuple[int, int, int]
    sure: bool = False


@dataclass(frozen=True)
class OcrLine:
    """A line of words; ``size`` is the estimated font size in page units (None if unsure)."""

    text: str
    bbox: BBox
    words: tuple[OcrWord, ...]
    size: float | None


@dataclass(frozen=True)
class UnreadRow:
    """A row of text OCR read nothing in: its box, the smallest size (page units) its letters
    may be set at (its median glyph as tall as capitals), and whether it stands on a flat
    ground (where the contrast of text is measured, had it been read)."""

    bbox: BBox
    size: float
    flat: bool = False


@dataclass(frozen=True)
class OcrResult:
    """What Tesseract read on one page, and the rows of small print it could not read."""

    lines: tuple[OcrLine, ...]
    unread: tuple[UnreadRow, ...] = ()

    @property
    def text(self) -> str:
        return "\n".join(line.text for line in self.lines)


@lru_cache(maxsize=8)
def _probe(cmd: str) -> tuple[str | None, tuple[str, ...]]:
    """(why OCR cannot run or None, installed languages) for a tesseract command."""
    if shutil.which(cmd) is None:
        return f"Tesseract is not installed ({cmd!r} not found)", ()
    try:
        pytesseract.get_tesseract_version()
        langs = tuple(pytesseract.get_languages(config=""))
    except (pytesseract.TesseractNotFoundError, pytesseract.TesseractError, OSError) as exc:
        return f"Tesseract does not run: {exc}", ()
    if not any(lang in langs for lang in LANGS):
        return f"Tesseract has none of the languages {'+'.join(LANGS)}", langs
    return None, langs


SWITCHED_OFF = "OCR is switched off (--ocr off)"
UNREAD = "OCR could not read a row of small print in a picture"
UNREAD_TEXT = "OCR could not read a row of text on a flat ground in a picture"
UNREAD_TEXT_THEN = "not judged there: check the contrast of that text in the design file"
NO_PRINT_SIZE = "the picture has no resolution (dpi), so it has no size in print"
NO_PRINT_SIZE_THEN = (
    "not judged: check screen material with --target digital, or export the picture for "
    "print with its resolution (dpi)"
)
"""Why a picture's logo size (BC102, in mm) and text sizes (BC303, in pt) are not judged for
print: one reason, said once for both."""


def unavailable_reason(ctx: CheckContext) -> str | None:
    """Why OCR cannot run in this context, or None when it can."""
    if ctx.ocr == "off":
        return SWITCHED_OFF
    return _probe(str(pytesseract.pytesseract.tesseract_cmd))[0]


def _languages() -> str:
    installed = _probe(str(pytesseract.pytesseract.tesseract_cmd))[1]
    return "+".join(lang for lang in LANGS if lang in installed)


def needs_ocr(page: Page) -> bool:
    """True for raster images and for PDF pages without a text layer that hold images."""
    if not hasattr(page, "handle"):
        return True
    if page.has_text_layer:
        return False
    area = max(page.width * page.height, 1e-9)
    covered = sum((b[2] - b[0]) * (b[3] - b[1]) for b in (i.bbox for i in page.images()))
    return covered / area >= MIN_IMAGE_SHARE


def _grey_source(page: Page) -> tuple[np.ndarray, float, float]:
    """The page as greyscale pixels, their scale (pixels per page unit) and their detail (the
    source's pixels per pixel, at most 1: a PDF's pictures may have fewer than its render)."""
    if getattr(page, "handle", None) is None:
        rgb = page.raster()
        return cv2.cvtColor(rgb, cv2.COLOR_RGB2GRAY), page.raster_scale, 1.0
    ppi = max((i.ppi for i in page.images()), default=PDF_DPI[0])
    dpi = min(max(ppi, PDF_DPI[0]), PDF_DPI[1])
    scale = dpi / 72.0
    cap = (MAX_OCR_PIXELS / max(page.width * page.height * scale * scale, 1.0)) ** 0.5
    scale *= min(1.0, cap)
    grey = page.grey(scale)  # type: ignore[attr-defined]  # a PdfPage: it has a handle
    return grey, scale, _detail(page.images(), scale)


def _detail(pictures, scale: float) -> float:
    """Source pixels per rendered pixel of these pictures (the coarsest) at ``scale`` pixels
    per point; 1 without pictures (vector art and text are drawn at any scale)."""
    ppis = [i.ppi for i in pictures if i.ppi and i.ppi > 0]
    return min(1.0, min(ppis, default=np.inf) / 72.0 / scale)


def glyph_height(grey: np.ndarray) -> float | None:
    """Median height in pixels of glyph-like dark (or light, if text is light) components."""
    glyphs = glyph_boxes(grey)
    return float(np.median(glyphs[:, 3])) if glyphs is not None else None


@dataclass(frozen=True)
class _Shapes:
    """The text-like shapes of an OCR image: the glyphs one global threshold finds (None when
    too few) and the faint rows it misses with their glyphs (see ``brandcheck.ocr_glyphs``)."""

    glyphs: np.ndarray | None
    faint: list[Row]
    faint_glyphs: np.ndarray

    @classmethod
    def of(cls, grey: np.ndarray) -> _Shapes:
        glyphs = glyph_boxes(grey)
        faint_glyphs, faint = faint_rows(grey, glyphs)
        return cls(glyphs, faint, faint_glyphs)

    @property
    def text_like(self) -> bool:
        return self.glyphs is not None or bool(self.faint)

    def within(self, boxes: list[tuple[int, int, int, int]]) -> _Shapes:
        """These shapes with only the glyphs centred in one of these boxes (x0, y0, x1, y1)."""
        if self.glyphs is None:
            return self
        x, y = (
            self.glyphs[:, 0] + self.glyphs[:, 2] // 2,
            self.glyphs[:, 1] + self.glyphs[:, 3] // 2,
        )
        keep = np.zeros(len(self.glyphs), bool)
        for x0, y0, x1, y1 in boxes:
            keep |= (x >= x0) & (x < x1) & (y >= y0) & (y < y1)
        glyphs = self.glyphs[keep] if np.count_nonzero(keep) >= MIN_GLYPHS else None
        return dataclasses.replace(self, glyphs=glyphs)

    def boxes(self) -> np.ndarray:
        """Every glyph's box (x, y, w, h)."""
        found = [self.faint_glyphs] if self.glyphs is None else [self.glyphs, self.faint_glyphs]
        return np.concatenate(found)


def _size_classes(glyphs: np.ndarray) -> np.ndarray | None:
    """Which glyphs are small print, when a page has two sizes of text far apart (a banner's
    headline over its small print: each gets its own pass, since Tesseract reads one size
    well at a time and drops the other); None for a page of one size.

    Dots, commas and the marks over å, ä, ö are small too, but they sit beside or on letters:
    a small glyph beside a large one is its mark, unless it stands in a row of small print
    (a line set under or beside an emblem, which is as large as a headline but no letter).
    """
    logs = np.log(glyphs[:, 3].astype(np.float64))
    cut = float(np.median(logs))
    for _ in range(20):  # two-means on log heights
        small = logs < cut
        if small.all() or not small.any():
            return None
        new = (logs[small].mean() + logs[~small].mean()) / 2
        if abs(new - cut) < 1e-6:
            break
        cut = new
    if np.exp(logs[~small].mean() - logs[small].mean()) < SIZE_CLASS_RATIO:
        return None
    marks = _beside(glyphs[small], glyphs[~small], small)
    marks[small] &= _row_sizes(glyphs[small]) < ROW_GLYPHS
    small &= ~marks
    if min(np.count_nonzero(small), np.count_nonzero(~small)) < MIN_GLYPHS:
        return None
    return small


def _beside(small: np.ndarray, large: np.ndarray, where: np.ndarray) -> np.ndarray:
    """For every glyph (True in ``where``, boxes ``small`` in order), whether its centre lies
    within half a large glyph's height of a large glyph: a mark of that glyph's word."""
    x, y, w, h = (large[:, i] for i in range(4))
    pad = h // 2
    width = int(max((x + w + pad).max(), (small[:, 0] + small[:, 2]).max())) + 1
    height = int(max((y + h + pad).max(), (small[:, 1] + small[:, 3]).max())) + 1
    near = np.zeros((height // 4 + 1, width // 4 + 1), np.uint8)  # 4 px cells
    for x0, y0, x1, y1 in zip(
        (x - pad) // 4, (y - pad) // 4, (x + w + pad) // 4, (y + h + pad) // 4, strict=True
    ):
        near[max(0, y0) : y1 + 1, max(0, x0) : x1 + 1] = 1
    cx = (small[:, 0] + small[:, 2] // 2) // 4
    cy = (small[:, 1] + small[:, 3] // 2) // 4
    out = np.zeros(where.shape, bool)
    out[where] = near[cy, cx] > 0
    return out


def _row_sizes(boxes: np.ndarray) -> np.ndarray:
    """For each glyph (boxes x, y, w, h), how many glyphs stand in its row (see
    ``ocr_rows.row_labels``)."""
    labels = row_labels(boxes)
    return np.bincount(labels)[labels]


def _without(grey: np.ndarray, boxes: np.ndarray) -> np.ndarray:
    """The page with these glyphs painted over in their ground's tone (the median of a ring
    around each: small print on a coloured band is painted in the band's tone)."""
    out = grey.copy()
    for x, y, w, h in boxes:
        x0, y0 = max(0, x - 2), max(0, y - 2)
        around = grey[y0 : y + h + 2, x0 : x + w + 2]
        ring = np.concatenate([around[0], around[-1], around[:, 0], around[:, -1]])
        out[max(0, y - 1) : y + h + 1, max(0, x - 1) : x + w + 1] = np.median(ring)
    return out


def _rescale(grey: np.ndarray, height: float) -> tuple[np.ndarray, float]:
    """Scale so the median glyph is about TARGET_GLYPH_PX high (within pixel limits)."""
    factor = min(max(TARGET_GLYPH_PX / height, 0.25), 4.0)
    factor = min(factor, (MAX_OCR_PIXELS / max(grey.size, 1)) ** 0.5)
    if 0.75 <= factor <= 1.6:
        return grey, 1.0
    size = (max(1, round(grey.shape[1] * factor)), max(1, round(grey.shape[0] * factor)))
    interp = cv2.INTER_AREA if factor < 1 else cv2.INTER_CUBIC
    return cv2.resize(grey, size, interpolation=interp), factor


def word_em_ratio(text: str) -> float | None:
    """Height of a word's box in em, from its letters (see the module docstring)."""
    chars = [c for c in text if not c.isspace()]
    if not chars:
        return None
    top = _X_HEIGHT if all(c in _SHORT for c in chars) else _CAP
    if any(c.isupper() and len(unicodedata.normalize("NFD", c)) > 1 for c in chars):
        top = _ACCENT_CAP
    bottom = _DESC if any(c in _DESCENDERS for c in chars) else 0.0
    return top + bottom


def _line_size(words: list[OcrWord]) -> float | None:
    sizes = []
    for w in words:
        letters = sum(c.isalnum() for c in w.text)
        ratio = word_em_ratio(w.text)
        if w.confidence < MIN_CONFIDENCE or letters < 2 or ratio is None:
            continue
        sizes.append((w.bbox[3] - w.bbox[1]) / ratio)
    return statistics.median(sizes) if sizes else None


def _run(
    grey: np.ndarray,
    scale: float,
    detail: float = 1.0,
    origin: tuple[float, float] = (0.0, 0.0),
    shapes: _Shapes | None = None,
) -> OcrResult:
    """OCR at the scale that suits the page's text (its ``shapes``, found here unless given);
    a page with two sizes of text far apart is read twice, each size alone at its own scale:
    the large text with the small painted over, then only the rows of small print. Faint rows
    that the global threshold missed and no line read (light text on a light ground beside a
    dark logo) are read once more, shown dark on white on their own. ``detail``: source pixels
    per pixel of ``grey``."""
    shapes = _Shapes.of(grey) if shapes is None else shapes
    lines: list[OcrLine] = []
    unseen: list[Row] = []  # rows of text, unread unless a line read over them
    if shapes.glyphs is not None:
        lines, small_rows = _passes(grey, shapes.glyphs, scale, detail, origin, 0)
        unseen = [row for row in small_rows if row.glyphs >= MIN_GLYPHS]
    pixels = scale, origin
    faint = [row for row in shapes.faint if not _read_over(_page_box(row, *pixels), lines)]
    if faint:  # shown alone: the text found before is painted over in its ground
        alone = grey if shapes.glyphs is None else _without(grey, shapes.glyphs)
        glyphs = shapes.faint_glyphs[inside(shapes.faint_glyphs, faint)]
        more, _ = _passes(
            only_rows(alone, faint, dark=True), glyphs, scale, detail, origin, FAINT_PASS
        )
        lines += more
        unseen += faint
    # a row read as nothing at all is unread; one read as junk (no size) is no text
    unread = _unread(grey, unseen, lines, shapes.boxes(), *pixels)
    return OcrResult(lines=tuple(lines), unread=tuple(unread))


def _passes(
    grey: np.ndarray,
    glyphs: np.ndarray,
    scale: float,
    detail: float,
    origin: tuple[float, float],
    first: int,
) -> tuple[list[OcrLine], list[Row]]:
    """The passes over ``grey``, numbered from ``first``, one for each size of its ``glyphs``
    (see ``_run``): the lines read, and the rows of the small print's pass. Only the page's
    first pass keeps every line's size; a later one only a line with a word."""
    small = _size_classes(glyphs)
    classes = [np.ones(len(glyphs), bool)] if small is None else [~small, small]
    lines: list[OcrLine] = []
    small_rows: list[Row] = []
    for run, mine in enumerate(classes, start=first):  # the large text first
        if mine.all():
            page = grey
        elif run == first:
            page = _without(grey, glyphs[~mine])
        else:
            small_rows = rows(glyphs[mine])
            page = only_rows(grey, small_rows)
        glyph_px = float(np.median(glyphs[mine, 3]))
        image, factor = _rescale(page, glyph_px)
        fine = glyph_px * detail >= SURE_GLYPH_PX
        read = _read(image, (factor, scale, detail if fine else 0.0), origin, run)
        lines += read if run == 0 else [_worded(line) for line in read]
    return lines, small_rows


def _page_box(row: Row, scale: float, origin: tuple[float, float]) -> BBox:
    """A row's box in page units."""
    (ox, oy), (x0, y0, x1, y1) = origin, row.box
    return (ox + x0 / scale, oy + y0 / scale, ox + x1 / scale, oy + y1 / scale)


def _read_over(box: BBox, lines: list[OcrLine]) -> bool:
    return any(intersects(box, line.bbox) for line in lines)


def _worded(line: OcrLine) -> OcrLine:
    """``line`` of the small print's pass, without its size unless a word in it reads as one
    (see WORD_LETTERS)."""
    worded = any(
        sum(c.isalnum() for c in w.text) >= WORD_LETTERS and w.confidence >= WORD_CONFIDENCE
        for w in line.words
    )
    return line if worded or line.size is None else dataclasses.replace(line, size=None)


def _unread(
    grey: np.ndarray,
    text_rows: list[Row],
    read: list[OcrLine],
    glyphs: np.ndarray,
    scale: float,
    origin: tuple[float, float],
) -> list[UnreadRow]:
    """The rows of text that no line OCR read overlaps, in page units, each with whether its
    ground is flat: a band around it as wide as a third of its height, the boxes of the
    page's ``glyphs`` (x, y, w, h) left out (a line of other text just above or below)."""
    if not text_rows:
        return []
    text = np.zeros(grey.shape, bool)
    for x, y, w, h in glyphs:
        text[y : y + h, x : x + w] = True
    found = []
    for row in text_rows:
        box = _page_box(row, scale, origin)
        if not _read_over(box, read):
            band = ring(grey, row.box, max(2, (row.box[3] - row.box[1]) // 3), leave=text)
            flat = len(band) >= 16 and float(band.std()) <= BUSY_GROUND
            found.append(UnreadRow(box, row.glyph_px / scale / _CAP, flat))
    return found


def _read(
    image: np.ndarray,
    scales: tuple[float, float, float],
    origin: tuple[float, float],
    run: int,
) -> list[OcrLine]:
    """One Tesseract pass over ``image``, in page units. ``scales``: the factor the page was
    scaled by for this pass, its pixels per page unit, and the source pixels per its pixel
    (0 when the pass's letters are too small in the source for any word to be read surely)."""
    # One thread per Tesseract: parallelism comes from our workers, and OpenMP threads on busy
    # shared cores made a page 3x slower in measurements. A value the user set is kept.
    os.environ.setdefault("OMP_THREAD_LIMIT", "1")
    picture = Image.fromarray(image)
    # pytesseract hands Tesseract a temporary file in the image's format, PNG when it has none:
    # zlib took 0.2 s of our CPU a pass on an A4 page of photos at 300 ppi (8.7 Mpx), against
    # under 0.01 s for PGM/PPM: the same pixels uncompressed, stating no resolution either.
    picture.format = "PPM"
    try:
        data = pytesseract.image_to_data(
            picture,
            lang=_languages(),
            config=f"--psm {PSM}",
            output_type=pytesseract.Output.DICT,
            timeout=TIMEOUT_S,
        )
    except (pytesseract.TesseractError, RuntimeError, OSError) as exc:
        raise OcrUnavailable(f"Tesseract failed on this page: {exc}") from exc
    factor, scale, detail = scales
    total = scale * factor
    by_line: dict[tuple[int, int, int], list[OcrWord]] = {}
    for i, text in enumerate(data["text"]):
        text = text.strip()
        conf = float(data["conf"][i])
        if not text or conf < 0:
            continue
        x, y, w, h = (data[k][i] for k in ("left", "top", "width", "height"))
        # a second pass's blocks are numbered after the first's, so lines stay apart
        block = int(data["block_num"][i]) + run * SECOND_PASS_BLOCKS
        key = (block, int(data["par_num"][i]), int(data["line_num"][i]))
        ox, oy = origin
        bbox = (ox + x / total, oy + y / total, ox + (x + w) / total, oy + (y + h) / total)
        sure = _sure(text, conf, h * detail / factor)
        by_line.setdefault(key, []).append(OcrWord(text, conf, bbox, key, sure))
    return [
        OcrLine(
            text=" ".join(w.text for w in words),
            bbox=union(w.bbox for w in words),
            words=tuple(words),
            size=_line_size(words),
        )
        for _, words in sorted(by_line.items())
    ]


def _sure(text: str, confidence: float, source_px: float) -> bool:
    """Whether a word read with this confidence, its box ``source_px`` source pixels high, is
    read surely: confident, from letters of at least SURE_EM_PX to the em."""
    ratio = word_em_ratio(text)
    return confidence >= SURE_CONFIDENCE and ratio is not None and source_px / ratio >= SURE_EM_PX


def _memoised(page: Page, key: str, compute: Callable[[], OcrResult | None]) -> OcrResult | None:
    """``compute()`` once per page under ``key``; an OcrUnavailable is remembered and re-raised."""
    if key in page.memo:
        cached = page.memo[key]
        if isinstance(cached, OcrUnavailable):
            raise cached
        return cached
    try:
        result = compute()
    except OcrUnavailable as exc:
        page.memo[key] = exc
        raise
    page.memo[key] = result
    return result


def _require_ocr(ctx: CheckContext) -> None:
    reason = unavailable_reason(ctx)
    if reason is not None:
        raise OcrUnavailable(reason)


def page_ocr(page: Page, ctx: CheckContext) -> OcrResult | None:
    """OCR of a page that needs it (memoised); None when it has a text layer or no images.

    Raises OcrUnavailable when OCR is needed but cannot run.
    """

    def compute() -> OcrResult | None:
        if not needs_ocr(page):
            return None
        _require_ocr(ctx)
        return _run(*_grey_source(page))

    return _memoised(page, MEMO_KEY, compute)


def page_ocr_or_skip(
    page: Page,
    ctx: CheckContext,
    out: PageReport,
    codes: list[str],
    unread: bool = True,
    outlines: bool = False,
) -> OcrResult | None:
    """``page_ocr`` without what OCR read in a logo found on the page (``not_in_logos``), or
    None with ``codes`` noted as skipped on the page when OCR is needed and cannot run. With
    ``unread``, ``codes`` are noted as not judged too where OCR saw a row of text on a flat
    ground and read nothing in it (light text on a light ground, whose contrast is then not
    measured); a size rule, which judges such rows by their size, says ``unread=False``.
    With ``outlines``, a PDF page without a text layer nor pictures to read is read in its
    vector art (``artwork_ocr``): text converted to outlines."""
    try:
        result = page_ocr(page, ctx)
        if result is None and outlines and not needs_ocr(page) and not page.has_text_layer:
            result = artwork_ocr(page, ctx)
    except OcrUnavailable as exc:
        note_skipped(out, codes, str(exc))
        return None
    if result is None:
        return None
    result = not_in_logos(result, out)
    if unread and any(row.flat for row in result.unread):
        note_skipped(out, codes, UNREAD_TEXT, UNREAD_TEXT_THEN)
    return result


def not_in_logos(result: OcrResult, out: PageReport) -> OcrResult:
    """``result`` without what OCR read (or saw and could not read) in a logo found on the
    page: its lettering, not text set there."""
    logos = [hit.bbox for hit in out.logos]
    if not logos:
        return result
    return dataclasses.replace(
        result,
        lines=tuple(outside(result.lines, logos)),
        unread=tuple(outside(result.unread, logos)),
    )


_Boxed = TypeVar("_Boxed", OcrLine, UnreadRow)


def outside(found: Sequence[_Boxed], boxes: list[BBox]) -> list[_Boxed]:
    """The lines (or rows) OCR found that do not lie, at least half of each, in these boxes."""
    return [
        item
        for item in found
        if not any(overlap(item.bbox, box) >= area(item.bbox) / 2 for box in boxes)
    ]


ARTWORK_MEMO_KEY = "ocr.artwork"
MIN_TEXT_IMAGE_PT = (20.0, 8.0)  # placed images smaller than this (w, h) hold no readable line
# beside a text layer, vector art up to this high (pt) may be lines of text in outlines (a
# company's lockup); taller art (an illustration, a chart) is not read
MAX_OUTLINED_LINE_PT = 72.0
FRAMED_BELOW = 300  # px: artwork crops lower than this get a margin (see _framed)


def _art(page: Page) -> tuple[list[PlacedImage], tuple[float, float, float, float] | None]:
    """The page's placed pictures big enough to hold a line of text, and the box around them
    and its vector art (None when it has neither)."""
    min_w, min_h = MIN_TEXT_IMAGE_PT
    pictures = [
        i
        for i in page.images()
        if i.bbox[2] - i.bbox[0] >= min_w and i.bbox[3] - i.bbox[1] >= min_h
    ]
    boxes = [i.bbox for i in pictures]
    tallest = MAX_OUTLINED_LINE_PT if page.has_text_layer else float("inf")
    boxes += [d.bbox for d in page.drawings() if not d.simple and d.bbox[3] - d.bbox[1] <= tallest]
    return pictures, union(boxes)


def art_region(page: Page) -> tuple[float, float, float, float] | None:
    """The box around the page's art that ``artwork_ocr`` reads (pictures that may hold a line
    of text, and vector art), or None when it has none: cheap, the page's lists are kept."""
    return _art(page)[1]


def artwork_ocr(page: Page, ctx: CheckContext) -> OcrResult | None:
    """OCR of the part of a PDF page that its placed pictures and its vector art cover
    (memoised).

    Text set in a picture (a logo lockup, a banner, a scanned signature block) is not in the
    text layer, nor is text converted to outlines (vector paths: print exports without any
    text layer, or a lockup beside live text). The art is paths other than lines and boxes;
    beside a text layer only art at most ``MAX_OUTLINED_LINE_PT`` high is read. None when the
    page has no such art (pictures too small to hold a line of text do not count), when the
    art shows fewer than ``MIN_GLYPHS`` letter-like shapes (a drawn mark is not text), or when
    it is not a PDF page. Beside a text layer the art holds a few lines at most (a lockup, a
    picture's title or credit): it is read only where a line of text may stand
    (``brandcheck.ocr_regions``), and not at all when none does (a photo). Raises
    OcrUnavailable when it may hold text and OCR cannot run.
    """

    def compute() -> OcrResult | None:
        if not hasattr(page, "handle"):
            return None
        pictures, region = _art(page)
        if region is None:
            return None
        grey, scale, _ = _grey_source(page)
        x0, y0 = (max(0, int(v * scale)) for v in region[:2])
        x1, y1 = (int(np.ceil(v * scale)) for v in region[2:])
        crop = np.ascontiguousarray(grey[y0:y1, x0:x1])
        if not crop.size:
            return None
        framed, (dx, dy) = _framed(crop)
        shapes = _Shapes.of(framed)
        if not shapes.text_like:  # too few letter-like shapes: a mark, a rule, a photo's blur
            return None
        _require_ocr(ctx)  # without OCR, art with such shapes may be text: not judged
        if page.has_text_layer:  # beside it, the art holds a few lines at most
            framed, shapes, (ox, oy) = _only_lines(framed, shapes)
            if not shapes.text_like:  # no line of letters: a photo
                return None
            dx, dy = dx - ox, dy - oy
        origin = ((x0 - dx) / scale, (y0 - dy) / scale)
        return _run(framed, scale, _detail(pictures, scale), origin, shapes)

    return _memoised(page, ARTWORK_MEMO_KEY, compute)


def _only_lines(grey: np.ndarray, shapes: _Shapes) -> tuple[np.ndarray, _Shapes, tuple[int, int]]:
    """The art showing only where it may hold a line of text (``ocr_regions``) and the faint
    rows, the rest painted flat, cut to the box around them, its shapes there and that box's
    (x, y) in ``grey``: a photo's texture is neither read nor lets its shapes set the reading
    scale, and Tesseract lays out only the part that holds the lines (read whole, a large flat
    page lost a logo's lettering beside a heading)."""
    boxes = text_regions(grey)
    for row in shapes.faint:
        pad = int(np.ceil(row.glyph_px))
        x0, y0, x1, y1 = row.box
        boxes.append((max(0, x0 - pad), max(0, y0 - pad), x1 + pad, y1 + pad))
    if not boxes:
        return grey, _Shapes(None, [], shapes.faint_glyphs[:0]), (0, 0)
    left, top = min(b[0] for b in boxes), min(b[1] for b in boxes)
    right, bottom = max(b[2] for b in boxes), max(b[3] for b in boxes)
    shown = np.ascontiguousarray(only_regions(grey, boxes)[top:bottom, left:right])
    moved = [(a - left, b - top, c - left, d - top) for a, b, c, d in boxes]
    return shown, _Shapes.of(shown).within(moved), (left, top)


def _framed(crop: np.ndarray) -> tuple[np.ndarray, tuple[int, int]]:
    """The crop inside a margin of its own background tone, and the margin's (x, y) size.

    Art cropped to its box may be one line of text whose letters fill its height; glyph
    finding takes nothing over a quarter of the image's height for a letter, and Tesseract
    reads letters touching the edge badly. A short crop gets a margin of twice its height
    above and below (and one height at the sides); a crop of FRAMED_BELOW px or more keeps
    its size, since its letters are smaller than a quarter of it.
    """
    h = crop.shape[0]
    if h >= FRAMED_BELOW:
        return crop, (0, 0)
    dy, dx = 2 * h, max(h, 8)
    ring = np.concatenate([crop[0], crop[-1], crop[:, 0], crop[:, -1]])
    tone = int(np.median(ring))
    return cv2.copyMakeBorder(crop, dy, dy, dx, dx, cv2.BORDER_CONSTANT, value=tone), (dx, dy)


SKIP_FACT = "ocr.skipped"  # on a page: {reason: {"rules": [codes], "then": words or None}}
_UNAVAILABLE = (
    "could not be checked where text is not in a text layer (scans, pictures, text converted "
    "to outlines)"
)


def note_skipped(
    out: PageReport,
    codes: list[str],
    reason: str,
    then: str | None = None,
    boxes: Sequence[BBox] = (),
) -> None:
    """Record in the PageReport that these rules could not be judged on the page, and why:
    for lack of OCR (``reason`` says why it cannot run), or for a ``reason`` of the rules'
    own, with ``then``, what the finding says after the rules (what was not judged, what to
    do), and the ``boxes`` (page units) of what was not judged (a logo, lines of text), which
    the finding outlines."""
    if not codes:  # no rule wanted what could not be done
        return
    entry = out.facts.setdefault(SKIP_FACT, {}).setdefault(reason, {"rules": [], "then": then})
    entry["rules"] = sorted({*entry["rules"], *codes})
    entry.setdefault("boxes", []).extend((tuple(codes), tuple(box)) for box in boxes)


def drop_skipped(pages: list[PageReport], code: str) -> None:
    """Forget that a rule was skipped anywhere (its outcome was decided on another page)."""
    for page in pages:
        reasons = page.facts.get(SKIP_FACT, {})
        for reason, entry in list(reasons.items()):
            entry["rules"] = [r for r in entry["rules"] if r != code]
            entry["boxes"] = [
                (codes, box) for codes, box in entry.get("boxes", ()) if set(codes) - {code}
            ]
            if not entry["rules"]:
                del reasons[reason]
        if SKIP_FACT in page.facts and not reasons:
            del page.facts[SKIP_FACT]


def skipped_rules(pages: list[PageReport]) -> set[str]:
    """Rule codes that were skipped on at least one page."""
    return {
        code
        for p in pages
        for entry in p.facts.get(SKIP_FACT, {}).values()
        for code in entry["rules"]
    }


def skipped_finding(pages: list[PageReport]) -> Finding | None:
    """ONE check.skipped (BC910) finding for the file: each reason a rule could not be judged
    for (OCR needed and unable to run, or a reason of the rule's own) with its rules."""
    hit = [p for p in pages if p.facts.get(SKIP_FACT)]
    if not hit:
        return None
    reasons: dict[str, dict] = {}
    placed: list[tuple[int, BBox]] = []  # what was not judged, where (one box each)
    for page in hit:
        for reason, entry in page.facts[SKIP_FACT].items():
            merged = reasons.setdefault(reason, {"rules": set(), "then": entry["then"]})
            merged["rules"] |= set(entry["rules"])
            boxes = (box for _, box in entry.get("boxes", ()))
            placed += [(page.index, box) for box in dict.fromkeys(boxes)]
    parts, install = [], False
    for reason, entry in reasons.items():
        rules = ", ".join(sorted(entry["rules"]))
        if entry["then"] is not None:
            parts.append(f"{reason}; {rules} {entry['then']}.")
        elif reason == SWITCHED_OFF:
            parts.append(f"{reason}; {rules} {_UNAVAILABLE}.")
        else:
            parts.append(f"OCR not available ({reason}); {rules} {_UNAVAILABLE}.")
            install = True
    remedy = " Install tesseract-ocr with the swe and eng languages." if install else ""
    rules = sorted(skipped_rules(hit))
    said = f"{' '.join(parts)}{remedy}"
    return Finding.of(
        "check.skipped",
        f"{said[:1].upper()}{said[1:]}",
        page=hit[0].index,
        bbox=placed[0][1] if placed and placed[0][0] == hit[0].index else None,
        pages=[p.index for p in hit],
        boxes=[box for _, box in placed],
        box_pages=[index for index, _ in placed],
        details={
            "rules": rules,
            "reason": next(iter(reasons)),
            "reasons": {reason: sorted(entry["rules"]) for reason, entry in reasons.items()},
        },
    )
