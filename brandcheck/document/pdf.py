"""PDF and SVG documents through PyMuPDF: raster, text spans, fonts, drawings, images."""

from __future__ import annotations

import contextlib
import dataclasses
import functools
import logging
import math
import re
import xml.etree.ElementTree as ET
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any, TypeVar

import cv2
import numpy as np
import pymupdf

from brandcheck.complete import lost_data
from brandcheck.document import svg_pattern_images, svg_shown
from brandcheck.document.crop_budget import (
    PDF_ELEMENT_SECONDS,
    SVG_ELEMENT_SECONDS,
    allowed_crops,
    crops_declined,
)
from brandcheck.document.model import (
    MM_PER_PT,
    Document,
    Drawing,
    FontInfo,
    Limits,
    Page,
    PageRefused,
    PlacedImage,
    TextSpan,
    library_error,
    printable,
    raster_size,
)
from brandcheck.document.native_path import open_vector, openable
from brandcheck.document.pdf_budget import DocumentContent, check_page_content, unescaped_name
from brandcheck.document.pdf_refs import REFERENCE
from brandcheck.document.picture_sources import may_show_pictures
from brandcheck.document.svg_pixels import hiding_kinds, prepared, rgb, undrawn
from brandcheck.errors import InputError
from brandcheck.fonts import program_name
from brandcheck.report import Finding
from brandcheck.svg_fonts import Piece, TextRun, span_fonts, text_runs
from brandcheck.svg_pictures import Sizes, kept_for, sizes_kept

pymupdf.TOOLS.mupdf_display_errors(False)
pymupdf.TOOLS.mupdf_display_warnings(False)
# MuPDF's own messages ("svg: mutual recursion in <use> symbol") went to stdout, into JSON
# written there; they go to Python logging at DEBUG instead (its warnings buffer still fills)
pymupdf.set_messages(pylogging=True, pylogging_name="pymupdf", pylogging_level=logging.DEBUG)

T = TypeVar("T")

_SIMPLE_ITEMS = frozenset({"l", "re", "qu"})  # get_drawings path items: line, rect, quad
#: paint_log entries that paint pictures (MuPDF lists shadings among a page's images too;
#: ``PlacedImage.shading`` tells them apart)
IMAGE_PAINTS = frozenset({"fill-image", "fill-imgmask", "fill-shade"})
_MAX_FORMS = 1000  # form XObjects content_bytes looks at, at most
_RESVG_FAILED = "svg.resvg failed"  # page.memo key: MuPDF drew the SVG page's pixels
_DAMAGE = "pdf.damage"  # page.memo key: what MuPDF reported lost while reading the page
_HELD = "pdf.damage.held"  # page.memo key: the page's warnings kept over other pages' reading
_CROPS_ALLOWED = "crops allowed"  # page.memo key: optional crops the page may draw
_CROPS_DRAWN = "crops asked"  # page.memo key: optional crops asked so far
#: MuPDF warnings that mean part of a page's content was not read or drawn
_CONTENT_LOST = re.compile(
    r"syntax error|premature end|read error|end of file|contains no image|zlib|flate|jpeg|jpx"
    r"|jbig2dec error|cannot (?:load|open|read|find|draw|decode)|format error|library error"
    r"|image width is zero|bad data|cycle in|truncated",
    re.IGNORECASE,
)
#: soft masks up to this many pixels are read to tell a see-through image from a masked photo
MAX_MASK_PIXELS = 8_000_000
#: the share of an image's soft mask that must be less than half opaque for it to see through
SEE_THROUGH = 0.25
_TEXT_FLAGS = pymupdf.TEXTFLAGS_DICT & ~pymupdf.TEXT_PRESERVE_IMAGES  # text, not pictures
_BOLD_FLAG = 16
_ITALIC_FLAG = 2
# a span's char_flags (newer PyMuPDF): its characters are filled or stroked; neither is
# invisible text (render mode 3 or 7). PyMuPDF splits spans where these flags change.
_PAINTED = getattr(pymupdf.mupdf, "FZ_STEXT_FILLED", 16) | getattr(
    pymupdf.mupdf, "FZ_STEXT_STROKED", 32
)


def _opacity(span: dict) -> float | None:
    """A span's fill opacity, None when MuPDF gives it alpha 0: a pattern or gradient fill
    (whose colour the span does not carry) or fully transparent text."""
    alpha = int(span.get("alpha", 255))
    return alpha / 255.0 if alpha > 0 else None


def _hex_of_int(value: int | None) -> str:
    v = int(value or 0) & 0xFFFFFF
    return f"#{v:06X}"


def _hex_of_floats(rgb: tuple[float, ...] | None) -> str | None:
    if rgb is None or len(rgb) < 3:
        return None
    r, g, b = (max(0, min(255, round(c * 255))) for c in rgb[:3])
    return f"#{r:02X}{g:02X}{b:02X}"


def _bbox(rect: object) -> tuple[float, float, float, float]:
    x0, y0, x1, y1 = tuple(rect)[:4]
    return (float(x0), float(y0), float(x1), float(y1))


def _reads_page(method: Callable[..., T]) -> Callable[..., T]:
    """Turn a library error while reading page content into InputError (file.unreadable)."""

    @functools.wraps(method)
    def wrapper(self: PdfPage, *args: Any, **kwargs: Any) -> T:
        try:
            return method(self, *args, **kwargs)
        except Exception as exc:  # MuPDF raises on broken content streams, images, fonts
            raise library_error(exc, f"page {self.index + 1}") from exc

    return wrapper


@dataclass
class PdfPage(Page):
    """A PDF (or SVG) page; vector facts are read once and cached."""

    handle: pymupdf.Page | None = field(default=None, repr=False)
    source: Path | None = field(default=None, repr=False)  # the file it was read from
    # the names embedded font programs give themselves, by font xref: shared by the pages
    # of a document, so each font is read once
    font_names: dict[int, str | None] = field(default_factory=dict, repr=False)
    # the other names of font resources (descendant, descriptor), by font xref, shared likewise
    font_aliases: dict[int, tuple[str, ...]] = field(default_factory=dict, repr=False)
    # an SVG as resvg draws its pixels (``svg_pixels``); None for a PDF, or an SVG whose XML
    # Python cannot parse (MuPDF draws it)
    svg_tree: ET.Element | None = field(default=None, repr=False)
    # the pixel sizes of the pictures an SVG embeds, by link, read once for the document and
    # its pages (``svg_pictures.sizes_kept``)
    picture_sizes: Sizes = field(default_factory=dict, repr=False)

    def shown(self, rect: object) -> tuple[float, float, float, float]:
        """A PyMuPDF rectangle (unrotated page space) as a bbox on the page as displayed.

        MuPDF reports text, drawings and images in the page's unrotated space, while the
        raster, the page size and every finding are in the displayed (/Rotate applied) space.
        """
        if self._to_shown is None:
            return _bbox(rect)
        return _bbox(pymupdf.Rect(rect) * self._to_shown)

    def shown_point(self, point: object) -> tuple[float, float]:
        """A PyMuPDF point (unrotated page space) on the page as displayed (see shown)."""
        if self._to_shown is None:
            x, y = point  # type: ignore[misc]
            return float(x), float(y)
        shown = pymupdf.Point(point) * self._to_shown
        return float(shown.x), float(shown.y)

    def user_to_shown(self) -> pymupdf.Matrix:
        """PDF user space (content-stream coordinates) to the page as displayed.

        MuPDF's own page transform: the y flip, the CropBox offset and /Rotate together
        (PyMuPDF's ``transformation_matrix`` drops the CropBox offset on rotated pages).
        """
        assert self.handle is not None
        ctm = pymupdf.mupdf.FzMatrix()
        pymupdf.mupdf.pdf_page_transform(self.handle._pdf_page(), pymupdf.mupdf.FzRect(), ctm)
        return pymupdf.Matrix(ctm.a, ctm.b, ctm.c, ctm.d, ctm.e, ctm.f)

    @cached_property
    def _to_shown(self) -> pymupdf.Matrix | None:
        """The page's rotation matrix, None when the page is not rotated (looked up once)."""
        assert self.handle is not None
        return self.handle.rotation_matrix if self.handle.rotation % 360 else None

    @_reads_page
    def _render(self) -> np.ndarray:
        assert self.handle is not None
        return self._pixels(self.handle)

    def damage(self) -> str | None:
        """MuPDF's warnings since the page was loaded (text, drawings, renders) that say
        content was lost: a broken content stream or image, a truncated stream; notes that
        lose nothing (a non-embedded font, unbalanced marked content) are left out. Read
        once, after the checks; the documents of one process are read one page at a time."""
        if _DAMAGE not in self.memo:
            lines = (self.memo.pop(_HELD, "") + "\n" + pymupdf.TOOLS.mupdf_warnings()).splitlines()
            lost = [line for line in lines if _CONTENT_LOST.search(line)]
            self.memo[_DAMAGE] = "\n".join(lost) or None
        return self.memo[_DAMAGE]

    @contextlib.contextmanager
    def others_read(self):
        """A block that opens other pages of the document while this one is checked: MuPDF's
        warnings so far stay this page's (``damage``), those of the other pages are dropped."""
        held = pymupdf.TOOLS.mupdf_warnings()
        try:
            yield
        finally:
            pymupdf.TOOLS.mupdf_warnings()
            self.memo[_HELD] = self.memo.get(_HELD, "") + "\n" + held

    def _pixels(self, page: pymupdf.Page) -> np.ndarray:
        """``page`` (this one, or a copy of it) rendered as the page raster is."""
        return self._rgb(page, self.raster_matrix())

    def raster_matrix(self) -> pymupdf.Matrix:
        """The zoom the page raster is drawn at."""
        scale = raster_size(self.width, self.height, 72.0, self.limits)
        # at least one pixel each way, even for a page a thousand times longer than wide
        return pymupdf.Matrix(max(scale, 1.0 / self.width), max(scale, 1.0 / self.height))

    def grey(self, scale: float) -> np.ndarray:
        """The whole page in greyscale at ``scale`` pixels a unit, for OCR: an SVG as resvg
        draws it (``svg_pixels``: what its clip paths and masks hide is not read), a PDF, and
        an SVG resvg cannot draw, in MuPDF's grey."""
        assert self.handle is not None
        matrix = pymupdf.Matrix(scale, scale)
        if self.svg_tree is not None:
            drawn = rgb(self.svg_tree, self.handle, matrix)
            if drawn is not None:
                return cv2.cvtColor(drawn, cv2.COLOR_RGB2GRAY)
            self._resvg_failed()
        pix = self.handle.get_pixmap(matrix=matrix, colorspace=pymupdf.csGRAY)
        grey = np.frombuffer(pix.samples, dtype=np.uint8).reshape(pix.height, pix.stride)
        return np.ascontiguousarray(grey[:, : pix.width])

    def _rgb(
        self, page: pymupdf.Page, matrix: pymupdf.Matrix, clip: pymupdf.Rect | None = None
    ) -> np.ndarray:
        """``page`` (this one, or a copy of it) drawn as RGB on white at ``matrix``'s zoom,
        the part ``clip`` or all of it: an SVG by resvg (``svg_pixels``), which draws its clip
        paths and masks, on MuPDF's pixel grid; a PDF, and an SVG resvg cannot draw, by MuPDF."""
        if self.svg_tree is not None and page is self.handle:
            drawn = rgb(self.svg_tree, page, matrix, clip)
            if drawn is not None:
                return drawn
            self._resvg_failed()
        pix = page.get_pixmap(matrix=matrix, clip=clip, colorspace=pymupdf.csRGB, alpha=False)
        arr = np.frombuffer(pix.samples, dtype=np.uint8).reshape(pix.height, pix.stride)
        return arr[:, : pix.width * 3].reshape(pix.height, pix.width, 3)

    @property
    def drawn_by_mupdf(self) -> bool:
        """Whether an SVG page's pixels were drawn by MuPDF, resvg having failed on them."""
        return _RESVG_FAILED in self.memo

    def text_read_elsewhere(self) -> str:
        """The characters (white space left out) of the page's text its pixels show elsewhere
        than its spans are: an SVG's that resvg draws on a path or a position a letter
        (``svg_shown.misplaced_text``), which MuPDF reads on the path's chord
        (``svg_text_paths``) or at 0; "" for none."""
        tree = self.svg_tree
        return "" if tree is None or self.drawn_by_mupdf else svg_shown.misplaced_text(tree)

    def _resvg_failed(self) -> None:
        """Note once that resvg could not draw the SVG page: MuPDF's pixels have its clip
        paths, masks and opacity left out (``svg_pixels.undrawn``, when it has any)."""
        if _RESVG_FAILED not in self.memo:
            self.memo[_RESVG_FAILED] = True
            kinds = hiding_kinds(self.svg_tree) if self.svg_tree is not None else ()
            if kinds:
                self.notes.append(undrawn("its drawing failed", kinds))

    def content_bytes(self) -> int:
        """The bytes, as stored in the file, of the page's content streams and of the form
        XObjects its resources list (and theirs), each counted once: a cheap bound on how
        much it draws. At most ``_MAX_FORMS`` forms are looked at; 0 for an SVG drawing.
        Worked out once a page (both logo searches ask)."""
        return self._content_bytes

    @cached_property
    @_reads_page
    def _content_bytes(self) -> int:
        assert self.handle is not None
        doc = self.handle.parent
        if not doc.is_pdf:  # PyMuPDF crashes asking an SVG page for PDF objects
            return 0
        seen: set[int] = set()
        todo = [_resources_owner(doc, self.handle.xref)]
        while todo and len(seen) <= _MAX_FORMS:
            owner = todo.pop()
            kind, value = doc.xref_get_key(owner, "Resources/XObject")
            if kind == "xref":  # the dictionary is an object of its own
                value, kind = doc.xref_object(int(value.split()[0]), compressed=True), "dict"
            for xref in map(int, REFERENCE.findall(value if kind == "dict" else "")):
                if not 0 < xref < doc.xref_length():  # a dangling entry draws nothing
                    continue
                if xref not in seen and doc.xref_get_key(xref, "Subtype")[1] == "/Form":
                    seen.add(xref)
                    todo.append(xref)
        xrefs = [*self.handle.get_contents(), *seen]
        pdf = pymupdf._as_pdf_document(doc)
        return sum(_stored_length(pdf, xref) for xref in xrefs)

    @_reads_page
    def listed_picture_bytes(self) -> int:
        """The bytes the image XObjects that the page's resources list (used or not) take in
        the file: what an in-memory copy of the page carries along."""
        assert self.handle is not None
        pdf = pymupdf._as_pdf_document(self.handle.parent)
        return sum(_stored_length(pdf, xref) for xref, *_ in self.handle.get_images(full=True))

    @_reads_page
    def raster_without_pictures(self, keep: Sequence[Sequence[str]] = ()) -> np.ndarray:
        """The page raster as ``raster()`` renders it, from an in-memory copy of the page whose
        image XObjects are gone (vector art, text, image masks and inline images stay): a
        vector logo over a photo's edge is a clean shape there. The images that ``keep`` names
        (resource-name paths, see :meth:`image_xref`) stay, with their masks: a placed logo
        over a photo.

        The source document is only read: annotations, form fields and links are not copied
        (PyMuPDF's copy of an annotation deletes its /P and /Popup in the source, and of form
        fields repairs radio-button groups there). Optional-content settings are not copied
        either, so art in a hidden layer shows; callers must check what they find against
        the real raster. The copy holds the page's resources, which some files share among
        all their pages.
        """
        assert self.handle is not None
        copy = pymupdf.open()
        try:
            copy.insert_pdf(
                self.handle.parent,
                from_page=self.index,
                to_page=self.index,
                links=False,
                annots=False,
                widgets=False,
            )
            kept = (_xobject_xref(copy, copy[0].xref, path) for path in keep)
            _blank_pictures(copy, {m for x in kept if x is not None for m in _with_masks(copy, x)})
            return self._pixels(copy[0])
        finally:
            copy.close()

    @_reads_page
    def image_xref(self, path: Sequence[str]) -> int | None:
        """The xref of the XObject that a resource-name path names on this page (the names of
        the forms it is drawn through, then its own, as ``pdf_colours.Paint.source`` has them);
        None when the path does not lead to one."""
        assert self.handle is not None
        return _xobject_xref(self.handle.parent, self.handle.xref, path)

    @_reads_page
    def image_icc(self, xref: int) -> bytes | None:
        """The ICC profile of an image XObject's ICCBased colour space (or of the ICCBased base
        of its Indexed space), which MuPDF renders it through; None for device spaces."""
        assert self.handle is not None
        doc = self.handle.parent
        kind, value = doc.xref_get_key(xref, "ColorSpace")
        if kind == "xref":  # the space as an indirect object
            value = doc.xref_object(int(value.split()[0]), compressed=True)
        found = re.search(r"/ICCBased\s*(\d+)\s+\d+\s+R", value)
        return doc.xref_stream(int(found.group(1))) if found else None

    @_reads_page
    def has_masked_images(self) -> bool:
        """Whether any image XObject the page's resources list has a soft mask or a mask (read
        from the resources; nothing is decoded)."""
        assert self.handle is not None
        doc = self.handle.parent
        return any(
            item[1] or doc.xref_get_key(item[0], "Mask")[0] != "null"
            for item in self.handle.get_images(full=True)
        )

    @_reads_page
    def is_see_through(self, xref: int) -> bool:
        """Whether the image XObject ``xref`` lets much of what is under it show through, as a
        logo image with transparency does and a photo with rounded corners does not.

        With a soft mask of at most ``MAX_MASK_PIXELS`` pixels, at least ``SEE_THROUGH`` of
        them must be less than half opaque (only the mask is decoded); a larger soft mask, or
        one that cannot be decoded, counts as not see-through. A stencil or colour-key
        ``/Mask`` or alpha in JPX data (``/SMaskInData``) counts as see-through unmeasured.
        """
        assert self.handle is not None
        doc = self.handle.parent
        if doc.xref_get_key(xref, "Mask")[0] != "null":
            return True
        if doc.xref_get_key(xref, "SMaskInData")[1] not in ("null", "0"):
            return True
        kind, value = doc.xref_get_key(xref, "SMask")
        if kind != "xref":
            return False
        mask = int(value.split()[0])
        size = [doc.xref_get_key(mask, key)[1] for key in ("Width", "Height")]
        if not all(v.isdigit() for v in size) or int(size[0]) * int(size[1]) > MAX_MASK_PIXELS:
            return False
        try:
            alpha = pymupdf.Pixmap(doc, mask)
        except Exception:  # a mask MuPDF cannot decode: nothing to measure
            return False
        samples = np.frombuffer(alpha.samples, np.uint8)
        return bool(samples.size) and float(np.mean(samples < 128)) >= SEE_THROUGH

    @property
    def raster_scale(self) -> float:
        return raster_size(self.width, self.height, 72.0, self.limits)

    def render_region(
        self, bbox: tuple[float, float, float, float], scale: float, optional: bool = False
    ) -> np.ndarray | None:
        """A part of the page (page units) at `scale` px per unit, capped like the page raster.
        An ``optional`` crop is declined (None, with a note) past the page's ``crop_budget``:
        the renderer reads the whole page for each one."""
        assert self.handle is not None
        if optional and not self._optional_crop_left():
            return None
        x0, y0, x1, y1 = bbox
        cap = self.limits.max_raster_pixels / max((x1 - x0) * (y1 - y0) * scale * scale, 1.0)
        scale *= min(1.0, cap**0.5)
        return self._rgb(self.handle, pymupdf.Matrix(scale, scale), pymupdf.Rect(bbox))

    def _optional_crop_left(self) -> bool:
        """Whether the page may draw one more optional crop (counted here), noting once
        when it may not."""
        if _CROPS_ALLOWED not in self.memo:
            if self.svg_tree is not None:  # resvg lays out every element
                elements, cost = sum(1 for _ in self.svg_tree.iter()), SVG_ELEMENT_SECONDS
            else:  # MuPDF runs every drawing and span (read already by the colour check)
                elements, cost = len(self.drawings()) + len(self.spans()), PDF_ELEMENT_SECONDS
            self.memo[_CROPS_ALLOWED] = allowed_crops(elements, cost)
        allowed = self.memo[_CROPS_ALLOWED]
        drawn = self.memo[_CROPS_DRAWN] = self.memo.get(_CROPS_DRAWN, 0) + 1
        if drawn == allowed + 1:
            self.notes.append(crops_declined(allowed))
        return drawn <= allowed

    @cached_property
    @_reads_page
    def _text(self) -> dict:
        assert self.handle is not None
        return self.handle.get_text("dict", flags=_TEXT_FLAGS)

    def spans(self) -> list[TextSpan]:
        return self._spans

    @cached_property
    def _spans(self) -> list[TextSpan]:
        out: list[TextSpan] = []
        for b_i, block in enumerate(self._text.get("blocks", [])):
            for l_i, line in enumerate(block.get("lines", [])):
                for span in line.get("spans", []):
                    flags = int(span.get("flags", 0))
                    out.append(
                        TextSpan(
                            text=span.get("text", ""),
                            font=span.get("font", ""),
                            size=float(span.get("size", 0.0)),
                            colour=_hex_of_int(span.get("color")),
                            bbox=self.shown(span.get("bbox", (0, 0, 0, 0))),
                            bold=bool(flags & _BOLD_FLAG),
                            italic=bool(flags & _ITALIC_FLAG),
                            line_key=(b_i, l_i),
                            origin=self.shown_point(span["origin"]) if "origin" in span else None,
                            # without char_flags (older PyMuPDF) all text counts as painted
                            visible=bool(span.get("char_flags", _PAINTED) & _PAINTED),
                            opacity=_opacity(span),
                        )
                    )
        if out and self.handle is not None and not self.handle.parent.is_pdf:  # an SVG's text
            asked = span_fonts([span.text for span in out], self._svg_text())
            out = [
                piece
                for i, (span, pieces) in enumerate(zip(out, asked, strict=True))
                for piece in self._asked_pieces(span, pieces, i)
            ]
        return svg_shown.shown(self, out, "text")

    def _asked_pieces(self, span: TextSpan, pieces: list[Piece], index: int) -> list[TextSpan]:
        """An SVG's span (the ``index``-th) with the fonts its text asks for and their print
        scales (see ``svg_fonts.span_fonts``): split where either changes, each piece with the
        boxes and first origin of its own characters, as MuPDF placed them."""
        if len(pieces) == 1:
            _start, font, scale = pieces[0]
            return [dataclasses.replace(span, asked_font=font, print_scale=scale)]
        chars = self._svg_chars[index] if index < len(self._svg_chars) else []
        placed = "".join(c.get("c", "") for c in chars) == span.text
        ends = [start for start, _font, _scale in pieces[1:]] + [len(span.text)]
        out = []
        for (start, font, scale), end in zip(pieces, ends, strict=True):
            if placed and end > start:
                boxes = [c["bbox"] for c in chars[start:end]]
                bbox = self.shown(
                    (
                        min(b[0] for b in boxes),
                        min(b[1] for b in boxes),
                        max(b[2] for b in boxes),
                        max(b[3] for b in boxes),
                    )
                )
                origin = self.shown_point(chars[start]["origin"])
            else:  # no characters to place it by: its share of the span's width
                x0, y0, x1, y1 = span.bbox
                share = (x1 - x0) / len(span.text)
                bbox = (x0 + start * share, y0, x0 + end * share, y1)
                origin = None
            text = span.text[start:end]
            out.append(
                dataclasses.replace(
                    span,
                    text=text,
                    bbox=bbox,
                    origin=origin,
                    asked_font=font,
                    print_scale=scale,
                )
            )
        return out

    @cached_property
    @_reads_page
    def _svg_chars(self) -> list[list[dict]]:
        """Each span's characters (box, origin), in the order of ``_text``'s spans: read only
        for an SVG whose spans cross a change of font."""
        assert self.handle is not None
        raw = self.handle.get_text("rawdict", flags=_TEXT_FLAGS)
        return [
            span.get("chars", [])
            for block in raw.get("blocks", [])
            for line in block.get("lines", [])
            for span in line.get("spans", [])
        ]

    def _svg_text(self) -> list[TextRun]:
        """The SVG's text with the fonts it asks for (MuPDF names substitutes); empty when
        the file cannot be read again."""
        if self.source is None:
            return []
        try:
            with openable(self.source) as name, open(name, "rb") as fh:
                return text_runs(fh.read())
        except (OSError, InputError):
            return []

    @_reads_page
    def text(self) -> str:
        """All text of the page in reading order."""
        assert self.handle is not None
        return self.handle.get_text("text")

    def fonts(self) -> list[FontInfo]:
        return self._fonts

    def font_program_name(self, xref: int) -> str | None:
        """The name an embedded font program gives itself, read once a document per font."""
        if xref not in self.font_names:
            assert self.handle is not None
            name = None
            if self.handle.parent.is_pdf:  # SVG pages have no font objects to read
                with contextlib.suppress(Exception):  # a broken font object: no second name
                    _base, ext, _type, content = self.handle.parent.extract_font(xref)[:4]
                    name = program_name(content, ext) if content else None
            self.font_names[xref] = name
        return self.font_names[xref]

    @cached_property
    @_reads_page
    def _fonts(self) -> list[FontInfo]:
        assert self.handle is not None
        out = []
        for xref, ext, ftype, basefont, resource, *_ in self.handle.get_fonts(full=True):
            if xref not in self.font_aliases:
                self.font_aliases[xref] = _font_aliases(self.handle.parent, xref, basefont)
            names = self.font_aliases[xref]
            embedded = ext != "n/a"
            info = FontInfo(basefont, embedded, ftype, xref, names, resource=resource)
            out.append(info)
        return out

    def drawings(self) -> list[Drawing]:
        return self._drawings

    @cached_property
    @_reads_page
    def _drawings(self) -> list[Drawing]:
        assert self.handle is not None
        out = []
        for d in self.handle.get_drawings():
            out.append(
                Drawing(
                    bbox=self.shown(d["rect"]),
                    fill=_hex_of_floats(d.get("fill")),
                    stroke=_hex_of_floats(d.get("color")),
                    fill_opacity=float(d.get("fill_opacity") or 1.0),
                    simple=len(items := d.get("items", ())) == 1 and items[0][0] in _SIMPLE_ITEMS,
                )
            )
        return svg_shown.shown(self, out, "shape")

    def paint_log(self) -> list[tuple[str, tuple[float, float, float, float]]]:
        """MuPDF's log of what the page paints (fill-path, fill-image, fill-text, ...) with each
        box, in unrotated page space; read once. Raises ValueError on rotated pages: logging
        one un-rotates it in memory.
        """
        assert self.handle is not None
        if self.handle.rotation % 360:
            raise ValueError("no paint log for a rotated page")
        return self._paint_log

    @cached_property
    @_reads_page
    def _paint_log(self) -> list[tuple[str, tuple[float, float, float, float]]]:
        assert self.handle is not None
        return self.handle.get_bboxlog()

    def _paint_log_if_read(self) -> list[tuple[str, tuple[float, float, float, float]]] | None:
        """The paint log if something has read it already, else None (it is not read here)."""
        return self.__dict__.get("_paint_log")  # where cached_property keeps it

    def images(self) -> list[PlacedImage]:
        return self._images

    @cached_property
    @_reads_page
    def _images(self) -> list[PlacedImage]:
        assert self.handle is not None
        # When the logo search has read the paint log, a page that paints no picture has
        # none to list, and listing reads the page's text again (about 1 ms on a page of
        # text). The log is not read for this alone: on a page of 20,000 paths it takes 0.2 s.
        log = self._paint_log_if_read()
        # MuPDF draws no patterns: an SVG's photos filling shapes as one (Figma's image
        # fill) are listed from a drawing of it with each pattern's pictures in their place
        out = svg_pattern_images.placed(self, _placed_ppi) if self.svg_tree is not None else []
        if log is not None and not any(kind in IMAGE_PAINTS for kind, _ in log):
            return svg_shown.shown(self, out, "image")
        doc = self.handle.parent
        if (
            log is None
            and doc.is_pdf
            and not may_show_pictures(doc, self.handle, _resources_owner(doc, self.handle.xref))
        ):
            return out  # nothing on the page can draw a picture (a page of text)
        # no xrefs: PyMuPDF finds them by decoding and hashing every image twice (~30 ms a
        # scanned page), and nothing here needs them
        for info in self.handle.get_image_info():
            x0, y0, x1, y1 = self.shown(info["bbox"])
            width, height = int(info.get("width", 0)), int(info.get("height", 0))
            out.append(
                PlacedImage(
                    bbox=(x0, y0, x1, y1),
                    width_px=width,
                    height_px=height,
                    ppi=_placed_ppi(info, width, height, x1 - x0),
                    colour_space=str(info.get("cs-name", "")),
                    shading=_drawn_shading(info),
                )
            )
        return svg_shown.shown(self, out, "image")

    @property
    def colour_space(self) -> str:
        return "mixed"


def _drawn_shading(info: dict) -> bool:
    """Whether an image MuPDF lists is a shading (``sh``, a shading pattern) that its text
    device drew into an image: an RGB pixmap with no compressed data (size 0), at one pixel
    a unit, upright, on whole units (MuPDF's ``fz_new_image_from_shade``). Images from the
    file, inline ones and JPEG 2000 included, keep their compressed data, so one placed at
    72 ppi on whole points is still an image."""
    transform = tuple(info.get("transform") or ())
    if info.get("size", 0) or info.get("cs-name") != "DeviceRGB" or len(transform) < 6:
        return False
    a, b, c, d, e, f = (float(v) for v in transform[:6])
    return (
        (a, b, c, d) == (float(info.get("width", -1)), 0.0, 0.0, float(info.get("height", -1)))
        and e.is_integer()
        and f.is_integer()
    )


def _placed_ppi(info: dict, width: int, height: int, shown_width: float) -> float:
    """Pixels per inch of a placed image as printed: along each of its own axes (its
    transform's columns, however it is turned or the page rotated), the lower of the two."""
    transform = info.get("transform") or ()
    if len(transform) >= 4:
        a, b, c, d = (float(v) for v in transform[:4])
        along_width, along_height = math.hypot(a, b) / 72.0, math.hypot(c, d) / 72.0
        if along_width > 0 and along_height > 0:
            return min(width / along_width, height / along_height)
    return width / (max(shown_width, 1e-6) / 72.0)  # no usable placement: the shown width


def _check_page_size(index: int, width: float, height: float, limits: Limits) -> None:
    """Refuse empty, non-finite and absurdly long pages before anything is rendered."""
    if not (math.isfinite(width) and math.isfinite(height) and width > 0 and height > 0):
        raise InputError("file.unreadable", f"page {index + 1} has no usable size")
    longest = max(width, height) * MM_PER_PT
    if longest > limits.max_page_mm:
        raise InputError(
            "file.too_large",
            f"page {index + 1} is {longest / 1000:,.0f} m long (the limit is "
            f"{limits.max_page_mm / 1000:,.0f} m); it was not checked",
        )


def _unusable_box(doc: pymupdf.Document, page: pymupdf.Page, index: int) -> Finding | None:
    """A warning for a page whose MediaBox (its own or inherited) is missing or has no area:
    MuPDF, like other readers, then shows it at US Letter size, and it is checked at that size,
    which need not be the size it was made for or prints at."""
    kind, value = doc.xref_get_key(_inherited_from(doc, page.xref, "MediaBox"), "MediaBox")
    if kind == "xref":
        value = doc.xref_object(int(value.split()[0]), compressed=True)
    try:
        x0, y0, x1, y1 = (float(v) for v in value.strip("[] \n").split())
        if all(map(math.isfinite, (x0, y0, x1, y1))) and x0 != x1 and y0 != y1:
            return None
    except ValueError:  # not four numbers
        pass
    box = f"MediaBox {value.strip()}" if kind != "null" else "no MediaBox"
    box = printable(box, newlines=False)
    w, h = page.rect.width, page.rect.height
    return Finding.of(
        "file.repaired",
        f"Page {index + 1} has {box[:80]}, so it has no size of its own; it was checked as "
        f"viewers show it, {w:g} x {h:g} pt, which may not be the size it prints at.",
        page=index,
        merge_key="unusable page box",
    )


@dataclass
class PdfDocument(Document):
    """A PDF or SVG opened with PyMuPDF."""

    handle: pymupdf.Document | None = field(default=None, repr=False)
    limits: Limits = field(default_factory=Limits, repr=False)
    _font_names: dict[int, str | None] = field(default_factory=dict, repr=False)
    _font_aliases: dict[int, tuple[str, ...]] = field(default_factory=dict, repr=False)
    _content: DocumentContent = field(default_factory=DocumentContent, repr=False)
    svg_tree: ET.Element | None = field(default=None, repr=False)  # see PdfPage.svg_tree
    picture_sizes: Sizes = field(default_factory=dict, repr=False)  # see PdfPage's

    def page(self, index: int) -> PdfPage:
        assert self.handle is not None
        try:
            pymupdf.TOOLS.mupdf_warnings()  # empties the buffer: from here on, this page's
            p = self.handle.load_page(index)
            rect = p.rect
        except Exception as exc:  # a broken page tree or page object
            raise library_error(exc, f"cannot load page {index + 1}") from exc
        width, height = float(rect.width), float(rect.height)
        units = "px" if self.kind == "svg" else "pt"
        try:  # before anything draws it: giant pages and content bombs are refused
            _check_page_size(index, width, height, self.limits)
            if self.handle.is_pdf:
                self._check_content(p, index)
        except InputError as exc:
            if exc.rule != "file.too_large":
                raise
            raise PageRefused(exc.rule, exc.message, index, width, height, units) from None
        box_note = _unusable_box(self.handle, p, index) if self.handle.is_pdf else None
        return PdfPage(
            index=index,
            width=width,
            height=height,
            units=units,
            mm_per_unit=MM_PER_PT,
            limits=self.limits,
            handle=p,
            source=self.path,
            font_names=self._font_names,
            font_aliases=self._font_aliases,
            svg_tree=self.svg_tree,
            picture_sizes=self.picture_sizes,
            notes=[box_note] if box_note else [],
        )

    def _check_content(self, p: pymupdf.Page, index: int) -> None:
        """Refuse a page whose content is too big to draw (``pdf_budget``); the decoded sizes
        of streams are kept for the document, so pages sharing a bomb decode it once."""
        assert self.handle is not None
        try:
            owner = _resources_owner(self.handle, p.xref)
            check_page_content(self.handle, p, owner, index, self.limits, self._content)
        except InputError:
            raise
        except Exception as exc:  # a page object MuPDF cannot follow
            raise library_error(exc, f"cannot read page {index + 1}") from exc

    @property
    def is_tagged(self) -> bool:
        assert self.handle is not None
        try:
            root = self.handle.pdf_catalog()
            return "StructTreeRoot" in self.handle.xref_object(root) if root > 0 else False
        except Exception:
            return False

    @property
    def language(self) -> str | None:
        assert self.handle is not None
        try:
            kind, value = self.handle.xref_get_key(self.handle.pdf_catalog(), "Lang")
        except Exception:
            return None
        return value.strip("()") if kind != "null" and value else None

    def close(self) -> None:
        self.picture_sizes.clear()  # its keys are the pictures' links: megabytes of text
        if self.handle is not None:
            self.handle.close()
            self.handle = None


def open_pdf(path: Path, kind: str, fmt: str, limits: Limits, password: str | None) -> PdfDocument:
    """Open a PDF or SVG; raise InputError with the rule that fits what went wrong."""
    pymupdf.TOOLS.mupdf_warnings()  # reset the warning buffer
    sizes: Sizes = {}  # an SVG's pictures, read once by MuPDF's restyling and resvg's limit
    try:
        with sizes_kept(sizes):
            handle = open_vector(path, "svg" if kind == "svg" else "pdf", limits)
    except InputError:
        raise
    except Exception as exc:  # PyMuPDF raises several types for broken files
        raise _open_failure(path, kind, fmt, exc) from exc
    try:
        document = _document(path, kind, fmt, limits, password, handle)
        if kind == "svg":  # its pixels are drawn by resvg (``svg_pixels``)
            with sizes_kept(sizes):
                document.svg_tree, note = prepared(path, limits.max_image_pixels)
            document.notes += [note] if note else []
            if document.svg_tree is not None:  # what its pages read of it again
                document.picture_sizes = kept_for(document.svg_tree, sizes)
        return document
    except InputError:
        handle.close()
        raise
    except Exception as exc:  # e.g. a page count or trailer that breaks after repair
        handle.close()
        raise library_error(exc, f"cannot read {fmt.upper()}") from exc


def _open_failure(path: Path, kind: str, fmt: str, exc: Exception) -> InputError:
    """Why MuPDF could not open ``path``, in words a user can act on: a PDF cut short says so
    (``complete.lost_data``), and MuPDF's own complaint replaces its "Failed to open file
    '<path>' as type pdf", which names neither the file's fault nor anything new."""
    what = f"cannot open {fmt.upper()}"
    warned = [w for w in pymupdf.TOOLS.mupdf_warnings().splitlines() if w.strip()]
    error = library_error(exc, what)
    if error.rule != "file.unreadable" or not str(exc).startswith("Failed to open file"):
        return error
    lost = lost_data(path) if kind == "pdf" else None
    if lost:
        why = f"{lost}, so it was probably not fully downloaded, copied or exported"
        why += "; get or export it again"
    elif warned:
        why = f"the file is damaged beyond repair (MuPDF: {warned[0]})"
    else:
        why = "the file is damaged beyond repair"
    return InputError("file.unreadable", printable(f"{what}: {why}"))


def _document(
    path: Path, kind: str, fmt: str, limits: Limits, password: str | None, handle: pymupdf.Document
) -> PdfDocument:
    """Check password, page count and repair state of an opened handle (the caller closes it)."""
    notes: list[Finding] = []
    if handle.needs_pass and (not password or not handle.authenticate(password)):
        why = "the password given does not open it" if password else "needs a password (--password)"
        raise InputError("file.encrypted", f"the PDF is encrypted and {why}")
    if handle.page_count == 0:
        raise InputError("file.unreadable", "the document has no pages")
    if handle.page_count > limits.max_pages:
        n = handle.page_count
        raise InputError("file.too_large", f"{n} pages is above the limit of {limits.max_pages}")
    if kind == "pdf" and handle.is_repaired:
        warnings = pymupdf.TOOLS.mupdf_warnings().strip().splitlines()
        reason = warnings[0] if warnings else "damaged cross-reference table"
        notes.append(Finding.of("file.repaired", f"the PDF was damaged and repaired: {reason}"))
    meta = {k: str(v) for k, v in (handle.metadata or {}).items() if v}
    return PdfDocument(
        path=path,
        kind=kind,
        format=fmt,
        page_count=handle.page_count,
        notes=notes,
        metadata=meta,
        handle=handle,
        limits=limits,
    )


def _blank_pictures(doc: pymupdf.Document, keep: set[int]) -> None:
    """Make every image XObject of ``doc`` except image masks and those in ``keep`` an empty
    form: it paints nothing.

    One pass over the objects (``Page.delete_image`` rewrites the page for each image: 22 s
    for 400 images on one page, against 0.04 s here).
    """
    for xref in range(1, doc.xref_length()):
        if xref in keep or doc.xref_get_key(xref, "Subtype") != ("name", "/Image"):
            continue
        if doc.xref_get_key(xref, "ImageMask") == ("bool", "true"):
            continue  # a stencil painted in a colour is artwork, and may be the logo itself
        doc.update_object(xref, "<</Type/XObject/Subtype/Form/BBox[0 0 0 0]>>")
        doc.update_stream(xref, b" ")


def _xobject_xref(doc: pymupdf.Document, page_xref: int, path: Sequence[str]) -> int | None:
    """The xref that a resource-name path (form names, then the XObject's own) names, starting
    from the page's resources (inherited from the page tree when the page has none); a form
    without resources of its own uses its caller's."""
    owner, xref = _resources_owner(doc, page_xref), None
    for name in path:
        kind, value = doc.xref_get_key(owner, f"Resources/XObject/{name.lstrip('/')}")
        if kind != "xref":
            return None
        xref = int(value.split()[0])
        if doc.xref_get_key(xref, "Resources")[0] != "null":
            owner = xref
    return xref


def _resources_owner(doc: pymupdf.Document, page_xref: int) -> int:
    """The page, or the page tree node it inherits its /Resources from."""
    return _inherited_from(doc, page_xref, "Resources")


def _inherited_from(doc: pymupdf.Document, page_xref: int, key: str) -> int:
    """The page, or the page tree node it inherits ``key`` (/Resources, /MediaBox) from: MuPDF
    follows /Parent however deep the tree (a page 40 nodes down still draws its root's
    pictures, at its root's size), up to a node it has met before; the last node reached when
    none has it."""
    owner, seen = page_xref, set()
    while owner not in seen:
        seen.add(owner)
        if doc.xref_get_key(owner, key)[0] != "null":
            break
        kind, parent = doc.xref_get_key(owner, "Parent")
        if kind != "xref":
            break
        owner = int(parent.split()[0])
    return owner


def _with_masks(doc: pymupdf.Document, xref: int) -> list[int]:
    """An image XObject and the image streams of its soft mask and mask."""
    found = [xref]
    for key in ("SMask", "Mask"):
        kind, value = doc.xref_get_key(xref, key)
        if kind == "xref":
            found.append(int(value.split()[0]))
    return found


def _font_aliases(doc: pymupdf.Document, xref: int, basefont: str) -> tuple[str, ...]:
    """The names other than ``basefont`` that a font resource goes by: its descriptor's
    /FontName and, for a Type 0 font, its descendant's /BaseFont and /FontName. MuPDF names
    the font of a span by the descriptor ('Verdana' for 'Verdana-Identity-H')."""
    if xref <= 0 or not doc.is_pdf:
        return ()
    names: list[str] = []
    try:
        kind, value = doc.xref_get_key(xref, "DescendantFonts")
        if kind == "xref":  # the array is an object of its own
            value = doc.xref_object(int(value.split()[0]), compressed=True)
        owners = [xref, *map(int, REFERENCE.findall(value if kind in ("array", "xref") else ""))]
        for owner in owners:
            for key in ("BaseFont", "FontDescriptor/FontName"):
                kind, value = doc.xref_get_key(owner, key)
                name = _pdf_name(value[1:]) if kind == "name" else ""
                if name and name not in (basefont, *names):
                    names.append(name)
    except Exception:  # a broken font object: its /BaseFont alone
        return tuple(names)
    return tuple(names)


def _pdf_name(raw: str) -> str:
    """A PDF name's text with its #xx escapes decoded."""
    if "#" not in raw:
        return raw
    return unescaped_name(raw.encode()).decode("utf-8", errors="replace")


def _stored_length(pdf: pymupdf.mupdf.PdfDocument, xref: int) -> int:
    """A stream's /Length (following an indirect one) in MuPDF's document ``pdf``; 0 when it
    has no readable length or a negative one. Read from MuPDF's object, not as text: a text
    page has dozens of content streams. As a 64-bit number: MuPDF's int is 32 bits, and
    /Length 4294967299 read as 3."""
    mupdf = pymupdf.mupdf
    try:
        obj = mupdf.pdf_load_object(pdf, xref)
        return max(0, int(mupdf.pdf_dict_get_int64(obj, mupdf.PDF_ENUM_NAME_Length)))
    except Exception:  # a free or broken object: MuPDF draws nothing of it either
        return 0
