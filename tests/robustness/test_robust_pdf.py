"""Encrypted PDFs, giant pages, very long documents and page trees that lie."""

from __future__ import annotations

import io
import re
from pathlib import Path

import corpus
import pymupdf
import pytest
from conftest import check_json, hashes
from PIL import Image

from brandcheck.api import check_paths
from brandcheck.document import Limits, open_document
from brandcheck.pipeline import RunOptions


@pytest.fixture(scope="module")
def encrypted(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("encrypted")
    return {
        "user": corpus.write(folder, "user.pdf", corpus.pdf_encrypted(user_pw="user-secret")),
        "owner": corpus.write(folder, "owner.pdf", corpus.pdf_encrypted(user_pw="")),
    }


def test_user_password_gives_file_encrypted_and_exit_3(encrypted: dict[str, Path]) -> None:
    before = hashes(list(encrypted.values()))
    run = check_json(encrypted["user"], encrypted["owner"])
    assert run.returncode == 3
    outcomes = run.outcomes()
    user = outcomes[str(encrypted["user"])]
    assert user["status"] == "error"
    assert [f["name"] for f in user["findings"]] == ["file.encrypted"]
    assert "--password" in user["error"]
    owner = outcomes[str(encrypted["owner"])]  # owner password only: opens, is checked
    assert owner["status"] in ("pass", "fail") and owner["page_count"] == 1
    assert hashes(list(encrypted.values())) == before


def test_a_wrong_password_is_file_encrypted(encrypted: dict[str, Path]) -> None:
    wrong = check_paths([encrypted["user"]], options=RunOptions(password="nope", ocr="off"))
    assert wrong.files[0].findings[0].name == "file.encrypted"
    assert "does not open it" in (wrong.files[0].error or "")
    assert "--password" not in (wrong.files[0].error or "")  # one was given


def test_the_right_password_opens_the_document(encrypted: dict[str, Path]) -> None:
    with open_document(encrypted["user"], password="user-secret") as doc:
        assert doc.page_count == 1 and doc.page(0).spans()


def test_the_right_password_checks_normally(encrypted: dict[str, Path]) -> None:
    right = check_json(encrypted["user"], extra=("--password", "user-secret"))
    f = right.report["files"][0]
    assert f["status"] in ("pass", "fail"), f["error"]
    assert f["page_count"] == 1 and right.returncode in (0, 1)


def test_a_5_m_page_is_rastered_within_the_cap(tmp_path: Path) -> None:
    path = corpus.write(tmp_path, "banner.pdf", corpus.pdf_giant_page())
    limits = Limits()
    with open_document(path, limits=limits) as doc:
        page = doc.page(0)
        assert page.length_mm(page.width) == pytest.approx(5000, rel=1e-3)
        h, w, _ = page.raster().shape
    assert max(h, w) <= limits.max_raster_side and h * w <= limits.max_raster_pixels
    assert h >= 1 and w >= 1


@pytest.mark.parametrize(
    ("mediabox", "expected"),
    [("0 0 2147483904 200", "file.too_large"), ("0 0 280629 1", None)],
)
def test_absurd_page_sizes(tmp_path: Path, mediabox: str, expected: str | None) -> None:
    """Regression (fuzz seed 1, case 77): a 757 km × 7 cm page gave a 3000×0 raster."""
    path = corpus.write(tmp_path, "page.pdf", corpus.pdf_mediabox(mediabox))
    f = check_paths([path], options=RunOptions(ocr="off")).files[0]
    if expected:
        assert f.status == "error" and f.findings[0].name == expected
    else:
        assert f.status in ("pass", "fail")
        with open_document(path) as doc:
            assert min(doc.page(0).raster().shape[:2]) >= 1


@pytest.fixture(scope="module")
def long_pdf(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return corpus.write(tmp_path_factory.mktemp("long"), "3000.pdf", corpus.pdf_many_pages(3000))


def test_3000_page_pdf_is_refused_above_the_page_limit(long_pdf: Path) -> None:
    options = RunOptions(ocr="off", limits=Limits(max_pages=1000))
    f = check_paths([long_pdf], options=options).files[0]
    assert f.status == "error" and f.findings[0].name == "file.too_large"
    assert "3000 pages" in (f.error or "")


@pytest.mark.slow
def test_3000_page_pdf_is_checked_page_by_page(long_pdf: Path) -> None:
    run = check_json(long_pdf, extra=("--select", "production,file"), timeout=600)
    f = run.report["files"][0]
    assert f["status"] in ("pass", "fail")
    assert f["page_count"] == 3000 and len(f["pages"]) == 3000


def test_content_that_cannot_be_drawn_is_reported(tmp_path: Path) -> None:
    doc = pymupdf.open()
    page = doc.new_page()
    buf = io.BytesIO()
    Image.new("RGB", (200, 120), (30, 90, 160)).save(buf, "JPEG")
    page.insert_image(pymupdf.Rect(50, 50, 250, 170), stream=buf.getvalue())
    page.insert_text((50, 300), "Inbjudan till samråd", fontsize=14)
    (xref, *_rest) = page.get_images()[0]
    doc.update_stream(xref, b"\xff\xd8\xff\xe0 not a JPEG any more", compress=False)
    doc.save(tmp_path / "broken-image.pdf")
    report = check_paths([tmp_path / "broken-image.pdf"], options=RunOptions(ocr="off"))
    [damaged] = [f for f in report.files[0].findings if f.name == "file.repaired"]
    assert damaged.page == 0 and "damaged content" in damaged.message
    # an undamaged page says nothing of the kind, nor one whose MuPDF notes lose nothing
    ok = corpus.write(tmp_path, "ok.pdf", corpus.pdf_bytes(pages=1))
    text = pymupdf.open()
    page = text.new_page()
    page.insert_text((50, 300), "Inbjudan till samråd", fontsize=14)
    raw = text.tobytes(garbage=0, deflate=False, no_new_id=True)
    length = re.search(rb"%d 0 obj\s*<<[^>]*?/Length (\d+)" % page.get_contents()[0], raw)
    assert length is not None  # MuPDF: "PDF stream Length incorrect", and reads it all
    wrong = raw[: length.start(1)] + str(int(length[1]) + 7).encode() + raw[length.end(1) :]
    (tmp_path / "length.pdf").write_bytes(wrong)
    clean = check_paths([ok, tmp_path / "length.pdf"], options=RunOptions(ocr="off"))
    for file in clean.files:
        assert "file.repaired" not in {f.name for f in file.findings}, file.path


def test_a_pdf_cut_short_before_its_pages_says_so(tmp_path: Path) -> None:
    """A download stopped in its first objects cannot be opened at all: the report says the
    file is cut short and what to do, not MuPDF's "Failed to open file ... as type pdf"."""
    whole = corpus.pdf_bytes(pages=1)
    cut = corpus.write(tmp_path, "cut.pdf", whole[:200])
    damaged = corpus.write(tmp_path, "damaged.pdf", whole[:200] + b"\n%%EOF\n")
    before = hashes([cut, damaged])
    run = check_json(cut, damaged)
    assert run.returncode == 3
    files = run.outcomes()
    cut_error = files[str(cut)]["error"]
    assert cut_error.startswith("cannot open PDF: the file is cut short"), cut_error
    assert "get or export it again" in cut_error and "Failed to open" not in cut_error
    # whole to its %%EOF but unreadable: damaged, with MuPDF's own reason
    damaged_error = files[str(damaged)]["error"]
    assert damaged_error.startswith("cannot open PDF: the file is damaged"), damaged_error
    assert "cut short" not in damaged_error
    assert hashes([cut, damaged]) == before


def test_a_pdf_of_digits_is_called_cut_short_in_seconds(tmp_path: Path) -> None:
    """A header then a megabyte of digits: MuPDF cannot open it, and the search for what was
    lost tried each digit run again at every digit (hours); whole files of NULs and of
    numbers say they are cut short as quickly."""
    digits = corpus.write(tmp_path, "digits.pdf", b"%PDF-1.7\n" + b"1" * (1 << 20))
    numbers = corpus.write(tmp_path, "numbers.pdf", b"%PDF-1.7\n" + b"12 " * (1 << 18))
    run = check_json(digits, numbers, timeout=60)
    assert run.returncode == 3
    for error in (f["error"] for f in run.outcomes().values()):
        assert error.startswith("cannot open PDF: the file is cut short"), error
