"""PDF colours in CIE-based spaces shown as sRGB: ICCBased RGB and grey, CalRGB, CalGray, Lab.

The same numbers mean different colours in different spaces: sRGB red set in Adobe RGB shows
more saturated, and a palette colour correctly converted to Adobe RGB has other numbers than
its hex value. So these colours are judged as they show:

- ICCBased RGB and grey through the embedded profile to sRGB with LittleCMS (Pillow's
  `ImageCms`), relative colorimetric (the PDF default rendering intent, which MuPDF renders
  vector content with); one transform per profile, kept for the run;
- CalRGB and CalGray by their gamma and matrix to XYZ relative to their white point;
- Lab relative to its white point (its a* and b* clipped to its /Range);

the XYZ of the last two adapted to D65 (Bradford) and put into sRGB by scikit-image. Colours
outside sRGB are clipped. ICCBased CMYK is not here: CMYK is compared with the palette's CMYK
through the same profile (`pdf_colour_spaces.cmyk_to_srgb`).

A Cal or Lab space's parameters travel with the colour (`pdf_colour_spaces.Colour.cie`):
Lab (Xw, Yw, Zw, a_min, a_max, b_min, b_max); CalGray (Xw, Yw, Zw, gamma); CalRGB (Xw, Yw, Zw,
three gammas, the nine matrix entries XA YA ZA XB YB ZB XC YC ZC).
"""

from __future__ import annotations

import functools
import io
from collections.abc import Sequence

import numpy as np
from PIL import Image, ImageCms

_BRADFORD = np.array(
    [[0.8951, 0.2664, -0.1614], [-0.7502, 1.7135, 0.0367], [0.0389, -0.0685, 1.0296]]
)
_SRGB = ImageCms.createProfile("sRGB")
_MODES = {1: "L", 3: "RGB"}


def icc_to_srgb(values: Sequence[float], profile: bytes) -> np.ndarray | None:
    """An ICCBased grey (1 value) or RGB (3) colour, values 0..1, to sRGB uint8 (3,); None
    when the profile cannot be used."""
    mode = _MODES.get(len(values))
    if mode is None:
        return None
    transform = _transform(profile, mode)
    if transform is None:
        return None
    raw = bytes(round(min(max(v, 0.0), 1.0) * 255.0) for v in values)
    try:
        shown = transform.apply(Image.frombytes(mode, (1, 1), raw))
    except (ImageCms.PyCMSError, ValueError):
        return None
    return np.asarray(shown, dtype=np.uint8).reshape(3)


@functools.lru_cache(maxsize=16)
def _transform(profile: bytes, mode: str) -> ImageCms.ImageCmsTransform | None:
    """The profile's transform to sRGB, made once per profile (bytes cache their hash)."""
    try:
        source = ImageCms.ImageCmsProfile(io.BytesIO(profile))
        return ImageCms.buildTransform(
            source, _SRGB, mode, "RGB", renderingIntent=ImageCms.Intent.RELATIVE_COLORIMETRIC
        )
    except (ImageCms.PyCMSError, OSError, ValueError, TypeError):
        return None


def lab_to_srgb(values: Sequence[float], params: Sequence[float]) -> np.ndarray | None:
    """A Lab colour (L*, a*, b*) relative to the white point in `params` to sRGB uint8."""
    if len(values) < 3 or len(params) < 7:
        return None
    white, (a0, a1, b0, b1) = params[:3], params[3:7]
    lightness = min(max(values[0], 0.0), 100.0)
    a, b = min(max(values[1], a0), a1), min(max(values[2], b0), b1)
    fy = (lightness + 16.0) / 116.0
    f = np.array([fy + a / 500.0, fy, fy - b / 200.0])
    delta = 6.0 / 29.0
    xyz = np.where(f > delta, f**3, 3.0 * delta**2 * (f - 4.0 / 29.0)) * np.asarray(white)
    return _xyz_to_srgb(xyz, white)


def cal_to_srgb(space: str, values: Sequence[float], params: Sequence[float]) -> np.ndarray | None:
    """A CalGray or CalRGB colour (components 0..1) to sRGB uint8."""
    white = params[:3]
    comps = np.clip(np.asarray(values, dtype=np.float64), 0.0, 1.0)
    if space == "CalGray" and len(params) >= 4 and len(comps) >= 1:
        return _xyz_to_srgb(np.asarray(white) * comps[0] ** params[3], white)
    if space == "CalRGB" and len(params) >= 15 and len(comps) >= 3:
        linear = comps[:3] ** np.asarray(params[3:6])
        return _xyz_to_srgb(linear @ np.asarray(params[6:15]).reshape(3, 3), white)
    return None


@functools.cache
def _d65() -> np.ndarray:
    """D65's white point; scikit-image (which loads SciPy) only once a CIE colour is converted."""
    from skimage.color import xyz_tristimulus_values

    return np.asarray(xyz_tristimulus_values(illuminant="D65", observer="2"), dtype=np.float64)


def _xyz_to_srgb(xyz: np.ndarray, white: Sequence[float]) -> np.ndarray | None:
    """XYZ relative to `white` adapted to D65 (Bradford), then to sRGB uint8."""
    from skimage.color import xyz2rgb

    source = _BRADFORD @ np.asarray(white, dtype=np.float64)
    if not np.all(np.isfinite(source)) or np.any(np.abs(source) < 1e-9):
        return None
    adapt = np.linalg.inv(_BRADFORD) @ np.diag((_BRADFORD @ _d65()) / source) @ _BRADFORD
    rgb = xyz2rgb((adapt @ xyz).reshape(1, 1, 3)).reshape(3)
    return np.clip(np.rint(rgb * 255.0), 0, 255).astype(np.uint8)
