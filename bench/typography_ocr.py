"""Cost of the typography and sender checks, and of OCR, against baselines measured in this run.

    python bench/typography_ocr.py [pages]

1. Text PDF: typography + sender ``check_page`` per page vs PyMuPDF's text extraction
   (``page.spans()``, the work every text check needs anyway).
2. Scanned letter (150 dpi JPEG): OCR vs decoding the image.
3. Noisy photo-like image without text: OCR vs decoding (the worst case: the glyph gate that
   skips Tesseract on text-free images cannot tell noise speckles from glyphs).
"""

from __future__ import annotations

import io
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pymupdf
from PIL import Image

from brandcheck import ocr, synth
from brandcheck.checks import CheckContext, sender, typography
from brandcheck.document import open_document
from brandcheck.profile import load_profile
from brandcheck.report import PageReport

BODY = "Vi skriver till dig om avgifterna för båtplatser i hamnen under det kommande året."


def _text_pdf(path: Path, pages: int) -> Path:
    doc = pymupdf.open()
    regular = synth.renamed_font("LiberationSans-Regular.ttf", "Arial", "Regular", "ArialMT")
    bold = synth.renamed_font("LiberationSans-Bold.ttf", "Arial", "Bold", "Arial-BoldMT")
    for _ in range(pages):
        page = doc.new_page()
        synth.insert_font(page, "F0", regular)
        synth.insert_font(page, "F1", bold)
        page.insert_text((60, 70), "Hamnbolaget informerar", fontname="F1", fontsize=18)
        for i in range(40):
            page.insert_text((60, 100 + 17 * i), BODY, fontname="F0", fontsize=10)
    doc.save(path)
    return path


def _timed(fn) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def _pages(path: Path, ctx: CheckContext, work) -> float:
    total = 0.0
    with open_document(path) as doc:
        for page in doc.pages():
            out = PageReport(index=page.index, width=page.width, height=page.height, units="pt")
            total += _timed(lambda p=page, o=out: work(p, o))
    return total


def main() -> None:
    pages = int(sys.argv[1]) if len(sys.argv) > 1 else 20
    ctx = CheckContext(profile=load_profile("stockholm-bolag"))
    tmp = Path(tempfile.mkdtemp(prefix="bc-bench-"))
    pdf = _text_pdf(tmp / "text.pdf", pages)

    base = _pages(pdf, ctx, lambda p, o: p.spans())

    def checks(p, o):
        p.spans()
        list(typography.check_page(p, ctx, o))
        list(sender.check_page(p, ctx, o))

    ours = _pages(pdf, ctx, checks) - base
    print(
        f"text PDF, {pages} pages: spans {base / pages * 1000:.1f} ms/page, typography+sender "
        f"{ours / pages * 1000:.1f} ms/page, ratio {ours / base:.2f}x"
    )

    with pymupdf.open(pdf) as doc:
        pix = doc[0].get_pixmap(dpi=150)
    buf = io.BytesIO()
    Image.frombytes("RGB", (pix.width, pix.height), pix.samples).save(buf, "JPEG", quality=60)
    scan = tmp / "scan.jpg"
    scan.write_bytes(buf.getvalue())
    rng = np.random.default_rng(0)
    photo = tmp / "photo.jpg"
    grad = np.linspace(0, 255, 1600)[None, :, None] * np.ones((1200, 1, 3))
    noisy = np.clip(grad + rng.normal(0, 25, grad.shape), 0, 255).astype(np.uint8)
    Image.fromarray(noisy).save(photo, quality=80)

    for label, path in (("scanned letter", scan), ("noisy photo, no text", photo)):
        with open_document(path) as doc:
            page = doc.page(0)
            decode = _timed(page.raster)
            run = _timed(lambda p=page: ocr.page_ocr(p, ctx))
            lines = len(page.memo[ocr.MEMO_KEY].lines)
        print(
            f"{label}: decode {decode * 1000:.0f} ms, OCR {run * 1000:.0f} ms ({lines} lines), "
            f"ratio {run / decode:.1f}x"
        )


if __name__ == "__main__":
    main()
