"""Write a text file so that it appears whole or not at all (a temporary beside it, renamed)."""

from __future__ import annotations

import contextlib
import os
import stat
from collections.abc import Iterator
from pathlib import Path
from typing import IO


@contextlib.contextmanager
def atomic_text(target: Path) -> Iterator[IO[str]]:
    """A UTF-8 text stream whose content replaces ``target`` only once it is closed without an
    error: a full disk or a crash leaves the old file (or none), never half a report that a CI
    step uploads anyway. A link to a regular file is written through (the file it names is
    replaced). Written in place, as before: a target that is not a regular file (a device,
    /dev/stdout into a pipe, /dev/fd/N, a process substitution), and a file in a folder where
    no new file can be made beside it."""
    try:
        mode: int | None = os.stat(target).st_mode  # through links: /dev/stdout is one
    except FileNotFoundError:
        mode = None
    if mode is not None and not stat.S_ISREG(mode):
        with _in_place(target) as fh:
            yield fh
        return
    real = Path(os.path.realpath(target))
    part = real.with_name(f".{real.name}.{os.getpid()}.part")
    try:
        fh = part.open("w", encoding="utf-8", newline="\n")
    except PermissionError:
        if mode is None:
            raise  # nothing there to write in place either
        with _in_place(target) as fh:
            yield fh
        return
    try:
        with fh:
            yield fh
        if mode is not None:
            os.chmod(part, stat.S_IMODE(mode))
        os.replace(part, real)
    finally:
        part.unlink(missing_ok=True)


def _in_place(target: Path) -> IO[str]:
    return open(target, "w", encoding="utf-8", newline="\n")
