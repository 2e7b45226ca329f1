"""Lucas-Kanade alignment of a logo template: full Gauss-Newton steps, either polarity."""

from __future__ import annotations

import cv2
import numpy as np
import pytest

from brandcheck.imaging import affine_align

TEMPLATE_SHAPE = (40, 64)  # rows, cols of the frame


@pytest.fixture(scope="module")
def template() -> tuple[np.ndarray, affine_align.AffineTemplate]:
    """A disc and three bars (a simple emblem) as ink coverage in a frame with a margin."""
    signal = np.zeros(TEMPLATE_SHAPE, np.float32)
    cv2.circle(signal, (16, 20), 11, 1.0, -1, cv2.LINE_AA)
    for i, length in enumerate((26, 20, 23)):
        cv2.rectangle(signal, (32, 10 + 8 * i), (32 + length, 14 + 8 * i), 1.0, -1)
    mask = (cv2.GaussianBlur(signal, (0, 0), 2.0) > 0.02).astype(np.uint8)
    return signal, affine_align.prepare(signal, mask, ((1.5, "similarity"), (0.8, "stretch")))


def scene(signal: np.ndarray, truth: np.ndarray, ink: float, paper: float) -> np.ndarray:
    """The template painted into a larger image under ``truth`` (frame px -> image px)."""
    coverage = cv2.warpAffine(signal, truth[:2], (200, 150), flags=cv2.INTER_LINEAR)
    return (paper + (ink - paper) * coverage).astype(np.float32)


@pytest.mark.parametrize(
    ("offset", "ink", "paper"),
    [((1.5, -1.0), 20.0, 230.0), ((-2.5, 2.0), 240.0, 60.0), ((3.0, 1.0), 90.0, 140.0)],
)
def test_a_shifted_start_converges_in_a_few_iterations(template, offset, ink, paper):
    signal, tpl = template
    truth = np.array([[1.0, 0.0, 70.0], [0.0, 1.0, 55.0], [0.0, 0.0, 1.0]])
    image = scene(signal, truth, ink, paper)
    start = truth.copy()
    start[:2, 2] += offset
    result = affine_align.align(image, tpl, start, iterations=3, eps=0.0)
    assert result is not None
    corr, found = result
    # correlation carries the polarity: dark ink on light paper anticorrelates with coverage
    assert np.sign(corr) == np.sign(ink - paper)
    assert abs(corr) > 0.97
    corners = np.array([[0, 0, 1], [63, 0, 1], [0, 39, 1], [63, 39, 1]], np.float64)
    error = np.abs(corners @ (found - truth)[:2].T).max()
    assert error < 0.15, f"corner error {error:.3f} px after 3 iterations per level"


def test_scale_and_rotation_are_recovered(template):
    signal, tpl = template
    angle, scale = 4.0, 1.08
    rot = cv2.getRotationMatrix2D((31.5, 19.5), angle, scale)
    truth = np.vstack([rot, [0.0, 0.0, 1.0]])
    truth[:2, 2] += (60.0, 50.0)
    image = scene(signal, truth, 30.0, 220.0)
    result = affine_align.align(image, tpl, np.array([[1, 0, 61.0], [0, 1, 49.0], [0, 0, 1]]))
    assert result is not None
    _, found = result
    m = found[:2, :2]
    assert abs(np.sqrt(abs(np.linalg.det(m))) - scale) < 0.01
    assert abs(np.degrees(np.arctan2(-m[1, 0], m[0, 0])) - angle) < 0.3


def test_a_flat_patch_is_refused(template):
    _, tpl = template
    flat = np.full((150, 200), 128.0, np.float32)
    start = np.array([[1.0, 0.0, 70.0], [0.0, 1.0, 55.0], [0.0, 0.0, 1.0]])
    assert affine_align.align(flat, tpl, start) is None
