"""`check --annotate` on PDFs whose names are near the file-name limit (255 bytes)."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pymupdf
from typer.testing import CliRunner

from brandcheck.cli import app

runner = CliRunner()


def test_a_pdf_with_a_long_name_gets_its_annotated_copy(text_pdf: Path, tmp_path: Path):
    # a 246-byte stem: with ".annotated.pdf" longer than a file name may be (errno 36)
    long_stem = "å" * 20 + "a" * 206  # 246 bytes, multi-byte characters before the cut
    inputs = []
    for folder in ("one", "two"):  # the same name twice: two copies, each its own name
        (tmp_path / folder).mkdir()
        inputs.append(shutil.copy(text_pdf, tmp_path / folder / f"{long_stem}.pdf"))
    notes = tmp_path / "notes"
    result = runner.invoke(
        app, ["check", *map(str, inputs), "--annotate", str(notes), "--ocr", "off"]
    )
    assert "cannot write the annotated copy" not in result.stderr, result.stderr
    copies = sorted(notes.iterdir())
    assert len(copies) == 2, result.stderr
    for copy in copies:
        assert len(os.fsencode(copy.name)) <= 255 and copy.name.startswith("å" * 20 + "a")
        assert str(copy) in result.stderr  # named where the run says what it wrote
        with pymupdf.open(copy) as doc:
            assert any(True for page in doc for _ in page.annots())
    assert {copy.name.rsplit(".", 2)[-2] for copy in copies} == {"annotated", "annotated-2"}
