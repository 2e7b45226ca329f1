"""CMYK without an ICC profile, shown the way PDF pages show DeviceCMYK.

A CMYK picture that carries no profile has no colour of its own: it needs one assumed. PDF pages
are rendered by MuPDF, which shows DeviceCMYK through its built-in default CMYK profile (Artifex
CMYK SWOP). A CMYK image file without a profile goes through the same conversion, so the same
CMYK numbers measure the same sRGB whether they come in a JPEG or placed in a PDF, and the
palette's CMYK values (shown the same way) are ΔE00 0 from them. Nothing is shipped for it: the
profile is MuPDF's, already loaded for the PDF pages.
"""

from __future__ import annotations

import numpy as np
import pymupdf


def default_cmyk_to_srgb(cmyk: np.ndarray) -> np.ndarray:
    """uint8 CMYK samples, shape (..., 4), to uint8 sRGB of the same shape but 3 channels."""
    arr = np.ascontiguousarray(cmyk, dtype=np.uint8)
    shape = arr.shape[:-1]
    n = int(np.prod(shape))
    if n == 0:
        return np.zeros((*shape, 3), np.uint8)
    width = shape[-1] if len(shape) >= 1 else 1
    height = n // width
    pix = pymupdf.Pixmap(pymupdf.csCMYK, width, height, arr.tobytes(), 0)
    rgb = pymupdf.Pixmap(pymupdf.csRGB, pix)
    out = np.frombuffer(rgb.samples, np.uint8).reshape(height, rgb.stride)[:, : width * 3]
    return out.reshape(*shape, 3).copy()
