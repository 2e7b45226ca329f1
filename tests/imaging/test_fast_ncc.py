"""The shared-window NCC gives OpenCV's TM_CCOEFF_NORMED, on a real rendered page."""

from __future__ import annotations

from pathlib import Path

import cv2
import numpy as np
import pymupdf
import pytest

from brandcheck.imaging.fast_ncc import ncc_maps

SAMPLE = Path(__file__).resolve().parents[2] / "samples" / "stad" / "compliant-poster.pdf"


@pytest.fixture(scope="module")
def page() -> np.ndarray:
    """The sample poster at 50 dpi, high-passed and centred like a coarse search level."""
    with pymupdf.open(SAMPLE) as doc:
        pix = doc[0].get_pixmap(dpi=50, colorspace=pymupdf.csGRAY)
        gray = np.frombuffer(pix.samples, np.uint8).reshape(pix.height, pix.width)
    f = gray.astype(np.float32)
    return f - cv2.GaussianBlur(f, (0, 0), 5.0)


def test_equals_opencv_for_templates_of_several_sizes(page: np.ndarray) -> None:
    # templates cut from the page's most textured places (so they match there exactly) and a
    # rotated one
    (y0, x0), (y1, x1), (y2, x2) = (_most_textured(page, s) for s in ((6, 16), (10, 20), (20, 30)))
    templates = [
        page[y0 : y0 + 6, x0 : x0 + 16].copy(),
        page[y1 : y1 + 10, x1 : x1 + 20].copy(),
        cv2.warpAffine(
            page[y2 : y2 + 20, x2 : x2 + 30], cv2.getRotationMatrix2D((15, 10), 7, 1.0), (30, 20)
        ),
    ]
    maps = ncc_maps(page, templates)
    for tpl, ours in zip(templates, maps, strict=True):
        theirs = cv2.matchTemplate(page, tpl, cv2.TM_CCOEFF_NORMED)
        assert ours.shape == theirs.shape
        textured = _window_std(page, tpl.shape) > 1.0  # OpenCV's own rounding rules below
        assert np.abs(ours - theirs)[textured].max() < 1e-4
    assert maps[0][y0, x0] == pytest.approx(1.0, abs=1e-5)  # where the template was cut
    assert maps[1][y1, x1] == pytest.approx(1.0, abs=1e-5)


def test_flat_windows_score_zero_and_oversized_templates_give_empty_maps(
    page: np.ndarray,
) -> None:
    image = page.copy()
    image[:40, :60] = 3.0  # a flat area
    y, x = _most_textured(page, (6, 16))
    tpl = page[y : y + 6, x : x + 16].copy()
    flat_area, too_big = ncc_maps(image, [tpl, np.ones((2000, 10), np.float32) * np.arange(10)])
    assert np.all(flat_area[: 40 - 6 + 1, : 60 - 16 + 1] == 0.0)
    assert np.all(np.isfinite(flat_area)) and np.abs(flat_area).max() <= 1.0
    assert too_big.size == 0
    with pytest.raises(ValueError, match="flat"):
        ncc_maps(page, [np.full((5, 5), 7.0, np.float32)])


def _window_std(img: np.ndarray, shape: tuple[int, int]) -> np.ndarray:
    th, tw = shape
    mean = cv2.blur(img, (tw, th), anchor=(0, 0))
    sq = cv2.blur(img * img, (tw, th), anchor=(0, 0))
    rows, cols = img.shape[0] - th + 1, img.shape[1] - tw + 1
    return np.sqrt(np.maximum(sq - mean * mean, 0.0))[:rows, :cols]


def _most_textured(img: np.ndarray, shape: tuple[int, int]) -> tuple[int, int]:
    std = _window_std(img, shape)
    y, x = np.unravel_index(int(np.argmax(std)), std.shape)
    return int(y), int(x)
