"""PDF functions of one input (sampled, exponential, stitching, calculator) evaluated, and their
colour stops.

Tint transforms of spot colours and the colour functions of gradients (shadings) are PDF
functions (ISO 32000-1, 7.10). This module evaluates the four kinds, a PostScript calculator
function (type 4, as Scribus, ReportLab and Ghostscript write tint transforms) through MuPDF
(`pdf_calculator`); what it cannot evaluate (None) is not judged rather than judged wrong.
"""

from __future__ import annotations

import numpy as np
import pikepdf

from brandcheck import pdf_calculator

MAX_STOPS = 16  # the most stops read from one function
_MAX_DEPTH = 4  # stitching functions nested deeper are not followed
_EDGE = 1e-6  # how far either side of a stitching bound its two pieces are evaluated
_SAME = 1e-4  # outputs closer than this are one colour (either side of a continuous bound)
_MIDPOINT = 0.01  # a stop this close to the average of its neighbours is a moved midpoint
_MAX_CANDIDATES = 4 * MAX_STOPS  # places looked at along one function (a noisy one has more)
_CALCULATOR_SAMPLES = 65  # where a calculator function is evaluated to find its turns
#: What a malformed function raises while it is read: it is then not evaluated (None).
BROKEN = (TypeError, ValueError, IndexError, KeyError, AttributeError, ZeroDivisionError)
BROKEN += (OverflowError, pikepdf.PdfError)

#: Sampled functions' tables by stream, read once while one function's stops are worked out.
Tables = dict[tuple[int, int], "np.ndarray | None"]


def _floats(obj: object, default: list[float]) -> list[float]:
    if obj is None:
        return default
    return [float(v) for v in obj]  # type: ignore[union-attr]


def _pair(obj: object, default: tuple[float, float]) -> tuple[float, float]:
    """The first two numbers of a PDF array, or ``default`` when it has fewer."""
    values = _floats(obj, [])
    return (values[0], values[1]) if len(values) >= 2 else default


def _domain(fn: object) -> tuple[float, float]:
    lo, hi = _pair(fn.get("/Domain"), (0.0, 1.0))  # type: ignore[union-attr]
    return (lo, hi) if lo <= hi else (hi, lo)


def _map(x: float, a0: float, a1: float, b0: float, b1: float) -> float:
    """x from [a0, a1] linearly onto [b0, b1] (PDF's Interpolate)."""
    return b0 if a1 == a0 else b0 + (x - a0) * (b1 - b0) / (a1 - a0)


def _samples(fn: pikepdf.Stream, tables: Tables | None = None) -> np.ndarray | None:
    """A one-input sampled function's table, one row per sample, in 0..1 of each output."""
    key = fn.objgen
    if tables is not None and key in tables:
        return tables[key]
    outputs = len(_floats(fn.get("/Range"), [])) // 2
    size = _floats(fn.get("/Size"), [])
    bits = int(fn.get("/BitsPerSample", 8))
    table = None
    if len(size) == 1 and size[0] >= 1 and bits in (8, 16) and outputs >= 1:
        count = int(size[0])
        dtype = np.uint8 if bits == 8 else np.dtype(">u2")
        data = np.frombuffer(bytes(fn.read_bytes()), dtype=dtype)
        if data.size >= count * outputs:
            rows = data[: count * outputs].reshape(count, outputs)
            table = rows.astype(np.float64) / (2**bits - 1)
    if tables is not None:
        tables[key] = table
    return table


def evaluate(
    fn: object, t: float, depth: int = 0, tables: Tables | None = None
) -> list[float] | None:
    """The outputs of a one-input PDF function (or an array of them, one per output) at ``t``.

    None for what is not evaluated here: a sampled function with more than one input or an
    unusual sample size, a calculator function MuPDF does not run (see `pdf_calculator`), a
    malformed dictionary. ``tables`` keeps sampled functions' tables between calls.
    """
    if depth > _MAX_DEPTH:
        return None
    try:
        if isinstance(fn, pikepdf.Array):
            parts = [evaluate(f, t, depth + 1, tables) for f in fn]
            if not parts or any(p is None for p in parts):
                return None
            return [v for p in parts for v in p]  # type: ignore[union-attr]
        if not isinstance(fn, pikepdf.Dictionary | pikepdf.Stream):
            return None
        lo, hi = _domain(fn)
        t = min(max(t, lo), hi)
        kind = int(fn.get("/FunctionType", -1))
        if kind == 2:
            c0 = _floats(fn.get("/C0"), [0.0])
            c1 = _floats(fn.get("/C1"), [1.0])
            x = t ** float(fn.get("/N", 1.0))
            return [a + x * (b - a) for a, b in zip(c0, c1, strict=False)]
        if kind == 3:
            piece, x = _piece(fn, t, lo, hi)
            return None if piece is None else evaluate(piece, x, depth + 1, tables)
        if kind == 0 and isinstance(fn, pikepdf.Stream):
            return _sampled(fn, t, lo, hi, tables)
        if kind == 4 and isinstance(fn, pikepdf.Stream):
            return pdf_calculator.evaluate(fn, [t])
    except BROKEN:
        return None
    return None


def _pieces(fn: object, lo: float, hi: float) -> list[tuple[object, float, float, float, float]]:
    """A stitching function's pieces: (function, bound from, bound to, encode from, to)."""
    pieces = list(fn.get("/Functions", []))  # type: ignore[union-attr]
    bounds = [lo, *_floats(fn.get("/Bounds"), []), hi]  # type: ignore[union-attr]
    encode = _floats(fn.get("/Encode"), [0.0, 1.0] * len(pieces))  # type: ignore[union-attr]
    if not pieces or len(bounds) != len(pieces) + 1 or len(encode) < 2 * len(pieces):
        return []
    return [
        (p, bounds[i], bounds[i + 1], encode[2 * i], encode[2 * i + 1])
        for i, p in enumerate(pieces)
    ]


def _piece(fn: object, t: float, lo: float, hi: float) -> tuple[object | None, float]:
    """The piece of a stitching function that ``t`` falls in, and ``t`` encoded for it."""
    pieces = _pieces(fn, lo, hi)
    if not pieces:
        return None, t
    piece, b0, b1, e0, e1 = next((p for p in pieces if t < p[2]), pieces[-1])
    return piece, _map(t, b0, b1, e0, e1)


def _sampled(
    fn: pikepdf.Stream, t: float, lo: float, hi: float, tables: Tables | None
) -> list[float] | None:
    table = _samples(fn, tables)
    if table is None:
        return None
    ranges = _floats(fn.get("/Range"), [])
    last = table.shape[0] - 1
    e0, e1 = _pair(fn.get("/Encode"), (0.0, float(last)))
    e = min(max(_map(t, lo, hi, e0, e1), 0.0), float(last))
    i = min(int(e), max(last - 1, 0))
    w = e - i
    row = table[i] if last == 0 else table[i] * (1 - w) + table[i + 1] * w
    decode = _floats(fn.get("/Decode"), ranges)
    out = []
    for j, v in enumerate(row):
        d0, d1 = decode[2 * j], decode[2 * j + 1]
        r0, r1 = ranges[2 * j], ranges[2 * j + 1]
        out.append(min(max(d0 + float(v) * (d1 - d0), min(r0, r1)), max(r0, r1)))
    return out


def _turns(table: np.ndarray) -> list[int]:
    """Sample indices where the outputs stop rising and start falling, or the reverse: the
    stops of a multi-stop gradient written out as samples.

    Each output turns on a plateau of equal samples (rounding flattens a slow rise early);
    plateaus of different outputs that overlap are one stop, at the first sample they share.
    """
    plateaus: list[tuple[int, int]] = []
    for column in table.T:
        step = np.diff(column)
        moves = np.flatnonzero(step)  # a move from sample i to i + 1
        rising = step[moves] > 0
        for k in np.flatnonzero(rising[1:] != rising[:-1]):
            plateaus.append((int(moves[k]) + 1, int(moves[k + 1])))
    found: list[int] = []
    shared: tuple[int, int] | None = None
    for start, end in sorted(plateaus):
        if shared is not None and start <= shared[1]:
            shared = (start, min(shared[1], end))
        else:
            if shared is not None:
                found.append(shared[0])
            shared = (start, end)
    if shared is not None:
        found.append(shared[0])
    return found


def _positions(fn: object, lo: float, hi: float, tables: Tables, depth: int = 0) -> set[float]:
    """Where a function's stops may be, in its input: its domain's ends, either side of each
    stitching bound (and the stops of each piece, mapped back), and where a sampled function
    turns (the samples in between are the mixtures a gradient runs through)."""
    found = {lo, hi}
    if depth > _MAX_DEPTH:
        return found
    for part in fn if isinstance(fn, pikepdf.Array) else [fn]:
        if not isinstance(part, pikepdf.Dictionary | pikepdf.Stream):
            continue
        kind = int(part.get("/FunctionType", -1))
        if kind == 3:
            for piece, b0, b1, e0, e1 in _pieces(part, lo, hi):
                found.update(b + d for b in (b0, b1) if lo < b < hi for d in (-_EDGE, _EDGE))
                inner = _positions(piece, min(e0, e1), max(e0, e1), tables, depth + 1)
                found.update(_map(x, e0, e1, b0, b1) for x in inner)
        elif kind == 0 and isinstance(part, pikepdf.Stream):
            table = _samples(part, tables)
            if table is not None:
                e0, e1 = _pair(part.get("/Encode"), (0.0, float(table.shape[0] - 1)))
                found.update(_map(float(i), e0, e1, lo, hi) for i in _turns(table))
        elif kind == 4 and isinstance(part, pikepdf.Stream):
            found.update(_calculator_turns(part, lo, hi))
    return {p for p in found if lo <= p <= hi}


def _calculator_turns(fn: pikepdf.Stream, lo: float, hi: float) -> list[float]:
    """Where a calculator function's outputs turn over [lo, hi], evaluated at evenly spaced
    places as if it were a sampled function (a program's turns cannot be read off it)."""
    run = pdf_calculator.calculator(fn)
    if run is None:
        return []
    places = np.linspace(lo, hi, _CALCULATOR_SAMPLES)
    rows = [run([float(t)]) for t in places]
    if any(row is None for row in rows):
        return []
    return [float(places[i]) for i in _turns(np.array(rows, dtype=np.float64))]


def _same(a: list[float], b: list[float]) -> bool:
    return all(abs(x - y) < _SAME for x, y in zip(a, b, strict=False))


def _chosen(before: list[float], here: list[float], after: list[float]) -> bool:
    """Whether an inner stop is a colour of its own: some output turns there (rises into it
    and falls after it, or the reverse), or it is not the even mixture of its neighbours that
    a gradient's moved midpoint is written as."""
    if any((h - b) * (a - h) < 0 for b, h, a in zip(before, here, after, strict=False)):
        return True
    return any(
        abs(h - (b + a) / 2) > _MIDPOINT for b, h, a in zip(before, here, after, strict=False)
    )


def _thinned(positions: list[float]) -> list[float]:
    """At most _MAX_CANDIDATES positions, the ends kept and the rest evenly chosen."""
    if len(positions) <= _MAX_CANDIDATES:
        return positions
    keep = np.linspace(0, len(positions) - 1, _MAX_CANDIDATES).round().astype(int)
    return [positions[i] for i in sorted(set(keep.tolist()))]


def stops(fn: object, domain: tuple[float, float] | None = None) -> list[list[float]] | None:
    """The distinct outputs of a one-input function at its stops, in input order (at most
    MAX_STOPS), over ``domain`` (the function's own by default); None if it is not evaluated.

    These are the colours a gradient is made of: its two ends, and the stops between them,
    except a stop that is just the even mixture of its neighbours (a moved midpoint, which
    tools write as a stitching bound or as samples): a mixture, not a chosen colour.
    """
    tables: Tables = {}
    try:
        first = fn[0] if isinstance(fn, pikepdf.Array) and len(fn) else fn  # type: ignore[index]
        lo, hi = domain or _domain(first)
        positions = _thinned(sorted(_positions(fn, lo, hi, tables)))
    except BROKEN:
        return None
    run: list[list[float]] = []
    for t in positions:
        values = evaluate(fn, t, tables=tables)
        if values is None:
            return None
        if not run or not _same(run[-1], values):
            run.append(values)
    out: list[list[float]] = []
    for i, values in enumerate(run):
        inner = 0 < i < len(run) - 1
        if inner and not _chosen(run[i - 1], values, run[i + 1]):
            continue
        if not any(_same(values, o) for o in out):
            out.append(values)
        if len(out) == MAX_STOPS:
            break
    return out
