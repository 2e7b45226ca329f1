"""PDF functions as gradients and tint transforms use them: evaluated, and their colour stops."""

from __future__ import annotations

import pikepdf
import pytest

from brandcheck.pdf_functions import MAX_STOPS, evaluate, stops


def _exponential(c0: list[float], c1: list[float], n: float = 1.0) -> pikepdf.Dictionary:
    return pikepdf.Dictionary(FunctionType=2, Domain=[0, 1], C0=c0, C1=c1, N=n)


def _sampled(pdf: pikepdf.Pdf, rows: list[list[int]], bits: int = 8) -> pikepdf.Stream:
    width = bits // 8
    data = b"".join(v.to_bytes(width, "big") for row in rows for v in row)
    fn = pdf.make_stream(data)
    fn.FunctionType, fn.Domain, fn.Size = 0, [0, 1], [len(rows)]
    fn.BitsPerSample, fn.Range = bits, [0, 1] * len(rows[0])
    return fn


def _stitched(first: object, second: object, bound: float, encode=(0, 1, 0, 1)) -> object:
    """A stitching function of two pieces meeting at ``bound``."""
    return pikepdf.Dictionary(
        FunctionType=3, Domain=[0, 1], Functions=[first, second], Bounds=[bound], Encode=encode
    )


def _assert_stops(found: list[list[float]] | None, wanted: list[list[float]]) -> None:
    assert found is not None and len(found) == len(wanted)
    for got, want in zip(found, wanted, strict=True):
        assert got == pytest.approx(want, abs=1e-4)


def test_exponential_function_runs_between_its_two_colours() -> None:
    fn = _exponential([1, 0, 0], [0, 0, 1], n=2)
    assert evaluate(fn, 0.0) == [1, 0, 0]
    assert evaluate(fn, 0.5) == pytest.approx([0.75, 0, 0.25])
    assert evaluate(fn, 7.0) == [0, 0, 1]  # clipped to the domain
    assert stops(fn) == [[1, 0, 0], [0, 0, 1]]


def test_stitching_function_gives_every_piece_its_own_stops() -> None:
    pink, white, green = [0.9, 0, 0.42], [1, 1, 1], [0, 0.6, 0.57]
    # the second piece runs backwards: from green to white
    fn = _stitched(_exponential(pink, white), _exponential(white, green), 0.3, (0, 1, 1, 0))
    assert evaluate(fn, 0.15) == pytest.approx([0.95, 0.5, 0.71])
    assert evaluate(fn, 1.0) == pytest.approx(white)
    _assert_stops(stops(fn), [pink, white, green])


def test_a_midpoint_between_two_stops_is_no_stop_of_its_own() -> None:
    """A gradient from pink to white with its midpoint moved to 30 % is written as two pieces
    meeting at a half-way tint: that tint is a mixture, not a colour the designer chose."""
    pink, white = [0.9, 0, 0.42], [1, 1, 1]
    half = [(p + w) / 2 for p, w in zip(pink, white, strict=True)]
    fn = _stitched(_exponential(pink, half), _exponential(half, white), 0.3)
    assert stops(fn) == [pink, white]


@pytest.mark.parametrize("bits", [8, 16])
def test_sampled_function_is_read_and_interpolated(bits: int) -> None:
    top = 2**bits - 1
    pdf = pikepdf.new()
    fn = _sampled(pdf, [[top, 0, 0], [0, 0, top]], bits)
    assert evaluate(fn, 0.5) == pytest.approx([0.5, 0, 0.5])
    assert stops(fn) == [[1, 0, 0], [0, 0, 1]]


def test_a_sampled_gradient_has_its_stops_where_it_turns_not_its_mixtures() -> None:
    """Design tools write gradients as 256 samples: the samples between two stops are the
    mixtures the gradient runs through, and judging them would fail every tint of a palette
    colour. The stops are where some component turns (pink -> white -> teal here)."""
    pdf = pikepdf.new()
    pink, white, teal = (230, 0, 107), (255, 255, 255), (0, 153, 145)
    rows = []
    for i in range(256):
        a, b, x = (pink, white, i / 127) if i < 128 else (white, teal, (i - 128) / 127)
        rows.append([round(p + x * (q - p)) for p, q in zip(a, b, strict=True)])
    found = stops(_sampled(pdf, rows))
    assert found == [[v / 255 for v in c] for c in (pink, white, teal)]
    ramp = _sampled(pdf, [[255 - i, i // 2, 40] for i in range(256)])  # one straight run
    assert stops(ramp) == [[1, 0, 40 / 255], [0, 127 / 255, 40 / 255]]


def test_one_function_per_colour_component() -> None:
    fn = pikepdf.Array([_exponential([0], [1]), _exponential([1], [0]), _exponential([0], [0])])
    assert evaluate(fn, 0.25) == pytest.approx([0.25, 0.75, 0])
    assert stops(fn) == [[0, 1, 0], [1, 0, 0]]


def _calculator(pdf: pikepdf.Pdf, program: bytes, outputs: int) -> pikepdf.Stream:
    fn = pdf.make_stream(program)
    fn.FunctionType, fn.Domain, fn.Range = 4, [0, 1], [0, 1] * outputs
    return fn


def test_a_calculator_tint_transform_is_evaluated() -> None:
    """ReportLab's tint transform of a spot ink whose alternate is CMYK 80/0/100/0."""
    pdf = pikepdf.new()
    fn = _calculator(pdf, b"{dup 0.8 mul exch 0.0 exch dup 1.0 mul exch pop 0.0}", 4)
    assert evaluate(fn, 1.0) == pytest.approx([0.8, 0, 1, 0])
    assert evaluate(fn, 0.5) == pytest.approx([0.4, 0, 0.5, 0])
    assert evaluate(fn, 3.0) == pytest.approx([0.8, 0, 1, 0])  # clipped to the domain


def test_a_calculator_gradient_has_its_stops_where_it_turns() -> None:
    """Pink, white in the middle, pink again: ``u`` runs 0 -> 1 -> 0, each channel from it."""
    pdf = pikepdf.new()
    u = b"dup 0.5 gt { 1 exch sub } if 2 mul"
    program = b"{ " + u + b" dup 0.1 mul 0.9 add exch dup 0.58 mul 0.42 add }"
    _assert_stops(stops(_calculator(pdf, program, 3)), [[0.9, 0, 0.42], [1, 1, 1]])


def test_what_is_not_evaluated_gives_none_not_a_guess() -> None:
    pdf = pikepdf.new()
    postscript = _calculator(pdf, b"{ dup dup", 3)  # the program never ends
    assert evaluate(postscript, 0.5) is None and stops(postscript) is None
    assert evaluate(_calculator(pdf, b"{ dup }", 2), 0.5) is None  # two outputs: no device space
    broken = pikepdf.Dictionary(FunctionType=3, Domain=[0, 1], Functions=[], Bounds=[])
    assert evaluate(broken, 0.5) is None
    short = _sampled(pdf, [[255, 0, 0]])
    short.Range = [0, 1]  # one output declared, but Decode asks for more than it has
    short.Decode = [0]
    assert evaluate(short, 0.5) is None
    assert evaluate(pikepdf.Name.Identity, 0.5) is None


def test_a_chosen_stop_between_its_neighbours_is_still_a_stop() -> None:
    """Green, a lighter off-palette teal and white rise together in every channel; the teal
    is no even mixture of its neighbours, so it is a colour the designer chose."""
    green, teal, white = [0.0, 0.6, 0.57], [0.16, 0.74, 0.71], [1, 1, 1]
    fn = _stitched(_exponential(green, teal), _exponential(teal, white), 0.5)
    _assert_stops(stops(fn), [green, teal, white])


def test_stops_of_pieces_nested_in_a_stitching_function_are_found() -> None:
    pink, off, green = [0.9, 0, 0.42], [0.2, 0.8, 0.2], [0, 0.6, 0.57]
    inner = _stitched(_exponential(pink, off), _exponential(off, pink), 0.5)
    fn = _stitched(inner, _exponential(pink, green), 0.6)
    _assert_stops(stops(fn), [pink, off, green])


def test_a_noisy_sampled_function_gives_at_most_the_stop_limit() -> None:
    pdf = pikepdf.new()
    rows = [[(i * 7919) % 256, (i * 104729) % 256, i % 256] for i in range(16384)]
    found = stops(_sampled(pdf, rows))
    assert found is not None and 2 <= len(found) <= MAX_STOPS
