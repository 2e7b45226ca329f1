"""Shares mounted inside an archive: which folders are mount points, and which are not now."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from pathlib import Path

from brandcheck.batch.gone import Places, folder_is_empty
from brandcheck.batch.keys import key_path, store_key

#: why a share mounted inside the archive at earlier scans, not mounted now, was not scanned
SHARE_AWAY = (
    "a share was mounted here at earlier scans and is not now (the folder is empty): its "
    "results are kept; mount it and scan again, or give --forget-empty if it was removed"
)


def mount_points(walked: Iterable[Path], real_root: Callable[[str], str]) -> list[str]:
    """The folders a scan went into that are mount points now, as row keys."""
    found = set()
    for folder in walked:
        path = os.path.abspath(folder)
        if os.path.ismount(path):
            found.add(store_key(real_root(path)))
    return sorted(found)


def shares_away(recorded: Iterable[str], roots: list[str]) -> list[str]:
    """Of the mount points earlier scans recorded strictly inside ``roots`` (row keys), those
    that are an empty folder and no mount point now: a share that did not mount, whose
    files are not deleted. A folder emptied by deleting its files was no mount point, and
    one still mounted but emptied is one now: their results go as usual."""
    inside = Places(roots)
    away = []
    for key in sorted(recorded):
        path = key_path(key)
        if path is None or path in inside.paths or not inside.holds(path):
            continue
        if os.path.isdir(path) and not os.path.ismount(path) and folder_is_empty(path):
            away.append(path)
    return away
