"""Expand the command line's files and folders into the list of files to check."""

from __future__ import annotations

import errno
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from brandcheck.formats import sniff

KNOWN_SUFFIXES = frozenset(
    [
        ".pdf",
        ".png",
        ".jpg",
        ".jpeg",
        ".jpe",
        ".tif",
        ".tiff",
        ".webp",
        ".bmp",
        ".dib",
        ".gif",
        ".svg",
        ".ai",
    ]
)


# what file managers leave in folders: never a document, so not named as a file not checked
SYSTEM_FILES = frozenset(["thumbs.db", "desktop.ini", "icon\r"])


@dataclass(frozen=True)
class InputProblem:
    """A path that could not even be listed (missing, unreadable folder)."""

    path: Path
    reason: str


def _looks_checkable(path: Path) -> bool:
    """Inside folders: known extensions, or anything whose content we recognise."""
    if path.suffix.lower() in KNOWN_SUFFIXES:
        return True
    try:
        return sniff(path) is not None
    except OSError:
        return False


def _walk(
    root: Path, problems: list[InputProblem], skipped: list[Path] | None = None
) -> Iterator[Path]:
    """The checkable files under ``root``; a link named like a document that leads nowhere
    (or round) is a problem, so a folder's count of files says it was not checked. The other
    files (not hidden, not a file manager's) go to ``skipped``."""
    seen: set[tuple[int, int]] = set()

    def onerror(err: OSError) -> None:
        problems.append(
            InputProblem(Path(err.filename or root), f"cannot list folder: {err.strerror}")
        )

    for folder, dirs, files in os.walk(root, onerror=onerror, followlinks=True):
        try:
            st = os.stat(folder)
        except OSError:
            dirs[:] = []
            continue
        key = (st.st_dev, st.st_ino)
        if key in seen:  # a symlink loop or a second link to the same folder
            dirs[:] = []
            continue
        seen.add(key)
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            if name.startswith("."):
                continue
            path = Path(folder) / name
            if path.is_file():
                if _looks_checkable(path):
                    yield path
                elif skipped is not None and name.lower() not in SYSTEM_FILES:
                    skipped.append(path)
            elif path.is_symlink() and path.suffix.lower() in KNOWN_SUFFIXES:
                problems.append(InputProblem(path, _missing_reason(path)))  # a broken link


def collect_inputs(
    paths: Iterable[Path | str], skipped: list[Path] | None = None
) -> tuple[list[Path], list[InputProblem]]:
    """Files named directly are always checked; folders are searched recursively, and the
    files in them that are not a PDF, image or SVG by name or content go to ``skipped``."""
    files: list[Path] = []
    problems: list[InputProblem] = []
    seen: set[Path] = set()
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found = list(_walk(path, problems, skipped))
        elif path.exists():
            found = [path]
        else:
            problems.append(InputProblem(path, _missing_reason(path)))
            continue
        for f in found:
            key = f.absolute()
            if key not in seen:
                seen.add(key)
                files.append(f)
    return files, problems


def same_file(a: Path, b: Path) -> bool:
    """Whether two paths name one existing file (so writing one would overwrite the other)."""
    try:
        return a.exists() and b.exists() and os.path.samefile(a, b)
    except OSError:
        return False


def _missing_reason(path: Path) -> str:
    """Why a named path is not there: missing, or a link that leads nowhere or round."""
    try:
        os.stat(path)
    except OSError as exc:
        if path.is_symlink():
            return f"a link that cannot be followed: {exc.strerror or exc}"
        if exc.errno != errno.ENOENT:
            return f"cannot reach it: {exc.strerror or exc}"
    return "no such file or folder"
