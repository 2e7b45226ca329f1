"""Accuracy and cost of the scan orientation estimate (brandcheck/imaging/page_orientation.py).

Usage: python bench/page_orientation.py [--pages 12] [--seed 3]

Sets ``--pages`` text pages a layout with PyMuPDF (Swedish and English body text under a heading
in one or two columns, a letter of a few lines, text in capitals and a table of amounts, whose
way up cannot be told; Helvetica, Times or DejaVu Sans, 9-12 pt),
scans each as a scanner would (150, 200 or 300 dpi, greyscale or colour, noise, a skew of up to
±1.5°, JPEG) at 0, 90, 180 and 270°, saves it as a picture file (JPEG) or a one-image PDF, opens
it as brandcheck does and estimates the orientation of the page's raster. Prints, per turn, how
many pages were right, wrong (and how), sideways-but-unsure and without lines (None), and the
median and worst CPU ms a page; also for the archive's photos (``throughput.export_image``), which
should have none.
"""

from __future__ import annotations

import argparse
import io
import statistics
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

import numpy as np
import pymupdf
from PIL import Image

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.throughput import export_image
from brandcheck.document import open_document
from brandcheck.imaging.page_orientation import page_orientation
from brandcheck.synth import find_font

SWEDISH = (
    "Stockholms stad arbetar för att alla invånare ska få god service. Förskolan öppnar "
    "klockan sju och stänger halv sex. Ansökan om bygglov görs digitalt via stadens "
    "webbplats, där även frågor om parkering, avfall och återvinning besvaras. Kulturförvaltningen "
    "bjuder in till öppet hus på biblioteken under höstlovet med läsning för barn och unga. "
)
ENGLISH = (
    "The City of Stockholm works to give every resident good service. Applications for "
    "building permits are made through the city's website, which also answers questions about "
    "parking, waste and recycling. The libraries hold an open day during the autumn holiday, "
    "with readings for children and young people, and guided tours of the collections. "
)
LAYOUTS = ("one column", "two columns", "letter", "headings", "capitals", "table")


def _font(page: pymupdf.Page, rng: np.random.Generator) -> str:
    choice = int(rng.integers(0, 3))
    if choice == 2:
        page.insert_font(fontname="dejavu", fontfile=str(find_font("DejaVuSans.ttf")))
        return "dejavu"
    return ("helv", "tiro")[choice]


def text_page(layout: str, rng: np.random.Generator) -> bytes:
    """One A4 page of the layout as a PDF."""
    doc = pymupdf.open()
    page = doc.new_page(width=595, height=842)
    font = _font(page, rng)
    body = SWEDISH if rng.random() < 0.5 else ENGLISH
    size = float(rng.choice([9, 10, 11, 12]))
    page.insert_text((56, 80), "Information från stadsdelen", fontsize=22, fontname="hebo")
    if layout == "capitals":  # no x-height band: which way up cannot be told
        page.insert_textbox(pymupdf.Rect(56, 120, 539, 700), body.upper() * 3, fontsize=size)
    elif layout == "table":  # amounts under rules: figures have no x-height band either
        for row in range(25):
            for col in range(4):
                amount = f"{int(rng.integers(100, 99999))} kr"
                page.insert_text(
                    (60 + col * 120, 120 + row * 22), amount, fontsize=size, fontname=font
                )
            page.draw_line((56, 125 + row * 22), (539, 125 + row * 22))
    elif layout == "letter":
        for i, line in enumerate(("Anna Andersson", "Hantverkargatan 3", "112 21 Stockholm")):
            page.insert_text((56, 140 + i * 14), line, fontsize=size, fontname=font)
        page.insert_textbox(
            pymupdf.Rect(56, 240, 539, 330), body[:300], fontsize=size, fontname=font
        )
        page.insert_text((56, 400), "Med vänliga hälsningar", fontsize=size, fontname=font)
    elif layout == "two columns":
        for x in (56, 310):
            page.insert_textbox(
                pymupdf.Rect(x, 120, x + 229, 780), body * 3, fontsize=size, fontname=font
            )
    else:
        y = 120
        while y < 700:
            if layout == "headings":
                page.insert_text((56, y + 14), "Så söker du", fontsize=16, fontname="hebo")
                y += 24
            page.insert_textbox(
                pymupdf.Rect(56, y, 539, y + 150), body * 2, fontsize=size, fontname=font
            )
            y += 170
    return doc.tobytes()


def scan(pdf: bytes, rng: np.random.Generator, turn: int) -> Image.Image:
    """The page scanned at 150-300 dpi with noise and skew, turned ``turn``° counter-clockwise."""
    dpi = int(rng.choice([150, 200, 300]))
    grey = rng.random() < 0.5
    with pymupdf.open(stream=pdf) as doc:
        pix = doc[0].get_pixmap(dpi=dpi, colorspace=pymupdf.csGRAY if grey else pymupdf.csRGB)
    shape = (pix.height, pix.width) if grey else (pix.height, pix.width, 3)
    arr = np.frombuffer(pix.samples, np.uint8).reshape(shape).astype(np.float32)
    arr = np.clip(arr + rng.normal(0, 12, arr.shape), 0, 255).astype(np.uint8)
    img = Image.fromarray(arr).rotate(
        float(rng.uniform(-1.5, 1.5)), fillcolor=255 if grey else (255,) * 3
    )
    return img.rotate(turn, expand=True) if turn else img


def save(img: Image.Image, path: Path) -> Path:
    buf = io.BytesIO()
    img.save(buf, "JPEG", quality=70)
    if path.suffix == ".jpg":
        path.write_bytes(buf.getvalue())
        return path
    doc = pymupdf.open()
    w, h = (595, 842) if img.height > img.width else (842, 595)
    page = doc.new_page(width=w, height=h)
    page.insert_image(page.rect, stream=buf.getvalue())
    doc.save(path)
    return path


def estimate(path: Path) -> tuple[object, float]:
    with open_document(path) as doc:
        page = doc.page(0)
        raster = page.raster()
        started = time.process_time()  # CPU: the machine may be busy with other work
        found = page_orientation(raster)
        return found, (time.process_time() - started) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=12, help="pages a layout (for each turn)")
    parser.add_argument("--seed", type=int, default=3)
    args = parser.parse_args()
    rng = np.random.default_rng(args.seed)
    times: list[float] = []
    unsure: Counter[str] = Counter()  # pages a layout with lines but not which way up
    with tempfile.TemporaryDirectory() as tmp:
        for turn in (0, 90, 180, 270):
            tally: Counter[str] = Counter()
            for layout in LAYOUTS:
                for i in range(args.pages):
                    pdf = text_page(layout, rng)
                    suffix = ".jpg" if i % 2 else ".pdf"
                    path = save(scan(pdf, rng, turn), Path(tmp) / f"p{suffix}")
                    found, ms = estimate(path)
                    times.append(ms)
                    unsure[layout] += found.turn is None and found.sideways is not None
                    if found.turn == turn:
                        tally["right"] += 1
                    elif found.turn is not None:
                        tally[f"wrong: {found.turn}"] += 1
                        print(f"  {turn}° {layout} {suffix}: called {found.turn}", flush=True)
                    elif found.sideways is None:
                        tally["None"] += 1
                    else:
                        tally["lines, not which way up"] += 1
            n = len(LAYOUTS) * args.pages
            print(
                f"turn {turn:3}°: {n} pages, "
                + ", ".join(f"{k} {v}" for k, v in sorted(tally.items()))
            )
        print(
            "lines, not which way up, by layout: "
            + ", ".join(f"{k} {v}" for k, v in unsure.items())
        )
        photos: Counter[str] = Counter()
        for i in range(40):
            path = Path(tmp) / f"e{i}{'.png' if i % 2 else '.jpg'}"
            export_image(path, rng)
            found, ms = estimate(path)
            times.append(ms)
            photos[str(found.turn if found.sideways is not None else None)] += 1
        print("archive photos (40): " + ", ".join(f"{k} {v}" for k, v in sorted(photos.items())))
    print(f"CPU ms a page: median {statistics.median(times):.1f}, worst {max(times):.1f}")


if __name__ == "__main__":
    main()
