"""Load logo artwork files (SVG, PDF, EPS, PNG, JPEG, ...) into RGBA arrays for logo detection."""

from __future__ import annotations

import functools
import os
import shutil
import subprocess
import tempfile
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

import cv2
import numpy as np

from brandcheck.formats import sniff, svg_root
from brandcheck.imaging.logo_shapes import opaque_but_for_edge
from brandcheck.imaging.logo_sheet import repeated_groups

if TYPE_CHECKING:
    import pymupdf
    from PIL import Image

VECTOR_SUFFIXES = frozenset({".svg", ".pdf", ".eps"})
_DOS_EPS = b"\xc5\xd0\xd3\xc6"  # an EPS with a TIFF or WMF preview begins with this
_GS_SECONDS = 60  # the most Ghostscript may take to turn an EPS logo into a PDF
_MIN_RASTER_WIDTH = 64  # px: a raster logo file narrower than this is refused
_SNIFF_BYTES = 4096  # an SVG's root element may follow a long comment or doctype
#: Distance (0..441 in RGB units) below which a pixel counts as background when deriving a mask.
_BACKGROUND_NOISE_FLOOR = 12.0
_CORNER = 0.01  # share of an opaque logo file's short side its corner patches span (3 px or more)
_SAME_COLOUR = 3 * _BACKGROUND_NOISE_FLOOR  # corners closer than this show one background
_INK_SHARE = 0.25  # border pixels this share of the way to the inkiest colour are artwork
_WORK = 2  # a raster logo is shrunk on load to no less than this many times the template size
_REDUCIBLE = frozenset({"L", "LA", "RGB", "RGBA"})  # modes Pillow's reduce takes as they are
_FILLED = 0.5  # artwork covering less of its canvas than this, either way, is cropped to first
_PAD, _PAD_PX = 0.02, 4  # the margin left around it: a share of its size, and at least 4 px
Box = tuple[float, float, float, float]


def load_logo_rgba(
    path: str | os.PathLike[str], width: int | None = None, height: int | None = None
) -> np.ndarray:
    """Return the logo in ``path`` as a read-only RGBA uint8 array (H x W x 4).

    ``width``/``height`` request an output size in pixels; give one to keep the artwork's
    proportions, both to force a size, neither for the file's natural size (1 px per point for
    vector files). SVG files are drawn with resvg, PDF files with PyMuPDF (EPS through
    Ghostscript), raster files read with Pillow. Files without transparency get an alpha mask
    derived from their background (the colour their corners show). Raises ``ValueError`` naming
    the path and the reason when the file cannot be used as a logo.
    """
    resolved = Path(path)
    try:
        stat = resolved.stat()
    except OSError as exc:
        raise ValueError(f"cannot read logo file {resolved}: {exc.strerror or exc}") from exc
    for value, label in ((width, "width"), (height, "height")):
        if value is not None and value < 1:
            raise ValueError(f"cannot render logo file {resolved}: {label} must be >= 1")
    return _load_cached(str(resolved.resolve()), stat.st_mtime_ns, stat.st_size, width, height)


def logo_file_notes(
    path: str | os.PathLike[str], width: int | None = None, height: int | None = None
) -> tuple[str, ...]:
    """What to tell the user about a logo file that loads but is likely not one logo: a PDF of
    several pages (only the first is drawn), or artwork that repeats itself in separate places
    (a logo sheet with several versions, used whole as one template). Loads the file as
    ``load_logo_rgba`` does, at the size given (cached), and raises as it does."""
    alpha = load_logo_rgba(path, width, height)[..., 3]
    shown = Path(path)
    notes = []
    if _vector_kind(str(shown)) == "pdf":
        from brandcheck.document.native_path import open_vector

        with open_vector(str(shown), "pdf") as doc:
            pages = doc.page_count
        if pages > 1:
            notes.append(
                f"logo file {shown} has {pages} pages: only the first is the logo searched for. "
                "Give each version of the logo in a file of its own."
            )
    groups = repeated_groups(alpha)
    if groups:
        notes.append(
            f"logo file {shown} looks like a logo sheet: the same artwork is in {groups} "
            "separate places in it, and a logo file is searched for whole, as one logo. Give "
            "each version of the logo in a file of its own."
        )
    return tuple(notes)


@functools.lru_cache(maxsize=64)
def _load_cached(
    path: str, mtime_ns: int, size: int, width: int | None, height: int | None
) -> np.ndarray:
    """Load and size the logo; cached on path, modification time, file size and output size."""
    del mtime_ns, size  # only part of the cache key
    try:
        with _as_drawn(path, _vector_kind(path)) as (source, kind):
            image = None if kind else _open_raster(path)
            if image is not None and image.width < _MIN_RASTER_WIDTH:
                raise ValueError(
                    f"logo file {path} is only {image.width} px wide: too small to match logos "
                    f"by; give one at least {_MIN_RASTER_WIDTH} px wide (200 or more is better) "
                    "or a vector file (SVG, PDF, EPS)"
                )
            if image is None:
                rgba = _render_vector(source, kind, width, height)
            else:
                rgba = _raster_part(image, None, width, height)
            shaped = _shaped(rgba, path) if (width or height) else None
            box = _artwork_box(shaped) if shaped is not None else None
            if box is not None:
                rgba = (
                    _render_vector(source, kind, width, height, box)
                    if image is None
                    else _raster_part(image, box, width, height)
                )
    except ValueError as exc:
        if path in str(exc):
            raise
        raise ValueError(f"cannot read logo file {path}: {exc}") from exc
    except Exception as exc:
        raise ValueError(f"cannot read logo file {path}: {exc}") from exc
    sized = _resize_rgba(rgba, width, height)
    # a vector file rendered at its size and not cropped is shaped already
    rgba = shaped if box is None and sized is rgba and shaped is not None else _shaped(sized, path)
    if int(rgba[..., 3].max()) < 128:
        linked = " (pictures an SVG links from other files are not drawn)" if kind == "svg" else ""
        raise ValueError(f"logo file {path} has no visible artwork (fully transparent){linked}")
    rgba.setflags(write=False)
    return rgba


def _shaped(rgba: np.ndarray, path: str) -> np.ndarray:
    """The logo with an alpha that carries its shape: derived from its colours when the file
    is opaque (artwork drawn on a background)."""
    return _with_derived_alpha(rgba, path) if opaque_but_for_edge(rgba[..., 3] / 255.0) else rgba


def _artwork_box(rgba: np.ndarray) -> Box | None:
    """Where the artwork is on a canvas it leaves mostly empty (a logo on a large artboard or
    with a wide transparent margin), as fractions of the canvas, with a small margin; None when
    it fills at least half the canvas both ways, or nothing is visible.

    Sized as a whole, such a canvas would leave the artwork itself a few dozen pixels wide: a
    coarse template that measures every logo found by it wrongly.
    """
    ys, xs = np.nonzero(rgba[..., 3] >= 128)
    if xs.size == 0:
        return None
    h, w = rgba.shape[:2]
    x0, x1, y0, y1 = int(xs.min()), int(xs.max()) + 1, int(ys.min()), int(ys.max()) + 1
    if x1 - x0 >= _FILLED * w and y1 - y0 >= _FILLED * h:
        return None
    pad = max(_PAD_PX, round(_PAD * max(x1 - x0, y1 - y0)))
    return (
        max(0, x0 - pad) / w,
        max(0, y0 - pad) / h,
        min(w, x1 + pad) / w,
        min(h, y1 + pad) / h,
    )


def _vector_kind(path: str) -> str | None:
    """The vector format, "pdf", "svg" or "eps" (PostScript), when the file's first bytes say
    so, whatever its name ends in (a logo saved without an extension, or as .png); else by its
    extension; None for raster files."""
    with open(path, "rb") as fh:
        head = fh.read(_SNIFF_BYTES)
    text = head.removeprefix(b"\xef\xbb\xbf").lstrip().lower()
    if text.startswith(b"%pdf-"):
        return "pdf"
    if text.startswith(b"%!ps") or head.startswith(_DOS_EPS):
        return "eps"
    root = svg_root(head)  # the root element after the prolog, as a document's triage does
    if root is None:  # a prolog longer than the head (a long comment or DOCTYPE)
        root = sniff(Path(path)) == ("svg", "svg")
    if root:
        return "svg"
    suffix = Path(path).suffix.lower()
    return suffix[1:] if suffix in VECTOR_SUFFIXES else None


@contextmanager
def _as_drawn(path: str, kind: str | None) -> Iterator[tuple[str, str | None]]:
    """The file to draw the logo from and its kind: an EPS file turned into a PDF (for the
    ``with`` block), any other file as it is."""
    if kind != "eps":
        yield path, kind
        return
    with tempfile.TemporaryDirectory(prefix="brandcheck-eps-") as folder:
        converted = _eps_to_pdf(path, os.path.join(folder, "converted.pdf"))
        yield _painted_page(converted, os.path.join(folder, "logo.pdf")), "pdf"


def _eps_to_pdf(path: str, out: str) -> str:
    """Write an EPS (or PostScript) logo file as a PDF of its BoundingBox with Ghostscript:
    vector art on a transparent page, drawn like any PDF logo at the template's size and cropped
    to its artwork (Pillow would rasterise it at 72 dpi, on white). Returns ``out``."""
    gs = shutil.which("gs")
    if gs is None:
        raise ValueError(
            f"logo file {path} is EPS, which is read with Ghostscript (Debian package "
            "ghostscript), not installed here: install it, or export the logo as SVG or PDF"
        )
    args = [gs, "-q", "-dSAFER", "-dBATCH", "-dNOPAUSE", "-dEPSCrop", "-sDEVICE=pdfwrite"]
    try:
        done = subprocess.run(
            [*args, f"-sOutputFile={out}", path],
            capture_output=True,
            timeout=_GS_SECONDS,
            check=False,
        )
    except subprocess.TimeoutExpired as exc:
        raise ValueError(
            f"logo file {path}: Ghostscript took over {_GS_SECONDS} s to read it as EPS; "
            "export the logo as SVG or PDF"
        ) from exc
    if done.returncode != 0 or not os.path.isfile(out) or os.path.getsize(out) == 0:
        said = (done.stderr or done.stdout).decode("utf-8", "replace").strip().splitlines()
        raise ValueError(
            f"logo file {path}: Ghostscript could not read it as EPS"
            f"{f' ({said[-1].strip()})' if said else ''}; export the logo as SVG or PDF"
        )
    return out


def _painted_page(path: str, out: str) -> str:
    """The PDF at ``path`` with its page cropped to what is painted on it, saved as ``out``.

    An EPS BoundingBox is whole points, rounded outward: a logo on a white background
    rectangle leaves a sliver of the page transparent, so the file reads as artwork with the
    rectangle for its shape instead of as artwork drawn on a background."""
    import pymupdf

    with pymupdf.open(path) as doc:
        page = doc[0]
        painted = pymupdf.Rect()
        for what, box in page.get_bboxlog():
            if what.startswith(("fill", "stroke")):
                painted |= box
        painted &= page.rect
        if painted.is_empty or painted == page.rect:
            return path
        page.set_cropbox(painted)
        doc.save(out)
    return out


def _render_vector(
    path: str, kind: str, width: int | None, height: int | None, box: Box | None = None
) -> np.ndarray:
    """Render page 1 of an SVG or PDF file, with transparency: the whole page, or the part
    ``box`` gives (fractions of the page), at the requested size. MuPDF opens both (an SVG's
    size, and its limits: ``open_vector``); an SVG is drawn by resvg (``svg_render``), which
    draws the clip paths, masks and dashes MuPDF leaves out, unless Python cannot parse it."""
    import pymupdf

    from brandcheck.document.native_path import open_vector

    with open_vector(path, kind) as doc:
        if doc.needs_pass:
            raise ValueError(f"logo file {path} is encrypted: save a copy without a password")
        if doc.page_count < 1:
            raise ValueError(f"logo file {path} has no pages")
        page = doc[0]
        rect = page.rect
        if rect.width <= 0 or rect.height <= 0:
            raise ValueError(f"logo file {path} has an empty page")
        if box is not None:
            x0, y0 = rect.x0 + box[0] * rect.width, rect.y0 + box[1] * rect.height
            x1, y1 = rect.x0 + box[2] * rect.width, rect.y0 + box[3] * rect.height
            rect = pymupdf.Rect(x0, y0, x1, y1)
        zoom_x, zoom_y = _zoom(rect.width, rect.height, width, height)
        if kind == "svg":
            drawn = _drawn_by_resvg(path, page.rect, (zoom_x, zoom_y), rect)
            if drawn is not None:
                return drawn
        matrix = pymupdf.Matrix(zoom_x, zoom_y)
        pix = page.get_pixmap(matrix=matrix, alpha=True, clip=rect if box is not None else None)
        rgba = np.frombuffer(pix.samples, np.uint8).reshape(pix.height, pix.width, pix.n)
    if rgba.shape[2] != 4:
        raise ValueError(f"logo file {path} did not render to RGBA")
    return rgba.copy()


def _drawn_by_resvg(
    path: str, page: pymupdf.Rect, zoom: tuple[float, float], part: pymupdf.Rect
) -> np.ndarray | None:
    """The SVG logo file drawn by resvg (``svg_render``): the part ``part`` of its page
    ``page`` at ``zoom`` pixels a point; None when Python cannot parse its XML (MuPDF then
    draws it, as it draws SVG documents). Raises ValueError past ``Limits.max_raster_pixels``,
    and when it embeds a picture of more than ``Limits.max_image_pixels``: resvg ends the
    process when it cannot allocate its canvas or the picture."""
    from brandcheck import svg_render
    from brandcheck.document.model import Limits

    pixels = part.width * zoom[0] * part.height * zoom[1]
    if pixels > Limits().max_raster_pixels:
        raise ValueError(
            f"logo file {path} would be drawn {part.width * zoom[0]:,.0f} x "
            f"{part.height * zoom[1]:,.0f} px, over the {Limits().max_raster_pixels:,} px a logo "
            "template may have: its width, height or viewBox is out of proportion"
        )
    with open(path, "rb") as fh:
        try:
            root = svg_render.drawable(fh.read(), Limits().max_image_pixels)
        except svg_render.TooDeep as exc:
            raise ValueError(f"logo file {path} {exc}: export the logo flattened") from None
        except svg_render.PictureTooLarge as exc:  # resvg would end the process decoding it
            raise ValueError(
                f"logo file {path} {exc}: export the logo with its picture made smaller"
            ) from None
    if root is None:
        return None
    at = (part.x0 - page.x0, part.y0 - page.y0, part.x1 - page.x0, part.y1 - page.y0)
    return svg_render.draw(root, (page.width, page.height), zoom, at)


def _zoom(w: float, h: float, width: int | None, height: int | None) -> tuple[float, float]:
    """Zoom factors that turn a w x h point page into the requested pixel size."""
    if width is None and height is None:
        return 1.0, 1.0
    zx = width / w if width is not None else height / h  # type: ignore[operator]
    zy = height / h if height is not None else zx
    return zx, zy


def _open_raster(path: str) -> Image.Image:
    """A raster image read with Pillow as viewers show it (EXIF orientation applied; first
    frame of multi-frame files). Raises ValueError, before decoding it, when its header says
    it is more than ``Limits.max_image_pixels`` pixels, as for a picture an SVG logo embeds."""
    from PIL import Image, ImageOps

    from brandcheck.document.model import Limits
    from brandcheck.picture_open import open_picture, over_guard, over_limit

    limit = Limits().max_image_pixels
    try:
        img = open_picture(path)
    except Image.DecompressionBombError as exc:  # a format's reader applied Pillow's guard
        raise ValueError(
            f"logo file {path} is {over_limit(over_guard(exc) or 0, limit)}: export the logo "
            "smaller, or as a vector file (SVG, PDF, EPS)"
        ) from exc
    with img:
        if img.width * img.height > limit:
            raise ValueError(
                f"logo file {path} is {img.width:,} × {img.height:,} pixels, more than "
                f"brandcheck reads ({limit / 1e6:,g} megapixels): export the logo smaller, or "
                "as a vector file (SVG, PDF, EPS)"
            )
        # under our limit, Pillow's own warning over 89 MP (a raw Python warning) is noise
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            img.load()
            ImageOps.exif_transpose(img, in_place=True)  # in place: a print file is not copied
    return img


def _raster_part(
    image: Image.Image, box: Box | None, width: int | None, height: int | None
) -> np.ndarray:
    """The image, or the part ``box`` gives (fractions of it), as RGBA, shrunk by a whole
    factor (Pillow's ``reduce``, alpha premultiplied) to no less than ``_WORK`` times the
    requested size: a 9000 px print file is not taken through the float maths at full size."""
    if box is not None:
        w, h = image.size
        x0, y0 = int(box[0] * w), int(box[1] * h)
        image = image.crop((x0, y0, max(x0 + 1, round(box[2] * w)), max(y0 + 1, round(box[3] * h))))
    factors = [image.width // (_WORK * width)] if width else []
    factors += [image.height // (_WORK * height)] if height else []
    factor = min(factors, default=1)
    if factor > 1:
        if image.mode not in _REDUCIBLE:
            image = image.convert("RGBA")
        image = image.reduce(factor)
    return np.asarray(image.convert("RGBA")).copy()


def _resize_rgba(rgba: np.ndarray, width: int | None, height: int | None) -> np.ndarray:
    """Resize with premultiplied alpha so transparent pixels do not bleed colour."""
    h, w = rgba.shape[:2]
    if width is None and height is None:
        return rgba
    new_w = width if width is not None else max(1, round(w * height / h))  # type: ignore[operator]
    new_h = height if height is not None else max(1, round(h * width / w))  # type: ignore[operator]
    if (new_w, new_h) == (w, h):
        return rgba
    alpha = rgba[..., 3:4].astype(np.float32) / 255.0
    premult = np.concatenate([rgba[..., :3].astype(np.float32) * alpha, alpha * 255.0], axis=2)
    interp = cv2.INTER_AREA if new_w < w else cv2.INTER_CUBIC
    out = cv2.resize(premult, (new_w, new_h), interpolation=interp)
    a = np.clip(out[..., 3:4], 0.0, 255.0)
    rgb = np.where(a > 0.5, out[..., :3] * 255.0 / np.maximum(a, 1e-6), 0.0)
    return np.clip(np.concatenate([rgb, a], axis=2) + 0.5, 0, 255).astype(np.uint8)


def _with_derived_alpha(rgba: np.ndarray, path: str) -> np.ndarray:
    """Derive alpha from the distance of each pixel's colour to the background colour.

    Pixels that are not opaque (the half-covered edge of a rendering; MuPDF's are premultiplied,
    so they look darker) are background and not part of the background's sample.
    """
    rgb = rgba[..., :3].astype(np.float32)
    edge = rgba[..., 3] < 250
    background, sample = _background(rgb, edge)
    dist = np.linalg.norm(rgb - background, axis=2)
    border_dist = np.linalg.norm(sample - background, axis=1)
    floor = max(_BACKGROUND_NOISE_FLOOR, float(np.percentile(border_dist, 95)))
    far = dist[dist > floor]
    hint = (
        "; artwork that fills the image to its corners leaves no background to tell it from: "
        "export it with transparency"
    )
    if far.size < 16:
        raise ValueError(f"logo file {path} is flat: no artwork differs from its background{hint}")
    ink = float(np.percentile(far, 90))
    if ink - floor < 2 * _BACKGROUND_NOISE_FLOOR:
        raise ValueError(f"logo file {path} has too little contrast against its background{hint}")
    alpha = np.clip((dist - floor) / (ink - floor), 0.0, 1.0)
    alpha[edge] = 0.0
    out = rgba.copy()
    out[..., 3] = np.round(alpha * 255.0).astype(np.uint8)
    return out


def _background(rgb: np.ndarray, edge: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The background colour of an opaque logo file, and the border pixels that show it.

    The border is the background's sample, but artwork cropped tight runs into it (a black
    logo on white cropped to its ink, a badge edge to edge), and then the border's median or
    its spread (95 % of it is taken as noise) measures the ink. So the colour the corners show
    (``_corner_colour``: a logo rarely fills them, and a white logo on a dark field has dark
    corners) is the background, and border pixels a quarter of the way from it to the inkiest
    colour or further are artwork, left out of the sample. Without two corners alike (a
    gradient) the whole border is the sample, its median the background.
    """
    sides = [
        (rgb[0], edge[0]),
        (rgb[-1], edge[-1]),
        (rgb[:, 0], edge[:, 0]),
        (rgb[:, -1], edge[:, -1]),
    ]
    border = np.concatenate([side[~partial] for side, partial in sides])
    if border.size == 0:
        border = np.concatenate([side for side, _ in sides])
    corner = _corner_colour(rgb, edge, border)
    if corner is not None:
        step = max(1, round((rgb.shape[0] * rgb.shape[1] / 1e6) ** 0.5))  # ~1 Mpx suffice
        inkiest = np.percentile(np.linalg.norm(rgb[::step, ::step] - corner, axis=2), 99)
        apart = max(_SAME_COLOUR, _INK_SHARE * float(inkiest))
        sample = border[np.linalg.norm(border - corner, axis=1) < apart]
        if sample.shape[0] >= 16:
            return np.median(sample, axis=0), sample
    return np.median(border, axis=0), border


def _corner_colour(rgb: np.ndarray, edge: np.ndarray, border: np.ndarray) -> np.ndarray | None:
    """The colour most of the image's four corners show (the median of each corner's patch,
    opaque pixels only), at least two of them; between two pairs, the one more of the border
    is nearer (a lockup whose bar runs along its foot fills the two lower corners). None when
    no two corners agree (a gradient)."""
    h, w = edge.shape
    c = max(3, round(_CORNER * min(h, w)))
    colours = []
    for ys in (slice(0, c), slice(h - c, h)):
        for xs in (slice(0, c), slice(w - c, w)):
            usable = ~edge[ys, xs]
            if usable.any():
                colours.append(np.median(rgb[ys, xs][usable], axis=0))
    groups: list[np.ndarray] = []
    for colour in colours:
        near = [other for other in colours if np.linalg.norm(other - colour) < _SAME_COLOUR]
        if len(near) >= 2 and not any(np.linalg.norm(g - colour) < _SAME_COLOUR for g in groups):
            groups.append(np.median(np.array(near), axis=0))
    if len(groups) < 2:
        return groups[0] if groups else None
    nearest = np.argmin([np.linalg.norm(border - g, axis=1) for g in groups], axis=0)
    return groups[int(np.bincount(nearest, minlength=len(groups)).argmax())]
