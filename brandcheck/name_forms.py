"""A path as a person reads it: a name not in Unicode NFC is marked, so two look different."""

from __future__ import annotations

import unicodedata

#: what follows a path spelt with decomposed characters (``a`` and a combining ring, as macOS
#: writes names), whose twin in composed form (``å``, NFC) may lie in the same folder
NFD_MARK = " [NFD]"
#: what follows a path that mixes the two spellings
MIXED_MARK = " [not NFC]"


def shown(path: str) -> str:
    """``path`` for a terminal, an HTML page or a spreadsheet: unchanged when it is in NFC
    (as Linux and Windows tools write names), else followed by ``[NFD]`` (or ``[not NFC]``
    when it mixes both), since ``å.pdf`` and ``å.pdf`` spelt the other way are two files that
    print alike. JSON and the other machine-read outputs keep the exact path instead."""
    if unicodedata.is_normalized("NFC", path):
        return path
    return path + (NFD_MARK if unicodedata.is_normalized("NFD", path) else MIXED_MARK)
