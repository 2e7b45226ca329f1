"""The page as the grey images logos are aligned on: luminance, RGB extremes, tones, ink."""

from __future__ import annotations

import math

import cv2
import numpy as np

from brandcheck.imaging.logo_measure import LUMA, ink_pixels, sample_stage
from brandcheck.imaging.logo_pyramid import Pyramid, affine, geo, octave_for, scaling, to_u8
from brandcheck.imaging.logo_shapes import FINE_SIZE, MARGIN, Candidate, bbox, geometric_size

_TONE_RADIUS = 64.0  # RGB distance from white or black within which a colour counts as that ink
# scores after ranking (Candidate.prior; see logo_coarse.ranked):
INK_KEEP = 0.5  # from which a candidate failing at the mid size is refined anyway
STRONG = 0.6  # from which a candidate counts as strong (kept and retried)
# px (geometric size): candidates this large with a ranking score of at least INK_KEEP go to the
# fine size even when they fail at the mid size; found this large and strongly by the coarse
# search, they are raised to INK_KEEP if they rank lower (see logo_coarse.ranked)
LARGE = 112.0
_INK_MIN_SPREAD = 20.0  # RGB distance from ink to a typical background pixel, below: no logo


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
        self._inks: dict[int, tuple[Pyramid, float] | None] = {}
        self._extremes: tuple[Pyramid, Pyramid] | None = None

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
        key = id(cand)
        if key not in self._inks:
            self._inks[key] = None if cand.prior < INK_KEEP else self._ink(cand)
        return self._inks[key]

    def _ink(self, cand: Candidate) -> tuple[Pyramid, float] | None:
        j = octave_for(geometric_size(cand) / (2.0 * FINE_SIZE))
        return _ink_image(self.rgb_octave(j), 2.0**j, cand)

    def tones(self) -> Pyramid:
        """The half-size page as white (255) / black (0) ink against mid grey for everything else.

        A white or black logo stays a sharp shape in it whatever colours and edges lie behind
        it (a photo's blobs, a colour field's border), which the luminance does not.
        """
        if self._tones is None:
            rgb = self.rgb_octave(1).astype(np.float32)
            ones = np.ones((1, 3), np.float32)
            white = cv2.subtract(rgb, (255.0, 255.0, 255.0))
            to_white = cv2.sqrt(cv2.transform(white * white, ones))
            to_black = cv2.sqrt(cv2.transform(rgb * rgb, ones))
            near_white = np.clip(1.0 - to_white / _TONE_RADIUS, 0.0, 1.0)
            near_black = np.clip(1.0 - to_black / _TONE_RADIUS, 0.0, 1.0)
            tone = 0.5 + 0.5 * (near_white - near_black)
            self._tones = Pyramid(to_u8(tone), scaling(2.0))
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
    if inked.sum() < 8 or back.sum() < 8:
        return None
    ink = np.median(rgb[inked], axis=0)
    back_rgb = rgb[back]
    nearest_back, typical_back = np.percentile(_distances(back_rgb, ink), (10, 50))
    if typical_back < _INK_MIN_SPREAD:
        return None
    # the distance at which a colour counts as background: the nearest common background
    # colour (so every background colour is flattened), but above the ink's own noise
    ink_noise = float(np.percentile(_distances(rgb[inked], ink), 75))
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
    dist = cv2.sqrt(cv2.transform(diff * diff, np.ones((1, 3), np.float32)))
    near = np.clip(1.0 - dist / spread, 0.0, 1.0)  # 1 = ink colour, 0 = typical background
    sign = 1.0 if float(ink @ LUMA) > float(np.median(back_rgb @ LUMA)) else -1.0
    tone = near if sign > 0 else 1.0 - near
    return Pyramid(to_u8(tone), page_from_crop), sign


def _distances(pixels: np.ndarray, colour: np.ndarray) -> np.ndarray:
    """RGB distance of each of N x 3 ``pixels`` to ``colour`` (np.linalg.norm is ~4x slower)."""
    diff = pixels - colour
    return np.sqrt(np.einsum("ij,ij->i", diff, diff))
