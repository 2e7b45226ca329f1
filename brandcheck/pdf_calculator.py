"""PostScript calculator (type 4) PDF functions, evaluated by MuPDF as it does to render them."""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence

import pikepdf
import pymupdf

_LOADED = 64  # calculator functions kept loaded (a document uses a few, again and again)
_MAX_INPUTS = 4  # as many inks as MuPDF's Python colour conversion takes
#: The device space with as many components as a function has outputs: its PDF name, and
#: MuPDF's space the colour is converted to
_DEVICE = {
    1: ("DeviceGray", pymupdf.mupdf.fz_device_gray),
    3: ("DeviceRGB", pymupdf.mupdf.fz_device_rgb),
    4: ("DeviceCMYK", pymupdf.mupdf.fz_device_cmyk),
}


def evaluate(fn: pikepdf.Stream, inputs: Sequence[float]) -> list[float] | None:
    """The outputs of a calculator function at ``inputs`` (clamped to its /Domain, the
    outputs to its /Range), or None: a program MuPDF cannot parse or run, a stream that
    cannot be decoded, more than four inputs, other than 1, 3 or 4 outputs, or inputs that
    do not fit its /Domain.

    MuPDF runs it as it renders: as the tint transform of a spot colour (a Separation of
    one input, a DeviceN of several) whose alternate is the device space with as many
    components as it has outputs, converted to that space (no conversion: the outputs as
    they are). Only the program, /Domain and /Range reach MuPDF, in a document of their own.
    """
    run = calculator(fn)
    return None if run is None else run(inputs)


def calculator(fn: pikepdf.Stream) -> Callable[[Sequence[float]], list[float] | None] | None:
    """``evaluate`` for one function, its program read and loaded once (a gradient's function
    is evaluated at many places); None when it cannot be read or loaded."""
    try:
        domain = tuple(float(v) for v in fn.get("/Domain", ()))
        range_ = tuple(float(v) for v in fn.get("/Range", ()))
        program = bytes(fn.read_bytes())
    except (TypeError, ValueError, AttributeError, pikepdf.PdfError):
        return None
    outputs = len(range_) // 2
    if outputs not in _DEVICE or len(domain) % 2 or not 0 < len(domain) // 2 <= _MAX_INPUTS:
        return None  # not loaded: no inputs could fit it
    space = _load(program, domain, range_)
    if space is None:
        return None

    def run(inputs: Sequence[float]) -> list[float] | None:
        if len(domain) != 2 * len(inputs):
            return None
        try:
            shown = pymupdf.mupdf.fz_convert_color(
                space[1],
                [float(v) for v in inputs],
                _DEVICE[outputs][1](),
                pymupdf.mupdf.FzColorspace(),  # no intermediate space
                pymupdf.mupdf.FzColorParams(),
            )
        except Exception:  # MuPDF refuses what it cannot run: not evaluated
            return None
        return [float(v) for v in shown[:outputs]]

    return run


@functools.lru_cache(maxsize=_LOADED)
def _load(
    program: bytes, domain: tuple[float, ...], range_: tuple[float, ...]
) -> tuple[pymupdf.Document, pymupdf.mupdf.FzColorspace] | None:
    """A spot colour space with the calculator function as its tint transform, loaded by
    MuPDF from a scratch document (kept with it); None when MuPDF cannot parse it."""
    inputs, outputs = len(domain) // 2, len(range_) // 2
    inks = " ".join(f"/Ink{i}" for i in range(inputs))
    head = "/Separation /Ink0" if inputs == 1 else f"/DeviceN [{inks}]"
    scratch = pymupdf.open()
    try:
        fn = scratch.get_new_xref()
        scratch.update_object(
            fn, f"<< /FunctionType 4 /Domain [{_listed(domain)}] /Range [{_listed(range_)}] >>"
        )
        scratch.update_stream(fn, program)
        space = scratch.get_new_xref()
        scratch.update_object(space, f"[{head} /{_DEVICE[outputs][0]} {fn} 0 R]")
        document = pymupdf.mupdf.pdf_document_from_fz_document(scratch.this)
        ref = pymupdf.mupdf.pdf_new_indirect(document, space, 0)
        loaded = pymupdf.mupdf.pdf_load_colorspace(ref)
    except Exception:  # a program MuPDF cannot parse: not evaluated
        scratch.close()
        return None
    return scratch, loaded


def _listed(values: tuple[float, ...]) -> str:
    """Numbers as the inside of a PDF array (PDF has no exponent notation)."""
    return " ".join(f"{v:.6f}" for v in values)
