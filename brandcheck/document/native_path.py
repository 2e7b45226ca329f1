"""How MuPDF and qpdf are given a file: a name they can open (also when its bytes are not
UTF-8), and an SVG with its stylesheet written inline (`svg_styles`) and its size in
percent as resvg sizes it (`svg_page_size`)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pymupdf

from brandcheck.document.model import Limits
from brandcheck.errors import InputError
from brandcheck.svg_page_size import sized_by_view_box
from brandcheck.svg_styles import TooCostly, check_cost, for_mupdf

_FD_FOLDERS = ("/proc/self/fd", "/dev/fd")


@contextmanager
def openable(path: Path | str) -> Iterator[str]:
    """The path as a str the C libraries accept, valid inside the ``with`` block.

    Python keeps a name's non-UTF-8 bytes as lone surrogates ("\\udce9"), which PyMuPDF and
    pikepdf cannot pass on: for such a name this yields ``/proc/self/fd/N`` (or ``/dev/fd/N``)
    of a descriptor held open meanwhile; the library opens the file itself through it, so it
    may keep reading after the block. Raises InputError when the file cannot be opened or the
    system has no descriptor folder.
    """
    name = os.fspath(path)
    if _utf8(name):
        yield name
        return
    try:
        fd = os.open(name, os.O_RDONLY)
    except OSError as exc:
        raise InputError("file.unreadable", f"cannot read file: {exc.strerror or exc}") from exc
    try:
        folder = next((f for f in _FD_FOLDERS if os.path.isdir(f)), None)
        if folder is None:
            raise InputError(
                "file.unreadable", "its name is not UTF-8, which this system cannot pass on"
            )
        yield f"{folder}/{fd}"
    finally:
        os.close(fd)


def _utf8(name: str) -> bool:
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def open_vector(path: Path | str, kind: str, limits: Limits | None = None) -> pymupdf.Document:
    """``path`` opened by MuPDF as ``kind`` ("pdf" or "svg"). An SVG whose `<style>` rules
    MuPDF would ignore is given to it with them applied, one sized in percent at that share
    of its viewBox's size (``svg_page_size``), ``mupdf_svg``; the file itself is never changed.
    An SVG that would take MuPDF or the restyling unbounded time (``Limits.max_svg_elements``,
    ``Limits.max_svg_style_work``) is refused, ``file.too_large``, before either runs."""
    limits = limits or Limits()
    with openable(path) as name:
        if kind == "svg":
            with open(name, "rb") as fh:
                data = fh.read()
            try:
                check_cost(data, limits.max_svg_elements)
                given = mupdf_svg(data, limits.max_svg_style_work)
            except TooCostly as exc:
                raise InputError("file.too_large", str(exc)) from None
            if given is not data:
                return pymupdf.open(stream=given, filetype="svg")
        return pymupdf.open(name, filetype=kind)


def mupdf_svg(data: bytes, max_style_work: int | None) -> bytes:
    """The SVG ``data`` as MuPDF is given it: its stylesheet written inline, its size in
    percent as resvg's (``data`` itself when neither changes it). Raises TooCostly past
    ``max_style_work`` (``svg_styles.for_mupdf``), and when it nests its elements too deep to
    be written again (about 1,000 levels; MuPDF draws none over a few hundred)."""
    try:
        styled = for_mupdf(data, max_style_work)
        return sized_by_view_box(styled or data) or styled or data
    except RecursionError:  # the XML writer recursed: said so, not as Python's complaint
        raise TooCostly("the SVG nests its elements some 1,000 levels deep or more") from None
