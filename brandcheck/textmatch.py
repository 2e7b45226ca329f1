"""Tolerant phrase matching for sender and message texts, in PDF text layers and OCR output.

Text and phrase are both *folded* to a skeleton of case-folded letters and digits: NFKC (so the
ligatures ﬁ/ﬂ and full-width forms become plain letters), diacritics dropped (OCR often loses the
ring of å), and every space, line break, hyphen, soft hyphen and punctuation mark removed. So case,
line breaks, hyphenation at line ends, non-breaking/thin/other Unicode spaces and ligatures never
matter, but a match must begin and end at word boundaries of the original text. OCR noise is
handled by an approximate substring search with a bounded number of edits (Levenshtein, Myers'
bit-parallel algorithm), reported back as a span of the original text; where OCR says which
characters it read surely, the edits must fall on the others and may not drop a whole word of
the phrase (``ocr_edits``). A PDF text layer is
matched exactly, except that a glyph without Unicode (U+FFFD, as MuPDF writes it) may stand for
one letter of a long phrase: a typo ("Stockholns") is not the phrase. There the words must also
stand apart: where the phrase has a space, the text must have a break (a space, a line break,
a hyphen, punctuation), so "endel" and "Stockholmsstad" are not it; a break inside a phrase
word is passed over (letter-spaced text, a word hyphenated across lines).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import compress

from brandcheck.geometry import union
from brandcheck.ocr_edits import forgiven_edits

BBox = tuple[float, float, float, float]
MAX_TRIES = 8  # approximate occurrences looked at, best first, for one standing as whole words
UNKNOWN = "\ufffd"  # a glyph without Unicode in a text layer: kept in the skeleton


@lru_cache(maxsize=4096)
def _fold_char(ch: str) -> str:
    if ch == UNKNOWN:
        return ch
    out = []
    for c in unicodedata.normalize("NFKD", unicodedata.normalize("NFKC", ch)).casefold():
        if c.isalnum() and not unicodedata.combining(c):
            out.append(c)
    return "".join(out)


def fold(text: str) -> tuple[str, tuple[int, ...]]:
    """The skeleton of `text` and, for each skeleton character, its index in `text`.

    Cached for the last few texts: a page's text is matched against several phrases.
    """
    _, skeleton, index = _folded(text)
    return skeleton, index


@lru_cache(maxsize=8)
def _folded(text: str) -> tuple[tuple[str, ...], str, tuple[int, ...]]:
    """What each character of `text` folds to, the skeleton they make and, for each skeleton
    character, its index in `text` (``fold``; ``fold_words`` starts from the first)."""
    table = {ch: _fold_char(ch) for ch in set(text)}  # a page uses a few dozen characters
    folded = tuple(table[ch] for ch in text)
    skeleton = "".join(folded)
    index = tuple(compress(range(len(text)), folded))  # characters that fold to something
    if len(index) != len(skeleton):  # some fold to several letters (the ligature ﬁ)
        index = tuple(i for i, f in enumerate(folded) for _ in f)
    return folded, skeleton, index


BREAK = " "  # in the skeleton of ``fold_words``: where the text has a break between letters
#: in a text written as the kind of each character (``_kind``): a run between letters that
#: holds a break
_BREAK_RUN = re.compile("(?<=L)N*B[BN]*(?=L)")


@lru_cache(maxsize=8)
def fold_words(text: str) -> tuple[str, tuple[int, ...]]:
    """``fold`` with one BREAK for each run of characters between letters that fold to nothing
    (spaces, line breaks, hyphens, punctuation; not marks or soft hyphens), and the index of each
    skeleton character in `text` (of a BREAK: its run's first character)."""
    kinds = text.translate({ord(ch): _kind(ch) for ch in set(text)})  # a few dozen characters
    runs = [run.start() for run in _BREAK_RUN.finditer(kinds)]
    chars, _, index = _folded(text)
    folded = list(chars)
    for at in runs:  # a run's first character folds to nothing: it stands for the run
        folded[at] = BREAK
    return "".join(folded), tuple(sorted(index + tuple(runs)))


def _kind(ch: str) -> str:
    """L for a character that folds to letters, B for one that stands between words (see
    ``_breaks``), N for neither (a mark, a soft hyphen)."""
    return "L" if _fold_char(ch) else "B" if _breaks(ch) else "N"


def _breaks(ch: str) -> bool:
    """Whether a character stands between words: not a letter, nor a mark on one, nor a format
    character (a soft hyphen shows only at a line's end, where the line break stands)."""
    return not _fold_char(ch) and not unicodedata.combining(ch) and unicodedata.category(ch) != "Cf"


@lru_cache(maxsize=64)
def _words_apart(pattern: str, phrase_words: tuple[int, ...], unknown: bool) -> re.Pattern:
    """A regular expression for the skeleton of a phrase (its letters and the number of the
    word each belongs to) in a ``fold_words`` skeleton: a BREAK between its words, and
    perhaps one between the letters of a word."""
    parts = []
    for k, ch in enumerate(pattern):
        if k:
            parts.append(BREAK if phrase_words[k] != phrase_words[k - 1] else f"{BREAK}?")
        parts.append(f"[{re.escape(ch)}{UNKNOWN}]" if unknown else re.escape(ch))
    return re.compile("".join(parts))


@lru_cache(maxsize=64)
def _phrase_words(phrase: str) -> tuple[int, ...]:
    """For each letter of the phrase's skeleton, the number of the word it belongs to."""
    _, at = fold(phrase)
    return tuple(sum(_breaks(c) for c in phrase[:i]) for i in at)


def ocr_errors(phrase: str) -> int:
    """Edits tolerated in OCR text: none below 8 letters, then one per 10 (2 for 21 letters)."""
    n = len(fold(phrase)[0])
    return 0 if n < 8 else max(1, n // 10)


def layer_errors(phrase: str) -> int:
    """Glyphs without Unicode (U+FFFD) a PDF text layer may have in place of letters of the
    phrase: one in long phrases, none in short ones."""
    return 1 if len(fold(phrase)[0]) >= 16 else 0


@dataclass(frozen=True)
class Match:
    """Where a phrase was found: [start, end) in the original text and the edits it took."""

    phrase: str
    start: int
    end: int
    errors: int


def _myers_best_end(pattern: str, text: str, k: int) -> tuple[int, int] | None:
    """The end index in `text` of the best approximate occurrence of `pattern` (≤ k edits).

    Myers (1999) bit-parallel semi-global edit distance; returns (end, distance) or None.
    """
    m = len(pattern)
    full = (1 << m) - 1
    high = 1 << (m - 1)
    peq: dict[str, int] = {}
    for i, c in enumerate(pattern):
        peq[c] = peq.get(c, 0) | (1 << i)
    pv, mv, score = full, 0, m
    best: tuple[int, int] | None = None
    for j, c in enumerate(text):
        eq = peq.get(c, 0)
        xv = eq | mv
        xh = (((eq & pv) + pv) ^ pv) | eq
        ph = mv | (~(xh | pv) & full)
        mh = pv & xh
        if ph & high:
            score += 1
        elif mh & high:
            score -= 1
        ph = (ph << 1) & full
        mh = (mh << 1) & full
        pv = mh | (~(xv | ph) & full)
        mv = ph & xv
        if score <= k and (best is None or score < best[1]):
            best = (j, score)
            if score == 0:
                break
        elif best is not None and best[0] == j - 1 and score == best[1]:
            best = (j, score)  # an equally good, longer end: take in the rest of the word
    return best


def _best_start(pattern: str, text: str, end: int, k: int) -> int:
    """Start of the occurrence ending at `end`: the window suffix closest to `pattern`."""
    lo = max(0, end + 1 - len(pattern) - k)
    window = text[lo : end + 1][::-1]
    pat = pattern[::-1]
    # prev[L] = distance(pat[:i], window[:L]); we want argmin over L of distance(pat, window[:L]).
    prev = list(range(len(window) + 1))
    for i, pc in enumerate(pat, start=1):
        cur = [i] + [0] * len(window)
        for j, wc in enumerate(window, start=1):
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (pc != wc))
        prev = cur
    best_len = min(range(len(window) + 1), key=lambda n: (prev[n], abs(n - len(pattern))))
    return end + 1 - best_len


def _may_match(pattern: str, text: str, k: int) -> bool:
    """Pigeonhole filter: k edits leave one of k+1 disjoint pieces of the pattern intact."""
    step = len(pattern) / (k + 1)
    pieces = [pattern[round(i * step) : round((i + 1) * step)] for i in range(k + 1)]
    return any(piece in text for piece in pieces)  # an empty piece: no filtering possible


def _word_letters(text: str, start: int, step: int) -> int:
    """How many letters or digits run on from ``start`` (towards ``step``) before a break."""
    n, i = 0, start
    while 0 <= i < len(text) and _fold_char(text[i]):
        n, i = n + 1, i + step
    return n


def _in_words(text: str, start: int, end: int, slack: int) -> bool:
    """Whether text[start:end] begins and ends at word boundaries, give or take ``slack``
    letters ("en del av Stockholms stad" is not in "… Stockholms Stadshus"; OCR may glue a
    stray letter to a word)."""
    return _word_letters(text, start - 1, -1) <= slack and _word_letters(text, end, 1) <= slack


def _exact(pattern: str, skeleton: str, unknown: int) -> Iterable[tuple[int, int]]:
    """Where ``pattern`` occurs in ``skeleton`` as (position, glyphs without Unicode used),
    with at most ``unknown`` U+FFFD standing for its letters."""
    if not unknown or UNKNOWN not in skeleton:
        pos = skeleton.find(pattern)
        while pos >= 0:
            yield pos, 0
            pos = skeleton.find(pattern, pos + 1)
        return
    either = re.compile("".join(f"[{re.escape(c)}{UNKNOWN}]" for c in pattern))
    hit = either.search(skeleton)
    while hit is not None:
        used = hit.group().count(UNKNOWN)
        if used <= unknown:
            yield hit.start(), used
        hit = either.search(skeleton, hit.start() + 1)


def find(
    phrase: str,
    text: str,
    max_errors: int = 0,
    whole_words: bool = True,
    unknown: int = 0,
    sure: Sequence[bool] | None = None,
    apart: bool = False,
) -> Match | None:
    """Find `phrase` in `text` ignoring case, spacing, hyphenation and ligatures, with at most
    `max_errors` edits (as OCR makes them) or `unknown` glyphs without Unicode (U+FFFD, as a
    text layer has them) in place of its letters; with `whole_words`, only where it begins
    and ends at word boundaries (a match with edits may have one stray letter beyond them).
    With `sure` (for each character of `text`, whether OCR read it surely), edits count only
    in characters read unsurely, and no word of the phrase may be missing whole. With
    `apart` (a text layer's words), the phrase's words must stand apart in the text too."""
    pattern, _ = fold(phrase)
    if not pattern:
        return None
    if apart:
        return _find_apart(phrase, text, whole_words, unknown)
    skeleton, index = fold(text)
    for pos, used in _exact(pattern, skeleton, unknown):
        start, end = index[pos], index[pos + len(pattern) - 1] + 1
        if not whole_words or _in_words(text, start, end, 0):
            return Match(phrase, start, end, used)
    if max_errors <= 0 or not skeleton or not _may_match(pattern, skeleton, max_errors):
        return None
    for _ in range(MAX_TRIES):  # the best occurrence, or the next where it is inside words
        hit = _myers_best_end(pattern, skeleton, max_errors)
        if hit is None:
            return None
        end, errors = hit
        start = min(_best_start(pattern, skeleton, end, max_errors), end)
        if sure is not None:
            errors = _unsure_edits(phrase, text, sure, (skeleton, index), (start, end))
        found = Match(phrase, index[start], index[end] + 1, errors)
        # an occurrence without edits was judged above: the word it ends in runs on
        words_ok = not whole_words or _in_words(text, found.start, found.end, min(errors, 1))
        if errors <= max_errors and words_ok:
            return found
        # blank that occurrence out (the skeleton keeps its length, so the index still fits)
        skeleton = skeleton[:start] + "\0" * (end + 1 - start) + skeleton[end + 1 :]
    return None


def _find_apart(phrase: str, text: str, whole_words: bool, unknown: int) -> Match | None:
    """``find`` without edits where the phrase's words stand apart in the text."""
    skeleton, index = fold_words(text)
    either = _words_apart(fold(phrase)[0], _phrase_words(phrase), unknown > 0)
    hit = either.search(skeleton)
    while hit is not None:
        used = hit.group().count(UNKNOWN)
        start, end = index[hit.start()], index[hit.end() - 1] + 1
        if used <= unknown and (not whole_words or _in_words(text, start, end, 0)):
            return Match(phrase, start, end, used)
        hit = either.search(skeleton, hit.start() + 1)
    return None


def _unsure_edits(
    phrase: str,
    text: str,
    sure: Sequence[bool],
    folded: tuple[str, tuple[int, ...]],
    span: tuple[int, int],
) -> int:
    """The edits the occurrence at skeleton positions ``span`` (first, last) takes when only
    characters not read surely may differ (see ``ocr_edits``)."""
    skeleton, index = folded
    first, last = span
    at = index[first : last + 1]
    breaks = [j > 0 and any(c.isspace() for c in text[at[j - 1] : at[j]]) for j in range(len(at))]
    window = skeleton[first : last + 1]
    pattern, words = fold(phrase)[0], _phrase_words(phrase)
    return forgiven_edits(pattern, words, window, [not sure[i] for i in at], breaks)


def find_any(
    phrases: Iterable[str], text: str, *, ocr: bool = False, sure: Sequence[bool] | None = None
) -> Match | None:
    """The first of `phrases` found in `text`, with the tolerance that fits its source (for
    OCR text, `sure` says which characters were read surely: see ``find``)."""
    for phrase in phrases:
        if ocr:
            hit = find(phrase, text, ocr_errors(phrase), sure=sure)
        else:
            hit = find(phrase, text, unknown=layer_errors(phrase), apart=True)
        if hit is not None:
            return hit
    return None


@dataclass
class TextIndex:
    """Page text built from pieces with boxes, so a match can be mapped back to the page;
    ``sure`` says for each character whether OCR read it surely (None: not from OCR)."""

    text: str
    starts: list[int]
    boxes: list[BBox]
    tags: list[object] = field(default_factory=list)
    sure: tuple[bool, ...] | None = None

    @classmethod
    def build(cls, lines: Sequence[Sequence[tuple]]) -> TextIndex:
        """Pieces (text, bbox) or (text, bbox, tag) per line; pieces are joined as-is, lines
        with a line break. A tag (what the piece came from) is None where not given."""
        parts: list[str] = []
        starts: list[int] = []
        boxes: list[BBox] = []
        tags: list[object] = []
        pos = 0
        for line in lines:
            for text, box, *tag in line:
                starts.append(pos)
                boxes.append(box)
                tags.append(tag[0] if tag else None)
                parts.append(text)
                pos += len(text)
            parts.append("\n")
            pos += 1
        return cls("".join(parts), starts, boxes, tags)

    def pieces(self, match: Match) -> list[int]:
        """The indices of the pieces the match touches."""
        return [
            i
            for i, start in enumerate(self.starts)
            if start < match.end and self._end(i) > match.start
        ]

    def bbox(self, match: Match) -> BBox | None:
        """The union of the boxes of the pieces the match touches."""
        return union(self.boxes[i] for i in self.pieces(match))

    def without(self, pieces: Iterable[int]) -> TextIndex:
        """The index with these pieces' text blanked out by digits: no phrase reads across."""
        text = list(self.text)
        for i in pieces:
            text[self.starts[i] : self._end(i)] = "0" * (self._end(i) - self.starts[i])
        return TextIndex("".join(text), self.starts, self.boxes, self.tags, self.sure)

    def read_surely(self, pieces: Sequence[bool]) -> TextIndex:
        """The index with each piece's characters marked as read surely by OCR or not."""
        sure = [False] * len(self.text)
        for i, flag in enumerate(pieces):
            sure[self.starts[i] : self._end(i)] = [flag] * (self._end(i) - self.starts[i])
        return TextIndex(self.text, self.starts, self.boxes, self.tags, tuple(sure))

    def _end(self, i: int) -> int:
        return self.starts[i + 1] if i + 1 < len(self.starts) else len(self.text)
