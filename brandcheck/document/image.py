"""Raster image documents through Pillow: safe decoding, colour management, EXIF orientation,
frames as pages."""

from __future__ import annotations

import contextlib
import functools
import io
import re
import warnings
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from PIL import Image, ImageCms, ImageFile

from brandcheck.document.cmyk import default_cmyk_to_srgb
from brandcheck.document.model import Document, Limits, Page, library_error, raster_size
from brandcheck.errors import InputError
from brandcheck.picture_data import png_metadata_after_data, png_rows_whole, short_data
from brandcheck.picture_open import open_picture, over_guard, over_limit
from brandcheck.report import Finding
from brandcheck.rules import page_rule_codes

_SRGB = ImageCms.createProfile("sRGB")
_MULTIPAGE_FORMATS = {"TIFF", "GIF", "WEBP", "PNG"}
"""Formats whose frames are pages: a TIFF's pages, and the frames of an animated GIF, WebP or
PNG (APNG) as viewers show them (Pillow composes each over the frames before it)."""


_ORIENTATION = 0x0112  # EXIF: how the stored pixels are turned or mirrored for display
_SIDEWAYS = {5, 6, 7, 8}  # orientations that swap width and height
# the axes (0: rows, 1: columns) each orientation flips, after the transposition of sideways ones
_FLIPS = {2: (1,), 3: (0, 1), 4: (0,), 6: (1,), 7: (0, 1), 8: (0,)}


def _orientation(img: Image.Image, metadata_after_data: bool) -> int:
    """The turn still to apply to the frame's pixels for display: its EXIF orientation (1 = as
    stored; a broken or odd tag counts as 1), unless Pillow has applied it while reading.
    ``metadata_after_data``: ``png_metadata_after_data`` of the file, for a PNG."""
    if img.format == "TIFF" and _pillow_turns_tiffs():
        return 1
    try:
        value = int(_exif(img, metadata_after_data).get(_ORIENTATION, 1))
    except Exception:  # a broken EXIF block is no reason to refuse the picture
        return 1
    return value if 1 <= value <= 8 else 1


def _exif(img: Image.Image, metadata_after_data: bool) -> Image.Exif:
    """The frame's EXIF, read without decoding its pixels where that can be known: Pillow
    decodes a whole PNG to look for EXIF after its pixel data, and most PNGs keep none there.
    Whether this one does is walked once a file by the caller, not once a frame: an APNG's
    100 judged frames walked all its chunks 100 times (3.5 s instead of 0.23 s to open)."""
    if img.format != "PNG" or "exif" in img.info or metadata_after_data:
        return img.getexif()
    return Image.Image.getexif(img)  # what Pillow read up to the pixel data is all there is


@functools.cache
def _pillow_turns_tiffs() -> bool:
    """Whether this Pillow reads a TIFF's Orientation tag into its pixels itself (Pillow 13
    does; older versions leave it to the caller): asked of a 2×1 TIFF stored sideways."""
    out = io.BytesIO()
    Image.new("L", (2, 1)).save(out, "TIFF", tiffinfo={_ORIENTATION: 6})
    out.seek(0)
    with Image.open(out) as img:
        return img.size == (1, 2)


def _as_displayed(rgb: np.ndarray, orientation: int) -> np.ndarray:
    """Turn or mirror stored pixels the way viewers show them (Pillow's exif_transpose)."""
    if orientation in _SIDEWAYS:
        rgb = rgb.swapaxes(0, 1)  # 5: transposed; 6, 7, 8 from there
    flips = _FLIPS.get(orientation, ())
    return np.flip(rgb, flips) if flips else rgb


DEEP_GREY_MODES = ("I;16", "I;16B", "I;16L", "I;16N", "I", "F")
"""Pillow's modes of greyscale samples deeper than 8 bits (16-bit, 32-bit integer, float)."""


def sample_top(img: Image.Image) -> float | None:
    """The value that stands for white in an integer greyscale frame: 65535 for 16-bit samples,
    whatever the values in it are (a dark 16-bit picture is dark, not stretched to 8 bits); for
    mode I the depth its samples are stored at (Pillow reads some 16-bit files as I). None for
    other modes (float samples have no depth: they are scaled by their range)."""
    if img.mode.startswith("I;16"):
        return 65535.0
    if img.mode != "I":
        return None
    tile = getattr(img, "tile", None) or []
    args = tile[0].args if tile else None
    rawmode = args if isinstance(args, str) else (args[0] if args else "")
    bits = re.search(r";(\d+)", rawmode if isinstance(rawmode, str) else "")
    return float(2 ** min(int(bits.group(1)), 31) - 1) if bits else float(2**31 - 1)


def _to_uint8(arr: np.ndarray, top: float | None = None) -> np.ndarray:
    """Scale samples to 0..255 uint8: integers from 0..`top` (their depth's white), floats
    from their range."""
    if arr.dtype == np.uint8:
        return arr
    if arr.dtype == np.bool_:
        return arr.astype(np.uint8) * 255
    a = arr.astype(np.float64)
    if top is None or not np.issubdtype(arr.dtype, np.integer):
        lo, hi = float(np.nanmin(a)), float(np.nanmax(a))
        a = (a - lo) / (hi - lo or 1.0)
        top = 1.0
    return np.clip(np.rint(np.nan_to_num(a) * (255.0 / top)), 0, 255).astype(np.uint8)


_ICC_MODES = ("RGB", "CMYK", "L", "LAB")
"""Modes LittleCMS converts; the others are brought to one of them first (alpha kept aside)."""


def _icc_to_srgb(img: Image.Image) -> Image.Image | None:
    """Convert through the embedded ICC profile with LittleCMS, or None if there is none.

    Relative colorimetric with black point compensation, as MuPDF renders ICC-based colours on
    PDF pages (PDF's default intent): a CMYK picture with a profile measures the same sRGB as a
    file and placed in a PDF, and the palette's CMYK numbers put through it are what the page
    raster shows (perceptual tables of CMYK profiles differ from it by up to several ΔE00).
    """
    icc = img.info.get("icc_profile")
    if not icc or img.mode not in _ICC_MODES:
        return None
    try:
        src = ImageCms.ImageCmsProfile(io.BytesIO(icc))
        return ImageCms.profileToProfile(
            img,
            src,
            _SRGB,
            outputMode="RGB",
            renderingIntent=ImageCms.Intent.RELATIVE_COLORIMETRIC,
            flags=ImageCms.Flags.BLACKPOINTCOMPENSATION,
        )
    except (ImageCms.PyCMSError, OSError, ValueError):
        return None


_WITH_ALPHA = {"RGBA": "RGB", "RGBa": "RGB", "LA": "L", "La": "L", "PA": "RGB", "P": "RGB"}
"""Modes with (or, for P, possibly with) transparency, and the mode of their colour channels."""


def _split_alpha(img: Image.Image) -> tuple[Image.Image, Image.Image | None]:
    """The colour channels of a frame (in a mode ICC profiles apply to) and its alpha, if any.

    The colour channels keep the frame's ICC profile: a Display P3 or Adobe RGB picture with
    transparency is as much in its profile's space as one without.
    """
    colour_mode = _WITH_ALPHA.get(img.mode)
    if colour_mode is None and "transparency" in img.info and img.mode in ("RGB", "L", "1"):
        colour_mode = "RGB" if img.mode == "RGB" else "L"  # a colour key
    if colour_mode is None:
        return img, None
    with_alpha = img.convert("LA" if colour_mode == "L" else "RGBA")
    alpha = with_alpha.getchannel("A")
    colour = with_alpha.convert(colour_mode)
    if "icc_profile" in img.info:
        colour.info["icc_profile"] = img.info["icc_profile"]
    return colour, alpha


def _colour_to_srgb(img: Image.Image, top: float | None) -> np.ndarray:
    """A frame without alpha to H×W×3 uint8 sRGB: through its ICC profile, else by its mode."""
    managed = _icc_to_srgb(img)
    if managed is not None:
        return np.asarray(managed)
    if img.mode == "LAB":
        lab = ImageCms.createProfile("LAB")
        return np.asarray(ImageCms.profileToProfile(img, lab, _SRGB, outputMode="RGB"))
    if img.mode == "CMYK":
        return default_cmyk_to_srgb(np.asarray(img))
    if img.mode in DEEP_GREY_MODES:
        grey = _to_uint8(np.asarray(img), top if top is not None else sample_top(img))
        return np.repeat(grey[..., None], 3, axis=2)
    # an RGB frame is read as it is: convert() would copy it first (about 1 ms a photo)
    return np.asarray(img if img.mode == "RGB" else img.convert("RGB"))


def to_srgb(img: Image.Image, top: float | None = None) -> np.ndarray:
    """Any Pillow image to H×W×3 uint8 sRGB, alpha composited over white.

    The colour channels go through the image's ICC profile when it has one (with or without
    alpha); CMYK without one is shown as PDF pages show DeviceCMYK (`document.cmyk`). `top` is
    the white of deeper greyscale samples when the frame no longer says (see `sample_top`).
    """
    colour, alpha = _split_alpha(img)
    rgb = _colour_to_srgb(colour, top)
    if alpha is None:
        return rgb
    rgba = Image.fromarray(np.ascontiguousarray(rgb)).convert("RGBA")
    rgba.putalpha(alpha)
    white = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
    return np.asarray(Image.alpha_composite(white, rgba).convert("RGB"))


_REDUCE_AS = {"P": "RGBA", "1": "L", "I;16": "I", "I;16B": "I", "I;16L": "I", "I;16N": "I"}


def _reduced(img: Image.Image, target: tuple[int, int]) -> Image.Image:
    """Shrink a frame by an integer factor on each axis towards `target` before any colour
    conversion.

    Converting a 150-megapixel RGBA frame at full size needs several copies of it (over 3 GB);
    reducing first keeps the peak near the decoded frame itself. Each axis has its own factor:
    a 1 × 150,000,000 px strip, whose raster is 1 × 3,000, is reduced 50,000 times along its
    length (with one factor for both, the smaller, 1, converted it whole: 4.5 GB).
    """
    factors = (max(1, img.size[0] // target[0]), max(1, img.size[1] // target[1]))
    if max(factors) < 2:
        return img
    src = img.convert(_REDUCE_AS[img.mode]) if img.mode in _REDUCE_AS else img
    try:
        return src.reduce(factors)
    except ValueError:  # a mode reduce() does not support: convert at full size as before
        return src


@dataclass
class ImagePage(Page):
    """One frame of a raster image."""

    source: ImageDocument | None = field(default=None, repr=False)
    mode: str = "RGB"

    @property
    def raster_scale(self) -> float:
        return raster_size(self.width, self.height, self.limits.analysis_dpi, self.limits)

    def _render(self) -> np.ndarray:
        assert self.source is not None
        return self.source.decode_frame(self.index, self.raster_scale)

    @property
    def colour_space(self) -> str:
        return self.mode

    def own_pixels(self, box: tuple[int, int, int, int]) -> np.ndarray | None:
        if self.raster_scale >= 1.0 or self.mode == "F":  # float samples scale by their range
            return None
        assert self.source is not None
        return self.source.decode_box(self.index, box)


@dataclass
class ImageDocument(Document):
    """A PNG, JPEG, TIFF, WebP, BMP or GIF file; TIFF frames are pages."""

    limits: Limits = field(default_factory=Limits, repr=False)
    sizes: list[tuple[int, int, str]] = field(default_factory=list, repr=False)
    """Each frame's stored width, height and mode."""
    orientations: list[int] = field(default_factory=list, repr=False)
    """Each frame's EXIF orientation: pages are the frames as displayed."""
    dpi: float | None = None
    tops: list[float | None] = field(default_factory=list, repr=False)
    """Each frame's white for deep greyscale samples (``sample_top``), read before decoding."""
    _handle: Image.Image | None = field(default=None, repr=False)
    _whole: Image.Image | None = field(default=None, repr=False)
    """A single-frame file's pixels at full size, decoded for ``decode_box`` once, not once a
    box: each thin logo in a 150 MP JPEG decoded it again (12 logos: 6.4 s became 38 s)."""
    _opened: np.ndarray | None = field(default=None, repr=False)
    """The first frame's raster, decoded at open (so a cut-short file fails there) and given
    to the first page made of it, not decoded a second time; dropped once another is asked."""
    rows_whole: bool = field(default=False, repr=False)
    """Whether that first decode showed the file's data hold every row (``png_rows_whole``)."""

    def page(self, index: int) -> ImagePage:
        w, h, mode = self.sizes[index]
        if self._orientation(index) in _SIDEWAYS:
            w, h = h, w
        opened, self._opened = (self._opened if index == 0 else None), None
        return ImagePage(
            index=index,
            width=float(w),
            height=float(h),
            units="px",
            mm_per_unit=(25.4 / self.dpi) if self.dpi else None,
            limits=self.limits,
            _raster=opened,
            source=self,
            mode=mode,
        )

    def _orientation(self, index: int) -> int:
        return self.orientations[index] if index < len(self.orientations) else 1

    @contextlib.contextmanager
    def _frame(self, index: int) -> Iterator[Image.Image]:
        """The file opened at frame `index`, its size checked against the one read at open.

        A file of several frames keeps one handle open for all its pages, so each frame is
        found from the one read before it: Pillow finds a TIFF's frame by walking its
        directories from the first, so opening the file again for every page made reading
        a 5,000-frame TIFF quadratic (10 minutes of two workers for 560 KB)."""
        if len(self.sizes) > 1:
            if self._handle is None:
                self._handle = open_picture(self.path)
            img = self._handle
            with _size_unwarned():
                img.seek(index)
            self._same_size(img, index)
            yield img
            return
        with open_picture(self.path) as img:
            self._same_size(img, index)
            yield img

    def _loaded(self, index: int) -> Image.Image:
        """Frame ``index`` of the file decoded at full size, in its own mode, open."""
        img = open_picture(self.path)
        try:
            self._same_size(img, index)
            img.load()
        except BaseException:
            img.close()
            raise
        return img

    def _same_size(self, img: Image.Image, index: int) -> None:
        if img.size != self.sizes[index][:2]:  # never decode unchecked dimensions
            raise InputError("file.unreadable", "the file changed while it was read")

    def _top(self, img: Image.Image, index: int) -> float | None:
        return self.tops[index] if index < len(self.tops) else sample_top(img)

    def close(self) -> None:
        for img in (self._handle, self._whole):
            if img is not None:
                img.close()
        self._handle = self._whole = self._opened = None

    def decode_frame(self, index: int, scale: float) -> np.ndarray:
        """Decode one frame at `scale` as displayed, using JPEG draft decoding to save memory."""
        try:
            with self._frame(index) as img:
                w, h = img.size
                target = (max(1, round(w * scale)), max(1, round(h * scale)))
                if img.format == "JPEG" and scale < 1.0:
                    img.draft(img.mode, target)
                top = self._top(img, index)  # before _reduced loads the image, dropping tiles
                rgb = to_srgb(_reduced(img, target), top)
                if index == 0:
                    self.rows_whole = png_rows_whole(img)  # img is decoded by now
            if rgb.shape[1] != target[0] or rgb.shape[0] != target[1]:
                pil = Image.fromarray(np.ascontiguousarray(rgb))
                rgb = np.asarray(pil.resize(target, Image.Resampling.BOX))
        except Exception as exc:  # Pillow raises many types on hostile files
            raise library_error(exc, "cannot decode image") from exc
        return _as_displayed(rgb, self._orientation(index))

    def decode_box(self, index: int, box: tuple[int, int, int, int]) -> np.ndarray:
        """A box (px, as displayed) of one frame at full size, as displayed.

        Pillow decodes a PNG or JPEG whole, so the frame is decoded once more at full size, in
        its own mode (more than the raster's decode for a JPEG, which the raster decodes
        reduced), and cut to the box before any colour conversion, which then runs on the box
        alone. A single-frame file keeps that decode for the page's other boxes."""
        orientation = self._orientation(index)
        try:
            if len(self.sizes) == 1:  # decoded once, kept for the page's other boxes
                img = self._whole = self._whole or self._loaded(index)
                rgb = _cut(img, _stored_box(box, orientation, img.size), self._top(img, index))
            else:
                with self._frame(index) as img:
                    rgb = _cut(img, _stored_box(box, orientation, img.size), self._top(img, index))
        except Exception as exc:  # Pillow raises many types on hostile files
            raise library_error(exc, "cannot decode image") from exc
        return _as_displayed(rgb, orientation)


@contextlib.contextmanager
def _size_unwarned() -> Iterator[None]:
    """Pillow's warning that a frame or a cut is over its own size guard silenced: the picture
    is within ours (``_check_size``), and the warning would reach the user raw."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", Image.DecompressionBombWarning)
        yield


def _cut(img: Image.Image, box: tuple[int, int, int, int], top: float | None) -> np.ndarray:
    """The part ``box`` (stored pixels) of the frame, in sRGB."""
    with _size_unwarned():
        part = img.crop(box)
    return to_srgb(part, top)


def _stored_box(
    box: tuple[int, int, int, int], orientation: int, stored: tuple[int, int]
) -> tuple[int, int, int, int]:
    """The box of a frame's stored pixels that ``_as_displayed`` shows as ``box``: its flips
    undone in display space, then its transposition."""
    w, h = (stored[1], stored[0]) if orientation in _SIDEWAYS else stored  # as displayed
    x0, y0, x1, y1 = box
    flips = _FLIPS.get(orientation, ())
    if 1 in flips:
        x0, x1 = w - x1, w - x0
    if 0 in flips:
        y0, y1 = h - y1, h - y0
    return (y0, x0, y1, x1) if orientation in _SIDEWAYS else (x0, y0, x1, y1)


def _check_size(w: int, h: int, limits: Limits) -> None:
    """Refuse a frame's stored size before any of its pixels is decoded: empty, above the
    pixel limit, or a strip too thin for the analysis raster (Pillow keeps a pointer for every
    row: a 1 × 150,000,000 px PNG took 1.9 GB even reduced along its length, 4.5 GB before)."""
    if w <= 0 or h <= 0:
        raise InputError("file.unreadable", f"image has an empty size {w}×{h}")
    if w * h > limits.max_image_pixels:
        raise InputError(
            "file.too_large",
            f"{w}×{h} = {w * h / 1e6:.0f} megapixels is above the limit of "
            f"{limits.max_image_pixels / 1e6:.0f} megapixels",
        )
    if max(w, h) > min(w, h) * limits.max_image_aspect:
        raise InputError(
            "file.too_large",
            f"{w}×{h} px is more than {limits.max_image_aspect:,} times as long as it is "
            f"wide, beyond the limit: its analysis raster would be less than a pixel across",
        )


def _frames_not_checked(judged: int, frames: int) -> Finding:
    """check.skipped for the frames of an animation after the ones judged, naming every rule
    judged on pages (so it stays under any ``--select``)."""
    page_rules = page_rule_codes()
    return Finding.of(
        "check.skipped",
        f"frames {judged + 1}-{frames} of this animation ({frames - judged} of its {frames} "
        f"frames) were not checked: the first {judged} are judged, each as a page; check the "
        f"rest by hand.",
        details={"rules": page_rules, "frames": frames, "frames_checked": judged},
    )


def open_image(path: Path, fmt: str, limits: Limits) -> ImageDocument:
    """Read an image's header and frame sizes; refuse bombs before decoding pixels.

    Frames are read in order from one handle (linear in their number), and a file of more
    frames than ``Limits.max_pages`` is refused as a PDF of more pages is."""
    ImageFile.LOAD_TRUNCATED_IMAGES = False
    img: Image.Image | None = None
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            # opened past Pillow's own size guard: our limit is applied below, before decoding
            img = open_picture(path)
            img.verify() if fmt == "png" else None
            img = open_picture(path)
            sizes, orientations, tops = [], [], []
            frames = getattr(img, "n_frames", 1) if img.format in _MULTIPAGE_FORMATS else 1
            if frames > limits.max_pages:
                raise InputError(
                    "file.too_large", f"{frames} frames is above the limit of {limits.max_pages}"
                )
            animated = frames > 1 and img.format != "TIFF"
            # one walk of the chunks for all frames (True: Pillow reads EXIF its own way)
            after_data = img.format != "PNG" or png_metadata_after_data(path)
            judged = min(frames, limits.max_animation_frames) if animated else frames
            for i in range(judged):
                img.seek(i)
                _check_size(img.size[0], img.size[1], limits)
                sizes.append((img.size[0], img.size[1], img.mode))
                tops.append(sample_top(img))
                orientations.append(_orientation(img, after_data))
            dpi = img.info.get("dpi", (None,))[0]
    except Exception as exc:  # Pillow raises many types on hostile files
        if img is not None:
            img.close()
        pixels = over_guard(exc)
        if pixels is not None:
            reason = f"the picture is {over_limit(pixels, limits.max_image_pixels)}"
            raise InputError("file.too_large", reason) from exc
        raise library_error(exc, f"cannot read {fmt.upper()} image") from exc
    doc = ImageDocument(
        path=path,
        kind="image",
        format=fmt,
        page_count=len(sizes),
        limits=limits,
        sizes=sizes,
        orientations=orientations,
        dpi=float(dpi) if dpi and float(dpi) > 1 else None,
        tops=tops,
    )
    if judged < frames:
        doc.notes.append(_frames_not_checked(judged, frames))
    if len(sizes) > 1:
        doc._handle = img  # its frames are found: the pages read from it in turn
    else:
        img.close()
    try:
        doc._opened = doc.page(0).raster()  # decoded now so that truncated files fail at open
    except BaseException:
        doc.close()
        raise
    # Pillow fills what the data lack without a word
    missing = None if doc.rows_whole else short_data(path)
    if missing:
        doc.notes.append(_cut_short(missing))
    return doc


def _cut_short(missing: str) -> Finding:
    """file.repaired (BC904), as for a PDF whose content MuPDF could not read whole: a
    picture whose data end before its header's size is checked on what the decoder filled in
    (black rows, a grey fill), so what it lost was not checked. ``watch`` never passes it."""
    return Finding.of(
        "file.repaired",
        f"The picture is damaged: {missing}; the rest is the decoder's fill, and what it "
        f"lost was not checked.",
        page=0,
        merge_key="damaged content",
    )
