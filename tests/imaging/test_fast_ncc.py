"""The shared-window NCC gives OpenCV's TM_CCOEFF_NORMED, on a real rendered page."""

from __future__ import annotations

from pathlib import Path

import cv2
import numpy as np
import pymupdf
import pytest

from brandcheck.imaging import fast_ncc
from brandcheck.imaging.fast_ncc import ncc_maps
from brandcheck.imaging.logo_shapes import highpass

SAMPLE = Path(__file__).resolve().parents[2] / "samples" / "stad" / "compliant-poster.pdf"


@pytest.fixture(scope="module")
def page() -> np.ndarray:
    """The sample poster at 50 dpi, high-passed as a coarse search level is, with a flat patch
    (a constant no float represents exactly) and a near-flat one (noise of 0.3 grey levels)."""
    with pymupdf.open(SAMPLE) as doc:
        pix = doc[0].get_pixmap(dpi=50, colorspace=pymupdf.csGRAY)
        gray = np.frombuffer(pix.samples, np.uint8).reshape(pix.height, pix.width)
    level = highpass(gray)
    level[:40, :60] = 3.3
    level[:40, 60:120] = np.random.default_rng(1).normal(0.0, 0.3, (40, 60))
    return level


def test_equals_opencv_on_every_window(page: np.ndarray) -> None:
    # templates cut from the page's most textured places (so they match there exactly), two of
    # the same size (as the rotated coarse pair is), one of the same height but wider; the
    # smallest is summed directly, the others through a DFT
    assert 6 * 16 < fast_ncc._DIRECT_TAPS <= 6 * 30
    (y0, x0), (y1, x1), (y2, x2) = (_most_textured(page, s) for s in ((6, 16), (10, 20), (6, 30)))
    templates = [
        page[y0 : y0 + 6, x0 : x0 + 16].copy(),
        page[y1 : y1 + 10, x1 : x1 + 20].copy(),
        cv2.warpAffine(page[y1 : y1 + 10, x1 : x1 + 20], _rotation(7), (20, 10)),
        page[y2 : y2 + 6, x2 : x2 + 30].copy(),
    ]
    maps = ncc_maps(page, templates)
    for tpl, ours in zip(templates, maps, strict=True):
        exact, spread = _exact_ncc(page, tpl)
        # the detector's old pipeline: OpenCV on the 8-bit-style level offset to 128 (its
        # float32 sums of uncentred values are the less exact of the two)
        theirs = cv2.matchTemplate(page + 128.0, tpl + 128.0, cv2.TM_CCOEFF_NORMED)
        assert ours.shape == theirs.shape == exact.shape
        textured = spread > 2.0  # all but windows flat to within a rounding error
        assert np.abs(ours - exact)[textured].max() < 1e-4
        assert np.abs(ours - theirs)[textured].max() < 1e-3
        near_flat = ours[: 40 - tpl.shape[0] + 1, 60 : 120 - tpl.shape[1] + 1]
        assert np.abs(near_flat).max() > 0.2  # computed, not taken for flat
    assert maps[0][y0, x0] == pytest.approx(1.0, abs=1e-5)  # where the templates were cut
    assert maps[1][y1, x1] == pytest.approx(1.0, abs=1e-5)
    assert maps[3][y2, x2] == pytest.approx(1.0, abs=1e-5)


def test_flat_windows_templates_and_offsets(page: np.ndarray) -> None:
    y, x = _most_textured(page, (6, 16))
    tpl = page[y : y + 6, x : x + 16].copy()
    # flat templates: one whose float32 sum is exact, one whose is not (3.3 x 600)
    flat = [np.full((5, 5), 7.0, np.float32), np.full((20, 30), 3.3, np.float32)]
    flat_area, *flat_templates, too_big = ncc_maps(page, [tpl, *flat, np.ones((2000, 10))])
    assert np.all(flat_area[: 40 - 6 + 1, : 60 - 16 + 1] == 0.0)
    assert np.all(np.isfinite(flat_area)) and np.abs(flat_area).max() <= 1.0
    for flat_template, (th, tw) in zip(flat_templates, ((5, 5), (20, 30)), strict=True):
        assert flat_template.shape == (page.shape[0] - th + 1, page.shape[1] - tw + 1)
        assert not flat_template.any()
    assert too_big.size == 0
    assert all(m.size == 0 for m in ncc_maps(np.zeros((0, 0), np.float32), [tpl]))
    # an image far from 0 (raw luminance, not a centred level) gives the same maps
    shifted = ncc_maps(page + 1000.0, [tpl])[0]
    assert np.abs(shifted - flat_area)[_window_spread(page, tpl.shape) > 2.0].max() < 1e-3


def _rotation(degrees: float) -> np.ndarray:
    return cv2.getRotationMatrix2D((9.5, 4.5), degrees, 1.0)


def _exact_ncc(img: np.ndarray, tpl: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """NCC of every window in float64 by brute force, and each window's summed squared
    deviation."""
    t = tpl.astype(np.float64) - float(tpl.mean())
    windows = np.lib.stride_tricks.sliding_window_view(img.astype(np.float64), t.shape)
    spread = _window_spread(img, t.shape)
    num = np.einsum("ijkl,kl->ij", windows, t)
    return num / np.sqrt(np.maximum(spread, 1e-12) * float((t * t).sum())), spread


def _window_spread(img: np.ndarray, shape: tuple[int, int]) -> np.ndarray:
    """Summed squared deviation from the mean of every window (float64)."""
    th, tw = shape
    f = img.astype(np.float64)
    n = th * tw
    total = cv2.boxFilter(f, -1, (tw, th), anchor=(0, 0), normalize=False)
    squares = cv2.sqrBoxFilter(f, -1, (tw, th), anchor=(0, 0), normalize=False)
    rows, cols = img.shape[0] - th + 1, img.shape[1] - tw + 1
    return (squares - total * total / n)[:rows, :cols]


def _most_textured(img: np.ndarray, shape: tuple[int, int]) -> tuple[int, int]:
    spread = _window_spread(img, shape)
    y, x = np.unravel_index(int(np.argmax(spread)), spread.shape)
    return int(y), int(x)
