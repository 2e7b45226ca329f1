"""Triage: recognise a file's format from its first bytes, never from its extension."""

from __future__ import annotations

import errno
import os
import re
import stat
from pathlib import Path
from typing import BinaryIO, Literal

from brandcheck.errors import InputError

Kind = Literal["pdf", "image", "svg"]

_IMAGE_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", "png"),
    (b"\xff\xd8\xff", "jpeg"),
    (b"GIF87a", "gif"),
    (b"GIF89a", "gif"),
    (b"II*\x00", "tiff"),
    (b"MM\x00*", "tiff"),
    (b"II+\x00", "tiff"),
    (b"MM\x00+", "tiff"),
)
#: a PDF header in the first 1024 bytes (where readers look for it): "%PDF-" and a digit, or
#: "%PDF-" starting a line; not just those five characters anywhere in a text
_PDF_HEADER = re.compile(rb"%PDF-\d|(?:^|[\r\n])%PDF-")

HEAD_BYTES = 4096
#: how far into a file an SVG's root element is looked for, past its prolog (comments, a
#: DOCTYPE with an internal subset, processing instructions): more than the first read only
#: for a file whose prolog is still going on there
SVG_PROLOG_BYTES = 1 << 20
SVG_NS = "http://www.w3.org/2000/svg"

_MORE = object()  # the head ends inside an XML prolog: read on before deciding


def sniff_bytes(head: bytes) -> tuple[Kind, str] | None:
    """Return (kind, format) for the first bytes of a file, or None if unsupported."""
    found = _sniff(head)
    return None if found is _MORE else found  # type: ignore[return-value]


def _sniff(head: bytes) -> tuple[Kind, str] | object | None:
    if _PDF_HEADER.search(head[:1024]):
        return "pdf", "pdf"
    if len(head) >= 12 and head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "image", "webp"
    for magic, fmt in _IMAGE_MAGIC:
        if head.startswith(magic):
            return "image", fmt
    if head.startswith(b"BM") and head[6:10] == b"\0\0\0\0":
        # a BMP's reserved bytes are zero; "BM" alone also starts texts ("BM,10,20", "BMW")
        return "image", "bmp"
    root = svg_root(head)
    if root is None:
        return _MORE
    return ("svg", "svg") if root else None


def sniff(path: Path) -> tuple[Kind, str] | None:
    """Read the head of `path` and recognise its format by content (an XML prolog is read to
    its end, up to ``SVG_PROLOG_BYTES``). A FIFO or device is refused (OSError), never read:
    it would block."""
    with open_regular(path) as fh:
        head = fh.read(HEAD_BYTES)
        found = _sniff(head)
        while found is _MORE and len(head) < SVG_PROLOG_BYTES:
            more = fh.read(min(len(head), SVG_PROLOG_BYTES - len(head)))
            if not more:
                break
            head += more
            found = _sniff(head)
    return None if found is _MORE else found  # type: ignore[return-value]


def open_regular(path: Path | str, follow_links: bool = True) -> BinaryIO:
    """Open ``path`` for reading without blocking on a FIFO (``O_NONBLOCK``), and without
    following a final symbolic link unless ``follow_links``; OSError unless it is a regular
    file (a pipe or device swapped in after a ``stat`` is refused, not read)."""
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)
    if not follow_links:
        flags |= getattr(os, "O_NOFOLLOW", 0)
    fd = os.open(path, flags)
    try:
        mode = os.fstat(fd).st_mode
        if not stat.S_ISREG(mode):
            raise OSError(errno.EINVAL, f"not a regular file ({special_kind(mode)})", str(path))
        return os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise


def special_kind(mode: int) -> str:
    """What a file that is not a regular file is, in words."""
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a pipe"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    return "not a file"


# -- SVG: the root element after the XML prolog ------------------------------------------------

_BOMS = (
    (b"\xef\xbb\xbf", "utf-8"),
    (b"\xff\xfe", "utf-16-le"),
    (b"\xfe\xff", "utf-16-be"),
)
_NAME = re.compile(r"<([A-Za-z_][\w.\-]*)(?::([A-Za-z_][\w.\-]*))?(?=[\s/>])")
_ATTR = re.compile(r"([A-Za-z_][\w.:\-]*)\s*=\s*(\"[^\"]*\"|'[^']*')")
_ENTITY = re.compile(r"<!ENTITY\s+([A-Za-z_][\w.\-]*)\s+(\"[^\"]*\"|'[^']*')")


def _decoded(head: bytes) -> str:
    """The head as text: UTF-16 by its byte-order mark (XML requires one there; MuPDF reads
    no UTF-16 without it), else Latin-1 (markup is ASCII, and Latin-1 decodes any byte)."""
    for bom, codec in _BOMS:
        if head.startswith(bom):
            body = head[len(bom) :]
            if codec == "utf-8":
                return body.decode("latin-1")
            return body[: len(body) // 2 * 2].decode(codec, "replace")
    return head.decode("latin-1")


def _doctype_end(text: str, start: int) -> int:
    """The index after the ``>`` closing the DOCTYPE at ``start`` (its internal subset, quoted
    strings and comments inside it skipped), or -1 when the text ends first."""
    i, depth, n = start + 9, 0, len(text)
    while i < n:
        c = text[i]
        if c in "\"'":
            i = text.find(c, i + 1)
            if i < 0:
                return -1
        elif text.startswith("<!--", i):
            i = text.find("-->", i + 4)
            if i < 0:
                return -1
            i += 2
        elif c == "[":
            depth += 1
        elif c == "]":
            depth -= 1
        elif c == ">" and depth <= 0:
            return i + 1
        i += 1
    return -1


def _tag_end(text: str, start: int) -> int:
    """The index of the ``>`` ending the start tag at ``start`` (quoted values skipped)."""
    i = start
    while i < len(text):
        c = text[i]
        if c in "\"'":
            i = text.find(c, i + 1)
            if i < 0:
                return -1
        elif c == ">":
            return i
        i += 1
    return -1


def svg_root(head: bytes) -> bool | None:
    """Whether the file whose first bytes are ``head`` is an SVG: its root element, after the
    XML prolog (declaration, comments, processing instructions, a DOCTYPE with or without an
    internal subset, in UTF-8 or UTF-16), is ``svg`` in the SVG namespace (or in none).
    None when ``head`` ends before the root element's start tag does (read more)."""
    text = _decoded(head)
    i, n = 0, len(text)
    entities: dict[str, str] = {}
    while True:
        while i < n and text[i] in " \t\r\n":
            i += 1
        if i >= n:
            return None if text.lstrip().startswith("<") else False
        if text.startswith("<?", i):
            end = text.find("?>", i + 2)
            if end < 0:
                return None
            i = end + 2
        elif text.startswith("<!--", i):
            end = text.find("-->", i + 4)
            if end < 0:
                return None
            i = end + 3
        elif text[i : i + 9].upper() == "<!DOCTYPE":
            end = _doctype_end(text, i)
            if end < 0:
                return None
            for name, value in _ENTITY.findall(text, i, end):
                entities.setdefault(name, value[1:-1])
            i = end
        elif text.startswith("<", i):
            break
        else:
            return False  # text before any element: not XML
    tag = _NAME.match(text, i)
    if tag is None:
        return False if n - i > 256 else None
    prefix, local = (tag[1], tag[2]) if tag[2] else (None, tag[1])
    if local != "svg":
        return False
    end = _tag_end(text, tag.end())
    if end < 0:
        return None
    attrs = {name: value[1:-1] for name, value in _ATTR.findall(text, tag.end(), end)}
    ns = attrs.get(f"xmlns:{prefix}" if prefix else "xmlns")
    if ns is not None and ns.startswith("&") and ns.endswith(";"):
        ns = entities.get(ns[1:-1], SVG_NS)  # Illustrator: xmlns="&ns_svg;" from the DOCTYPE
    if prefix:
        return ns == SVG_NS
    return ns is None or ns == SVG_NS


def regular_file(path: Path) -> os.stat_result:
    """stat `path`; raise InputError unless it is a regular file (a FIFO or device would block)."""
    try:
        st = os.stat(path)
    except OSError as exc:
        raise InputError("file.unreadable", f"cannot read file: {exc.strerror or exc}") from exc
    if not stat.S_ISREG(st.st_mode):
        what = special_kind(st.st_mode)
        raise InputError("file.unsupported", f"not a regular file ({what}); not opened")
    return st
