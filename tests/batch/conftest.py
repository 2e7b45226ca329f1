"""Fixtures for the batch tests: a small mixed archive written with PyMuPDF and Pillow."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import numpy as np
import pymupdf
import pytest
from PIL import Image

REPO = Path(__file__).resolve().parents[2]
SAMPLES = REPO / "samples"
sys.path.insert(0, str(REPO / "tests" / "helpers"))


def write_pdf(path: Path, pages: int, seed: int = 0) -> Path:
    """A text PDF with one coloured line and a rectangle per page."""
    rng = np.random.default_rng(seed)
    path.parent.mkdir(parents=True, exist_ok=True)
    doc = pymupdf.open()
    for i in range(pages):
        page = doc.new_page(width=595, height=842)
        colour = tuple(float(c) for c in rng.random(3))
        page.insert_text((72, 100), f"Page {i + 1} of {path.stem}", fontsize=14, color=colour)
        page.draw_rect(pymupdf.Rect(72, 200, 300, 260), color=None, fill=colour)
    doc.save(path)
    doc.close()
    return path


def write_image(path: Path, seed: int = 0) -> Path:
    rng = np.random.default_rng(seed)
    path.parent.mkdir(parents=True, exist_ok=True)
    pixels = rng.integers(0, 255, size=(160, 240, 3), dtype=np.uint8)
    Image.fromarray(pixels).save(path)
    return path


@pytest.fixture
def archive(tmp_path: Path) -> Path:
    """Eight files in two folders; `long.pdf` has 7 pages (split with chunk_pages=3)."""
    root = tmp_path / "archive"
    write_pdf(root / "2019" / "a.pdf", 1, 1)
    write_pdf(root / "2019" / "b.pdf", 2, 2)
    write_pdf(root / "2019" / "long.pdf", 7, 3)
    write_image(root / "2019" / "photo.png", 4)
    write_pdf(root / "2020" / "c.pdf", 1, 5)
    write_image(root / "2020" / "web.jpg", 6)
    write_pdf(root / "2020" / "deep" / "d.pdf", 3, 7)
    (root / "2020" / "broken.pdf").write_bytes(b"%PDF-1.7\n1 0 obj\n<<")
    return root


def db_rows(db: Path) -> list[tuple]:
    """(path, status, page_count, findings) of every stored file, read-only."""
    con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        return con.execute(
            "SELECT path, status, page_count, findings FROM files ORDER BY path"
        ).fetchall()
    finally:
        con.close()


def run_cli(
    *args: str, env: dict[str, str] | None = None, prefix: list[str] | None = None, **kw
) -> subprocess.CompletedProcess:
    """`brandcheck ARGS` in a child process (its own worker processes and environment), under
    ``prefix`` (such as ``as_user``'s)."""
    return subprocess.run(
        [*(prefix or []), sys.executable, "-c", "from brandcheck.cli import main; main()", *args],
        env={**os.environ, **(env or {})},
        capture_output=True,
        text=True,
        timeout=120,
        **kw,
    )
