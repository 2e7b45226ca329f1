"""Logos on generated PDF pages through the whole check, against the detector on the page raster.

Usage: python bench/pdf_logo_pages.py [--first S] [--last S] [--art-width PX]

For every seed from --first to --last (exclusive), the logo benchmark's PDF page generator
(``logo_detection.pdf_logo_page``) writes two A4 pages to a temporary folder, one with the logo
as vector art and one with it as a placed image, over text and often a photo. Each page is then
checked twice in the same run: by ``check_file`` with the logo rules only (the PDF-aware search
of ``logo_regions``: crops where art is painted, and the second search of art over pictures),
and by ``detect_logos`` alone on the page raster (the baseline). Prints, for each: logos found
of those drawn, false detections and CPU seconds, and the pages the check misses.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
import logo_detection as bench  # first: it puts this checkout first on sys.path

from brandcheck.api import make_context, resolve_profile
from brandcheck.checks.logo import template_bank
from brandcheck.document import open_document
from brandcheck.imaging.logo_detect import detect_logos
from brandcheck.pipeline import RunOptions, check_file
from brandcheck.rule_settings import RuleSettings


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--first", type=int, default=0, help="first page seed")
    parser.add_argument("--last", type=int, default=250, help="last page seed (exclusive)")
    parser.add_argument("--art-width", type=int, default=900, help="the artwork's raster width")
    args = parser.parse_args(argv)

    art = bench.standin_art(width=args.art_width)
    options = RunOptions(rules=RuleSettings.build(select=["logo"]), ocr="off")
    ctx = make_context(resolve_profile("stockholm"), options)
    bank = template_bank(ctx)
    assert bank is not None
    tally = {"check": [0, 0, 0.0], "detector": [0, 0, 0.0]}  # found, false, CPU seconds
    drawn, missed = 0, []
    with tempfile.TemporaryDirectory() as tmp:
        for seed in range(args.first, args.last):
            for vector in (False, True):
                path = Path(tmp) / f"p{seed}{'v' if vector else 'r'}.pdf"
                rng = np.random.default_rng(seed)
                page = bench.pdf_logo_page(rng, art, "pdf", vector=vector, save_to=path)
                if not page.truths:
                    continue
                drawn += 1
                truth = [v * 72 / bench.PDF_DPI for v in page.truths[0]]  # points
                t0 = time.process_time()
                report = check_file(path, ctx, options)
                tally["check"][2] += time.process_time() - t0
                boxes = [logo.bbox for p in report.pages for logo in p.logos]
                if not _count(tally["check"], boxes, truth):
                    missed.append(path.stem[1:])
                with open_document(path) as doc:
                    raster = doc.page(0).raster()
                    scale = doc.page(0).raster_scale
                t0 = time.process_time()
                found = detect_logos(raster, bank)
                tally["detector"][2] += time.process_time() - t0
                _count(tally["detector"], [[v / scale for v in d.bbox] for d in found], truth)
    print(f"PDF logo pages: seeds {args.first}-{args.last - 1}, {drawn} pages with a logo")
    for label, (hits, false, cpu) in tally.items():
        name = "check_file, logo rules" if label == "check" else "detect_logos on the raster"
        print(f"{name:<28} found={hits:4d}/{drawn} false={false:3d} cpu={cpu:6.1f} s")
    print("missed by the check (seed, r = placed image, v = vector):", " ".join(missed))
    return 0


def _count(tally: list, boxes: list, truth: list[float]) -> bool:
    """Add one page's boxes to ``tally``; whether the drawn logo is among them."""
    hit = any(bench.iou(box, truth) >= 0.5 for box in boxes)
    tally[0] += hit
    tally[1] += sum(1 for box in boxes if bench.iou(box, truth) < 0.5)
    return hit


if __name__ == "__main__":
    raise SystemExit(main())
