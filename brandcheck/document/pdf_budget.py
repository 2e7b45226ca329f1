"""How much a PDF page asks its reader to do, worked out before anything draws it.

A page's content is a program, and a small file can ask for a great deal: a 1 MB Flate stream
that inflates to 1 GB of operators, or a few form XObjects that draw each other ten times over,
twelve deep (10^12 fills in 1.6 KB). MuPDF draws either without a budget, and brandcheck's own
walk (``pdf_colours``) holds the decoded content several times over, so such a page took many GB
or hung ``check``. This module measures, without holding it:

* the decoded size of every content stream the page can draw (its /Contents, the form XObjects
  and tiling patterns its resources reach, its annotations' appearances), each stream once, by
  letting MuPDF decode it into nothing (``fz_skip``) and stopping at the limit;
* how many times form XObjects are drawn, counted through their nesting (a form drawn 10 times
  by a form drawn 10 times is 100 draws), and how many content bytes that makes MuPDF run.

Above ``Limits.max_content_bytes``, ``Limits.max_form_draws`` or ``Limits.max_drawn_bytes`` the
page is refused as ``file.too_large``, before it is rendered or walked (``PdfDocument.page``
raises ``PageRefused``: that page is not judged, the others are). The decoded sizes are kept
for the document (``DocumentContent``), so a bomb stream that every page shares is decoded once,
not once a page: the time a file's pages cost stays bounded by the streams it holds. Which
XObjects are forms is kept there too: content streams are read for their ``Do`` names only
where the resources list a form, not on every page that places a photo (33 streams read again,
about 1 ms a page), and a /Resources that thousands of pages share is tested once.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

import pymupdf

from brandcheck.document.model import Limits
from brandcheck.document.pdf_refs import REFERENCE, entry
from brandcheck.errors import InputError

_REFERENCE = re.compile(r"/([^\s/\[\]()<>{}%]+)\s+(\d+)\s+\d+\s+R")  # /Name 12 0 R
#: a form drawn by name: ``/Fm0 Do``, as MuPDF's lexer reads it: NUL is white space, comments
#: may stand between the name and the operator (possessive: no backtracking through a long run
#: of them), the name may hold #-escapes (names in strings count too: a harmless over-count)
_DO = re.compile(
    rb"/([^\x00\t\n\f\r /\[\]()<>{}%]+)(?:[\x00\t\n\f\r ]++|%[^\r\n]*+)*+"
    rb"Do(?![^\x00\t\n\f\r /\[\]()<>{}%])"
)
_ESCAPE = re.compile(rb"#([0-9A-Fa-f]{2})")

_MAX_NESTING = 256  # MuPDF gives up on deeper forms itself ("stack overflow")
_MAX_ANNOTS = 10_000  # annotations of a page whose appearances are counted


StreamSizes = dict[int, tuple[int, bool]]
"""A document's decoded stream sizes by xref: (bytes, exact); not exact when decoding stopped
at a page's limit, so the size is only a lower bound."""


@dataclass
class DocumentContent:
    """What the budget learns of a document's objects, kept across its pages."""

    sizes: StreamSizes = field(default_factory=dict)
    #: the form XObjects a /Resources/XObject names (name -> xref), by the dictionary's xref
    #: (negated) or, for a dictionary written inside its owner, the owner's xref
    forms: dict[int, dict[bytes, int]] = field(default_factory=dict)
    kinds: dict[int, bool] = field(default_factory=dict)  # xref -> is a form XObject
    repaired: bool = False  # MuPDF had rebuilt the file's object table when last looked

    def forget_if_repaired(self, pdf: pymupdf.mupdf.PdfDocument) -> bool:
        """MuPDF rebuilds a damaged file's object table the first time it meets a broken
        object, and an object number may then name another object: what was learnt before
        no longer holds (an image listed on page 1 is a form bomb drawn on page 2). Asked of
        MuPDF's own document, looked up once a page (``Document.is_repaired`` looks it up
        again each time: 5 µs, after every stream a page decodes)."""
        if not self.repaired and pymupdf.mupdf.pdf_was_repaired(pdf):
            self.sizes.clear()
            self.forms.clear()
            self.kinds.clear()
            self.repaired = True
            return True
        return False


def unescaped_name(raw: bytes) -> bytes:
    """A PDF name as its reader takes it, #xx escapes decoded: ``F#6d0`` is ``Fm0``."""
    return _ESCAPE.sub(lambda m: bytes([int(m[1], 16)]), raw) if b"#" in raw else raw


def _own_entry(doc: pymupdf.Document, holder: int, path: str, name: bytes, xref: int) -> bool:
    """Whether ``/name xref 0 R`` is an entry of the dictionary at ``path`` in ``holder``, not
    of one nested in it (kept where the name cannot be looked up: a harmless over-count)."""
    if not name.isascii() or b"/" in name or not name:
        return True
    try:
        kind, value = doc.xref_get_key(holder, path + name.decode())
    except Exception:
        return True
    return kind == "xref" and int(value.split()[0]) == xref


def _mb(n: int) -> str:
    return f"{n / 1e6:,.0f} MB"


@dataclass
class _Budget:
    doc: pymupdf.Document
    index: int
    limits: Limits
    content: DocumentContent  # the document's, across pages
    pdf: pymupdf.mupdf.PdfDocument = field(init=False)  # MuPDF's own, looked up once a page
    sizes: dict[int, int] = field(default_factory=dict)  # decoded bytes by stream xref
    total: int = 0
    draws: dict[tuple[int, int], tuple[int, int]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.pdf = pymupdf._as_pdf_document(self.doc)

    def refuse(self, what: str, limit: str) -> InputError:
        return InputError(
            "file.too_large",
            f"page {self.index + 1} {what} (the limit is {limit}); it was not checked",
        )

    def decoded(self, xref: int) -> int:
        """The decoded size of a stream, counted once a page; refuses the page once all the
        streams counted pass ``max_content_bytes`` (MuPDF decodes into nothing: no copy is
        kept, whatever the filters)."""
        if xref in self.sizes:
            return self.sizes[xref]
        left = self.limits.max_content_bytes - self.total
        known = self.content.sizes
        size, exact = known.get(xref, (0, False))
        if not exact and size <= left:  # not decoded yet, or only as far as a smaller budget
            size = self._decode(xref, left + 1)
            self.content.forget_if_repaired(self.pdf)
            known[xref] = (size, size <= left)
        self.sizes[xref] = size
        self.total += size
        if self.total > self.limits.max_content_bytes:
            raise self.refuse(
                f"has content that decodes to more than {_mb(self.limits.max_content_bytes)}",
                _mb(self.limits.max_content_bytes),
            )
        return size

    def _decode(self, xref: int, most: int) -> int:
        """The decoded size of a stream, up to ``most`` bytes."""
        mupdf, pdf = pymupdf.mupdf, self.pdf
        try:
            if mupdf.pdf_is_image_stream(mupdf.pdf_new_indirect(pdf, xref, 0)):
                return 0  # MuPDF does not draw an image filter's output (JBIG2, DCT...) as
            # content, and decoding it can take minutes (pdf.js's bomb_giant.pdf)
            return int(mupdf.fz_skip(mupdf.pdf_open_stream_number(pdf, xref), most))
        except Exception:  # not a stream, a broken filter: MuPDF draws nothing of it either
            return 0

    def form_names(self, owner: int) -> dict[bytes, int]:
        """The form XObjects an object's /Resources name (name -> xref), read once a document
        for each dictionary; an XObject whose kind cannot be read is kept, and tested again
        where it is drawn."""
        doc, known = self.doc, self.content.forms
        kind, value = doc.xref_get_key(owner, "Resources/XObject")
        self.content.forget_if_repaired(self.pdf)
        key = -int(value.split()[0]) if kind == "xref" else owner
        if key not in known:
            holder, path = (-key, "") if kind == "xref" else (owner, "Resources/XObject/")
            if kind == "xref":  # the dictionary is an object of its own (a stream's counts)
                value, kind = doc.xref_object(-key, compressed=True), "dict"
            text = value if kind == "dict" and value.lstrip().startswith("<<") else ""
            named = [
                (unescaped_name(name.encode("latin-1", "replace")), int(ref))
                for name, ref in _REFERENCE.findall(text)
                if 0 < int(ref) < doc.xref_length()
            ]
            if _REFERENCE.sub("", text).strip(" \n<>"):  # more than /Name ref pairs (a
                # dictionary, array or string inside): MuPDF looks among its own keys only
                named = [(n, x) for n, x in named if _own_entry(doc, holder, path, n, x)]
            forms = {name: xref for name, xref in named if self._may_be_form(xref)}
            if self.content.forget_if_repaired(self.pdf):  # read while MuPDF rebuilt the table
                return self.form_names(owner)
            known[key] = forms
        return known[key]

    def _may_be_form(self, xref: int) -> bool:
        try:
            return self.is_form(xref)
        except Exception:  # left to the walk, which meets it only if the page draws it
            return True

    def is_form(self, xref: int) -> bool:
        kinds = self.content.kinds
        if xref not in kinds:
            kind, value = self.doc.xref_get_key(xref, "Subtype")
            if kind == "xref":  # ``/Subtype 9 0 R``: MuPDF follows it to the name
                target = int(value.split()[0])
                ok = 0 < target < self.doc.xref_length()
                value = self.doc.xref_object(target, compressed=True) if ok else ""
            kinds[xref] = value.strip() == "/Form"
        return kinds[xref]

    def walk(self, xrefs: list[int], owner: int, stack: tuple[int, ...] = ()) -> tuple[int, int]:
        """(form draws, content bytes run) of content streams read with ``owner``'s
        resources, forms counted each time they are drawn."""
        sizes = [self.decoded(x) for x in xrefs]
        names = self.form_names(owner)
        count, ran = 0, sum(sizes)
        if not names or len(stack) >= _MAX_NESTING:  # no form to draw: no stream read
            return count, ran
        calls: Counter[bytes] = Counter()
        for xref, size in zip(xrefs, sizes, strict=True):
            if size:
                data = self.doc.xref_stream(xref) or b""
                calls.update(n for n in map(unescaped_name, _DO.findall(data)) if n in names)
        for name, times in calls.items():
            form = names[name]
            if form in stack or not self.is_form(form):
                continue  # a form drawing itself: MuPDF stops there
            inner = _resources_owner(self.doc, form, owner)
            key = (form, inner)
            if key not in self.draws:
                self.draws[key] = self.walk([form], inner, (*stack, form))
            draws, bytes_run = self.draws[key]
            count += times * (1 + draws)
            ran += times * bytes_run
            self.check(count, ran)
        return count, ran

    def check(self, draws: int, ran: int) -> None:
        limits = self.limits
        if draws > limits.max_form_draws:
            raise self.refuse(
                f"draws form XObjects {draws:,} times or more, through forms that draw each "
                "other over and over",
                f"{limits.max_form_draws:,}",
            )
        if ran > limits.max_drawn_bytes:
            raise self.refuse(
                f"draws more than {_mb(limits.max_drawn_bytes)} of content (its forms counted "
                "each time they are drawn)",
                _mb(limits.max_drawn_bytes),
            )


def _resources_owner(doc: pymupdf.Document, stream: int, outer: int) -> int:
    """Whose resources a form, pattern or appearance stream draws with: its own, or where it
    has none, those of what draws it (as MuPDF does)."""
    return stream if doc.xref_get_key(stream, "Resources")[0] != "null" else outer


def _refs(doc: pymupdf.Document, xref: int, key: str) -> list[int]:
    """The objects an entry of ``xref`` refers to (one, or those of an array or dictionary)."""
    kind, value = entry(doc, xref, key)
    if kind == "xref":  # a stream (or a reference to no object)
        target = int(value.split()[0])
        return [target] if 0 < target < doc.xref_length() else []
    if kind not in ("array", "dict"):
        return []
    return [int(r) for r in REFERENCE.findall(value) if 0 < int(r) < doc.xref_length()]


def check_page_content(
    doc: pymupdf.Document,
    page: pymupdf.Page,
    owner: int,
    index: int,
    limits: Limits,
    content: DocumentContent | None = None,
) -> None:
    """Refuse (``file.too_large``) a PDF page whose content is too big to draw; ``owner`` is
    the object holding the page's resources (the page, or the page-tree node it inherits
    them from); ``content``, what is known of the document, kept across its pages."""
    budget = _Budget(doc, index, limits, content if content is not None else DocumentContent())
    draws, ran = budget.walk(list(page.get_contents()), owner)
    budget.check(draws, ran)
    # tiling patterns: their cells are content streams too (drawn a number of times that
    # depends on the area they fill: counted once here)
    for xref in _refs(doc, owner, "Resources/Pattern"):
        if doc.xref_is_stream(xref):
            d, r = budget.walk([xref], _resources_owner(doc, xref, owner))
            draws, ran = draws + d, ran + r
            budget.check(draws, ran)
    # annotations' appearances, which MuPDF draws with the page (with its resources, where an
    # appearance has none of its own)
    for annot in _refs(doc, page.xref, "Annots")[:_MAX_ANNOTS]:
        for ap in _appearances(doc, annot):
            d, r = budget.walk([ap], _resources_owner(doc, ap, owner), (ap,))
            draws, ran = draws + 1 + d, ran + r
            budget.check(draws, ran)


def _appearances(doc: pymupdf.Document, annot: int) -> list[int]:
    """The normal appearance streams of an annotation (one, or one per state)."""
    return [x for x in _refs(doc, annot, "AP/N") if doc.xref_is_stream(x)]
