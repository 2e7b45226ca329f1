"""Pictures identified as Pillow identifies them: the same outcome and the same reason for a
file too short or too broken to be a picture, whether checked or given as a logo."""

from __future__ import annotations

import base64
import sys
from pathlib import Path

import pytest
from PIL import Image
from typer.testing import CliRunner

from brandcheck import api
from brandcheck.cli import app

sys.path.insert(0, str(Path(__file__).resolve().parent / "helpers"))


@pytest.mark.parametrize("head", [b"\xff\xd8\xff", b"\x89PNG\r\n\x1a\n", b"GIF89a"])
def test_a_picture_cut_off_in_its_first_bytes_is_unreadable_for_that_reason(tmp_path, head):
    """A file that is only the first bytes of a JPEG, PNG or GIF cannot be identified as a
    picture, and is reported so with its own path; one format's test of the first bytes
    failing on so few of them was reported instead ("unpack_from requires a buffer ...")."""
    cut = tmp_path / "cut.jpg"
    cut.write_bytes(head)
    (outcome,) = api.check_paths(cut, options=api.RunOptions(ocr="off")).files
    assert outcome.status == "error"
    assert outcome.error is not None
    assert outcome.error.endswith(f"cannot identify image file '{cut}'"), outcome.error


@pytest.mark.parametrize("data", [b"", b"ab"])
def test_an_empty_or_two_byte_logo_file_cannot_be_identified(tmp_path, data):
    """A logo file with no picture in it says so, not that a buffer was too short."""
    logo, page = tmp_path / "logo.png", tmp_path / "page.png"
    logo.write_bytes(data)
    Image.new("RGB", (320, 200), "white").save(page)
    result = CliRunner().invoke(app, ["check", "--ocr", "off", str(page), "--logo", str(logo)])
    assert result.exit_code == 2, result.output
    assert f"cannot identify image file '{logo}'" in " ".join(result.output.split()), result.output


def test_a_pillow_without_its_format_lookup_still_reads_pictures(tmp_path, monkeypatch):
    """brandcheck re-does Pillow's format lookup (its list of formats and their readers) to
    open a picture past Pillow's size guard. A Pillow whose ``Image.open`` works without that
    list where brandcheck looks for it (a later version) reads pictures as before: every
    picture was unreadable ("module 'PIL.Image' has no attribute 'ID'"), the logo too."""
    picture, logo = tmp_path / "picture.png", tmp_path / "logo.png"
    Image.new("RGB", (320, 200), "white").save(picture)
    logo_art = Image.new("RGB", (240, 120), "white")
    logo_art.paste((0, 50, 120), (40, 30, 200, 90))
    logo_art.save(logo)
    registry = {name: getattr(Image, name) for name in ("ID", "OPEN")}
    opened = Image.open

    def open_in_later_pillow(*args: object, **kwargs: object) -> Image.Image:
        for name, value in registry.items():  # Pillow's own opening still has its list
            setattr(Image, name, value)
        try:
            return opened(*args, **kwargs)
        finally:
            for name in registry:
                delattr(Image, name)

    for name in registry:
        monkeypatch.delattr(Image, name)
    monkeypatch.setattr(Image, "open", open_in_later_pillow)
    report = api.check_paths(picture, options=api.RunOptions(ocr="off"), logos=[logo])
    (outcome,) = report.files
    assert outcome.status != "error", outcome.error


def test_a_gif_whose_frame_claims_billions_of_pixels_is_refused_in_the_tools_words(tmp_path):
    """Pillow's own guard refuses such a GIF while reading its header, whatever brandcheck
    does: it is too large, said in the tool's words, not "could be decompression bomb DOS
    attack"; as a picture an SVG embeds it is refused too (it was left out of the drawing
    without a word, and the SVG checked), and as a logo file."""
    from picture_bombs import gif_claiming

    gif, svg, logo, page = (tmp_path / n for n in ("huge.gif", "s.svg", "logo.gif", "p.png"))
    gif.write_bytes(gif_claiming(65_535, 65_535))
    logo.write_bytes(gif_claiming(65_535, 65_535))
    link = "data:image/gif;base64," + base64.b64encode(gif.read_bytes()).decode()
    svg.write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" width="200" height="200">'
        '<rect width="200" height="200" fill="white"/>'
        f'<image width="100" height="100" href="{link}"/></svg>'
    )
    picture, embedded = api.check_paths([gif, svg], options=api.RunOptions(ocr="off")).files
    limit = 2 * Image.MAX_IMAGE_PIXELS / 1e6
    assert picture.status == "error"
    assert [f.name for f in picture.findings] == ["file.too_large"]
    assert picture.error == (
        f"the picture is more than {limit:,.0f} megapixels, above the limit of 150 megapixels"
    )
    assert embedded.status == "error", embedded.status
    assert [f.name for f in embedded.findings] == ["file.too_large"]
    assert f"embeds a picture of more than {limit:,.0f} megapixels" in (embedded.error or "")
    Image.new("RGB", (320, 200), "white").save(page)
    result = CliRunner().invoke(app, ["check", "--ocr", "off", str(page), "--logo", str(logo)])
    assert result.exit_code == 2, result.output
    said = " ".join(result.output.split())
    assert f"logo file {logo} is more than {limit:,.0f} megapixels, above the limit" in said, said
