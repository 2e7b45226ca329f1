"""Expand the command line's files and folders into the list of files to check."""

from __future__ import annotations

import errno
import os
import stat
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from brandcheck.formats import sniff, special_kind

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
    """A path that could not even be listed (missing, unreadable folder, a folder's entry that
    cannot be reached) or must not be opened (a pipe or device): ``rule`` is the error outcome
    it gets in a report."""

    path: Path
    reason: str
    rule: str = "file.unreadable"


def _looks_checkable(path: Path) -> bool:
    """Inside folders: known extensions, or anything whose content we recognise; a file that
    cannot be read is taken too (its check says why), not passed over as not a document."""
    if path.suffix.lower() in KNOWN_SUFFIXES:
        return True
    try:
        return sniff(path) is not None
    except OSError:
        return True


def _walk(
    root: Path,
    problems: list[InputProblem],
    skipped: list[Path] | None = None,
    links: list[Path] | None = None,
    walked: list[Path] | None = None,
) -> Iterator[Path]:
    """The checkable files under ``root`` (each folder's files in name order, then its
    folders), hidden names left out. Each other entry is accounted for: a file that is not a
    document goes to ``skipped`` (not a file manager's own); a pipe, device or socket is a
    problem (``file.unsupported``, never opened: a pipe blocks), as is an entry that cannot be
    reached (its folder may be listed but not searched, ``chmod 644``), a folder that cannot
    be listed, and a link named like a document that leads nowhere (or round), so a folder's
    count of files says what was not checked.

    Links are followed (each real folder walked once), unless ``links`` is given: then no
    link is followed, file or folder, and each is put there instead (a hot folder). Each
    folder the walk goes into (listed or not) goes to ``walked``, as the listing names it."""
    seen: set[tuple[int, int]] = set()

    def folder_files(folder: Path) -> Iterator[Path]:
        if walked is not None:
            walked.append(folder)
        try:
            st = os.stat(folder)
            key = (st.st_dev, st.st_ino)
            if key in seen:  # a symlink loop or a second link to the same folder
                return
            seen.add(key)
            with os.scandir(folder) as it:
                names = sorted(e.name for e in it if not e.name.startswith("."))
        except OSError as exc:
            problems.append(InputProblem(folder, f"cannot list folder: {exc.strerror or exc}"))
            return
        folders: list[Path] = []
        for name in names:
            path = folder / name
            try:
                is_link = os.path.islink(path)
                if is_link and links is not None:
                    links.append(path)
                    continue
                st = os.stat(path)
            except OSError as exc:
                if not is_link:  # e.g. its folder cannot be searched
                    why = f"cannot reach it: {exc.strerror or exc}"
                    problems.append(InputProblem(path, why))
                elif path.suffix.lower() in KNOWN_SUFFIXES:  # a broken link
                    problems.append(InputProblem(path, _missing_reason(path)))
                continue
            if stat.S_ISDIR(st.st_mode):
                folders.append(path)
            elif not stat.S_ISREG(st.st_mode):
                what = f"not a regular file ({special_kind(st.st_mode)}); not opened"
                problems.append(InputProblem(path, what, "file.unsupported"))
            elif _looks_checkable(path):
                yield path
            elif skipped is not None and name.lower() not in SYSTEM_FILES:
                skipped.append(path)
        for sub in folders:
            yield from folder_files(sub)

    yield from folder_files(root)


def collect_inputs(
    paths: Iterable[Path | str],
    skipped: list[Path] | None = None,
    links: list[Path] | None = None,
    walked: list[Path] | None = None,
) -> tuple[list[Path], list[InputProblem]]:
    """Files named directly are always checked; folders are searched recursively, and the
    files in them that are not a PDF, image or SVG by name or content go to ``skipped``.
    With ``links``, links inside the folders are not followed but listed there (``_walk``);
    a path named is followed either way (the user named it). ``walked`` gets each folder
    gone into (see ``_walk``)."""
    files: list[Path] = []
    problems: list[InputProblem] = []
    seen: set[Path] = set()
    for raw in paths:
        path = Path(raw)
        try:
            is_dir = stat.S_ISDIR(os.stat(path).st_mode)
        except OSError:
            problems.append(InputProblem(path, _missing_reason(path)))
            continue
        found = list(_walk(path, problems, skipped, links, walked)) if is_dir else [path]
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
    """Why a named path is not there: missing (or there in another Unicode spelling), or a
    link that leads nowhere or round."""
    try:
        os.stat(path)
    except OSError as exc:
        if os.path.islink(path):
            return f"a link that cannot be followed: {exc.strerror or exc}"
        if exc.errno != errno.ENOENT:
            return f"cannot reach it: {exc.strerror or exc}"
    return "no such file or folder" + _other_spelling(path)


def _other_spelling(path: Path) -> str:
    """For a missing path, the first name on its way that is there spelt in the other Unicode
    normalisation (``å`` as one character, NFC, or as ``a`` and a ring, NFD, as macOS writes
    names on a share): the two look the same in a terminal and a script, but are not the same
    name. Empty when there is none."""
    parts = path.parts
    for i, part in enumerate(parts):
        if os.path.lexists(Path(*parts[: i + 1])):
            continue
        folder = Path(*parts[:i]) if i else Path(".")
        wanted = unicodedata.normalize("NFC", part)
        try:
            names = [n for n in os.listdir(folder) if unicodedata.normalize("NFC", n) == wanted]
        except OSError:
            return ""
        if not names:
            return ""
        nfd = names[0] == unicodedata.normalize("NFD", names[0])
        form = "NFD, as macOS writes" if nfd else "NFC"
        return (
            f"; {part!r} is there in {folder} spelt with other Unicode characters ({form}): "
            "name it as a listing of the folder gives it"
        )
    return ""
