"""A name that MuPDF and qpdf can open, also for file names whose bytes are not UTF-8."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from brandcheck.errors import InputError

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
