"""A file's row key in the scan store (its printable path), and the path a key stands for."""

from __future__ import annotations

import hashlib
import os
import re

from brandcheck.pipeline import display_path

_HASHED = re.compile(r" \[([0-9a-f]{8})\]$")  # the suffix of names that print alike
_ESCAPE = re.compile(r"\\x([0-9a-f]{2})|\\u([0-9a-f]{4})|\\n")


def store_key(path: str) -> str:
    """The file's row key in the store: its printable path, unique per file.

    Printing is lossy for names with bytes that are not UTF-8 or with control characters
    (``häst.pdf`` and ``höst.pdf`` in Latin-1 both print as ``h\\ufffdst.pdf``), so such a
    name gets the first 8 hex digits of a hash of its bytes appended: two files never share
    a row, and a rerun finds each one's own.
    """
    shown = display_path(path)
    if shown == path:
        return shown
    return f"{shown} [{_digest(path)}]"


def key_path(key: str) -> str | None:
    """The path a row key stands for; None when it cannot be told (a printed name whose
    escapes read more than one way and none gives the key's hash). A key that merely ends
    like a hash, with no escape before it (a PDF named ``Faktura [0a1b2c3d]``, without
    extension), is its own path: a hashed key always shows an escape."""
    hashed = _HASHED.search(key)
    if hashed is None:
        return key
    shown = key[: hashed.start()]
    for undecoded in (True, False):  # \\x80-\\xff: a byte that is not UTF-8, or a C1 character
        path = _ESCAPE.sub(lambda m, u=undecoded: _unescape(m, u), shown)
        if _digest(path) == hashed[1]:
            return path
    return key if _ESCAPE.search(shown) is None else None


def _digest(path: str) -> str:
    return hashlib.sha256(os.fsencode(path)).hexdigest()[:8]


def _unescape(match: re.Match, undecoded: bool) -> str:
    """One escape of ``display_path`` read back; a byte that was not UTF-8 is the lone
    surrogate os.fsdecode gives it."""
    if match[0] == "\\n":
        return "\n"
    if match[2] is not None:
        return chr(int(match[2], 16))
    code = int(match[1], 16)
    return chr(0xDC00 + code) if undecoded and code >= 0x80 else chr(code)
