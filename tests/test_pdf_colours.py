"""The content-stream walk: colours inside strings, glued names and comments are not paints."""

from __future__ import annotations

import io

import pikepdf
import pytest

from brandcheck.pdf_colours import page_colours

FLIP = (1.0, 0.0, 0.0, -1.0, 0.0, 842.0)  # PDF user space to top-left A4 points


def _page(content: bytes) -> tuple[pikepdf.Pdf, pikepdf.Page]:
    """A saved and reopened one-page PDF (the Pdf is returned too: a page needs it alive)."""
    pdf = pikepdf.new()
    pdf.add_blank_page(page_size=(595, 842))
    page = pdf.pages[0]
    font = pdf.make_indirect(
        pikepdf.Dictionary(
            Type=pikepdf.Name.Font, Subtype=pikepdf.Name.Type1, BaseFont=pikepdf.Name.Helvetica
        )
    )
    page.obj.Resources = pikepdf.Dictionary(Font=pikepdf.Dictionary(F1=font))
    page.obj.Contents = pdf.make_stream(content)
    buf = io.BytesIO()
    pdf.save(buf)
    reopened = pikepdf.open(io.BytesIO(buf.getvalue()))
    return reopened, reopened.pages[0]


def _paints(content: bytes) -> list[tuple[str, str, tuple[float, ...]]]:
    pdf, page = _page(content)
    with pdf:
        out = page_colours(page, FLIP)
    return [(p.kind, p.colour.family, tuple(p.colour.values)) for p in out.paints if p.colour]


@pytest.mark.parametrize(
    "trick",
    [
        b"BT /F1 12 Tf 10 10 Td (0 1 0 rg 5 5 5 5 re f) Tj ET",  # operators inside a string
        b"BT /F1 12 Tf 10 10 Td (a \\) 0 1 0 rg) Tj ET",  # an escaped parenthesis
        b"% 0 1 0 rg 5 5 5 5 re f\n",  # a comment (takes the slow path)
        b"BT/F1 12 Tf 10 10 Td[(x)-20(0 1 0 rg)]TJ ET",  # glued names and an array
    ],
)
def test_only_real_operators_paint(trick: bytes):
    content = b"q 1 0 0 rg 0 0 100 100 re f Q\n" + trick + b"\nq 0 0 1 0 k 200 200 50 50 re f Q"
    paints = _paints(content)
    fills = [(family, values) for kind, family, values in paints if kind == "fill"]
    assert fills == [("rgb", (1.0, 0.0, 0.0)), ("cmyk", (0.0, 0.0, 1.0, 0.0))]
    texts = [(family, values) for kind, family, values in paints if kind == "text"]
    assert all(values != (0.0, 1.0, 0.0) for _, values in texts)
    assert all(family == "gray" for family, _ in texts)  # the default black, never the green
    assert bool(texts) == (b"BT" in trick)
