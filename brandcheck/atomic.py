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
    step uploads anyway. A link is written through (the file it names is replaced); a target
    that is not a regular file (a device such as /dev/stdout, a pipe) is written in place."""
    real = target.resolve() if target.is_symlink() else target
    try:
        mode: int | None = os.stat(real).st_mode
    except FileNotFoundError:
        mode = None
    if mode is not None and not stat.S_ISREG(mode):
        with real.open("w", encoding="utf-8", newline="\n") as fh:
            yield fh
        return
    part = real.with_name(f".{real.name}.{os.getpid()}.part")
    try:
        with part.open("w", encoding="utf-8", newline="\n") as fh:
            yield fh
        if mode is not None:
            os.chmod(part, stat.S_IMODE(mode))
        os.replace(part, real)
    finally:
        part.unlink(missing_ok=True)
