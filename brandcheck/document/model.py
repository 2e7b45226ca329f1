"""The document model: pages with natural units, a lazy analysis raster and vector facts."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import numpy as np

from brandcheck.errors import InputError
from brandcheck.report import BBox, Finding

Units = Literal["pt", "px"]
MM_PER_PT = 25.4 / 72.0
CSS_PX_PER_PT = 96.0 / 72.0


@dataclass(frozen=True)
class Limits:
    """Resource limits applied before memory is allocated."""

    analysis_dpi: float = 100.0
    max_raster_side: int = 3000
    max_raster_pixels: int = 8_000_000
    max_image_pixels: int = 150_000_000
    max_image_aspect: int = 3_000
    """Pictures longer than this many times their width (or the reverse) are refused from the
    header: their raster, capped at 3,000 px a side, would be under a pixel across, and Pillow
    keeps a pointer per row (a 1 × 150,000,000 px PNG took 4.5 GB)."""
    max_pages: int = 20_000
    max_animation_frames: int = 100
    """Frames of an animated GIF, WebP or PNG judged as pages; those after are left out, and
    a check.skipped finding says how many (a 100-frame 600×400 GIF: 4.9 s in all)."""
    max_page_mm: float = 100_000.0
    """Pages longer than this on a side (100 m) are refused; shorter giants are rastered capped."""
    max_content_bytes: int = 32_000_000
    """A PDF page is refused (``file.too_large``) when the content streams it can draw (its own,
    its forms', tiling patterns' and annotations' appearances, each once) decode to more than
    this; measured without holding them (``document/pdf_budget.py``). The content walk holds up
    to about 33 bytes per decoded byte (a stream of one-letter names: 32 MB took 1.21 GB peak),
    so this keeps a page under the 1.5 GB ceiling."""
    max_form_draws: int = 100_000
    """... or when it draws form XObjects more times than this, counted through their nesting
    (forms that draw each other ten times, twelve deep, are 10^12 draws in 1.6 KB; 100,000
    draws take MuPDF about 7 s over the render, text and drawings; the most in the pdf.js
    corpus is 180)."""
    max_drawn_bytes: int = 128_000_000
    """... or when the content it runs, each form counted every time it is drawn, is more."""
    max_svg_elements: int = 100_000
    """An SVG drawing more elements than this, each ``<use>`` counted as what it draws through
    nesting, is refused (``file.too_large``) before MuPDF expands it."""
    max_svg_style_work: int = 10_000_000
    """... and one whose stylesheet's selectors times its elements are more than this."""
    max_page_copy_bytes: int = 64_000_000
    """A PDF page is copied in memory (to render it without its pictures, for the logo search)
    only if the images its resources list take fewer bytes than this in the file: some files
    share one resource dictionary, with every image, among all their pages."""


@dataclass(frozen=True)
class TextSpan:
    """A run of text with one font, size and colour (PDF vector facts)."""

    text: str
    font: str
    size: float
    colour: str
    bbox: BBox
    bold: bool = False
    italic: bool = False
    line_key: tuple[int, int] = (0, 0)
    origin: tuple[float, float] | None = None  # first character's baseline start, as displayed
    visible: bool = True
    """False for text neither filled nor stroked (render mode 3 or 7): an OCR layer over a
    scan, searchable text under artwork; nothing of it is typeset on the page."""
    opacity: float | None = 1.0
    """The text's fill opacity (0..1, the graphics state's /ca): 0.3 black reads as light grey.
    None when its colour is not known: text filled with a pattern or a gradient (MuPDF gives
    such text alpha 0 and black), or fully transparent text."""
    asked_font: str | None = None
    """The font the source asks for where the reader draws another: an SVG's font-family with
    its weight and style ('Stockholm Type Bold'), which MuPDF draws in a base-14 font and names
    ``font`` ('Times-Bold'). Typography judges this one; None when the source names none."""
    print_scale: float = 1.0
    """What the text's size is in print over ``size``: 0.75 for an SVG's font size in pt, mm
    or in on a page sized in px, drawn as a browser does (6pt 8 units high) where print reads a
    user unit as a point (``svg_units.print_scale``); typography's print sizes take it."""


@dataclass(frozen=True)
class FontInfo:
    """A font resource of a page."""

    name: str
    embedded: bool
    font_type: str = ""
    xref: int = 0
    names: tuple[str, ...] = ()
    """Other names the font goes by: a Type 0 font's descendant, its descriptor's /FontName
    (MuPDF names a font's text by these, see ``fonts.resources_named``)."""
    resource: str = ""
    """The name the page's resources give it (/F36): all a Type 3 font may have to go by."""


@dataclass(frozen=True)
class Drawing:
    """A vector path with its fill and stroke colours as #RRGGBB (None when absent)."""

    bbox: BBox
    fill: str | None
    stroke: str | None
    fill_opacity: float = 1.0
    simple: bool = False
    """One straight line, rectangle or quad: a rule, a box or a background, never artwork."""


@dataclass(frozen=True)
class PlacedImage:
    """An image placed on a page, with its effective resolution."""

    bbox: BBox
    width_px: int
    height_px: int
    ppi: float
    colour_space: str = ""
    shading: bool = False
    """A gradient (a PDF shading) that MuPDF lists among a page's images: artwork, but drawn
    in vectors, so it has no resolution of its own (``ppi`` is that of MuPDF's rendering)."""


@dataclass
class Page:
    """One page; subclasses supply the raster and, for PDFs, the vector facts."""

    index: int
    width: float
    height: float
    units: Units
    mm_per_unit: float | None
    limits: Limits = field(default_factory=Limits, repr=False)
    _raster: np.ndarray | None = field(default=None, repr=False)
    memo: dict[str, Any] = field(default_factory=dict, repr=False)
    """Per-page results shared between checks (e.g. OCR words), dropped with the page."""
    notes: list[Finding] = field(default_factory=list, repr=False)
    """What the reader found wrong with the page itself (a MediaBox with no area), or while
    drawing it (an SVG resvg could not draw), reported with the page's findings."""

    @property
    def raster_scale(self) -> float:
        """Raster pixels per page unit (after the raster cap)."""
        _h, w = self.raster().shape[:2]
        return w / self.width if self.width else 1.0

    def raster(self) -> np.ndarray:
        """The page as H×W×3 uint8 sRGB at the analysis resolution (cached until release)."""
        if self._raster is None:
            self._raster = np.ascontiguousarray(self._render())
        return self._raster

    def text_read_elsewhere(self) -> str:
        """The characters (white space left out) of the page's text the raster shows elsewhere
        than its spans say (see ``PdfPage``); "" for none."""
        return ""

    def _render(self) -> np.ndarray:
        raise NotImplementedError

    def damage(self) -> str | None:
        """What the reader reported wrong with the page's content while rendering it (a
        broken content stream, an image that does not decode), or None; pages of images
        report nothing here (a broken image is not read at all)."""
        return None

    def release(self) -> None:
        """Drop the cached raster to keep memory flat over long documents."""
        self._raster = None

    def to_page_bbox(self, raster_bbox: tuple[float, float, float, float]) -> BBox:
        """Convert a bbox in raster pixels to page units."""
        s = self.raster_scale
        x0, y0, x1, y1 = raster_bbox
        return (x0 / s, y0 / s, x1 / s, y1 / s)

    def render_region(self, bbox: BBox, scale: float, optional: bool = False) -> np.ndarray | None:
        """A part of the page rendered sharper than the raster (vector pages), else None; an
        ``optional`` one (the caller counts None as unsure) a costly page may decline."""
        return None

    def own_pixels(self, box: tuple[int, int, int, int]) -> np.ndarray | None:
        """A box (whole page units) of a picture's own pixels, as sRGB like the raster, where
        the raster is a reduced copy of them; None for vector pages, whose pixels are only
        rendered (``render_region``), and pictures the raster shows at full size."""
        return None

    def length_mm(self, length: float) -> float | None:
        """A length in page units as millimetres (None for images without a resolution)."""
        return length * self.mm_per_unit if self.mm_per_unit else None

    def length_px(self, length: float) -> float:
        """A length in page units as screen pixels (CSS px: 96 per inch for PDF points)."""
        return length if self.units == "px" else length * CSS_PX_PER_PT

    def spans(self) -> list[TextSpan]:
        return []

    def fonts(self) -> list[FontInfo]:
        return []

    def font_program_name(self, xref: int) -> str | None:
        """The name an embedded font program (the font resource ``xref``) gives itself."""
        return None

    def drawings(self) -> list[Drawing]:
        return []

    def images(self) -> list[PlacedImage]:
        return []

    @property
    def has_text_layer(self) -> bool:
        return any(s.text.strip() for s in self.spans())

    @property
    def colour_space(self) -> str:
        """The dominant colour space of the page source (image mode or PDF 'mixed')."""
        return "RGB"


class PageRefused(InputError):
    """A page refused before anything draws it (its content over ``Limits.max_content_bytes``,
    ``max_form_draws`` or ``max_drawn_bytes``, or longer than ``max_page_mm``), raised by
    ``Document.page``: the pipeline reports that page as not judged and checks the others,
    and whatever else opens pages (previews) skips it as any page that cannot be read."""

    def __init__(
        self, rule: str, message: str, index: int, width: float, height: float, units: Units
    ) -> None:
        super().__init__(rule, message)
        self.index, self.width, self.height, self.units = index, width, height, units


@dataclass
class Document:
    """An opened input file: a sequence of pages plus file-level facts."""

    path: Path
    kind: Literal["pdf", "image", "svg"]
    format: str
    page_count: int
    notes: list[Finding] = field(default_factory=list)
    metadata: dict[str, str] = field(default_factory=dict)

    def page(self, index: int) -> Page:
        raise NotImplementedError

    def pages(self, indices: range | None = None):
        for i in indices if indices is not None else range(self.page_count):
            yield self.page(i)

    def close(self) -> None:
        """Release file handles."""

    def __enter__(self) -> Document:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def raster_size(width: float, height: float, units_per_inch: float, limits: Limits) -> float:
    """Scale (raster px per page unit) at the analysis dpi, capped by the raster limits."""
    scale = limits.analysis_dpi / units_per_inch
    w, h = width * scale, height * scale
    cap = min(
        1.0,
        limits.max_raster_side / max(w, h, 1.0),
        (limits.max_raster_pixels / max(w * h, 1.0)) ** 0.5,
    )
    return scale * cap


_LIMIT_ERRORS = frozenset({"FzErrorLimit", "DecompressionBombError"})
_SURROGATE = re.compile("[\ud800-\udfff]")
_CONTROL = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def printable(text: str, *, newlines: bool = True) -> str:
    """Text from a file made inert for terminals and XML: control and bidi characters escaped.

    ESC sequences in a file name or font name would otherwise drive the terminal that shows a
    text report, bidi overrides would disguise a name, and most C0 characters are illegal in
    XML reports. They become visible escapes such as ``\\x1b``; lone surrogates (undecodable
    bytes in library messages) become U+FFFD so every report can be encoded as UTF-8.
    """
    text = _SURROGATE.sub("\ufffd", text)
    escaped = _CONTROL.sub(
        lambda m: f"\\x{ord(m[0]):02x}" if ord(m[0]) < 0x100 else f"\\u{ord(m[0]):04x}", text
    )
    return escaped if newlines else escaped.replace("\n", "\\n")


_OUT_OF_MEMORY = re.compile(r"\b(?:malloc|realloc|calloc) \(?[^)]*\)? ?failed|out of memory", re.I)


def library_error(exc: BaseException, what: str) -> InputError:
    """Turn any exception a decoding library raised on a bad file into an InputError.

    Pillow and PyMuPDF raise many types on hostile input (TypeError, KeyError, struct.error,
    RuntimeError, ...), so readers catch ``Exception`` and keep the library's reason.
    """
    if isinstance(exc, InputError):
        return exc
    if isinstance(exc, MemoryError):
        return InputError("file.too_large", f"{what}: not enough memory to decode it")
    if type(exc).__name__ in _LIMIT_ERRORS:  # the library refused an over-large image itself
        return InputError("file.too_large", f"{what}: {exc}")
    reason = str(exc).strip()
    if _OUT_OF_MEMORY.search(reason):  # MuPDF's allocation failures (under --memory-limit)
        return InputError("file.too_large", printable(f"{what}: not enough memory ({reason})"))
    if not reason or not isinstance(exc, (OSError, ValueError, SyntaxError, RuntimeError)):
        reason = f"{type(exc).__name__}: {reason}" if reason else type(exc).__name__
    return InputError("file.unreadable", printable(f"{what}: {reason}"))
