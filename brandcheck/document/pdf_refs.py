"""Indirect references in a PDF object's text, and entries held as objects of their own."""

from __future__ import annotations

import re

import pymupdf

REFERENCE = re.compile(r"(\d+)\s+\d+\s+R")
"""An indirect reference (``12 0 R``) in an object's text as PyMuPDF gives it: its number."""


def entry(doc: pymupdf.Document, xref: int, key: str) -> tuple[str, str]:
    """An entry of ``xref``'s dictionary as PyMuPDF gives it (kind, text), an array or
    dictionary held as an object of its own read as that object (kind ``"dict"``, its text);
    a stream, or a reference to no object, stays an ``"xref"``."""
    kind, value = doc.xref_get_key(xref, key)
    if kind == "xref":
        target = int(value.split()[0])
        if 0 < target < doc.xref_length() and not doc.xref_is_stream(target):
            return "dict", doc.xref_object(target, compressed=True)
    return kind, value
