"""Rows whose files are gone: carried over to the file they moved to, forgotten, or kept."""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

from brandcheck.batch.keys import key_path
from brandcheck.batch.store import FileState, ResultStore, StoredFile
from brandcheck.pipeline import display_path, sha256_of


def is_gone(key: str) -> bool:
    """Whether nothing is at a row's path any more. Only "no such file" counts: a path that
    cannot be looked at (a folder without permission, an I/O error, a stale share) may still
    hold the file. A key whose path cannot be told (see ``keys.key_path``) is never gone."""
    path = key_path(key)
    if path is None:
        return False
    try:
        os.lstat(path)
    except (FileNotFoundError, NotADirectoryError):
        return True
    except (OSError, ValueError):
        return False
    return False


def nearest_folder(path: str) -> str | None:
    """The nearest folder above ``path`` that is still there; None when there is none."""
    folder = os.path.dirname(path)
    while folder and not os.path.isdir(folder):
        parent = os.path.dirname(folder)
        if parent == folder:
            return None
        folder = parent
    return folder or None


def folder_is_empty(folder: str) -> bool | None:
    """Whether a folder lists no entry (the mount point of a share that is not mounted);
    None when it cannot be listed."""
    try:
        with os.scandir(folder) as entries:
            return next(entries, None) is None
    except OSError:
        return None


class Places:
    """Paths (files or folders, as printed) and everything under them."""

    def __init__(self, paths: Iterable[str] = ()) -> None:
        self.paths = {p.rstrip(os.sep) or os.sep for p in paths}

    def add(self, path: str) -> None:
        self.paths.add(path.rstrip(os.sep) or os.sep)

    def holds(self, key: str) -> bool:
        return any(key == p or key.startswith(p.rstrip(os.sep) + os.sep) for p in self.paths)


def _shared_tail(a: str, b: str) -> int:
    """How many trailing path parts two paths share (the same name, the same folder name…)."""
    n = 0
    for x, y in zip(reversed(Path(a).parts), reversed(Path(b).parts), strict=False):
        if x != y:
            break
        n += 1
    return n


class Successors:
    """Rows of files that are gone, by size, to be carried over to a new path with the same
    content (a moved or renamed archive): each row is used once, so of two new files with the
    same content (a duplicate, a hardlink) only one takes it over and the other is checked.

    A candidate row has a content hash, is not a row of a file found by this scan, and its
    path is gone (``is_gone``) and not under ``kept`` (folders that could not be listed,
    roots that listed nothing: their files may well be there), nor under an empty folder (a
    share's mount point while it is not mounted). Built on first use: a scan
    that finds no new file looks at no row."""

    def __init__(
        self, stored: dict[str, StoredFile], found: set[str], kept: Places, base: FileState
    ) -> None:
        self._stored, self._found, self._kept, self._base = stored, found, kept, base
        self._sizes: set[int] | None = None
        self._by_content: dict[tuple[int, str], list[StoredFile]] = {}
        self._by_name: dict[tuple[int, str, str], list[StoredFile]] = {}
        self._used: set[str] = set()
        self._empty: dict[str, bool] = {}  # folder -> whether it is empty, looked at once

    def _index(self) -> set[int]:
        if self._sizes is None:
            self._sizes = set()
            for key, row in self._stored.items():
                if row.sha256 is None or key in self._found or self._kept.holds(key):
                    continue
                if is_gone(key) and not self._unmounted(key):
                    self._sizes.add(row.size)
                    content = (row.size, row.sha256)
                    self._by_content.setdefault(content, []).append(row)
                    named = (*content, os.path.basename(key))
                    self._by_name.setdefault(named, []).append(row)
        return self._sizes

    def _unmounted(self, key: str) -> bool:
        """Whether a gone path's nearest folder that is still there is empty: the mount point
        of a share that is not mounted now (or a folder emptied of everything). Its rows are
        another archive's, likely back once it is mounted, and are not carried over; a moved
        archive leaves its parent folder with other things in it."""
        folder = nearest_folder(key)
        if folder is None:
            return False
        if folder not in self._empty:
            self._empty[folder] = folder_is_empty(folder) is True
        return self._empty[folder]

    def take(self, path: str, key: str, size: int) -> StoredFile | None:
        """The gone row whose file this new one is, now taken; None when there is none. The
        file is hashed only when a gone row has its size. Rows of the same name come first
        (looked up, not searched: archives hold many copies of one file), then rows made
        with the current profile, options and tool version, then the one whose path ends
        most like ``key`` (so files with the same content keep their own results when a
        folder moves)."""
        if size not in self._index():
            return None
        digest = sha256_of(Path(path))
        if digest is None:
            return None
        named = self._by_name.get((size, digest, os.path.basename(key)), [])
        rows = [r for r in named if r.path not in self._used]
        if not rows:
            rows = [r for r in self._by_content.get((size, digest), []) if r.path not in self._used]
        if not rows:
            return None
        best = max(rows, key=lambda r: (not r.is_stale(self._base), _shared_tail(r.path, key)))
        self._used.add(best.path)
        return best


def forget_gone(
    store: ResultStore,
    stored: dict[str, StoredFile],
    found: set[str],
    roots: list[str],
    kept: Places,
    folders: frozenset[str] = frozenset(),
) -> int:
    """Remove the results of files under ``roots`` that are no longer there (deleted,
    renamed without a successor), so reports describe the archive as it is; return how many.
    A row stays when something is (or may be) at its path: files the listing leaves out
    (hidden ones, named directly before), rows whose key is not a path, and every row under
    ``kept`` (a folder that could not be listed, a root that listed no file). Rows in or
    under ``folders`` (row keys of the folders the scan went into: a linked folder's real
    place lies outside the roots) are judged too."""
    inside = Places(display_path(root) for root in roots)
    gone = 0
    for key in list(stored):
        if key in found or kept.holds(key):
            continue
        if not (inside.holds(key) or _in_folders(key, folders)) or not is_gone(key):
            continue
        store.forget(key)
        del stored[key]
        gone += 1
    return gone


def _in_folders(key: str, folders: frozenset[str]) -> bool:
    """Whether a row key lies in one of ``folders`` or in a folder under one."""
    folder = os.path.dirname(key)
    while folders and folder:
        if folder in folders:
            return True
        parent = os.path.dirname(folder)
        if parent == folder:
            return False
        folder = parent
    return False
