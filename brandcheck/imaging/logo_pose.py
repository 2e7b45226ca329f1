"""A found logo's pose measured again on a sharper rendering of the page around it.

At the analysis resolution a small logo's outline is a few dozen pixels high, and a PDF
renderer snaps a placed image to whole device pixels (MuPDF drew a 49.5 px tall logo image 51 px
tall): the aspect measured there was 3-6 % off for a logo 25 mm wide, enough for a false
"distorted" (BC104). Where the page can be rendered again sharper (PDF and SVG pages), the
region around the logo is rendered at a whole multiple of the analysis scale, large enough for
the logo to be about ``SHARP_SIZE`` px (geometric size), and the logo is aligned again there
from the pose found, at the fine size; the snapping is then a fraction of a percent. The new
pose replaces the old one only when it verifies on the sharper render (at least
``logo_detect.DEFAULT_THRESHOLD``, and about as well as the pose found) and stays on the same
place.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Callable

import cv2
import numpy as np

from brandcheck.imaging.logo_detect import (
    DEFAULT_THRESHOLD,
    LogoDetection,
    TemplateBank,
    placement,
)
from brandcheck.imaging.logo_pyramid import Pyramid, affine, invert, iou
from brandcheck.imaging.logo_shapes import Candidate, Shape, bbox
from brandcheck.imaging.logo_verify import aligned, finished, verify

SHARP_SIZE = 384.0  # geometric size (px) of the logo on the sharper render
_MAX_ZOOM = 8  # the sharper render is at most this many times the analysis scale
_MARGIN = 0.4  # the region rendered: the logo's box grown by this share of its geometric size
_MAX_PIXELS = 4e6  # ... and at most this many pixels
_SCORE_SLACK = 0.02  # the new pose may verify this much worse than the old one on the render
_SAME_PLACE = 0.8  # IoU of the old and the new box, below which the alignment slid away

RasterBox = tuple[int, int, int, int]
#: renders a box of the page raster (whole px) at a whole multiple of the analysis scale:
#: ``zoom`` px per raster px, pixel (0, 0) at the box's corner; None when the page cannot
Render = Callable[[RasterBox, int], np.ndarray | None]


def sharper_pose(
    bank: TemplateBank, det: LogoDetection, size: tuple[int, int], render: Render
) -> LogoDetection:
    """``det`` (found on a raster of ``size``, height and width) with its geometry measured on
    a sharper render of the region around it, or ``det`` as it is when it is large enough
    already, the page cannot be rendered again, or the pose does not verify there."""
    geo_px = math.sqrt(max(det.width_px * det.height_px, 1.0))
    zoom = min(_MAX_ZOOM, math.ceil(SHARP_SIZE / geo_px))
    shape = shape_of(bank, det)
    if zoom < 2 or shape is None:
        return det
    pad = math.ceil(_MARGIN * geo_px) + 2
    x0, y0, x1, y1 = det.bbox
    h, w = size
    box = (max(0, x0 - pad), max(0, y0 - pad), min(w, x1 + pad), min(h, y1 + pad))
    bw, bh = box[2] - box[0], box[3] - box[1]
    while zoom >= 2 and bw * bh * zoom * zoom > _MAX_PIXELS:
        zoom -= 1
    if zoom < 2:
        return det
    region = render(box, zoom)
    if region is None or region.shape[:2] != (bh * zoom, bw * zoom):
        return det
    to_region = region_from_raster(box, zoom)
    start = Candidate(shape, to_region @ pose_of(shape, det), sign_of(det), det.score)
    pyramid = Pyramid(cv2.cvtColor(np.ascontiguousarray(region[..., :3]), cv2.COLOR_RGB2GRAY))
    result = finished(pyramid, start)
    if result is None:
        return det
    score, refined = result
    if score < max(DEFAULT_THRESHOLD, verify(pyramid, start) - _SCORE_SLACK):
        return det
    if iou(bbox(refined), bbox(start)) < _SAME_PLACE:
        return det
    return dataclasses.replace(det, **placement(shape, invert(to_region) @ refined.pose, size))


def region_from_raster(box: RasterBox, zoom: int) -> np.ndarray:
    """The affine from raster px to px of the ``zoom`` times sharper render of ``box`` (see
    ``Render``): raster px i spans [i, i + 1) on the device, its centres are pixel centres."""
    return affine(zoom, 0, 0, zoom, zoom * (0.5 - box[0]) - 0.5, zoom * (0.5 - box[1]) - 0.5)


def shape_of(bank: TemplateBank, det: LogoDetection) -> Shape | None:
    """The bank's shape the detection is of (by its template and variant)."""
    for shape in bank.shapes:
        if any(v.name == det.template and v.variant == det.variant for v in shape.variants):
            return shape
    return None


def sign_of(det: LogoDetection) -> float:
    """+1 for light ink on a dark ground, -1 for dark ink on a light one (``Candidate.sign``)."""
    return 1.0 if det.polarity == "light-on-dark" else -1.0


def pose_of(shape: Shape, det: LogoDetection) -> np.ndarray:
    """The reference px -> raster px affine of the detection (without shear, which its fields
    do not keep: the alignment finds the rest)."""
    ref_w, ref_h = shape.size
    sx, sy = det.width_px / ref_w, det.height_px / ref_h
    a = math.radians(det.angle)  # counter-clockwise on screen, y down
    c, s = math.cos(a), math.sin(a)
    m = np.array([[c * sx, s * sy], [-s * sx, c * sy]])
    centre = m @ np.array([(ref_w - 1) / 2, (ref_h - 1) / 2])
    cx, cy = det.center
    return affine(m[0, 0], m[0, 1], m[1, 0], m[1, 1], cx - centre[0], cy - centre[1])


def ink_pose(shape: Shape, image: np.ndarray, pose: np.ndarray, sign: float) -> np.ndarray:
    """``pose`` (reference px -> px of the RGB ``image``) aligned again on ``image``, for
    reading the ink's core there (``logo_measure.ink_core``, a couple of px deep).

    The search aligns a logo at ``FINE_SIZE`` (64 px geometric size): a thin-line logo's lines
    are a fraction of a pixel there, and its pose was found a raster pixel off (4 px in height
    for a logo 306 px wide). On an image ``zoom`` times as sharp as the raster that is ``zoom``
    of its px, more than a thin line's core. So the pose is aligned again on ``image`` at the
    shape's ``ink_stage``, where the widest stroke is a few px wide, to a fraction of a px
    there. The new pose is kept where it correlates (at least ``DEFAULT_THRESHOLD``) and
    stays on the same place; else ``pose`` is returned as it is.
    """
    stage = shape.ink_stage
    if stage is None:
        return pose  # the search's own alignment was as fine
    grey = cv2.cvtColor(np.ascontiguousarray(image[..., :3]), cv2.COLOR_RGB2GRAY)
    start = Candidate(shape, pose, sign, 0.0)
    result = aligned(Pyramid(grey), start, stage)
    if result is None or result[0] < DEFAULT_THRESHOLD:
        return pose
    moved = Candidate(shape, result[1], sign, 0.0)
    if iou(bbox(moved), bbox(start)) < _SAME_PLACE:
        return pose
    return result[1]
