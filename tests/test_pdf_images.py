"""A PDF page's images: listed from the paint log when it shows none, or from the page's objects
when nothing can draw one, as MuPDF lists them."""

from __future__ import annotations

import io
import tracemalloc
from pathlib import Path

import pymupdf
import pytest
from PIL import Image

from brandcheck.api import check_paths
from brandcheck.document import open_document
from brandcheck.pipeline import RunOptions
from brandcheck.rule_settings import RuleSettings


def _png() -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", (40, 30), (200, 30, 30)).save(buf, "PNG")
    return buf.getvalue()


def _with_content(page: pymupdf.Page, operators: bytes) -> None:
    xref = page.get_contents()[0]
    page.parent.update_stream(xref, page.parent.xref_stream(xref) + b"\n" + operators)


def _make(path: Path, kind: str) -> Path:
    doc = pymupdf.open()
    page = doc.new_page()
    page.insert_text((72, 72), "Text on every page", fontsize=12)
    if kind == "image":
        page.insert_image(pymupdf.Rect(100, 100, 300, 250), stream=_png())
    elif kind == "inline image":
        _with_content(
            page, b"q 100 0 0 80 100 400 cm BI /W 2 /H 2 /CS /G /BPC 8 ID \x00\xff\xff\x00 EI Q"
        )
    elif kind == "image mask":
        _with_content(page, b"q 100 0 0 80 100 400 cm BI /W 8 /H 1 /IM true ID \xaa EI Q")
    elif kind == "shading":
        shading = doc.get_new_xref()
        doc.update_object(
            shading,
            "<< /ShadingType 2 /ColorSpace /DeviceGray /Coords [0 0 200 0] /Function "
            "<< /FunctionType 2 /Domain [0 1] /C0 [0] /C1 [1] /N 1 >> >>",
        )
        kind_, value = doc.xref_get_key(page.xref, "Resources")
        target = int(value.split()[0]) if kind_ == "xref" else page.xref
        key = "Shading" if kind_ == "xref" else "Resources/Shading"
        doc.xref_set_key(target, key, f"<< /Sh0 {shading} 0 R >>")
        _with_content(page, b"q 0 0 200 200 re W n /Sh0 sh Q")
    elif kind == "stamp annotation":
        page.add_stamp_annot(pymupdf.Rect(300, 500, 400, 560), stamp=0)  # vector art
    elif kind == "image in a form":
        inner = pymupdf.open()
        inner.new_page(width=200, height=150).insert_image(
            pymupdf.Rect(0, 0, 200, 150), stream=_png()
        )
        page.show_pdf_page(pymupdf.Rect(100, 100, 300, 250), inner, 0)
    elif kind == "inline image in a string":  # no image: the page's text reads "BI"
        _with_content(page, b"BT /helv 12 Tf 72 400 Td (a BI b) Tj ET")
    elif kind == "type 3 glyph":  # a glyph that draws an inline image (d0: drawn as content)
        glyph = doc.get_new_xref()
        doc.update_object(glyph, "<< >>")
        doc.update_stream(
            glyph,
            b"1000 0 d0 q 800 0 0 800 0 0 cm BI /W 2 /H 2 /CS /G /BPC 8 ID \x00\xff\xff\x00 EI Q",
        )
        font = doc.get_new_xref()
        doc.update_object(
            font,
            "<< /Type /Font /Subtype /Type3 /FontBBox [0 0 1000 1000] /FontMatrix "
            f"[0.001 0 0 0.001 0 0] /CharProcs << /a {glyph} 0 R >> /Encoding << /Differences"
            " [97 /a] >> /FirstChar 97 /LastChar 97 /Widths [1000] >>",
        )
        kind_, value = doc.xref_get_key(page.xref, "Resources")
        target = int(value.split()[0]) if kind_ == "xref" else page.xref
        key = "Font" if kind_ == "xref" else "Resources/Font"
        fonts = doc.xref_get_key(target, key)[1]
        doc.xref_set_key(target, key, fonts.replace(">>", f"/T3 {font} 0 R>>"))
        _with_content(page, b"BT /T3 40 Tf 100 400 Td (a) Tj ET")
    elif kind == "soft mask of a picture":  # a shape shows the photo through its opacity
        image = doc.get_new_xref()
        doc.update_object(
            image,
            "<< /Type /XObject /Subtype /Image /Width 40 /Height 30 /ColorSpace /DeviceRGB "
            "/BitsPerComponent 8 >>",
        )
        doc.update_stream(image, bytes([200, 30, 30]) * 1200)
        group = doc.get_new_xref()
        doc.update_object(
            group,
            "<< /Type /XObject /Subtype /Form /BBox [0 0 612 792] /Group << /S /Transparency "
            f"/CS /DeviceGray >> /Resources << /XObject << /Im0 {image} 0 R >> >> >>",
        )
        doc.update_stream(group, b"q 200 0 0 150 100 400 cm /Im0 Do Q")
        kind_, value = doc.xref_get_key(page.xref, "Resources")
        target = int(value.split()[0]) if kind_ == "xref" else page.xref
        key = "ExtGState" if kind_ == "xref" else "Resources/ExtGState"
        masks = f"<< /GSm << /SMask << /S /Luminosity /G {group} 0 R >> >> >>"
        doc.xref_set_key(target, key, masks)
        _with_content(page, b"q /GSm gs 0 0 1 rg 100 400 200 150 re f Q")
    elif kind == "deep page tree":  # the photo named in the resources of the tree's root
        page.insert_image(pymupdf.Rect(100, 100, 300, 250), stream=_png())
        _deepen(doc, page, 40)
    doc.save(path)
    return path


def _deepen(doc: pymupdf.Document, page: pymupdf.Page, depth: int) -> None:
    """Hang the page ``depth`` page-tree nodes below the root, which holds its resources."""
    root, xref = int(doc.xref_get_key(doc.pdf_catalog(), "Pages")[1].split()[0]), page.xref
    doc.xref_set_key(root, "Resources", doc.xref_get_key(xref, "Resources")[1])
    doc.xref_set_key(xref, "Resources", "null")
    parent = root
    for _ in range(depth):
        node = doc.get_new_xref()
        doc.update_object(node, f"<< /Type /Pages /Count 1 /Parent {parent} 0 R >>")
        doc.xref_set_key(parent, "Kids", f"[{node} 0 R]")
        parent = node
    doc.xref_set_key(parent, "Kids", f"[{xref} 0 R]")
    doc.xref_set_key(xref, "Parent", f"{parent} 0 R")


@pytest.mark.parametrize(
    "kind", ["text only", "image", "inline image", "image mask", "shading", "stamp annotation"]
)
def test_images_are_those_mupdf_lists(tmp_path: Path, kind: str) -> None:
    with open_document(_make(tmp_path / "p.pdf", kind)) as doc:
        page = doc.page(0)
        page.paint_log()  # read first, as the logo search does
        listed = page.images()
        assert len(listed) == len(page.handle.get_image_info())
        assert bool(listed) == (kind not in ("text only", "stamp annotation"))
        # a gradient is listed as artwork, but drawn in vectors: no resolution of its own
        assert [image.shading for image in listed] == [kind == "shading"] * len(listed)


@pytest.mark.parametrize(
    "kind",
    [
        "text only",
        "image",
        "inline image",
        "image mask",
        "shading",
        "stamp annotation",
        "image in a form",
        "inline image in a string",
        "type 3 glyph",
        "deep page tree",
        "soft mask of a picture",
    ],
)
def test_images_are_those_mupdf_lists_without_the_paint_log(tmp_path: Path, kind: str) -> None:
    # as with the logo rules off: no paint log read, the page's objects say whether to list
    with open_document(_make(tmp_path / "p.pdf", kind)) as doc:
        page = doc.page(0)
        listed = page.images()
        assert len(listed) == len(page.handle.get_image_info())
        # MuPDF lists no picture a Type 3 glyph draws: the font is still taken as one may
        drawn = (
            "image",
            "inline image",
            "image mask",
            "shading",
            "image in a form",
            "deep page tree",
            "soft mask of a picture",
        )
        assert bool(listed) == (kind in drawn)


@pytest.mark.parametrize("kind", ["image", "deep page tree", "soft mask of a picture"])
def test_a_low_resolution_photo_is_judged_without_the_logo_rules(tmp_path: Path, kind: str) -> None:
    """A 40 x 30 pixel photo placed 200 x 150 pt large (14 ppi) gets BC501 with only the
    production rules on, wherever the page tree keeps the resources that name it, and where
    it is a shape's opacity mask (the shape shows it: MuPDF lists it)."""
    options = RunOptions(rules=RuleSettings.build(select=["production"]), ocr="off")
    [file] = check_paths([_make(tmp_path / "p.pdf", kind)], "stockholm", options).files
    assert "BC501" in {finding.rule for finding in file.findings}, file.findings


def _page_with_content(path: Path, content: bytes) -> Path:
    doc = pymupdf.open()
    page = doc.new_page()
    page.insert_text((72, 72), "Text on every page", fontsize=12)
    doc.update_stream(page.get_contents()[0], content)
    doc.save(path)
    return path


def test_an_inline_image_across_two_blocks_of_content_is_listed(tmp_path: Path) -> None:
    # the content is read in blocks of 16 KB: BI's B ends the first, its I starts the second
    content = b"q 100 0 0 80 100 400 cm".ljust(2**14 - 1)
    content += b"BI /W 2 /H 2 /CS /G /BPC 8 ID \x00\xff\xff\x00 EI Q"
    assert content.index(b"BI") == 2**14 - 1
    with open_document(_page_with_content(tmp_path / "p.pdf", content)) as doc:
        assert len(doc.page(0).images()) == 1


def test_a_page_of_text_is_not_held_whole_to_look_for_inline_images(tmp_path: Path) -> None:
    """4 MB of drawing operators and no picture: the content is read in blocks, not as one
    copy of it (a page may decode to ``Limits.max_content_bytes``), and ends the test."""
    content = b"0 0 m 10 10 l S\n" * 250_000
    with open_document(_page_with_content(tmp_path / "p.pdf", content)) as doc:
        page = doc.page(0)
        tracemalloc.start()
        try:
            assert page.images() == []
            peak = tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()
        assert peak < len(content) / 8, peak
