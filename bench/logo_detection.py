"""Benchmark logo detection on a seeded, labelled synthetic page set against a naive baseline.

Usage: python bench/logo_detection.py [--pages N] [--seed S] [--baseline-every K] [--alt-seed A]
                                      [--logo FILE] [--threads T]

Pages are generated in memory (no files written): raster pages (flat colours, gradients and
photo-like synthetic textures; logos 40 px wide up to the full page, rotated up to 10 degrees,
stretched, black, white, coloured; JPEG quality down to 40) and PDF pages rendered with PyMuPDF at
100 dpi (vector logo placed with show_pdf_page, raster logo placed with insert_image). Negatives:
pages without a logo, with other shields and coats of arms, and with the words "Stockholms stad"
in ordinary fonts. Some pages use a second, procedurally drawn logo as the template, to show that
the detector is not tied to one artwork. ``--logo FILE`` puts any single-colour logo file (the
official logotype, say) in the stand-in's place: an SVG is recoloured and placed as vector art
on PDF pages; other formats are placed as images there. The generator functions are importable
for tests.
"""

from __future__ import annotations

import argparse
import io
import math
import re
import statistics
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import cv2
import numpy as np
import pymupdf
from PIL import Image, ImageDraw, ImageFont

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from brandcheck.blas_threads import one_thread as one_blas_thread  # noqa: E402
from brandcheck.imaging.logo_detect import (  # noqa: E402
    MIN_WIDTH_PX,
    LogoDetection,
    TemplateBank,
    detect_logos,
    prepare_templates,
)
from brandcheck.imaging.logo_pyramid import smallest_width  # noqa: E402
from brandcheck.logo_templates import load_logo_rgba  # noqa: E402

LOGO_DIR = ROOT / "reference_assets" / "stockholm" / "logo"
TEMPLATE_WIDTH = 1100
A4_PT = (595.0, 842.0)
PDF_DPI = 100
PROFILE_COLOURS = [
    (230, 0, 107),
    (0, 153, 145),
    (0, 127, 200),
    (118, 54, 140),
    (233, 80, 14),
    (137, 12, 88),
    (0, 89, 79),
    (185, 47, 0),
]
RASTER_SIZES = [
    (827, 1169),
    (827, 1169),
    (1169, 827),
    (1600, 900),
    (2000, 1333),
    (1200, 1200),
    (1024, 768),
]
FONT_FILES = [
    "liberation/LiberationSans-Regular.ttf",
    "liberation/LiberationSans-Bold.ttf",
    "dejavu/DejaVuSans.ttf",
    "dejavu/DejaVuSans-Bold.ttf",
    "liberation/LiberationSerif-Bold.ttf",
    "dejavu/DejaVuSansCondensed-Bold.ttf",
]
WORDS = [
    "Välkommen",
    "till",
    "stadens",
    "nya",
    "tjänster",
    "för",
    "invånare",
    "och",
    "företag",
    "under",
    "hösten",
    "år",
]


# a paint value in an SVG attribute (fill="...") or style declaration (fill: ...)
_SVG_PAINT = re.compile(r"""(\b(?:fill|stroke)\s*(?:=\s*["']|:\s*))([^"';}]+)""")
_NO_PAINT = ("none", "transparent", "url(")


@dataclass
class LogoArt:
    """One logo artwork: its SVG text (for vector placement; None for raster files) and an RGBA
    rendering."""

    key: str
    svg: str | None
    rgba: np.ndarray

    def svg_in(self, colour: tuple[int, int, int]) -> str:
        """The SVG with every paint in ``colour`` (a single-colour logo: all its ink is one)."""
        if self.svg is None:
            raise ValueError(f"{self.key} has no vector artwork")
        hex_colour = "#{:02X}{:02X}{:02X}".format(*colour)

        def paint(match: re.Match[str]) -> str:
            value = match.group(2).strip().lower()
            keep = value.startswith(_NO_PAINT)
            return match.group(0) if keep else match.group(1) + hex_colour

        recoloured = _SVG_PAINT.sub(paint, self.svg)
        # unpainted shapes are black and currentColor follows `color`: both become the ink
        root = f'<svg fill="{hex_colour}" color="{hex_colour}"'
        return re.sub(r"<svg\b", root, recoloured, count=1)


@dataclass
class BenchPage:
    """A generated page: its raster, the true logo boxes and which artwork they use."""

    name: str
    rgb: np.ndarray
    art: str
    truths: list[tuple[int, int, int, int]] = field(default_factory=list)
    tags: tuple[str, ...] = ()


# ---------------------------------------------------------------- artwork


def standin_art(width: int = TEMPLATE_WIDTH) -> LogoArt:
    """The project's stand-in logo (positive SVG)."""
    return file_art(LOGO_DIR / "standin-positive.svg", width, key="standin")


def file_art(path: Path, width: int = TEMPLATE_WIDTH, key: str | None = None) -> LogoArt:
    """A logo file (``--logo``), loaded as brandcheck loads it; named by its file name."""
    rgba = np.asarray(load_logo_rgba(path, width))
    svg = path.read_text(encoding="utf-8") if path.suffix.lower() == ".svg" else None
    return LogoArt(key or path.name, svg, rgba)


def alt_logo_svg(seed: int = 7) -> str:
    """A procedurally drawn single-colour logo unrelated to the stand-in (emblem + bars).

    The emblem is a ring (each circle drawn as two half arcs: MuPDF fills a single arc from a
    point back to itself as a disc, which hid the star) around a star of 5 to 8 points.
    """
    rng = np.random.default_rng(seed)
    n = int(rng.integers(5, 9))
    ang = np.linspace(0, 2 * np.pi, 2 * n, endpoint=False) - np.pi / 2
    rad = np.where(np.arange(2 * n) % 2 == 0, 30.0, 30.0 * rng.uniform(0.35, 0.55))
    star = " ".join(
        f"{50 + r * math.cos(a):.2f},{50 + r * math.sin(a):.2f}"
        for r, a in zip(rad, ang, strict=True)
    )
    bars = []
    y = 22.0
    for _ in range(3):
        length = float(rng.uniform(50, 95))
        bars.append(f'<rect x="112" y="{y:.1f}" width="{length:.1f}" height="13" rx="6.5"/>')
        y += 21.0
    tip_x, tip_y = 112 + rng.uniform(20, 40), 76 - rng.uniform(0, 8)
    tri = f'<polygon points="112,88 {tip_x:.1f},88 112,{tip_y:.1f}"/>'
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<svg xmlns="http://www.w3.org/2000/svg" width="215" height="100" viewBox="0 0 215 100">
  <title>Procedural benchmark logo (not a real brand)</title>
  <g fill="#000000">
    <path fill-rule="evenodd" d="M 2 50 A 48 48 0 1 0 98 50 A 48 48 0 1 0 2 50 Z
      M 10 50 A 40 40 0 1 1 90 50 A 40 40 0 1 1 10 50 Z"/>
    <polygon points="{star}"/>
    {"".join(bars)}
    {tri}
  </g>
</svg>
"""


def svg_to_rgba(svg: str, width: int) -> np.ndarray:
    """Render SVG text to RGBA with PyMuPDF at ``width`` pixels."""
    with pymupdf.open(stream=svg.encode("utf-8"), filetype="svg") as doc:
        page = doc[0]
        zoom = width / page.rect.width
        pix = page.get_pixmap(matrix=pymupdf.Matrix(zoom, zoom), alpha=True)
        return np.frombuffer(pix.samples, np.uint8).reshape(pix.height, pix.width, 4).copy()


def alt_art(seed: int = 7, width: int = TEMPLATE_WIDTH) -> LogoArt:
    svg = alt_logo_svg(seed)
    return LogoArt("alt", svg, svg_to_rgba(svg, width))


def smallest_logo(art: LogoArt) -> float:
    """The narrowest logo of this artwork placed, px: the detector's smallest searched width
    for MIN_WIDTH_PX (40 px; more for a wordmark over three times as wide as tall)."""
    x0, y0, x1, y1 = box_of(art.rgba[..., 3].astype(np.float32) / 255.0)  # type: ignore[misc]
    return smallest_width(x1 - x0, y1 - y0, MIN_WIDTH_PX)


def box_width_ratio(art: LogoArt) -> float:
    """Ink width / raster width of the artwork (detections report the ink width)."""
    x0, _, x1, _ = box_of(art.rgba[..., 3].astype(np.float32) / 255.0)  # type: ignore[misc]
    return (x1 - x0) / art.rgba.shape[1]


def bank_for(art: LogoArt) -> TemplateBank:
    """Positive and (derived) negative variants of one artwork."""
    neg = art.rgba.copy()
    neg[..., :3] = 255
    return prepare_templates([(art.key, "positive", art.rgba), (art.key, "negative", neg)])


# ---------------------------------------------------------------- backgrounds and clutter


def smooth_noise(rng: np.random.Generator, h: int, w: int, cells: int) -> np.ndarray:
    """Smooth random field in 0..1 with about ``cells`` features across the short side."""
    small = rng.random((max(2, cells * h // min(h, w)), max(2, cells * w // min(h, w))))
    field_ = cv2.resize(small.astype(np.float32), (w, h), interpolation=cv2.INTER_CUBIC)
    return np.clip(field_, 0.0, 1.0)


def photo_background(rng: np.random.Generator, h: int, w: int, busy: float) -> np.ndarray:
    """Photo-like RGB texture: multi-octave noise, colour ramps, blobs and grain."""
    lum = sum(
        smooth_noise(rng, h, w, c) * a
        for c, a in ((3, 0.5), (12, 0.3), (48, 0.2 * busy), (160, 0.15 * busy))
    )
    lum = (lum - lum.min()) / max(1e-6, float(lum.max() - lum.min()))
    c0, c1 = rng.integers(0, 256, 3), rng.integers(0, 256, 3)
    rgb = c0[None, None, :] * (1 - lum[..., None]) + c1[None, None, :] * lum[..., None]
    img = np.clip(rgb, 0, 255).astype(np.uint8)
    for _ in range(int(rng.integers(3, 12))):
        centre = (int(rng.integers(0, w)), int(rng.integers(0, h)))
        axes = (int(rng.integers(10, w // 4)), int(rng.integers(10, h // 4)))
        colour = tuple(int(v) for v in rng.integers(0, 256, 3))
        cv2.ellipse(img, centre, axes, float(rng.uniform(0, 180)), 0, 360, colour, -1, cv2.LINE_AA)
    img = cv2.GaussianBlur(img, (0, 0), 1.0 + 3.0 * (1.0 - busy))
    grain = rng.normal(0, 6 * busy, img.shape)
    return np.clip(img + grain, 0, 255).astype(np.uint8)


def flat_background(rng: np.random.Generator, h: int, w: int) -> np.ndarray:
    choice = rng.random()
    if choice < 0.5:
        colour = (255, 255, 255)
    elif choice < 0.75:
        colour = tuple(int(v) for v in rng.integers(200, 256, 3))
    else:
        colour = tuple(int(v) for v in rng.integers(0, 90, 3))
    img = np.empty((h, w, 3), np.uint8)
    img[:] = colour
    if rng.random() < 0.3:  # gentle gradient
        ramp = np.linspace(-25, 25, w, dtype=np.float32)[None, :, None]
        img = np.clip(img + ramp, 0, 255).astype(np.uint8)
    return img


def font(index: int, size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    path = Path("/usr/share/fonts/truetype") / FONT_FILES[index % len(FONT_FILES)]
    try:
        return ImageFont.truetype(str(path), size)
    except OSError:
        return ImageFont.load_default(size)


def draw_text(
    img: np.ndarray,
    rng: np.random.Generator,
    text: str,
    xy: tuple[int, int],
    size: int,
    colour: tuple[int, int, int],
) -> tuple[int, int, int, int]:
    """Draw ``text`` (newlines allowed) in an ordinary font; returns its box."""
    pil = Image.fromarray(img)
    draw = ImageDraw.Draw(pil)
    fnt = font(int(rng.integers(0, len(FONT_FILES))), size)
    draw.multiline_text(xy, text, fill=colour, font=fnt, spacing=max(1, size // 8))
    img[:] = np.asarray(pil)
    box = draw.multiline_textbbox(xy, text, font=fnt, spacing=max(1, size // 8))
    return tuple(int(v) for v in box)  # type: ignore[return-value]


def add_clutter(img: np.ndarray, rng: np.random.Generator, ink: tuple[int, int, int]) -> None:
    """Text paragraphs, rules and boxes like a real layout."""
    h, w = img.shape[:2]
    for _ in range(int(rng.integers(2, 7))):
        size = int(rng.integers(10, 40))
        words = rng.choice(WORDS, size=int(rng.integers(3, 9)))
        draw_text(
            img,
            rng,
            " ".join(words),
            (int(rng.integers(0, w // 2)), int(rng.integers(0, h - size))),
            size,
            ink,
        )
    for _ in range(int(rng.integers(0, 4))):
        p0 = (int(rng.integers(0, w)), int(rng.integers(0, h)))
        p1 = (int(rng.integers(0, w)), int(rng.integers(0, h)))
        cv2.rectangle(img, p0, p1, ink, int(rng.integers(1, 4)), cv2.LINE_AA)


def cluttered_around(
    img: np.ndarray,
    rng: np.random.Generator,
    ink: tuple[int, int, int],
    keep: list[tuple[int, int, int, int]],
) -> np.ndarray:
    """Add layout clutter everywhere except in the logos' clear space (as a designer would)."""
    out = img.copy()
    add_clutter(out, rng, ink)
    for x0, y0, x1, y1 in keep:
        m = max(2, (y1 - y0) // 4)
        ys, xs = slice(max(0, y0 - m), y1 + m), slice(max(0, x0 - m), x1 + m)
        out[ys, xs] = img[ys, xs]
    return out


SHIELD_OUTLINES = ("heater", "round", "french", "swiss", "oval")
SHIELD_CHARGES = ("cross", "band", "star", "crowns", "head", "tower", "lion")


def shield_polygon(kind: str, w: int, h: int) -> np.ndarray:
    t = np.linspace(0, 1, 24)
    if kind == "heater":
        left = np.stack([0 * t + 0, t * h * 0.45], 1)
        curve = np.stack([w / 2 * np.sin(t * np.pi / 2), h * 0.45 + t**1.5 * h * 0.55], 1)
        pts = np.concatenate(
            [
                [[0, 0], [w, 0]],
                [[w, h * 0.45]],
                np.stack([w - curve[:, 0], curve[:, 1]], 1),
                curve[::-1],
                left[::-1],
            ]
        )
    elif kind == "round":
        ang = np.linspace(0, np.pi, 24)
        pts = np.concatenate(
            [
                [[0, 0], [w, 0], [w, h * 0.55]],
                np.stack([w / 2 + w / 2 * np.cos(ang), h * 0.55 + h * 0.45 * np.sin(ang)], 1),
            ]
        )
    elif kind == "french":
        pts = np.array(
            [
                [0, 0],
                [w, 0],
                [w, h * 0.8],
                [w * 0.6, h * 0.85],
                [w / 2, h],
                [w * 0.4, h * 0.85],
                [0, h * 0.8],
            ]
        )
    elif kind == "swiss":
        pts = np.array(
            [[0, h * 0.1], [w / 2, 0], [w, h * 0.1], [w, h * 0.6], [w / 2, h], [0, h * 0.6]]
        )
    else:
        ang = np.linspace(0, 2 * np.pi, 48, endpoint=False)
        pts = np.stack([w / 2 + w / 2 * np.cos(ang), h / 2 + h / 2 * np.sin(ang)], 1)
    return pts.astype(np.float32)


def draw_shield(
    img: np.ndarray, rng: np.random.Generator, x: int, y: int, w: int, ink: tuple[int, int, int]
) -> tuple[int, int, int, int]:
    """Another town's shield or a coat of arms: outline plus a charge."""
    h = int(w * rng.uniform(1.1, 1.35))
    kind = str(rng.choice(SHIELD_OUTLINES))
    pts = (shield_polygon(kind, w, h) + np.array([x, y], np.float32)).astype(np.int32)
    thick = max(1, w // 18)
    cv2.polylines(img, [pts], True, ink, thick, cv2.LINE_AA)
    charge = str(rng.choice(SHIELD_CHARGES))
    cx, cy, s = x + w // 2, y + int(h * 0.45), w // 3
    if charge == "cross":
        cv2.rectangle(img, (cx - s // 4, cy - s), (cx + s // 4, cy + s), ink, -1)
        cv2.rectangle(img, (cx - s, cy - s // 4), (cx + s, cy + s // 4), ink, -1)
    elif charge == "band":
        cv2.line(
            img,
            (x + w // 6, y + h // 6),
            (x + 5 * w // 6, y + 2 * h // 3),
            ink,
            max(2, w // 8),
            cv2.LINE_AA,
        )
    elif charge == "star":
        ang = np.linspace(0, 2 * np.pi, 10, endpoint=False) - np.pi / 2
        r = np.where(np.arange(10) % 2 == 0, s, s * 0.4)
        star = np.stack([cx + r * np.cos(ang), cy + r * np.sin(ang)], 1).astype(np.int32)
        cv2.fillPoly(img, [star], ink, cv2.LINE_AA)
    elif charge == "crowns":
        for dx, dy in ((-s // 1.5, -s // 2), (s // 1.5, -s // 2), (0, s // 1.5)):
            bx, by = int(cx + dx), int(cy + dy)
            crown = np.array(
                [
                    [bx - s // 3, by + s // 5],
                    [bx - s // 3, by - s // 5],
                    [bx - s // 6, by],
                    [bx, by - s // 4],
                    [bx + s // 6, by],
                    [bx + s // 3, by - s // 5],
                    [bx + s // 3, by + s // 5],
                ],
                np.int32,
            )
            cv2.fillPoly(img, [crown], ink, cv2.LINE_AA)
    elif charge == "head":  # a crowned head in profile: a different town's arms
        cv2.circle(img, (cx, cy), s // 2, ink, max(1, w // 25), cv2.LINE_AA)
        cv2.fillPoly(
            img,
            [
                np.array(
                    [
                        [cx - s // 2, cy - s // 2],
                        [cx - s // 3, cy - s],
                        [cx, cy - s * 3 // 4],
                        [cx + s // 3, cy - s],
                        [cx + s // 2, cy - s // 2],
                    ],
                    np.int32,
                )
            ],
            ink,
        )
        cv2.ellipse(img, (cx, cy + s), (s, s // 2), 0, 180, 360, ink, -1, cv2.LINE_AA)
    elif charge == "tower":
        cv2.rectangle(img, (cx - s // 2, cy - s // 2), (cx + s // 2, cy + s), ink, -1)
        for i in range(3):
            bx = cx - s // 2 + i * s // 2 - s // 8
            cv2.rectangle(img, (bx, cy - s), (bx + s // 4, cy - s // 2), ink, -1)
    else:  # a rampant "lion": a blob with limbs
        cv2.ellipse(img, (cx, cy), (s // 2, s), 20, 0, 360, ink, -1, cv2.LINE_AA)
        for a in (30, 150, 210, 330):
            ex, ey = (
                int(cx + s * math.cos(math.radians(a))),
                int(cy + s * math.sin(math.radians(a))),
            )
            cv2.line(img, (cx, cy), (ex, ey), ink, max(1, w // 20), cv2.LINE_AA)
    return x, y, x + w, y + h


# ---------------------------------------------------------------- placing logos in rasters


def logo_affine(
    art_shape: tuple[int, int],
    width: float,
    angle: float,
    aspect: float,
    centre: tuple[float, float],
) -> np.ndarray:
    """3x3 affine from artwork pixels to page pixels (aspect = x scale / y scale)."""
    h, w = art_shape
    sx = width / w
    sy = sx / aspect
    c, s = math.cos(math.radians(angle)), math.sin(math.radians(angle))
    rot = np.array([[c, s, 0], [-s, c, 0], [0, 0, 1]])  # counter-clockwise on screen
    scale = np.diag([sx, sy, 1.0])
    to_origin = np.array([[1, 0, -w / 2], [0, 1, -h / 2], [0, 0, 1]])
    to_centre = np.array([[1, 0, centre[0]], [0, 1, centre[1]], [0, 0, 1]])
    return to_centre @ rot @ scale @ to_origin


def warp_alpha(alpha: np.ndarray, affine: np.ndarray, size: tuple[int, int]) -> np.ndarray:
    """Warp artwork alpha (float 0..1) to a page of (w, h), pre-shrinking to avoid aliasing."""
    shrink = math.sqrt(abs(np.linalg.det(affine[:2, :2])))
    if shrink < 0.5:
        f = min(1.0, 2.0 * shrink)
        small = cv2.resize(alpha, None, fx=f, fy=f, interpolation=cv2.INTER_AREA)
        pre = np.diag([alpha.shape[1] / small.shape[1], alpha.shape[0] / small.shape[0], 1.0])
        alpha, affine = small, affine @ pre
    return cv2.warpAffine(alpha, affine[:2], size, flags=cv2.INTER_LINEAR, borderValue=0)


def composite(img: np.ndarray, alpha: np.ndarray, colour: tuple[int, int, int]) -> None:
    out = (
        img.astype(np.float32) * (1 - alpha[..., None])
        + np.array(colour, np.float32) * alpha[..., None]
    )
    img[:] = np.clip(out + 0.5, 0, 255).astype(np.uint8)


def box_of(alpha: np.ndarray) -> tuple[int, int, int, int] | None:
    ys, xs = np.nonzero(alpha > 0.5)
    if ys.size == 0:
        return None
    return int(xs.min()), int(ys.min()), int(xs.max()) + 1, int(ys.max()) + 1


def contrasting_ink(
    img: np.ndarray, box: tuple[int, int, int, int], rng: np.random.Generator, allow_colour: bool
) -> tuple[int, int, int]:
    """A logo colour a designer could use on this background: black, white or a profile colour."""
    x0, y0, x1, y1 = box
    region = img[max(0, y0) : y1, max(0, x0) : x1]
    lum = float(region.mean()) if region.size else 128.0
    if allow_colour and lum > 170 and rng.random() < 0.5:
        return PROFILE_COLOURS[int(rng.integers(0, len(PROFILE_COLOURS)))]
    return (0, 0, 0) if lum > 128 else (255, 255, 255)


def random_placement(
    rng: np.random.Generator,
    page_hw: tuple[int, int],
    art_hw: tuple[int, int],
    width: float,
    angle: float,
    aspect: float,
    taken: list,
) -> np.ndarray | None:
    """An affine that keeps the logo on the page and away from the other logos, or None."""
    h, w = page_hw
    ah, aw = art_hw
    lw = width * (abs(math.cos(math.radians(angle)))) + width / aw * ah / aspect * abs(
        math.sin(math.radians(angle))
    )
    lh = width / aw * ah / aspect * abs(math.cos(math.radians(angle))) + width * abs(
        math.sin(math.radians(angle))
    )
    if lw >= w - 4 or lh >= h - 4:
        return None
    for _ in range(20):
        cx = rng.uniform(lw / 2 + 2, w - lw / 2 - 2)
        cy = rng.uniform(lh / 2 + 2, h - lh / 2 - 2)
        box = (cx - lw / 2 - 8, cy - lh / 2 - 8, cx + lw / 2 + 8, cy + lh / 2 + 8)
        if not any(_intersects(box, t) for t in taken):
            taken.append(box)
            return logo_affine(art_hw, width, angle, aspect, (cx, cy))
    return None


def _intersects(a, b) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def sample_pose(
    rng: np.random.Generator,
    page_hw: tuple[int, int],
    art_hw: tuple[int, int],
    n_logos: int,
    min_width: float = MIN_WIDTH_PX,
) -> tuple[float, float, float]:
    """Log-uniform width from ``min_width`` px (see :func:`smallest_logo`) to the page width
    (smaller when several logos share a page)."""
    h, w = page_hw
    max_w = min(w, h * art_hw[1] / art_hw[0]) * (0.95 if n_logos == 1 else 0.45)
    width = math.exp(rng.uniform(math.log(min_width), math.log(max(min_width + 1, max_w))))
    angle = 0.0 if rng.random() < 0.4 else float(rng.uniform(-10, 10))
    aspect = 1.0 if rng.random() < 0.75 else float(rng.choice([0.8, 0.85, 1.15, 1.2, 1.25]))
    return width, angle, aspect


def jpeg(img: np.ndarray, quality: int) -> np.ndarray:
    buf = io.BytesIO()
    Image.fromarray(img).save(buf, "JPEG", quality=quality)
    return np.asarray(Image.open(io.BytesIO(buf.getvalue())).convert("RGB")).copy()


# ---------------------------------------------------------------- page kinds


def random_page_background(
    rng: np.random.Generator, photo_share: float
) -> tuple[np.ndarray, int, int, bool]:
    """A page-sized background: a photo-like one with probability `photo_share`, else flat."""
    w, h = RASTER_SIZES[int(rng.integers(0, len(RASTER_SIZES)))]
    photo = rng.random() < photo_share
    img = (
        photo_background(rng, h, w, float(rng.uniform(0.2, 1.0)))
        if photo
        else flat_background(rng, h, w)
    )
    return img, w, h, photo


def raster_logo_page(rng: np.random.Generator, art: LogoArt, name: str) -> BenchPage:
    img, w, h, photo = random_page_background(rng, 0.45)
    clutter_ink = (0, 0, 0) if float(img.mean()) > 128 else (255, 255, 255)
    n = int(rng.choice([1, 1, 1, 2, 3]))
    alpha_art = art.rgba[..., 3].astype(np.float32) / 255.0
    truths, taken, tags = [], [], ["photo" if photo else "flat"]
    for _ in range(n):
        width, angle, aspect = sample_pose(rng, (h, w), alpha_art.shape, n, smallest_logo(art))
        affine = random_placement(rng, (h, w), alpha_art.shape, width, angle, aspect, taken)
        if affine is None:
            continue
        alpha = warp_alpha(alpha_art, affine, (w, h))
        box = box_of(alpha)
        if box is None:
            continue
        ink = contrasting_ink(img, box, rng, allow_colour=True)
        composite(img, alpha, ink)
        truths.append(box)
    img = cluttered_around(img, rng, clutter_ink, truths)
    quality = int(rng.choice([0, 0, 90, 75, 60, 40]))
    if quality:
        img = jpeg(img, quality)
        tags.append(f"jpeg{quality}")
    return BenchPage(name, img, art.key, truths, tuple(tags))


def negative_page(rng: np.random.Generator, art_key: str, name: str) -> BenchPage:
    """No logo: clutter, other shields/coats of arms and/or the words 'Stockholms stad'."""
    img, w, h, _photo = random_page_background(rng, 0.3)
    ink = (0, 0, 0) if float(img.mean()) > 128 else (255, 255, 255)
    add_clutter(img, rng, ink)
    kind = str(rng.choice(["empty", "shield", "text", "shield+text"]))
    for _ in range(int(rng.integers(1, 4))):
        size = int(math.exp(rng.uniform(math.log(14), math.log(min(w, h) / 4))))
        x, y = (
            int(rng.integers(0, max(1, w - 6 * size))),
            int(rng.integers(0, max(1, h - 3 * size))),
        )
        if "shield" in kind:
            x1 = draw_shield(img, rng, x, y, size, ink)[2]
            if "text" in kind:
                draw_text(
                    img,
                    rng,
                    "Stockholms\nstad",
                    (x1 + size // 6, y + size // 10),
                    max(8, size // 3),
                    ink,
                )
        elif kind == "text":
            text = "Stockholms\nstad" if rng.random() < 0.6 else "Stockholms stad"
            draw_text(img, rng, text, (x, y), max(8, size // 2), ink)
    quality = int(rng.choice([0, 75, 40]))
    if quality:
        img = jpeg(img, quality)
    return BenchPage(name, img, art_key, [], ("negative", kind))


def pdf_logo_page(
    rng: np.random.Generator, art: LogoArt, name: str, vector: bool, save_to: Path | None = None
) -> BenchPage:
    """An A4 PDF page with text, maybe a photo, and the logo as vector art or as a placed image
    (the PDF itself is written to ``save_to`` when given, for tests of the whole check)."""
    doc = pymupdf.open()
    page = doc.new_page(width=A4_PT[0], height=A4_PT[1])
    dark = rng.random() < 0.25
    page.draw_rect(page.rect, color=None, fill=(0.1, 0.15, 0.3) if dark else (1, 1, 1))
    if rng.random() < 0.4:
        photo = photo_background(rng, 400, 560, float(rng.uniform(0.2, 0.8)))
        buf = io.BytesIO()
        Image.fromarray(photo).save(buf, "PNG")
        page.insert_image(pymupdf.Rect(40, 420, 555, 790), stream=buf.getvalue())
    text_colour = (1, 1, 1) if dark else (0, 0, 0)
    min_pt = smallest_logo(art) * 72 / PDF_DPI
    width_pt = math.exp(rng.uniform(math.log(min_pt), math.log(A4_PT[0] * 0.9)))
    aspect = 1.0 if rng.random() < 0.75 else float(rng.choice([0.85, 1.2]))
    angle = float(rng.uniform(-10, 10)) if vector and rng.random() < 0.4 else 0.0
    art_h, art_w = art.rgba.shape[:2]
    height_pt = width_pt * art_h / art_w / aspect
    if angle:
        # show_pdf_page fits the rotated artwork into the rectangle, which shrinks it (a 40 px
        # logo came out 30 px wide, below the sizes the detector is asked for): grow the
        # rectangle so the logo itself is width_pt wide (as far as the page allows)
        c, s = abs(math.cos(math.radians(angle))), abs(math.sin(math.radians(angle)))
        ratio = art_h / art_w
        fit = min(1.0 / (c + ratio * s), ratio / aspect / (s + ratio * c))
        grow = min(1.0 / fit, A4_PT[0] * 0.9 / width_pt)
        width_pt, height_pt = width_pt * grow, height_pt * grow
    x0 = float(rng.uniform(10, A4_PT[0] - width_pt - 10)) if width_pt < A4_PT[0] - 20 else 10.0
    y0 = float(rng.uniform(10, A4_PT[1] - height_pt - 10))
    rect = pymupdf.Rect(x0, y0, x0 + width_pt, y0 + height_pt)
    q = height_pt / 4
    clear = pymupdf.Rect(rect.x0 - q, rect.y0 - q - 30, rect.x1 + q, rect.y1 + q + 10)
    for i in range(int(rng.integers(3, 10))):
        words = " ".join(rng.choice(WORDS, size=int(rng.integers(3, 8))))
        if not pymupdf.Rect(50, 95 + 30 * i, 560, 125 + 30 * i).intersects(clear):
            page.insert_text(
                (50, 120 + 30 * i), words, fontsize=float(rng.uniform(8, 22)), color=text_colour
            )
    preview = page.get_pixmap(dpi=24)
    small = np.frombuffer(preview.samples, np.uint8).reshape(
        preview.height, preview.width, preview.n
    )
    f = 24 / 72
    box = (int(rect.x0 * f), int(rect.y0 * f), int(rect.x1 * f) + 1, int(rect.y1 * f) + 1)
    colour = contrasting_ink(small[..., :3], box, rng, allow_colour=True)
    place = _placer(art, colour, vector, angle)
    place(page, rect)
    pix = page.get_pixmap(dpi=PDF_DPI)
    img = np.frombuffer(pix.samples, np.uint8).reshape(pix.height, pix.width, pix.n)[..., :3].copy()
    truth = _pdf_logo_box(place, rect, pix.width, pix.height)
    if save_to is not None:
        doc.save(save_to)
    doc.close()
    tags = ("pdf-vector" if vector else "pdf-raster", f"angle{angle:.0f}")
    return BenchPage(name, img, art.key, [truth] if truth else [], tags)


def _placer(art: LogoArt, colour: tuple[int, int, int], vector: bool, angle: float):
    """A function that draws the logo into a PDF page's rectangle."""
    if vector:
        with pymupdf.open(stream=art.svg_in(colour).encode("utf-8"), filetype="svg") as svg:
            src = pymupdf.open("pdf", svg.convert_to_pdf())

        def place(page: pymupdf.Page, rect: pymupdf.Rect) -> None:
            page.show_pdf_page(rect, src, 0, keep_proportion=angle != 0, rotate=angle)

        return place
    rgba = art.rgba.copy()
    rgba[..., :3] = colour
    buf = io.BytesIO()
    Image.fromarray(rgba, "RGBA").save(buf, "PNG")
    data = buf.getvalue()

    def place_image(page: pymupdf.Page, rect: pymupdf.Rect) -> None:
        page.insert_image(rect, stream=data, keep_proportion=False)

    return place_image


def _pdf_logo_box(place, rect, width: int, height: int) -> tuple[int, int, int, int] | None:
    """Ground truth: render the logo alone, transparent, and take its ink box."""
    doc = pymupdf.open()
    page = doc.new_page(width=A4_PT[0], height=A4_PT[1])
    place(page, rect)
    pix = page.get_pixmap(dpi=PDF_DPI, alpha=True)
    alpha = np.frombuffer(pix.samples, np.uint8).reshape(pix.height, pix.width, 4)[..., 3]
    doc.close()
    return box_of(alpha.astype(np.float32) / 255.0)


def generate_pages(n: int, seed: int, arts: dict[str, LogoArt]) -> Iterator[BenchPage]:
    """The labelled page set: about 60 % main logos (the stand-in or ``--logo``), 15 % other
    artwork, 25 % negatives. ``arts`` has the keys "main" and "alt"; a main artwork without
    vector art is placed as an image on the PDF pages meant for vector art."""
    rng = np.random.default_rng(seed)
    main = arts["main"]
    for i in range(n):
        r = rng.random()
        name = f"p{i:04d}"
        if r < 0.25:
            yield negative_page(rng, main.key, name)
        elif r < 0.40:
            yield raster_logo_page(rng, arts["alt"], name)
        elif r < 0.50:
            yield pdf_logo_page(rng, main, name, vector=main.svg is not None)
        elif r < 0.55:
            yield pdf_logo_page(rng, main, name, vector=False)
        else:
            yield raster_logo_page(rng, main, name)


# ---------------------------------------------------------------- baseline and scoring


def baseline_detect(
    gray: np.ndarray, template_gray: np.ndarray, threshold: float = 0.6
) -> list[tuple[float, tuple[int, int, int, int]]]:
    """Naive: TM_CCOEFF_NORMED on the full-resolution page at 24 scales, best peak per scale."""
    h, w = gray.shape
    th, tw = template_gray.shape
    max_w = min(w, h * tw / th)
    peaks = []
    for width in np.geomspace(40, max_w, 24):
        f = width / tw
        size = (max(2, round(tw * f)), max(2, round(th * f)))
        if size[0] > w or size[1] > h:
            continue
        tpl = cv2.resize(template_gray, size, interpolation=cv2.INTER_AREA)
        res = cv2.matchTemplate(gray, tpl, cv2.TM_CCOEFF_NORMED)
        _, best, _, loc = cv2.minMaxLoc(np.nan_to_num(res))
        peaks.append((float(best), (loc[0], loc[1], loc[0] + size[0], loc[1] + size[1])))
    kept: list[tuple[float, tuple[int, int, int, int]]] = []
    for score, box in sorted(peaks, reverse=True):
        if score >= threshold and not any(iou(box, k[1]) > 0.3 for k in kept):
            kept.append((score, box))
    return kept


def iou(a, b) -> float:
    iw = min(a[2], b[2]) - max(a[0], b[0])
    ih = min(a[3], b[3]) - max(a[1], b[1])
    if iw <= 0 or ih <= 0:
        return 0.0
    inter = iw * ih
    return inter / ((a[2] - a[0]) * (a[3] - a[1]) + (b[2] - b[0]) * (b[3] - b[1]) - inter)


@dataclass
class Tally:
    truths: int = 0
    detections: int = 0
    hits: int = 0
    ious: list[float] = field(default_factory=list)
    seconds: list[float] = field(default_factory=list)
    cpu_seconds: list[float] = field(default_factory=list)
    misses: list[str] = field(default_factory=list)
    false: list[str] = field(default_factory=list)

    def add(
        self,
        page: BenchPage,
        boxes: list[tuple[int, int, int, int]],
        seconds: float,
        cpu_seconds: float = 0.0,
    ) -> None:
        self.truths += len(page.truths)
        self.detections += len(boxes)
        self.seconds.append(seconds)
        self.cpu_seconds.append(cpu_seconds)
        unmatched = list(page.truths)
        for box in boxes:
            scores = [iou(box, t) for t in unmatched]
            if scores and max(scores) >= 0.5:
                best = int(np.argmax(scores))
                self.ious.append(scores[best])
                unmatched.pop(best)
                self.hits += 1
            else:
                self.false.append(f"{page.name}{list(page.tags)} {box}")
        self.misses.extend(f"{page.name}{list(page.tags)} {t}" for t in unmatched)

    def line(self, label: str) -> str:
        recall = self.hits / self.truths if self.truths else 1.0
        precision = self.hits / self.detections if self.detections else 1.0
        med = statistics.median(self.ious) if self.ious else 0.0
        ms = 1000 * statistics.mean(self.seconds) if self.seconds else 0.0
        cpu_ms = 1000 * statistics.mean(self.cpu_seconds) if self.cpu_seconds else 0.0
        return (
            f"{label:<34} pages={len(self.seconds):4d} logos={self.truths:4d} "
            f"recall={recall:.3f} precision={precision:.3f} median_iou={med:.3f} "
            f"ms/page={ms:8.1f} cpu_ms/page={cpu_ms:8.1f}"
        )


def detector_boxes(
    page: BenchPage, banks: dict[str, TemplateBank]
) -> tuple[list, float, list[LogoDetection], float]:
    """The detector's boxes on ``page``, its wall-clock seconds, its detections and its CPU
    seconds (process time: on a shared host the fairer measure of single-threaded work).
    BLAS is held to one thread, as the checks run the detector (`blas_threads`)."""
    t0, c0 = time.perf_counter(), time.process_time()
    with one_blas_thread():
        dets = detect_logos(page.rgb, banks[page.art])
    return [d.bbox for d in dets], time.perf_counter() - t0, dets, time.process_time() - c0


def baseline_boxes(page: BenchPage, grays: dict[str, np.ndarray]) -> tuple[list, float, float]:
    """The naive baseline's boxes on ``page``, its wall-clock and its CPU seconds."""
    t0, c0 = time.perf_counter(), time.process_time()
    gray = cv2.cvtColor(page.rgb, cv2.COLOR_RGB2GRAY)
    found = baseline_detect(gray, grays[page.art])
    return [b for _, b in found], time.perf_counter() - t0, time.process_time() - c0


def template_gray(art: LogoArt) -> np.ndarray:
    """Ink-on-white greyscale of the artwork cropped to its ink box (the naive template)."""
    alpha = art.rgba[..., 3].astype(np.float32) / 255.0
    x0, y0, x1, y1 = box_of(alpha)  # type: ignore[misc]
    return np.clip(255 * (1 - alpha[y0:y1, x0:x1]), 0, 255).astype(np.uint8)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=300)
    parser.add_argument("--seed", type=int, default=2024)
    parser.add_argument(
        "--baseline-every",
        type=int,
        default=4,
        help="time the naive baseline on every K-th page (it is slow)",
    )
    parser.add_argument("--verbose", action="store_true", help="list misses and false detections")
    parser.add_argument(
        "--alt-seed",
        type=int,
        default=7,
        help="seed of the procedural second artwork (another seed: artwork never tuned on)",
    )
    parser.add_argument(
        "--logo",
        type=Path,
        help="a single-colour logo file (SVG, PDF, PNG, ...) to use in place of the stand-in, "
        "e.g. the official logotype",
    )
    parser.add_argument(
        "--threads",
        type=int,
        help="OpenCV threads for the detector and the baseline (default: OpenCV's own; the "
        "batch workers run with 1)",
    )
    args = parser.parse_args(argv)
    if args.threads is not None:
        if args.threads < 1:
            parser.error("--threads must be at least 1")
        cv2.setNumThreads(args.threads)

    try:
        main_art = standin_art() if args.logo is None else file_art(args.logo)
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        parser.error(f"--logo {args.logo}: {exc}")
    arts = {"main": main_art, "alt": alt_art(args.alt_seed)}
    banks = {a.key: bank_for(a) for a in arts.values()}
    grays = {a.key: template_gray(a) for a in arts.values()}
    ours, ours_sub, base = Tally(), Tally(), Tally()
    gen_seconds = 0.0
    t_start = time.perf_counter()
    pages = generate_pages(args.pages, args.seed, arts)
    for i in range(args.pages):
        t0 = time.perf_counter()
        page = next(pages)
        gen_seconds += time.perf_counter() - t0
        boxes, secs, _, cpu = detector_boxes(page, banks)
        ours.add(page, boxes, secs, cpu)
        if i % args.baseline_every == 0:
            ours_sub.add(page, boxes, secs, cpu)
            b_boxes, b_secs, b_cpu = baseline_boxes(page, grays)
            base.add(page, b_boxes, b_secs, b_cpu)

    print(
        f"logo detection benchmark: {args.pages} pages, seed {args.seed}, logo {main_art.key}, "
        f"cv2 threads {cv2.getNumThreads()}, generation {gen_seconds:.1f} s, "
        f"total {time.perf_counter() - t_start:.1f} s"
    )
    print(ours.line("brandcheck detector (all pages)"))
    print(ours_sub.line(f"brandcheck detector (every {args.baseline_every}th)"))
    print(base.line(f"naive baseline (every {args.baseline_every}th)"))
    speed = statistics.mean(base.seconds) / max(1e-9, statistics.mean(ours_sub.seconds))
    cpu_speed = statistics.mean(base.cpu_seconds) / max(1e-9, statistics.mean(ours_sub.cpu_seconds))
    print(f"speed ratio on the same pages: {speed:.1f}x faster than the naive baseline")
    print(f"CPU-time ratio on the same pages: {cpu_speed:.1f}x")
    if args.verbose:
        for label, items in (("missed", ours.misses), ("false", ours.false)):
            for item in items:
                print(f"  {label}: {item}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
