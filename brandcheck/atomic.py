"""Write a text file so that it appears whole or not at all (a temporary beside it, renamed)."""

from __future__ import annotations

import contextlib
import hashlib
import os
import stat
from collections.abc import Iterator
from pathlib import Path
from typing import IO

NAME_MAX = 255  # bytes in a file name (ext4, XFS, and the NTFS or NFS behind a share)


def fitting_name(name: str, suffix: str, prefix: str = "") -> str:
    """``prefix + name + suffix``, or, where that is longer than a file name may be, with the
    end of ``name`` cut off for a hash of the whole name (``NAME~1a2b3c4d``): a file whose
    name is 240-255 bytes long still gets its temporary and its reports, each its own."""
    whole = f"{prefix}{name}{suffix}"
    if len(os.fsencode(whole)) <= NAME_MAX:
        return whole
    tag = "~" + hashlib.sha256(os.fsencode(name)).hexdigest()[:8]
    cut = name  # cut by characters (a byte that is not UTF-8 is one), never inside one
    while len(os.fsencode(f"{prefix}{cut}{tag}{suffix}")) > NAME_MAX:
        cut = cut[:-1]
    return f"{prefix}{cut}{tag}{suffix}"


@contextlib.contextmanager
def atomic_text(target: Path, follow_link: bool = True) -> Iterator[IO[str]]:
    """A UTF-8 text stream whose content replaces ``target`` only once it is closed without an
    error: a full disk or a crash leaves the old file (or none), never half a report that a CI
    step uploads anyway. A link to a regular file is written through (the file it names is
    replaced). Written in place, as before: a target that is not a regular file (a device,
    /dev/stdout into a pipe, /dev/fd/N, a process substitution), and a file in a folder where
    no new file can be made beside it. Without ``follow_link`` (a hot folder's outputs, which
    others may reach) a link or other non-regular file at ``target`` is replaced, never written
    through. The temporary file is never opened through a link put in its place."""
    try:
        # through links: /dev/stdout is one
        mode: int | None = (os.stat if follow_link else os.lstat)(target).st_mode
    except FileNotFoundError:
        mode = None
    if mode is not None and not stat.S_ISREG(mode) and not follow_link:
        mode = None  # replaced by the rename
    if mode is not None and not stat.S_ISREG(mode):
        with _in_place(target) as fh:
            yield fh
        return
    real = Path(os.path.realpath(target)) if follow_link else target
    part = real.with_name(fitting_name(real.name, f".{os.getpid()}.part", "."))
    flags = os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_NOFOLLOW | os.O_CLOEXEC
    try:
        fh = open(os.open(part, flags, 0o666), "w", encoding="utf-8", newline="\n")  # noqa: SIM115
    except PermissionError:
        if mode is None or not follow_link:
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
