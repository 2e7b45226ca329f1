"""Decompression bombs are refused from their headers, before memory is allocated."""

from __future__ import annotations

from pathlib import Path

import corpus
import pytest
from isolated import IsolatedChecker

from brandcheck.api import check_paths
from brandcheck.document import Limits, open_document
from brandcheck.document.model import library_error
from brandcheck.pipeline import RunOptions

BOMBS = {
    "png-100k.png": lambda: corpus.png_bomb(100_000, 100_000),  # 30 GB of RGB if decoded
    "gif-65k.gif": corpus.gif_huge,
    "tiff-100k.tif": corpus.tiff_huge,
}


@pytest.fixture(scope="module")
def bombs(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    folder = tmp_path_factory.mktemp("bombs")
    return [corpus.write(folder, name, make()) for name, make in BOMBS.items()]


def test_bombs_are_refused_by_header_within_a_small_address_space(bombs: list[Path]) -> None:
    """Under a 3 GB address-space cap an attempt to decode would die or raise MemoryError."""
    with IsolatedChecker(mode="check", timeout=120, memory_limit_mb=3072) as child:
        for path in bombs:
            out = child.check(path)
            assert out.status == "error" and out.rules == ["file.too_large"], (path.name, out)
            assert "megapixels is above the limit" in (out.error or ""), out.error


def test_the_pixel_limit_is_configurable(tmp_path: Path) -> None:
    path = corpus.write(tmp_path, "img.png", corpus.image_bytes("PNG", (100, 80)))
    below = RunOptions(ocr="off", limits=Limits(max_image_pixels=8000))
    above = RunOptions(ocr="off", limits=Limits(max_image_pixels=7999))
    assert check_paths([path], options=below).files[0].status in ("pass", "fail")
    f = check_paths([path], options=above).files[0]
    assert f.status == "error" and f.findings[0].name == "file.too_large"


@pytest.mark.parametrize("mode", ["RGB", "RGBA", "P", "L", "I;16", "1"])
def test_large_frames_are_reduced_to_the_raster_cap(tmp_path: Path, mode: str) -> None:
    from PIL import Image

    path = tmp_path / f"big-{mode.replace(';', '')}.png"
    Image.new(mode, (4100, 2100)).save(path, compress_level=1)
    limits = Limits()
    with open_document(path, limits=limits) as doc:
        raster = doc.page(0).raster()
    h, w, c = raster.shape
    assert c == 3 and raster.dtype.name == "uint8"
    assert max(h, w) <= limits.max_raster_side and h * w <= limits.max_raster_pixels
    assert (w, h) == (
        round(4100 * doc.page(0).raster_scale),
        round(2100 * doc.page(0).raster_scale),
    )


@pytest.mark.parametrize(
    ("message", "rule"),
    [
        ("code=2: realloc (104857600 bytes) failed", "file.too_large"),  # MuPDF under a limit
        ("FzErrorSystem: malloc of 8 bytes failed", "file.too_large"),
        ("out of memory", "file.too_large"),
        ("syntax error in content stream", "file.unreadable"),
    ],
)
def test_running_out_of_memory_in_a_library_is_too_large_not_unreadable(message, rule):
    assert library_error(RuntimeError(message), "cannot draw page 1").rule == rule


def test_a_strip_too_thin_for_the_raster_is_refused_by_header(tmp_path: Path) -> None:
    """B4 (audit 16): a 1 × 150,000,000 px PNG is under the pixel limit but Pillow keeps a row
    pointer for each of its rows: decoded, it took 4.5 GB. It is refused from its header, in a
    3 GB address space; a strip up to the raster's side (3,000:1) is still checked."""
    thin = corpus.write(tmp_path, "thin.png", corpus.png_bomb(1, 150_000_000))
    with IsolatedChecker(mode="check", timeout=120, memory_limit_mb=3072) as child:
        out = child.check(thin)
    assert out.status == "error" and out.rules == ["file.too_large"], out
    assert "3,000 times as long as it is wide" in (out.error or ""), out.error
    strip = corpus.write(tmp_path, "strip.png", corpus.image_bytes("PNG", (2, 6000)))
    f = check_paths([strip], options=RunOptions(ocr="off")).files[0]
    assert f.status in ("pass", "fail") and f.pages[0].height == 6000


def _tiff_of_frames(path: Path, frames: int) -> Path:
    from PIL import Image

    images = [Image.new("L", (1, 1), i % 256) for i in range(frames)]
    images[0].save(path, "TIFF", save_all=True, append_images=images[1:])
    return path


def test_tiff_frames_are_read_in_one_pass(tmp_path: Path, monkeypatch) -> None:
    """B5 (audit 16): each page opened the file again and Pillow walked the TIFF's
    directories from the first to find its frame, so a 560 KB TIFF of 5,000 frames held two
    scan workers for 10 minutes. Directories read must grow with the frames, not their square."""
    from PIL import TiffImagePlugin

    path = _tiff_of_frames(tmp_path / "frames.tif", 300)
    reads = 0
    load = TiffImagePlugin.ImageFileDirectory_v2.load

    def counted(self, fp):
        nonlocal reads
        reads += 1
        return load(self, fp)

    monkeypatch.setattr(TiffImagePlugin.ImageFileDirectory_v2, "load", counted)
    f = check_paths([path], options=RunOptions(ocr="off")).files[0]
    assert f.status in ("pass", "fail") and f.page_count == 300, f.error
    assert reads < 10 * 300, reads  # 45,000 when every page walked from the first


def test_more_frames_than_the_page_limit_are_refused_as_pdf_pages_are(tmp_path: Path) -> None:
    """A TIFF of more frames than Limits.max_pages is file.too_large, as a PDF of more pages
    is (it used to be checked up to the limit, the rest left out without a word)."""
    path = _tiff_of_frames(tmp_path / "frames.tif", 60)
    f = check_paths([path], options=RunOptions(ocr="off", limits=Limits(max_pages=50))).files[0]
    assert f.status == "error" and f.findings[0].name == "file.too_large"
    assert "60 frames is above the limit of 50" in (f.error or "")
