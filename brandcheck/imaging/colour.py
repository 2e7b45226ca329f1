"""Colour maths on numpy arrays: hex/sRGB/Lab, CIEDE2000 palette search, flat-region clustering."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import cv2
import numpy as np
from skimage.color import deltaE_ciede2000, lab2rgb, rgb2lab

#: sRGB is defined for D65; Lab values are computed for the same white (CIE 1931 2° observer)
#: so that #FFFFFF is L*=100, a*=b*=0 and ΔE00 between two sRGB colours needs no adaptation.
ILLUMINANT = "D65"
OBSERVER = "2"


def hex_to_rgb(hexes: str | Sequence[str]) -> np.ndarray:
    """'#RRGGBB' (or a sequence of them) to uint8 RGB, shape (3,) or (N, 3)."""
    single = isinstance(hexes, str)
    items = [hexes] if single else list(hexes)
    out = np.zeros((len(items), 3), dtype=np.uint8)
    for i, h in enumerate(items):
        v = h.strip().lstrip("#")
        if len(v) != 6:
            raise ValueError(f"{h!r} is not a #RRGGBB colour")
        out[i] = (int(v[0:2], 16), int(v[2:4], 16), int(v[4:6], 16))
    return out[0] if single else out


def rgb_to_hex(rgb: np.ndarray | Sequence[float]) -> str:
    """One RGB triple (0..255, rounded and clipped) to '#RRGGBB'."""
    r, g, b = (int(v) for v in np.clip(np.rint(np.asarray(rgb, dtype=np.float64)), 0, 255))
    return f"#{r:02X}{g:02X}{b:02X}"


def srgb_to_lab(rgb: np.ndarray) -> np.ndarray:
    """sRGB (uint8 0..255, or float 0..1) of any shape (..., 3) to CIE Lab under D65."""
    a = np.asarray(rgb)
    f = a.astype(np.float32) / 255.0 if a.dtype == np.uint8 else a.astype(np.float64)
    return rgb2lab(f, illuminant=ILLUMINANT, observer=OBSERVER)


def hex_to_lab(hexes: str | Sequence[str]) -> np.ndarray:
    """'#RRGGBB' (or several) to Lab, shape (3,) or (N, 3)."""
    return srgb_to_lab(hex_to_rgb(hexes).astype(np.float64) / 255.0)


def delta_e00(lab1: np.ndarray, lab2: np.ndarray) -> np.ndarray:
    """CIEDE2000 between broadcastable Lab arrays (last axis = L, a, b)."""
    a, b = np.broadcast_arrays(np.asarray(lab1, float), np.asarray(lab2, float))
    return deltaE_ciede2000(a, b, channel_axis=-1)


def nearest(lab: np.ndarray, palette_lab: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Index of and ΔE00 to the nearest palette colour for each of N Lab colours (vectorised)."""
    lab = np.atleast_2d(np.asarray(lab, float))
    pal = np.atleast_2d(np.asarray(palette_lab, float))
    if len(lab) == 0 or len(pal) == 0:
        return np.zeros(len(lab), dtype=np.intp), np.full(len(lab), np.inf)
    de = delta_e00(lab[:, None, :], pal[None, :, :])  # (N, P)
    idx = np.argmin(de, axis=1)
    return idx, de[np.arange(len(lab)), idx]


def within_tolerance(
    lab: np.ndarray, palette_lab: np.ndarray, tolerances: np.ndarray
) -> np.ndarray:
    """True where a colour is within its own tolerance of at least one palette colour."""
    lab = np.atleast_2d(np.asarray(lab, float))
    pal = np.atleast_2d(np.asarray(palette_lab, float))
    if len(pal) == 0:
        return np.zeros(len(lab), dtype=bool)
    de = delta_e00(lab[:, None, :], pal[None, :, :])
    return np.any(de <= np.asarray(tolerances, float)[None, :], axis=1)


def chroma(lab: np.ndarray) -> np.ndarray:
    """C*ab, the distance from the neutral axis."""
    lab = np.asarray(lab, float)
    return np.hypot(lab[..., 1], lab[..., 2])


@dataclass(frozen=True)
class FlatRegion:
    """A connected area of one solid colour in a raster (coordinates in input pixels)."""

    lab: tuple[float, float, float]
    rgb: tuple[int, int, int]
    area: float
    share: float
    bbox: tuple[float, float, float, float]

    @property
    def hex(self) -> str:
        return rgb_to_hex(self.rgb)


def downsample(rgb: np.ndarray, max_pixels: int) -> tuple[np.ndarray, float]:
    """Area-average `rgb` to at most `max_pixels`; returns the copy and its scale factor."""
    h, w = rgb.shape[:2]
    if h * w <= max_pixels:
        return rgb, 1.0
    s = (max_pixels / float(h * w)) ** 0.5
    size = (max(1, int(w * s)), max(1, int(h * s)))
    return cv2.resize(rgb, size, interpolation=cv2.INTER_AREA), size[0] / w


def flatness(lab: np.ndarray, radius: int = 2) -> np.ndarray:
    """Local colour standard deviation (ΔE-like units) over a (2r+1)² window."""
    k = (2 * radius + 1, 2 * radius + 1)
    x = lab.astype(np.float32)
    mean = cv2.blur(x, k, borderType=cv2.BORDER_REPLICATE)
    mean_sq = cv2.blur(x * x, k, borderType=cv2.BORDER_REPLICATE)
    var = np.clip(mean_sq - mean * mean, 0, None).sum(axis=2)
    return np.sqrt(var)


def _surround_flatness(flat: np.ndarray, labels: np.ndarray, index: int, box: tuple) -> float:
    """Share of flat pixels in the ring 6–10 px outside component `index`'s outline.

    Pixels beyond the image edge are not counted either way; a component with no ring inside the
    image (it fills the image) counts as surrounded by flat pixels.
    """
    x, y, bw, bh = box
    pad = 11
    y0, x0 = max(0, y - pad), max(0, x - pad)
    y1, x1 = min(flat.shape[0], y + bh + pad), min(flat.shape[1], x + bw + pad)
    m = (labels[y0:y1, x0:x1] == index).astype(np.uint8)
    contours, _ = cv2.findContours(m, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
    filled = np.zeros_like(m)
    cv2.drawContours(filled, contours, -1, 1, thickness=-1)
    ring = cv2.dilate(filled, _KERNEL_OUTER) > cv2.dilate(filled, _KERNEL_INNER)
    return float(flat[y0:y1, x0:x1][ring].mean()) if ring.any() else 1.0


_KERNEL_INNER = np.ones((13, 13), np.uint8)
_KERNEL_OUTER = np.ones((21, 21), np.uint8)


def flat_regions(
    rgb: np.ndarray,
    *,
    min_share: float = 0.002,
    max_pixels: int = 600_000,
    noise: float = 4.0,
    tight: float = 3.0,
    spread: float = 8.0,
    surround: float = 0.55,
) -> list[FlatRegion]:
    """Solid-colour regions of an sRGB raster, ignoring edges, text strokes and photos.

    Works on an area-averaged copy of at most `max_pixels`. A pixel is flat when the local colour
    deviation in a 5×5 window is below `noise` (Lab units; JPEG noise at quality 60 stays well
    below); that window also drops antialiased edges and thin strokes, which never have a flat
    neighbourhood. Flat pixels form connected components; a component covering at least
    `min_share` of the image is a solid graphic region when its colours (5th–95th percentile per
    Lab channel) span at most `tight`, or at most `spread` while the ring 6–10 px around its
    outline is mostly flat too (`surround`): graphic shapes sit next to other flat areas, whereas
    the smooth patches of a photograph (skies, a saucer, a wall) are ringed by texture and drift
    in colour. The region's colour is the per-channel median in Lab, which noise does not move.
    """
    small, scale = downsample(np.ascontiguousarray(rgb[..., :3]), max_pixels)
    h, w = small.shape[:2]
    total = float(h * w)
    lab = srgb_to_lab(small).astype(np.float32)
    flat = (flatness(lab) < noise).astype(np.uint8)
    n, labels, stats, _ = cv2.connectedComponentsWithStats(flat, connectivity=4)
    min_area = max(4.0, min_share * total)
    keep = [i for i in range(1, n) if stats[i, cv2.CC_STAT_AREA] >= min_area]
    if not keep:
        return []
    regions: list[FlatRegion] = []
    flat_labels = labels.ravel()
    flat_lab = lab.reshape(-1, 3)
    order = np.argsort(flat_labels, kind="stable")
    bounds = np.searchsorted(flat_labels[order], np.arange(n + 1))
    for i in keep:
        pixels = flat_lab[order[bounds[i] : bounds[i + 1]]]
        lo, med, hi = np.percentile(pixels, [5, 50, 95], axis=0)
        drift = float(np.max(hi - lo))
        x, y, bw, bh, area = (int(v) for v in stats[i])
        if drift > spread:
            continue
        if drift > tight and _surround_flatness(flat, labels, i, (x, y, bw, bh)) < surround:
            continue
        rgb_med = lab_to_srgb(med)
        regions.append(
            FlatRegion(
                lab=(float(med[0]), float(med[1]), float(med[2])),
                rgb=(int(rgb_med[0]), int(rgb_med[1]), int(rgb_med[2])),
                area=area / (scale * scale),
                share=area / total,
                bbox=(x / scale, y / scale, (x + bw) / scale, (y + bh) / scale),
            )
        )
    return regions


def lab_to_srgb(lab: np.ndarray) -> np.ndarray:
    """Lab (D65) to uint8 sRGB, clipped to the gamut."""
    arr = np.asarray(lab, dtype=np.float64)
    rgb = lab2rgb(arr.reshape(-1, 1, 3), illuminant=ILLUMINANT, observer=OBSERVER)
    return np.clip(np.rint(rgb * 255.0), 0, 255).astype(np.uint8).reshape(arr.shape)


@dataclass(frozen=True)
class ColourCluster:
    """Regions of (nearly) the same colour, merged."""

    lab: tuple[float, float, float]
    hex: str
    share: float
    regions: tuple[FlatRegion, ...]

    @property
    def bbox(self) -> tuple[float, float, float, float]:
        boxes = np.array([r.bbox for r in self.regions])
        return (
            float(boxes[:, 0].min()),
            float(boxes[:, 1].min()),
            float(boxes[:, 2].max()),
            float(boxes[:, 3].max()),
        )


def cluster_regions(regions: Sequence[FlatRegion], merge_de: float = 2.0) -> list[ColourCluster]:
    """Group regions whose colours are within `merge_de` ΔE00 (largest region leads)."""
    ordered = sorted(regions, key=lambda r: -r.area)
    groups: list[list[FlatRegion]] = []
    leads: list[np.ndarray] = []
    for region in ordered:
        lab = np.asarray(region.lab)
        if leads:
            de = delta_e00(np.asarray(leads), lab[None, :])
            j = int(np.argmin(de))
            if de[j] <= merge_de:
                groups[j].append(region)
                continue
        groups.append([region])
        leads.append(lab)
    out = []
    for group in groups:
        weights = np.array([r.area for r in group])
        lab = np.average(np.array([r.lab for r in group]), axis=0, weights=weights)
        out.append(
            ColourCluster(
                lab=(float(lab[0]), float(lab[1]), float(lab[2])),
                hex=rgb_to_hex(lab_to_srgb(lab)),
                share=float(sum(r.share for r in group)),
                regions=tuple(group),
            )
        )
    return out
