"""Colour-check cost per page against the page render measured in the same run.

Usage: python bench/colour_overhead.py [--pages 12] [--repeat 3] [--seed 7]

Builds seeded material in a temporary folder: a multi-page A4 vector PDF (RGB and CMYK fills,
a Separation-free mix of text sizes and colours, ~60 text spans and ~40 paths per page, and on
each page a placed photo of its own), the same pages as a pure raster PDF (one page image each),
and A4 posters at 100 dpi as PNG and JPEG (quality 60). For every page it times, on the same
page object:

- render: `page.raster()`, the analysis raster every raster-based check needs (for image files
  this is the decode and resample); every repeat opens the file afresh and renders each page
  once, as a real run does (a page's images are decoded for it, not kept from a repeat);
- colour: `brandcheck.checks.colour.check_page` with that raster already cached, i.e. what the
  colour rules add on top of the render (content-stream parsing, palette search, flat-region
  clustering, contrast sampling).

Each time is the best of the repeats; a kind with fewer pages than --pages (the one-page
posters) is repeated that many times more, so every kind has about pages × repeat samples (with
only --repeat samples a single page's best time is at the mercy of a busy machine).
Prints per kind the median render and colour times per page and their ratio (colour / render),
the same with the page's shared work done beforehand (its text spans, and for a picture its
OCR, which the contrast check reads: in a full run the typography and sender checks do both
anyway, and both are cached per page) and the time of that work on its own, then an overall
line over all pages of all kinds. Render and colour are timed on the same page objects in the
same run.
Target: ratio* < 1 for every kind (what the colour checks add costs less than the render).
"""

from __future__ import annotations

import argparse
import contextlib
import io
import statistics
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pymupdf
from PIL import Image, ImageDraw, ImageFont

from brandcheck import ocr
from brandcheck.checks import CheckContext
from brandcheck.checks import colour as colour_check
from brandcheck.document import open_document
from brandcheck.profile import load_profile
from brandcheck.report import PageReport

PALETTE = ["#E5006C", "#009991", "#E9500E", "#AAD9D6", "#FCBF0A", "#890C58", "#F3A0BA"]
CMYK = [(0, 1, 0.22, 0), (0.94, 0, 0.5, 0), (0, 0.79, 1, 0), (0, 0, 0, 1)]
FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"


def _rgb(hex_: str) -> tuple[float, float, float]:
    return tuple(int(hex_[i : i + 2], 16) / 255 for i in (1, 3, 5))  # type: ignore[return-value]


def _photo(angle: float) -> bytes:
    from skimage import data

    img = Image.fromarray(data.astronaut()).rotate(angle)
    buf = io.BytesIO()
    img.save(buf, "JPEG", quality=85)
    return buf.getvalue()


def build_vector_pdf(path: Path, pages: int, rng: np.random.Generator) -> Path:
    doc = pymupdf.open()
    # every page places its own photo, as a brochure does: one photo shared by all pages is
    # decoded once and kept by MuPDF, so later pages would render without decoding any image
    angle = float(rng.uniform(-5, 5))
    for n in range(pages):
        photo = _photo(angle + 0.5 * n)
        page = doc.new_page(width=595, height=842)
        for j in range(40):
            x, y = rng.uniform(20, 480), rng.uniform(20, 700)
            rect = pymupdf.Rect(x, y, x + rng.uniform(10, 100), y + rng.uniform(10, 100))
            fill = CMYK[j % 4] if j % 3 == 0 else _rgb(PALETTE[j % len(PALETTE)])
            page.draw_rect(rect, fill=fill, color=(0, 0, 0) if j % 5 == 0 else None)
        page.insert_image(pymupdf.Rect(300, 500, 560, 760), stream=photo)
        for line in range(60):
            size = [8, 10, 12, 18, 24][line % 5]
            colour = _rgb(["#000000", "#767676", "#FFFFFF", "#00594F"][line % 4])
            page.insert_text(
                (30 + (line % 2) * 280, 40 + line * 13),
                "Stockholms stad",
                fontsize=size,
                color=colour,
            )
    doc.save(path)
    return path


def build_raster_pdf(vector: Path, path: Path) -> Path:
    src = pymupdf.open(vector)
    doc = pymupdf.open()
    for page in src:
        pix = page.get_pixmap(dpi=100)
        out = doc.new_page(width=page.rect.width, height=page.rect.height)
        out.insert_image(out.rect, stream=pix.tobytes("jpeg", jpg_quality=80))
    doc.save(path)
    return path


def build_poster(path: Path, rng: np.random.Generator, fmt: str) -> Path:
    w, h = 827, 1169  # A4 at 100 dpi
    img = Image.new("RGB", (w, h), "#FFFFFF")
    d = ImageDraw.Draw(img)
    for j in range(12):
        x, y = int(rng.uniform(0, w - 200)), int(rng.uniform(0, h - 200))
        d.rectangle(
            [x, y, x + int(rng.uniform(60, 300)), y + int(rng.uniform(40, 200))],
            fill=PALETTE[j % 7],
        )
    font = ImageFont.truetype(FONT, 22)
    for i in range(20):
        d.text(
            (40, 300 + 28 * i), "Kulturhuset Stadsteatern öppet 10–18", fill="#000000", font=font
        )
    from skimage import data

    img.paste(Image.fromarray(data.coffee()).resize((360, 240)), (420, 860))
    if fmt == "jpeg":
        img.save(path, "JPEG", quality=60)
    else:
        img.save(path, "PNG")
    return path


def _shared_work(page, ctx: CheckContext) -> None:
    """What the other checks compute for the page too: its text spans, and its OCR when it is
    a picture (typography reads text sizes from it; the colour check measures the contrast of
    the text it finds). Both are memoised on the page."""
    if not page.spans():
        with contextlib.suppress(ocr.OcrUnavailable):
            ocr.page_ocr(page, ctx)


def measure(path: Path, ctx: CheckContext, repeat: int) -> tuple[list[float], ...]:
    """Per page: best render, colour, colour with the text spans shared, and span times.

    Each repeat opens the file afresh and renders every page once, in order, as a real run
    does: MuPDF keeps what pages share (fonts, colour links, a repeated image) but nothing is
    left over from rendering the same page before.
    """
    with open_document(path) as doc:
        count = doc.page_count
    best = np.full((count, 4), np.inf)
    for _ in range(repeat):
        for warm_spans in (False, True):
            with open_document(path) as doc:
                for i in range(count):
                    page = doc.page(i)
                    t0 = time.perf_counter()
                    page.raster()
                    t1 = time.perf_counter()
                    if warm_spans:  # typography and sender extract them (and OCR) anyway
                        _shared_work(page, ctx)
                        best[i, 3] = min(best[i, 3], time.perf_counter() - t1)
                        t1 = time.perf_counter()
                    out = PageReport(
                        index=i, width=page.width, height=page.height, units=page.units
                    )
                    list(colour_check.check_page(page, ctx, out))
                    t2 = time.perf_counter()
                    page.release()
                    if warm_spans:
                        best[i, 2] = min(best[i, 2], t2 - t1)
                    else:
                        best[i, 0] = min(best[i, 0], t1 - t0)
                        best[i, 1] = min(best[i, 1], t2 - t1)
    return tuple(list(col) for col in best.T)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--pages", type=int, default=12)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args(argv)
    rng = np.random.default_rng(args.seed)
    ctx = CheckContext(profile=load_profile("stockholm"), target="print")
    worst = 0.0
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        vector = build_vector_pdf(folder / "vector.pdf", args.pages, rng)
        kinds = {
            "vector PDF (A4, text+paths+photo)": vector,
            "pure raster PDF (A4 page images)": build_raster_pdf(vector, folder / "raster.pdf"),
            "PNG poster (A4 @100 dpi)": build_poster(folder / "poster.png", rng, "png"),
            "JPEG q60 poster (A4 @100 dpi)": build_poster(folder / "poster.jpg", rng, "jpeg"),
        }
        print(
            f"{'kind':36} {'pages':>5} {'render ms':>10} {'colour ms':>10} {'ratio':>6}"
            f" {'colour ms*':>10} {'ratio*':>6} {'shared ms':>9}"
        )
        totals = np.zeros(3)
        for name, path in kinds.items():
            measure(path, ctx, 1)  # warm caches (palette, fonts, imports)
            # a one-page poster gets as many timed samples per kind as a --pages document
            with open_document(path) as doc:
                repeat = args.repeat * max(1, args.pages // doc.page_count)
            renders, colours, shared, span_times = measure(path, ctx, repeat)
            r = statistics.median(renders) * 1000
            c = statistics.median(colours) * 1000
            c2 = statistics.median(shared) * 1000
            sp = statistics.median(span_times) * 1000
            worst = max(worst, c2 / r)
            totals += (sum(renders), sum(colours), sum(shared))
            print(
                f"{name:36} {len(renders):5d} {r:10.1f} {c:10.1f} {c / r:6.2f} {c2:10.1f}"
                f" {c2 / r:6.2f} {sp:9.1f}"
            )
        r, c, c2 = totals * 1000
        print(
            f"{'overall (sum over all pages)':36} {'':5} {r:10.1f} {c:10.1f} {c / r:6.2f}"
            f" {c2:10.1f} {c2 / r:6.2f}"
        )
        print("* with the page's text spans, and the OCR of a picture, already done (shared with")
        print("  typography/sender); 'shared ms' is that work, which a full run pays once")
    verdict = "OK" if worst < 1.0 else "ABOVE TARGET"
    print(f"worst ratio* colour/render = {worst:.2f} (target < 1): {verdict}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
