"""Edits an OCR read may differ from a phrase by: only where OCR was unsure, no whole word."""

from __future__ import annotations

from collections.abc import Sequence

NEVER = 1 << 30  # an edit that is not forgiven


def forgiven_edits(
    pattern: str,
    words: Sequence[int],
    text: str,
    unsure: Sequence[bool],
    breaks: Sequence[bool],
) -> int:
    """The fewest edits (Levenshtein) that turn ``text`` into ``pattern`` when an edit counts
    only in characters of ``text`` OCR was unsure of and no word of the pattern may be missing
    whole; NEVER when there is no such way.

    ``words`` numbers the phrase word of each pattern letter; ``breaks[j]`` says a word of the
    read begins at ``text[j]``. A substituted or extra letter is judged by its own character,
    a missing one by the characters on both sides of the gap. The words of a sure read keep
    their letters: the alignment may not move a break of the read into a phrase word unless
    OCR was unsure on both sides of it (else a sure "Stockholm" followed by an unsure "stad"
    would lend the "s" of "stad" to "Stockholms").
    """
    m, n = len(pattern), len(text)
    step = [1 if u else NEVER for u in unsure]
    gap = [max(step[max(j - 1, 0)], step[min(j, n - 1)]) if n else NEVER for j in range(n + 1)]
    # moving text[j] into the middle of a phrase word: free unless a break of the read is there
    cross = [NEVER if j and breaks[j] and gap[j] >= NEVER else 0 for j in range(n)]
    inner = [i > 0 and words[i - 1] == words[i] for i in range(m)] + [False]
    # row[j] = (cost with a letter of the current word present, cost with all of it missing)
    row = [(0, NEVER)]
    for j in range(n):
        row.append((min(row[j][0] + step[j], NEVER), NEVER))
    for i in range(m):
        first, last = not inner[i], not inner[i + 1]
        new = [(NEVER, NEVER)] * (n + 1)
        for j in range(n + 1):
            present, missing = NEVER, NEVER
            if j:  # the letter read as text[j - 1] (the same or substituted), or an extra one
                same = 0 if pattern[i] == text[j - 1] else step[j - 1]
                present = min(row[j - 1]) + same + (cross[j - 1] if inner[i] else 0)
                extra = step[j - 1] + (cross[j - 1] if inner[i + 1] else 0)
                present = min(present, new[j - 1][0] + extra)
                missing = new[j - 1][1] + extra
            if first:  # a word that begins with its letter missing
                missing = min(missing, min(row[j]) + gap[j])
            else:
                present = min(present, row[j][0] + gap[j])
                missing = min(missing, row[j][1] + gap[j])
            new[j] = (min(present, NEVER), NEVER if last else min(missing, NEVER))
        row = new
    return row[n][0]
