"""A PDF content stream split into its operand and operator tokens, fast in C where it can be."""

from __future__ import annotations

import re
from decimal import Decimal

import pikepdf

#: The operators the walk in `pdf_colours` interprets; pikepdf drops all others (and their
#: operands) in C++.
_OPERATORS = (
    "q Q cm g G rg RG k K cs CS sc scn SC SCN m l c v y re f F f* B B* b b* S s n "
    "BT Tm Td TD TL T* ' \" Tr Tz Tj TJ Do BI ID EI gs sh W W* BMC BDC EMC"
)

_STRING = rb"\((?:[^\\()]++|\\.|\((?:[^\\()]++|\\.|\((?:[^\\()]++|\\.)*+\))*+\))*+\)"
_HEX = rb"<[0-9A-Fa-f\s\x00]*+>"
_ARRAY = rb"\[(?:[^\[\]()<>{}]++|" + _STRING + rb"|" + _HEX + rb")*+\]"
#: Operands whose insides never matter here (strings, flat arrays such as TJ's, dictionaries'
#: brackets); each becomes one opaque operand token, "?".
_OPAQUE = re.compile(_STRING + rb"|" + _ARRAY + rb"|<<|>>|" + _HEX, re.S)
#: What is left over after that when the stream has something this lexer does not follow
#: (strings nested more than three deep, nested arrays, stray delimiters).
_STRAY = re.compile(rb"[()<>\[\]{}]")
#: Inline images carry binary data: such streams go through pikepdf's parser.
_INLINE_IMAGE = frozenset([b"BI", b"ID", b"EI"])
#: The first bytes of an operand token (a number, a /Name, "?"); any other token is an operator.
OPERAND_FIRST = frozenset(b"+-.0123456789/?")
Tokens = tuple[list[bytes], list[object]]
"""Operand and operator tokens in stream order, and the inline images (pikepdf objects) that
the b"BI" tokens stand for. Operands are numbers, /Names or "?" (anything else)."""


def _stream_bytes(stream: object) -> bytes | None:
    """The decoded bytes of a page's content (all its streams) or of a form XObject."""
    try:
        if isinstance(stream, pikepdf.Page):
            contents = stream.obj.get("/Contents")
            if contents is None:
                return b""
            if isinstance(contents, pikepdf.Array):
                return b"\n".join(
                    bytes(c.read_bytes()) for c in contents if isinstance(c, pikepdf.Stream)
                )
            return bytes(contents.read_bytes())
        return bytes(stream.read_bytes())  # type: ignore[attr-defined]
    except (pikepdf.PdfError, AttributeError, TypeError, ValueError):
        return None


def _pikepdf_tokens(stream: object) -> Tokens | None:
    """The same tokens from pikepdf's parser (the slower, complete path); None if unreadable."""
    try:
        instructions = pikepdf.parse_content_stream(stream, _OPERATORS)
    except (pikepdf.PdfError, TypeError, ValueError):
        return None
    tokens: list[bytes] = []
    images: list[object] = []
    for ins in instructions:
        if isinstance(ins, pikepdf.ContentStreamInlineImage):
            images.append(ins)
            tokens.append(b"BI")
            continue
        for a in ins.operands:
            if isinstance(a, int | float | Decimal) and not isinstance(a, bool):
                tokens.append(str(a).encode())
            elif isinstance(a, pikepdf.Name):
                tokens.append(str(a).encode("utf-8", "surrogateescape"))
            else:
                tokens.append(b"?")
        tokens.append(str(ins.operator).encode("latin-1"))
    return tokens, images


def content_tokens(stream: object) -> Tokens | None:
    """Operands and operators of a content stream, split in C (a regex and `bytes.split`).

    Strings and arrays become one opaque operand each, a name gets a space in front so glued
    names split, and the rest is split on whitespace. Streams that this does not follow exactly
    (comments, name escapes, NUL separators, inline images, strings nested more than three
    deep, nested arrays) go through pikepdf's parser instead, so the result is the same. None
    when pikepdf cannot parse the stream either.
    """
    data = _stream_bytes(stream)
    if data is None or b"#" in data or b"%" in data or b"\x00" in data:
        return _pikepdf_tokens(stream)
    flat = _OPAQUE.sub(b" ? ", data)
    if _STRAY.search(flat):
        return _pikepdf_tokens(stream)
    tokens = flat.replace(b"/", b" /").split()
    if not _INLINE_IMAGE.isdisjoint(tokens):
        return _pikepdf_tokens(stream)
    return tokens, []
