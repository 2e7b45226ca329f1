"""Whether a PDF page has anything MuPDF could list among its images, read from its objects."""

from __future__ import annotations

import re

import pymupdf

from brandcheck.document.pdf_refs import REFERENCE, entry

#: the BI that starts an inline image, as MuPDF's lexer reads an operator: between white space
#: or delimiters (a BI inside a string counts too: a harmless over-count)
_INLINE_IMAGE = re.compile(rb"(?<![^\x00\t\n\f\r ()<>\[\]{}/%])BI(?![^\x00\t\n\f\r ()<>\[\]{}/%])")
_BLOCK = 1 << 14  # bytes of content read at a time (a text page's is 4-8 KB)
#: resources that can draw a picture or a gradient: an image, or a form that may hold one; a
#: pattern (a gradient, or a tiling cell of content); a shading (``sh`` paints only these)
_SOURCES = ("Resources/XObject", "Resources/Pattern", "Resources/Shading")


def may_show_pictures(doc: pymupdf.Document, page: pymupdf.Page, owner: int) -> bool:
    """False only where MuPDF's list of the page's images (``get_image_info``: pictures, and
    gradients it draws as pictures) is sure to be empty: the resources (``owner``'s: the page,
    or the page-tree node it inherits them from) name no XObject, pattern or shading, no
    font is a Type 3 font (its glyphs are content), no graphics state sets a soft mask (its
    group draws with resources of its own), the page has no annotations (their appearances
    too), and no content stream holds an inline image. Listing the images reads the whole
    page again (a text page's text, about 1.4 ms); these few lookups and one read of its
    content streams cost about half of that. Anything that cannot be read counts as a
    picture."""
    try:
        if any(_names_something(doc, owner, key) for key in _SOURCES):
            return True
        if doc.xref_get_key(page.xref, "Annots")[0] != "null" or _type3_font(doc, owner):
            return True
        pdf = pymupdf._as_pdf_document(doc)
        return _soft_mask(pdf, owner) or _inline_image(pdf, page)
    except Exception:  # a broken object or stream: MuPDF's own list decides
        return True


def _names_something(doc: pymupdf.Document, owner: int, key: str) -> bool:
    """Whether the dictionary at ``key`` has an entry (one held as an object of its own is
    taken to have)."""
    kind, value = doc.xref_get_key(owner, key)
    if kind == "null":
        return False
    return kind != "dict" or "".join(value.split()) != "<<>>"


def _type3_font(doc: pymupdf.Document, owner: int) -> bool:
    """Whether a font of the resources is (or may be) a Type 3 font."""
    kind, value = entry(doc, owner, "Resources/Font")  # the font dictionary, maybe its own
    if kind == "null":
        return False
    if kind != "dict" or "Type3" in value:  # a font written inside the dictionary
        return True
    for ref in REFERENCE.findall(value):
        subtype = doc.xref_get_key(int(ref), "Subtype")
        if subtype[0] != "name" or subtype[1] == "/Type3":
            return True
    return False


def _soft_mask(pdf: pymupdf.mupdf.PdfDocument, owner: int) -> bool:
    """Whether a graphics state of the resources sets a soft mask: its group is drawn as
    content, with resources of its own (a photo or a gradient as an opacity mask, which MuPDF
    lists)."""
    mupdf = pymupdf.mupdf
    states = mupdf.pdf_dict_getp(mupdf.pdf_load_object(pdf, owner), "Resources/ExtGState")
    for i in range(mupdf.pdf_dict_len(states)):
        mask = mupdf.pdf_dict_get(mupdf.pdf_dict_get_val(states, i), mupdf.PDF_ENUM_NAME_SMask)
        if mask.m_internal and mupdf.pdf_to_name(mask) != "None":  # a dictionary: a mask
            return True
    return False


def _inline_image(pdf: pymupdf.mupdf.PdfDocument, page: pymupdf.Page) -> bool:
    """Whether the page's content may hold an inline image: its streams read as MuPDF reads
    them, one after the other (as one stream: a text page may have dozens), in blocks up to
    the first inline image (a scan drawn as one is not decoded to its end: 37 ms for 5.6 MB;
    no page's whole content is held, up to ``Limits.max_content_bytes``)."""
    mupdf = pymupdf.mupdf
    stream = mupdf.pdf_open_contents_stream(pdf, mupdf.pdf_page_contents(page._pdf_page()))
    block = bytearray(_BLOCK)
    into, last = mupdf.python_mutable_buffer_data(block), b""
    while read := mupdf.fz_read(stream, into, _BLOCK):
        # a BI at either end of the block is taken (its neighbour unseen): a harmless over-count
        if block.find(b"BI", 0, read) >= 0 and _INLINE_IMAGE.search(block, 0, read):
            return True  # (the find first: the pattern alone is slow)
        if last + block[:1] == b"BI":  # across two blocks
            return True
        last = block[read - 1 : read]
    return False
