"""Whether a file looks written to its end: the end marker its format closes with is there."""

from __future__ import annotations

import re
from pathlib import Path

from brandcheck.formats import open_regular
from brandcheck.picture_data import short_data

TAIL = 1024  # a PDF's %%EOF must be within its last 1024 bytes (ISO 32000-1, 7.5.5)

# format start → the marker its last bytes hold once it is whole, and whether it must be the
# very last byte (most writers allow some trailing bytes); other formats: no marker known
_ENDS = (
    (b"%PDF-", b"%%EOF", False),  # the trailer's end; a writer still busy has not got there
    (b"\x89PNG\r\n\x1a\n", b"IEND\xaeB`\x82", False),  # the IEND chunk with its CRC
    (b"\xff\xd8\xff", b"\xff\xd9", False),  # JPEG's end of image (no FF D9 in coded data)
    (b"GIF8", b";", True),  # the GIF trailer, a byte any data can hold: only last counts
)


def looks_complete(path: Path, *, follow_links: bool = False) -> bool:
    """True when the file's format has an end marker and it is in the file's last
    ``TAIL`` bytes, or when the format has none (TIFF, SVG…; then only the settle time
    tells). False for a file cut short, or one that cannot be read now (a link, a pipe).

    A PDF's header may follow up to 1024 bytes of junk, so it is looked for there too. A PNG
    or JPEG whose pixel data end before the size its header claims (`picture_data`) is cut
    short too, though it ends with its marker: ``watch`` never passes it. A hot folder follows
    no link; ``check`` may be given a file through one (``follow_links``)."""
    try:
        with open_regular(path, follow_links=follow_links) as fh:
            head = fh.read(TAIL)
            fh.seek(0, 2)
            size = fh.tell()
            fh.seek(max(0, size - TAIL))
            tail = fh.read(TAIL)
    except OSError:
        return False
    for start, end, last in _ENDS:
        if head.startswith(start) or (start == b"%PDF-" and start in head):
            if not (tail.endswith(end) if last else end in tail):
                return False
            break
    return short_data(path) is None  # a PNG or JPEG whose pixel data end before its size


#: what only a PDF's body holds (an object, a stream, a cross-reference section, a trailer):
#: found after the last %%EOF, it is an update appended to the file and cut short; a number is
#: tried from its first digit only, possessively, so a run of digits is not tried again at every
#: digit and split (a megabyte of digits after a header took hours)
_PDF_BODY = re.compile(
    rb"(?<!\d)\d++\s++\d++\s++obj\b|\bendobj\b|\bendstream\b|\bxref\b|\btrailer\b"
)
#: a word each of those holds, looked for first: finding bytes is many times faster than the
#: pattern, and most of a PDF's blocks (a picture's data) hold none of them
_BODY_WORDS = (b"obj", b"endstream", b"xref", b"trailer")
_BLOCK = 1 << 20  # bytes read at a time, from the end back
_OVERLAP = 64  # kept from the block after, so a token across two blocks is still found


def lost_data(path: Path, *, follow_links: bool = True) -> str | None:
    """What a file the reader had to repair lost at its end, in words, or None when its bytes
    show no loss: a PDF without a %%EOF after its last object (cut short while it was written
    or copied), a PNG or JPEG whose pixel data end before its size. Junk after a whole file's
    end (NUL padding, a phone's video after a JPEG) loses nothing; nor does a file that cannot
    be read again here (the check said what it could). Unlike ``looks_complete``, the end
    marker may be anywhere: this judges a file already checked, not one still being written.
    The PDF is read from its end back in blocks (not mapped: a file cut while mapped would
    end the process with SIGBUS), stopping at its last %%EOF."""
    try:
        with open_regular(path, follow_links=follow_links) as fh:
            if fh.read(TAIL).find(b"%PDF-") >= 0:
                return _pdf_lost(fh)
    except OSError:  # gone or unreadable now
        return None
    missing = short_data(path)
    return "the file is cut short (its pixel data end before its size)" if missing else None


def _pdf_lost(fh) -> str | None:
    """The words of ``lost_data`` for an open PDF: read back from its end to its last %%EOF;
    body tokens before reaching one mean the file ends inside its objects (cut short, or an
    update appended after a whole file, cut short), which stops the reading at once."""
    end = fh.seek(0, 2)
    after = b""  # the start of the block read before (later in the file), for tokens across
    while end > 0:
        start = max(0, end - _BLOCK)
        lead = 1 if start else 0  # the byte before the block: a token's \b looks at it
        fh.seek(start - lead)
        block = fh.read(end - start + lead) + after[:_OVERLAP]
        found = block.rfind(b"%%EOF")
        begin = found + 5 if found >= 0 else lead
        if any(block.find(word, begin) >= 0 for word in _BODY_WORDS) and _PDF_BODY.search(
            block, begin
        ):
            return "the file is cut short (it ends inside its objects, with no %%EOF after them)"
        if found >= 0:
            return None
        after, end = block[lead:], start
    return "the file is cut short (no %%EOF closes it)"
