"""The Python API as an integrator calls it: one path or several, options checked up front."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from brandcheck import api
from brandcheck.errors import UsageError

sys.path.insert(0, str(Path(__file__).resolve().parent / "helpers"))

SAMPLES = Path(__file__).resolve().parents[1] / "samples" / "stad"
POSTER = SAMPLES / "compliant-poster.pdf"


@pytest.mark.parametrize("one", [str(POSTER), POSTER])
def test_one_path_is_one_file_not_the_letters_of_its_name(one):
    report = api.check_paths(one, options=api.RunOptions(ocr="off"))
    assert [(f.path, f.status) for f in report.files] == [(str(POSTER), "pass")]


def test_check_file_takes_a_str_path_too():
    options = api.RunOptions(ocr="off")
    ctx = api.ready_context(api.resolve_profile("stockholm"), options)
    assert api.check_file(str(POSTER), ctx, options).status == "pass"


@pytest.mark.parametrize(
    ("option", "value"), [("target", "Print"), ("ocr", "no"), ("fail_on", "fatal")]
)
def test_options_the_command_line_would_refuse_are_refused(option, value):
    with pytest.raises(UsageError, match=f"RunOptions.{option} must be one of"):
        api.RunOptions(**{option: value})
    assert api.RunOptions(fail_on="warning").fail_on == "warning"


def test_a_long_pdf_tells_its_pages_as_they_are_done(tmp_path: Path):
    import pymupdf

    doc = pymupdf.open()
    for n in range(3):
        doc.new_page().insert_text((72, 72), f"Sida {n + 1}")
    pdf = tmp_path / "rapport.pdf"
    doc.save(pdf)
    told: list[tuple[str, int, int]] = []
    report = api.check_paths(
        pdf, options=api.RunOptions(ocr="off"), on_page=lambda *t: told.append(t)
    )
    assert report.files[0].page_count == 3
    assert told == [(str(pdf), 1, 3), (str(pdf), 2, 3), (str(pdf), 3, 3)]


def test_a_page_callback_that_raises_is_the_callers_error_not_the_files(tmp_path: Path):
    # a bug in the caller's progress callback was reported as the file crashing (BC907,
    # "internal error, please report it") and the run went on: it is raised to the caller,
    # as on_file's are
    import pymupdf

    doc = pymupdf.open()
    doc.new_page().insert_text((72, 72), "Sida 1")
    doc.new_page().insert_text((72, 72), "Sida 2")
    doc.save(tmp_path / "rapport.pdf")

    def broken(name: str, done: int, total: int) -> None:
        raise LookupError("the caller's bar is gone")

    with pytest.raises(LookupError, match="bar is gone"):
        api.check_paths(tmp_path / "rapport.pdf", options=api.RunOptions(ocr="off"), on_page=broken)


def test_checking_pictures_leaves_pillows_own_size_guard_to_the_program(tmp_path: Path):
    """A program that imports brandcheck and opens pictures with Pillow itself keeps Pillow's
    guard against decompression bombs: checking a picture set it off for the whole process.
    brandcheck still refuses a picture over its own limit from the header, naming its size."""
    from picture_bombs import png_claiming
    from PIL import Image

    picture, bomb = tmp_path / "picture.png", tmp_path / "bomb.png"
    Image.new("RGB", (320, 200), "white").save(picture)
    bomb.write_bytes(png_claiming(100_000, 100_000))
    guard = Image.MAX_IMAGE_PIXELS
    report = api.check_paths([picture, bomb], options=api.RunOptions(ocr="off"))
    assert guard == Image.MAX_IMAGE_PIXELS, "the program's own setting"
    with pytest.raises(Image.DecompressionBombError), Image.open(bomb):
        pass
    checked, refused = report.files
    assert checked.status != "error", checked.error
    assert refused.status == "error"
    assert [f.name for f in refused.findings] == ["file.too_large"]
    assert refused.error == (
        "100000×100000 = 10000 megapixels is above the limit of 150 megapixels"
    ), refused.error
