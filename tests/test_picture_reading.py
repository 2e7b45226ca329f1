"""Pictures identified as Pillow identifies them: the same outcome and the same reason for a
file too short or too broken to be a picture, whether checked or given as a logo."""

from __future__ import annotations

import pytest
from PIL import Image
from typer.testing import CliRunner

from brandcheck import api
from brandcheck.cli import app


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
