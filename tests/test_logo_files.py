"""Logo files as a brand office delivers them (tight crops on white, negatives on a field, EPS,
print-size rasters, logo sheets), given to the check as `--logo` files and found on pages."""

from __future__ import annotations

import os
import sys
import tracemalloc
import warnings
from pathlib import Path

import numpy as np
import pymupdf
import pytest
from PIL import Image, ImageDraw
from typer.testing import CliRunner

from brandcheck.api import check_paths
from brandcheck.cli import app
from brandcheck.logo_templates import load_logo_rgba
from brandcheck.pipeline import RunOptions
from brandcheck.rule_settings import RuleSettings
from brandcheck.synth import place_logo

sys.path.insert(0, str(Path(__file__).resolve().parent / "helpers"))

LOGO_RULES = RunOptions(rules=RuleSettings.build(select=["logo"]), ocr="off")
INK, PAPER = (0, 0, 0), (255, 255, 255)
NAVY = (0, 50, 120)


def _artwork(ink=INK, paper=PAPER, width: int = 900) -> Image.Image:
    """A lockup like the city's: a ring with a crown-like mark in it, and a bar of 'letters'
    under it as wide as the whole logo (so its crop touches the image on three sides)."""
    s = width / 900
    img = Image.new("RGB", (width, round(700 * s)), paper)
    draw = ImageDraw.Draw(img)
    draw.ellipse([300 * s, 0, 600 * s, 300 * s], outline=ink, width=round(26 * s))
    draw.polygon(
        [
            (380 * s, 190 * s),
            (400 * s, 90 * s),
            (450 * s, 150 * s),
            (500 * s, 90 * s),
            (520 * s, 190 * s),
        ],
        fill=ink,
    )
    for i, x in enumerate(range(0, 900, 75)):  # "letters": blocks of two heights
        top = 420 if i % 3 else 380
        draw.rectangle([x * s, top * s, (x + 58) * s, 560 * s], fill=ink)
    draw.rectangle([0, 600 * s, 900 * s, 700 * s], fill=ink)  # the underline, edge to edge
    return img


def _badge(ink=INK, paper=PAPER, width: int = 800) -> Image.Image:
    """A solid rounded block with a letter and a round hole knocked out, edge to edge."""
    s = width / 800
    img = Image.new("RGB", (width, round(880 * s)), paper)
    draw = ImageDraw.Draw(img)
    draw.rounded_rectangle([0, 0, width - 1, img.height - 1], radius=round(80 * s), fill=ink)
    draw.polygon([(250 * s, 760 * s), (400 * s, 250 * s), (550 * s, 760 * s)], fill=paper)
    draw.ellipse([600 * s, 80 * s, 700 * s, 180 * s], fill=paper)
    return img


def _tight(img: Image.Image, paper) -> Image.Image:
    """Cropped to its ink, as "Export selection" or "Trim" leave it."""
    diff = np.abs(np.asarray(img, np.int16) - np.array(paper, np.int16)).max(axis=2)
    ys, xs = np.nonzero(diff > 40)
    return img.crop((int(xs.min()), int(ys.min()), int(xs.max()) + 1, int(ys.max()) + 1))


def _page(tmp_path: Path, logo: Image.Image, ground=PAPER, width: int = 360) -> tuple[Path, tuple]:
    """A page (PNG) with the logo, ``width`` px wide, on a field of ``ground``."""
    page = Image.new("RGB", (1200, 900), PAPER)
    h = round(logo.height * width / logo.width)
    page.paste(ground, (100, 100, 100 + width + 200, 100 + h + 200))
    page.paste(logo.resize((width, h), Image.Resampling.LANCZOS), (200, 200))
    path = tmp_path / "page.png"
    page.save(path)
    return path, (200, 200, 200 + width, 200 + h)


def _found(tmp_path: Path, logo_file: Path, page: Path, truth: tuple) -> None:
    [file] = check_paths([page], "stockholm", LOGO_RULES, logos=[logo_file]).files
    assert file.status != "error", file.findings
    boxes = [logo.bbox for logo in file.pages[0].logos]
    assert len(boxes) == 1, boxes
    box = boxes[0]
    assert box[0] == pytest.approx(truth[0], abs=8) and box[2] == pytest.approx(truth[2], abs=8)
    assert box[1] == pytest.approx(truth[1], abs=8) and box[3] == pytest.approx(truth[3], abs=8)


@pytest.mark.parametrize("suffix", ["png", "jpg"])
@pytest.mark.parametrize(
    ("make", "ink", "paper"),
    [
        (_artwork, INK, PAPER),  # black on white, a bar along its foot: refused as "flat"
        (_badge, INK, PAPER),  # a rounded badge edge to edge: the same
        (_artwork, PAPER, NAVY),  # a negative on a navy field, cropped to its ink
    ],
)
def test_a_logo_cropped_to_its_ink_on_an_opaque_ground_is_found(tmp_path, suffix, make, ink, paper):
    art = make(ink, paper)
    logo = _tight(art, paper) if make is _artwork else art
    logo_file = tmp_path / f"logo-tight.{suffix}"
    logo.save(logo_file, **({"quality": 85} if suffix == "jpg" else {}))
    page, truth = _page(tmp_path, logo, ground=paper)
    _found(tmp_path, logo_file, page, truth)


def _eps(tmp_path: Path, name: str, bbox: str, before: str = "") -> Path:
    """The lockup of ``_artwork`` as an EPS (PostScript drawn in its 900 x 700 units at a fifth
    of a point each: 180 x 140 pt), as Inkscape or Illustrator save it: a BoundingBox in whole
    points, here tight to the ink unless ``before`` moves it."""
    blocks = " ".join(
        f"{x} {420 if i % 3 else 380} 59 {141 if i % 3 else 181} rectfill"
        for i, x in enumerate(range(0, 900, 75))
    )
    path = tmp_path / name
    path.write_text(
        "%!PS-Adobe-3.0 EPSF-3.0\n"
        f"%%BoundingBox: {bbox}\n%%EndComments\n{before}\n"
        "0.2 0.2 scale 0 700 translate 1 -1 scale 0 setgray\n"
        "26 setlinewidth newpath 450 150 137 0 360 arc stroke\n"
        "newpath 380 190 moveto 400 90 lineto 450 150 lineto 500 90 lineto 520 190 lineto\n"
        f"closepath fill {blocks}\n0 600 900 100 rectfill\nshowpage\n%%EOF\n"
    )
    return path


def test_an_eps_logo_is_read_as_vector_art(tmp_path: Path):
    # an EPS, cropped to its BoundingBox, was rasterised by Pillow at 72 dpi on white and
    # refused as "flat" (its ink runs into the border)
    logo_file = _eps(tmp_path, "logo.eps", "0 0 180 140")
    page, truth = _page(tmp_path, _artwork())
    _found(tmp_path, logo_file, page, truth)


def test_an_eps_logo_without_ghostscript_says_what_to_do(tmp_path: Path, monkeypatch):
    logo_file = _eps(tmp_path, "logo.eps", "0 0 180 140")
    monkeypatch.setenv("PATH", str(tmp_path))  # no gs here
    with pytest.raises(
        ValueError, match=r"logo\.eps is EPS, .*Ghostscript.* export the logo as SVG"
    ):
        load_logo_rgba(logo_file, width=321)


def test_an_eps_logo_with_a_margin_gives_a_sharp_template(tmp_path: Path):
    # white behind the artwork and a margin around it, the box rounded outward as EPS files
    # have it: the template is drawn at its full size, not enlarged from 72 dpi (a blur over
    # several pixels at every edge)
    white = "1 setgray 0 0 moveto 219.6 0 rlineto 0 179.5 rlineto -219.6 0 rlineto fill"
    logo_file = _eps(tmp_path, "logo-margin.eps", "0 0 220 180", f"{white} 20 20 translate")
    sharp = tmp_path / "logo.png"  # the same, drawn large with a margin
    canvas = Image.new("RGB", (2000, 1600), PAPER)
    canvas.paste(_artwork(width=1800), (100, 100))
    canvas.save(sharp)
    got, want = (_ink(load_logo_rgba(path, width=800)) for path in (logo_file, sharp))
    assert got.shape == want.shape
    assert np.abs(got.astype(int) - want).mean() < 3  # 6.6 from 72 dpi, 1.4 drawn
    blurred = (got > 20) & (got < 235)  # edge pixels neither ink nor background
    assert blurred.mean() < 2 * ((want > 20) & (want < 235)).mean()  # 4.8 times from 72 dpi


def _ink(rgba: np.ndarray) -> np.ndarray:
    """The template's alpha cropped to its ink and sized 600 x 467 (the lockup's proportions)."""
    ys, xs = np.nonzero(rgba[..., 3] >= 128)
    crop = Image.fromarray(
        np.ascontiguousarray(rgba[ys.min() : ys.max() + 1, xs.min() : xs.max() + 1, 3])
    )
    return np.asarray(crop.resize((600, 467), Image.Resampling.BOX))


def test_a_print_size_raster_logo_is_shrunk_before_the_float_maths(tmp_path: Path):
    # a 23-megapixel PNG on white (a print master): shaped at full size in float32 it took
    # 1.1 GB of arrays (3.5 GB and 18-49 s for the audit's 9000 px file); shrunk by Pillow
    # first, the maths runs on at most twice the template's size
    big, small = tmp_path / "logo-print.png", tmp_path / "logo-screen.png"
    for path, width, margin in ((big, 5000, 200), (small, 1000, 40)):
        art = _artwork(width=width)
        canvas = Image.new("RGB", (art.width + 2 * margin, art.height + 2 * margin), PAPER)
        canvas.paste(art, (margin, margin))
        canvas.save(path, compress_level=1)
    tracemalloc.start()
    try:
        got = load_logo_rgba(big, width=800)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 300e6, f"{peak / 1e6:.0f} MB of arrays"  # 127 MB
    want = load_logo_rgba(small, width=800)
    assert got.shape == want.shape
    assert np.abs(_ink(got).astype(int) - _ink(want)).mean() < 3


def _svg(tmp_path: Path) -> Path:
    """The lockup of ``_artwork`` as an SVG."""
    blocks = "".join(
        f'<rect x="{x}" y="{420 if i % 3 else 380}" width="59" height="{141 if i % 3 else 181}"/>'
        for i, x in enumerate(range(0, 900, 75))
    )
    path = tmp_path / "lockup.svg"
    path.write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 900 700"><g fill="#000">'
        '<circle cx="450" cy="150" r="137" fill="none" stroke="#000" stroke-width="26"/>'
        '<path d="M380 190 L400 90 L450 150 L500 90 L520 190 Z"/>'
        f'{blocks}<rect y="600" width="900" height="100"/></g></svg>'
    )
    return path


def test_a_logo_sheet_is_named_as_one_and_one_logo_is_not(tmp_path: Path):
    # a brand office's sheet: the lockup at two sizes side by side and a caption, on one page;
    # used whole as one template it matches neither version, so the run says so
    lockup = _svg(tmp_path)
    sheet = tmp_path / "logo-sheet.pdf"
    with pymupdf.open() as doc:
        page = doc.new_page(width=595, height=300)
        place_logo(page, lockup, pymupdf.Rect(30, 30, 230, 186))
        place_logo(page, lockup, pymupdf.Rect(330, 50, 480, 167))
        page.insert_text((30, 270), "Logotyp - version 2026, positiv", fontsize=8)
        doc.save(sheet)
    single = tmp_path / "logo.pdf"
    with pymupdf.open() as doc:
        place_logo(doc.new_page(width=200, height=156), lockup, pymupdf.Rect(0, 0, 200, 156))
        doc.save(single)
    page, _ = _page(tmp_path, _artwork())
    args = ["check", "--select", "logo", "--ocr", "off", str(page), "--logo"]
    result = CliRunner().invoke(app, [*args, str(sheet)])
    assert result.exit_code in (0, 1), result.output
    notes = [line for line in result.output.splitlines() if "logo sheet" in line]
    assert len(notes) == 1 and str(sheet) in notes[0]
    assert "in 2 separate places" in notes[0] and "a file of its own" in notes[0]
    result = CliRunner().invoke(app, [*args, str(single)])
    assert result.exit_code in (0, 1), result.output
    assert "Note: " not in result.stdout and result.stderr == "", result.output
    # a PDF of two pages: only the first is drawn
    two = tmp_path / "logo-2.pdf"
    with pymupdf.open(single) as doc, pymupdf.open(single) as again:
        doc.insert_pdf(again)
        doc.save(two)
    result = CliRunner().invoke(app, [*args, str(two)])
    assert "logo-2.pdf has 2 pages: only the first is the logo" in result.output


@pytest.mark.parametrize("form", ["doctype", "long comment", "utf-16"])
def test_an_svg_logo_file_is_read_by_its_root_element_whatever_its_name(tmp_path, form):
    # saved without an extension: only its content says it is an SVG
    text = _svg(tmp_path).read_text()
    if form == "doctype":
        data = ('<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "svg11.dtd">\n' + text).encode()
    elif form == "long comment":
        data = ("<!-- " + "licence " * 1000 + "-->\n" + text).encode()
    else:
        data = ('\ufeff<?xml version="1.0" encoding="UTF-16"?>\n' + text).encode("utf-16-le")
    logo_file = tmp_path / "lockup"
    logo_file.write_bytes(data)
    page, truth = _page(tmp_path, _artwork())
    _found(tmp_path, logo_file, page, truth)


@pytest.mark.parametrize("kind", ["device", "pipe"])
def test_a_logo_that_is_a_device_or_a_pipe_is_named_so_and_never_read(tmp_path, kind):
    if kind == "device":
        logo = Path("/dev/zero")
    else:
        logo = tmp_path / "logo.svg"
        os.mkfifo(logo)  # opening it for reading would block: the test's timeout says so
    page, _ = _page(tmp_path, _artwork())
    result = CliRunner().invoke(app, ["check", "--ocr", "off", str(page), "--logo", str(logo)])
    assert result.exit_code == 2, result.output
    assert f"--logo {logo}: not a regular file (a {kind}); give the logo file" in result.output


@pytest.mark.parametrize("fmt", ["png", "jpeg"])
def test_a_raster_logo_claiming_billions_of_pixels_is_refused_in_the_tools_words(tmp_path, fmt):
    """A logo file whose header claims more pixels than brandcheck reads is a usage error
    saying its size, as for a picture an SVG logo embeds: it was refused in Pillow's words
    ("... could be decompression bomb DOS attack"), or decoded whole once a picture checked
    before it had set Pillow's guard off."""
    from picture_bombs import jpeg_claiming, png_claiming

    logo = tmp_path / f"huge.{fmt}"
    size = 65_000 if fmt == "jpeg" else 100_000
    logo.write_bytes((jpeg_claiming if fmt == "jpeg" else png_claiming)(size, size))
    page, _ = _page(tmp_path, _artwork())
    result = CliRunner().invoke(app, ["check", "--ocr", "off", str(page), "--logo", str(logo)])
    assert result.exit_code == 2, result.output
    assert (
        f"logo file {logo} is {size:,} × {size:,} pixels, more than brandcheck reads "
        "(150 megapixels): export the logo smaller" in result.output
    ), result.output
    assert "bomb" not in result.output


def test_a_large_raster_logo_under_pillows_limit_prints_no_raw_warning(tmp_path, monkeypatch):
    # Pillow warns above MAX_IMAGE_PIXELS and refuses above twice that; lowered here so a
    # small file stands for a 169 MP print logo
    from PIL import Image as PILImage

    logo = tmp_path / "logo.png"
    _artwork(width=200).save(logo)  # 200 x 156 px: between the lowered warning and error
    monkeypatch.setattr(PILImage, "MAX_IMAGE_PIXELS", 20_000)
    page, _ = _page(tmp_path, _artwork())
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        [file] = check_paths([page], "stockholm", LOGO_RULES, logos=[logo]).files
    assert file.status != "error", file.findings
    bombs = [w for w in caught if issubclass(w.category, PILImage.DecompressionBombWarning)]
    assert bombs == [], [(w.filename, w.lineno, str(w.message)) for w in bombs]
