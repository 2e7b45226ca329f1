"""The page as the grey images logos are aligned on: luminance, RGB extremes, tones, ink."""

from __future__ import annotations

import math

import cv2
import numpy as np

from brandcheck.imaging.logo_measure import LUMA, ink_pixels, pixels_at, sample_stage
from brandcheck.imaging.logo_pyramid import Pyramid, affine, geo, octave_for, scaling, to_u8
from brandcheck.imaging.logo_shapes import FINE_SIZE, MARGIN, Candidate, bbox, geometric_size

_TONE_RADIUS = 64.0  # RGB distance from white or black within which a colour counts as that ink
# scores after ranking (Candidate.prior; see logo_coarse.ranked):
INK_KEEP = 0.5  # from which a candidate failing at the mid size is refined anyway
STRONG = 0.6  # from which a candidate counts as strong (kept and retried)
# px (geometric size): candidates this large with a ranking score of at least INK_KEEP go to the
# fine size even when they fail at the mid size; found this large and strongly by the coarse
# search on luminance, they are raised to INK_KEEP if they rank lower (see logo_coarse.ranked)
LARGE = 112.0
_INK_MIN_SPREAD = 20.0  # RGB distance from ink to a typical background pixel, below: no logo


def _tone_table() -> np.ndarray:
    """The tone image's grey value (uint8) for a pixel whose squared RGB distance to white is
    ``k`` (index k, k < R**2 for the tone radius R), to neither within the radius (index R**2),
    or to black ``k`` (index 2 * R**2 - k): 0.5 + 0.5 * (near white - near black), where
    near = clip(1 - distance / R, 0, 1); each value computed in float32 by the steps that would
    compute it pixel by pixel."""
    squared = np.arange(int(_TONE_RADIUS**2), dtype=np.float32).reshape(1, -1)
    near = np.clip(1.0 - cv2.sqrt(squared).ravel() / _TONE_RADIUS, 0.0, 1.0)
    far = np.zeros(1, np.float32)
    white = to_u8(0.5 + 0.5 * (near - far))
    black = to_u8(0.5 + 0.5 * (far - near))
    neither = to_u8(0.5 + 0.5 * (far - far))
    return np.concatenate([white, neither, black[::-1]])


_TONES = _tone_table()
_NEAR = _TONE_RADIUS**2  # squared distances from this up are beyond the radius
_ONES = np.ones((1, 3), np.float32)
_TO_WHITE = np.array([[-510.0, -510.0, -510.0, 3 * 255.0**2]], np.float32)  # (255-c)^2 - c^2


class Channels:
    """The page as luminance, plus max(R,G,B) and min(R,G,B) pyramids built on demand.

    Dark ink is dark in every channel and light ink light in every channel, whatever the
    artwork's colour, while a sharp colour edge behind the logo (magenta/green, yellow) that is
    strong in luminance can be weak or gone in one of the extremes; there the alignment does
    not drift onto the edge. Both extremes are tried, the better mid-size score wins.
    """

    def __init__(self, page: np.ndarray) -> None:
        self.page = page
        self.luma = Pyramid(cv2.cvtColor(page, cv2.COLOR_RGB2GRAY))
        self._rgb = [page]
        self._tones: Pyramid | None = None
        # by id(candidate): the candidate and its ink image (the id alone could be a later
        # candidate's once the first is gone)
        self._inks: dict[int, tuple[Candidate, tuple[Pyramid, float] | None]] = {}
        self._extremes: tuple[Pyramid, Pyramid] | None = None
        self.memo: dict[object, object] = {}  # results of later steps, kept for the page

    def extremes(self) -> tuple[Pyramid, Pyramid]:
        if self._extremes is None:
            r, g, b = cv2.split(self.page)  # numpy's axis-2 reductions are ~50x slower
            self._extremes = (
                Pyramid(cv2.max(cv2.max(r, g), b)),
                Pyramid(cv2.min(cv2.min(r, g), b)),
            )
        return self._extremes

    def ink(self, cand: Candidate) -> tuple[Pyramid, float] | None:
        """The page around ``cand`` as distance to the logo's ink colour (see :func:`_ink_image`).

        Returns the pyramid and the polarity (the sign of ink minus background luminance).
        """
        known = self._inks.get(id(cand))
        if known is None or known[0] is not cand:
            known = (cand, None if cand.prior < INK_KEEP else self._ink(cand))
            self._inks[id(cand)] = known
        return known[1]

    def _ink(self, cand: Candidate) -> tuple[Pyramid, float] | None:
        j = octave_for(geometric_size(cand) / (2.0 * FINE_SIZE))
        return _ink_image(self.rgb_octave(j), 2.0**j, cand)

    def tones(self) -> Pyramid:
        """The half-size page as white (255) / black (0) ink against mid grey for everything else.

        A white or black logo stays a sharp shape in it whatever colours and edges lie behind
        it (a photo's blobs, a colour field's border), which the luminance does not.
        """
        if self._tones is None:
            # squared RGB distances to black and to white, exact integers in float32
            rgb = self.rgb_octave(1).astype(np.float32)
            to_black = cv2.transform(cv2.multiply(rgb, rgb), _ONES)
            to_white = cv2.add(cv2.transform(rgb, _TO_WHITE), to_black)
            # only one of them can be within the radius: the tone is looked up from that one
            key = cv2.subtract(cv2.min(to_white, _NEAR), cv2.min(to_black, _NEAR))
            tone = _TONES.take(key.astype(np.int32) + int(_NEAR))
            self._tones = Pyramid(tone, scaling(2.0))
        return self._tones

    def rgb_octave(self, j: int) -> np.ndarray:
        """The RGB page halved ``j`` times (pyrDown), cached."""
        while len(self._rgb) <= j:
            self._rgb.append(cv2.pyrDown(self._rgb[-1]))
        return self._rgb[j]


def _ink_image(page: np.ndarray, d: float, cand_on_page: Candidate) -> tuple[Pyramid, float] | None:
    """A grey image of the page around ``cand`` in which only the logo's ink colour stands out.

    The ink colour is the median colour under the artwork's solid ink at the candidate's pose;
    every pixel is then mapped by its RGB distance to it: ink keeps the tone of the ink (dark or
    light, as in luminance) and every background colour, whatever its own luminance, becomes
    the background tone. A photo's or a colour field's edge behind the logo is thus flattened,
    so the alignment cannot drift onto it and the verification sees the logo's shape alone.
    None when the ink cannot be told from its background.
    """
    # ``page`` is the page downsampled by ``d``: work in its px, map back to page px at the end
    cand = Candidate(cand_on_page.shape, scaling(1.0 / d) @ cand_on_page.pose, cand_on_page.sign, 0)
    box = bbox(cand)
    bw, bh = box[2] - box[0], box[3] - box[1]
    native = geo(bw, bh)
    sig, rgb = sample_stage(page, cand, cand.shape.ink_frame(native))
    inked = ink_pixels(sig, rgb @ LUMA, cand.sign)
    back = sig < 0.02
    if np.count_nonzero(inked) < 8 or np.count_nonzero(back) < 8:
        return None
    ink_rgb = pixels_at(rgb, inked)
    ink = np.median(ink_rgb, axis=0)
    back_rgb = pixels_at(rgb, back)
    nearest_back, typical_back = np.percentile(_distances(back_rgb, ink), (10, 50))
    if typical_back < _INK_MIN_SPREAD:
        return None
    # the distance at which a colour counts as background: the nearest common background
    # colour (so every background colour is flattened), but above the ink's own noise
    ink_noise = float(np.percentile(_distances(ink_rgb, ink), 75))
    spread = max(2.0 * _INK_MIN_SPREAD, 2.0 * ink_noise, float(nearest_back))
    grow = MARGIN * max(bw, bh) + 4
    h, w = page.shape[:2]
    x0, y0 = max(0, math.floor(box[0] - grow)), max(0, math.floor(box[1] - grow))
    x1, y1 = min(w, math.ceil(box[2] + grow)), min(h, math.ceil(box[3] + grow))
    if x1 - x0 < 8 or y1 - y0 < 8:
        return None
    crop = page[y0:y1, x0:x1]
    f = max(1.0, native / (2.0 * FINE_SIZE))
    if f > 1.0:
        dims = (max(8, round((x1 - x0) / f)), max(8, round((y1 - y0) / f)))
        crop = cv2.resize(crop, dims, interpolation=cv2.INTER_AREA)
    fx, fy = (x1 - x0) / crop.shape[1], (y1 - y0) / crop.shape[0]
    page_from_crop = scaling(d) @ affine(fx, 0, 0, fy, x0 + 0.5 * fx - 0.5, y0 + 0.5 * fy - 0.5)
    diff = cv2.subtract(crop.astype(np.float32), tuple(float(v) for v in ink))
    dist = cv2.sqrt(cv2.transform(cv2.multiply(diff, diff), _ONES))
    # near = clip(1 - dist / spread, 0, 1): 1 = ink colour, 0 = typical background (in place)
    near = np.clip(
        np.subtract(1.0, np.divide(dist, spread, out=dist), out=dist), 0.0, 1.0, out=dist
    )
    sign = 1.0 if float(ink @ LUMA) > float(np.median(back_rgb @ LUMA)) else -1.0
    tone = near if sign > 0 else np.subtract(1.0, near, out=near)
    # to_u8, in place
    np.add(np.multiply(tone, 255.0, out=tone), 0.5, out=tone)
    return Pyramid(np.clip(tone, 0, 255, out=tone).astype(np.uint8), page_from_crop), sign


def _distances(pixels: np.ndarray, colour: np.ndarray) -> np.ndarray:
    """RGB distance of each of N x 3 ``pixels`` to ``colour`` (np.linalg.norm is ~4x slower)."""
    diff = pixels - colour
    return np.sqrt(np.einsum("ij,ij->i", diff, diff))
