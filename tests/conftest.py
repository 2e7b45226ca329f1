"""Shared pytest fixtures: small real files written with PyMuPDF and Pillow."""

from __future__ import annotations

from pathlib import Path

import pymupdf
import pytest
from PIL import Image

REPO = Path(__file__).resolve().parents[1]
SAMPLES = REPO / "samples"


@pytest.fixture
def text_pdf(tmp_path: Path) -> Path:
    """A one-page PDF with a line of text, a title and a language."""
    path = tmp_path / "text.pdf"
    doc = pymupdf.open()
    doc.set_metadata({"title": "Test"})
    doc.set_language("sv-SE")
    page = doc.new_page()
    page.insert_text((72, 72), "Hej Stockholm", fontsize=12)
    doc.save(path)
    return path


@pytest.fixture
def png_file(tmp_path: Path) -> Path:
    path = tmp_path / "plain.png"
    Image.new("RGB", (320, 200), (255, 255, 255)).save(path)
    return path
