"""One-page PDFs from hand-written content streams (pikepdf), for tests of what the walk sees."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pikepdf
from pikepdf import Dictionary, Name


def one_page(
    path: Path,
    content: str,
    size: tuple[float, float] = (595, 842),
    build: Callable[[pikepdf.Pdf, pikepdf.Dictionary], None] | None = None,
    **boxes: list[float],
) -> Path:
    """Save a one-page PDF drawing `content`, Helvetica as /F1; `build(pdf, page)` adds
    resources (see `add`) or catalog entries; `boxes` are page boxes such as TrimBox."""
    pdf = pikepdf.new()
    pdf.add_blank_page(page_size=size)
    page = pdf.pages[0].obj
    font = Dictionary(Type=Name.Font, Subtype=Name.Type1, BaseFont=Name.Helvetica)
    page.Resources = Dictionary(Font=Dictionary(F1=pdf.make_indirect(font)))
    for name, box in boxes.items():
        page[Name("/" + name)] = pikepdf.Array(box)
    if build is not None:
        build(pdf, page)
    page.Contents = pdf.make_stream(content.encode("latin-1"))
    pdf.save(path)
    return path


def add(page: pikepdf.Dictionary, category: str, name: str, obj: object) -> None:
    """Put `obj` into the page's resources as /category /name."""
    resources = page.Resources
    if Name("/" + category) not in resources:
        resources[Name("/" + category)] = Dictionary()
    resources[Name("/" + category)][Name("/" + name)] = obj


def form(pdf: pikepdf.Pdf, content: str, bbox: list[float], **entries: object) -> pikepdf.Stream:
    """An indirect Form XObject drawing `content` (more dictionary entries as keywords)."""
    stream = pdf.make_stream(content.encode("latin-1"))
    stream.Type, stream.Subtype, stream.BBox = Name.XObject, Name.Form, pikepdf.Array(bbox)
    for key, value in entries.items():
        stream[Name("/" + key)] = value
    return stream
