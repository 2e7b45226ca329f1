"""WCAG 2.x relative luminance and contrast ratio of sRGB colours (numpy, vectorised)."""

from __future__ import annotations

import numpy as np

#: WCAG 2.x: "large scale" text is at least 18 pt, or 14 pt when bold.
LARGE_PT = 18.0
LARGE_BOLD_PT = 14.0


def relative_luminance(rgb: np.ndarray) -> np.ndarray:
    """WCAG relative luminance of sRGB values (uint8 0..255 or float 0..1), shape (..., 3)."""
    a = np.asarray(rgb)
    c = a.astype(np.float64) / 255.0 if a.dtype == np.uint8 else a.astype(np.float64)
    linear = np.where(c <= 0.04045, c / 12.92, ((c + 0.055) / 1.055) ** 2.4)
    return linear @ np.array([0.2126, 0.7152, 0.0722])


def contrast_ratio(fg: np.ndarray, bg: np.ndarray) -> np.ndarray:
    """(L_lighter + 0.05) / (L_darker + 0.05), from 1 (none) to 21 (black on white)."""
    l1 = relative_luminance(fg)
    l2 = relative_luminance(bg)
    return (np.maximum(l1, l2) + 0.05) / (np.minimum(l1, l2) + 0.05)


def is_large_text(size_pt: float, bold: bool) -> bool:
    """WCAG large-scale text: ≥ 18 pt, or ≥ 14 pt bold."""
    return size_pt >= LARGE_PT or (bold and size_pt >= LARGE_BOLD_PT)
