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
