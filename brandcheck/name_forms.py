"""Paths as a person reads them: a name is marked only where another in the report looks alike."""

from __future__ import annotations

import unicodedata
from collections import defaultdict
from collections.abc import Iterable

#: what follows a path spelt with decomposed characters (``a`` and a combining ring, as macOS
#: writes names) when a path spelt another way that looks the same is in the report too
NFD_MARK = " [NFD]"
#: what follows such a path that mixes the two spellings
MIXED_MARK = " [not NFC]"
#: what each mark means, for a report's notes (a designer meets "[NFD]" with no word on it)
_LEGEND = {
    NFD_MARK: (
        "[NFD] after a name: its letters with accents (å, ä, ö) are stored as a letter and a "
        "separate accent, as a Mac writes names; a file whose name looks the same without the "
        "mark is another file."
    ),
    MIXED_MARK: (
        "[not NFC] after a name: some of its letters with accents (å, ä, ö) are stored as a "
        "letter and a separate accent, as a Mac writes names, others as one character; a file "
        "whose name looks the same without the mark is another file."
    ),
}


class NameForms:
    """The paths of one report (a run's files, a scan report's rows). A path prints as it is,
    unless another path of the report is the same once both are in Unicode NFC (``å.pdf``
    typed on Linux beside ``å.pdf`` copied from a Mac): then the one not in NFC is followed by
    ``[NFD]`` (``[not NFC]`` when it mixes both), so the two no longer print alike. A Mac-copied
    archive, every accented name in NFD, prints with no mark at all. JSON and the other
    machine-read outputs keep the exact path instead."""

    def __init__(self, paths: Iterable[str]) -> None:
        spellings: dict[str, set[str]] = defaultdict(set)
        for path in paths:
            spellings[unicodedata.normalize("NFC", path)].add(path)
        self._twins = {p for forms in spellings.values() if len(forms) > 1 for p in forms}

    def shown(self, path: str, text: str | None = None) -> str:
        """``text`` (default ``path``, e.g. a shorter name for it) with the mark ``path`` needs."""
        text = path if text is None else text
        if path not in self._twins or unicodedata.is_normalized("NFC", path):
            return text
        return text + (NFD_MARK if unicodedata.is_normalized("NFD", path) else MIXED_MARK)

    def legend(self) -> list[str]:
        """A note for each mark :meth:`shown` puts after one of the report's paths, saying
        what it means; none when no path is marked."""
        marks = {self.shown(path, "") for path in self._twins}
        return [note for mark, note in _LEGEND.items() if mark in marks]
