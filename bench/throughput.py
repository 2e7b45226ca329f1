"""Archive throughput: full check vs render-only, 1 vs 2 jobs, and peak memory of a 1,000-page PDF.

Usage: python bench/throughput.py [--seed 7] [--out bench/out] [--jobs 2] [--ocr auto|off]

Builds (once, cached under OUT/archive-s<seed>-v1) a seeded mixed archive of 220 files and
1,000+ pages: vector text PDFs, PDFs with placed photos, scanned PDFs (noisy, skewed page
images), PNG and JPEG exports; and a 1,000-page text PDF. Then measures, in the same run:

- render-only: every page rendered by PyMuPDF alone at the resolution the checks analyse it at
  (Limits.analysis_dpi with the raster caps), in one process: the floor no checker can beat;
- `scan` with 1 worker process and with --jobs workers (fresh databases, wall clock including
  worker start-up): pages/s, the ratio to render-only, and the speed-up; per archive folder
  (kind of page), the worker and the render-only seconds per page and their ratio, which shows
  where the time goes: text pages render in a few milliseconds, so their checks dominate;
- `scan` with 1 worker without the logo rules (so without the logo search): how much of the
  gap to render-only that search is;
- peak RSS of a fresh process running `check_file` on the 1,000-page PDF (and of one that only
  imports brandcheck, for reference).

Targets: full check >= 0.5 x render-only; >= 1.8x from 1 to 2 jobs; < 500 MB peak.
Which checks were active is printed, since the full check gets slower as checks are added.
On a shared machine the speed-up depends on what else runs: the load average is printed.
"""

from __future__ import annotations

import argparse
import io
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pymupdf
from PIL import Image, ImageFilter

HERE = Path(__file__).resolve().parent
ARCHIVE_VERSION = "v1"
MIN_PAGES = 1000


def _photo(rng: np.random.Generator, w: int, h: int) -> Image.Image:
    """A smooth random 'photo': upsampled noise with some blur."""
    small = rng.integers(0, 255, size=(max(2, h // 40), max(2, w // 40), 3), dtype=np.uint8)
    return Image.fromarray(small).resize((w, h), Image.BICUBIC).filter(ImageFilter.GaussianBlur(2))


def _jpeg_bytes(img: Image.Image, quality: int = 80) -> bytes:
    buf = io.BytesIO()
    img.save(buf, "JPEG", quality=quality)
    return buf.getvalue()


def _text_page(doc: pymupdf.Document, rng: np.random.Generator, n: int) -> pymupdf.Page:
    page = doc.new_page(width=595, height=842)
    colour = tuple(float(c) for c in rng.random(3) * 0.6)
    page.insert_text((56, 80), f"Rubrik {n}", fontsize=24, fontname="hebo", color=colour)
    body = "Stockholms stad informerar om verksamheten. " * 3
    for line in range(int(rng.integers(20, 40))):
        page.insert_text((56, 120 + line * 16), body[: int(rng.integers(40, 90))], fontsize=10)
    page.draw_rect(pymupdf.Rect(56, 760, 539, 800), color=None, fill=colour)
    return page


def text_pdf(path: Path, rng: np.random.Generator, pages: int) -> None:
    doc = pymupdf.open()
    doc.set_metadata({"title": path.stem})
    for i in range(pages):
        _text_page(doc, rng, i)
    doc.save(path, garbage=3, deflate=True)


def image_pdf(path: Path, rng: np.random.Generator, pages: int) -> None:
    doc = pymupdf.open()
    for i in range(pages):
        page = _text_page(doc, rng, i)
        photo = _jpeg_bytes(_photo(rng, 1200, 800))
        page.insert_image(pymupdf.Rect(56, 420, 539, 742), stream=photo)
    doc.save(path, garbage=3, deflate=True)


def scan_pdf(path: Path, rng: np.random.Generator, pages: int) -> None:
    """Pages as 200-dpi greyscale JPEGs of a text page, with noise and a slight skew."""
    src = pymupdf.open()
    doc = pymupdf.open()
    for i in range(pages):
        pix = _text_page(src, rng, i).get_pixmap(dpi=200, colorspace=pymupdf.csGRAY)
        grey = np.frombuffer(pix.samples, np.uint8).reshape(pix.height, pix.width)
        noisy = np.clip(grey + rng.normal(0, 12, grey.shape), 0, 255).astype(np.uint8)
        img = Image.fromarray(noisy).rotate(float(rng.uniform(-1.5, 1.5)), fillcolor=255)
        page = doc.new_page(width=595, height=842)
        page.insert_image(page.rect, stream=_jpeg_bytes(img, 70))
    doc.save(path, garbage=3, deflate=True)


def export_image(path: Path, rng: np.random.Generator) -> None:
    w, h = (int(rng.integers(800, 1600)), int(rng.integers(500, 1000)))
    img = _photo(rng, w, h)
    if path.suffix == ".png":
        img.save(path)
    else:
        img.save(path, "JPEG", quality=85)


def build_archive(root: Path, seed: int) -> Path:
    """The mixed archive (220 files, 1,000+ pages) and big.pdf; reused when complete."""
    marker = root / ".complete"
    if marker.exists():
        return root
    rng = np.random.default_rng(seed)
    plan: list[tuple[str, str, int]] = []
    plan += [("text", f"text/t{i:03}.pdf", int(rng.integers(1, 17))) for i in range(80)]
    plan += [("image", f"layout/i{i:03}.pdf", int(rng.integers(1, 7))) for i in range(40)]
    plan += [("scan", f"scans/s{i:03}.pdf", int(rng.integers(1, 9))) for i in range(30)]
    plan += [("export", f"web/e{i:03}.png", 1) for i in range(40)]
    plan += [("export", f"web/e{i:03}.jpg", 1) for i in range(40, 70)]
    short = MIN_PAGES - sum(p for _k, _n, p in plan)
    if short > 0:  # top the text PDFs up so the archive always has 1,000+ pages
        kind, name, pages = plan[0]
        plan[0] = (kind, name, pages + short)
    makers = {"text": text_pdf, "image": image_pdf, "scan": scan_pdf}
    for kind, name, pages in plan:
        path = root / "archive" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if kind == "export":
            export_image(path, rng)
        else:
            makers[kind](path, rng, pages)
    text_pdf(root / "big.pdf", rng, 1000)
    marker.write_text("ok\n")
    return root


def render_only(files: list[Path]) -> tuple[int, float, dict[str, list[float]]]:
    """Render every page at the analysis resolution with PyMuPDF alone (also per folder)."""
    from brandcheck.document.model import Limits, raster_size

    limits = Limits()
    pages = 0
    by_kind: dict[str, list[float]] = {}
    started = time.perf_counter()
    for path in files:
        file_started, file_pages = time.perf_counter(), pages
        with pymupdf.open(path) as doc:
            for page in doc:
                rect = page.rect
                if doc.is_pdf:
                    scale = raster_size(rect.width, rect.height, 72.0, limits)
                else:  # an image: brandcheck decodes it at pixel size, capped
                    with Image.open(path) as img:
                        w, h = img.size
                    scale = raster_size(w, h, limits.analysis_dpi, limits) * w / rect.width
                pix = page.get_pixmap(matrix=pymupdf.Matrix(scale, scale), alpha=False)
                pages += 1
                del pix
        seconds_pages = by_kind.setdefault(path.parent.name, [0.0, 0])
        seconds_pages[0] += time.perf_counter() - file_started
        seconds_pages[1] += pages - file_pages
    return pages, time.perf_counter() - started, by_kind


def run_scan(
    archive: Path, jobs: int, ocr: str, ignore: tuple[str, ...] = ()
) -> tuple[int, float, dict[str, int], dict]:
    """Scan into a fresh database, the rules in ``ignore`` off (also worker time per folder)."""
    from brandcheck.batch import scan
    from brandcheck.pipeline import RunOptions
    from brandcheck.rule_settings import RuleSettings

    by_kind: dict[str, list[float]] = {}

    def tally(outcome) -> None:
        kind = Path(outcome.source).parent.name
        seconds_pages = by_kind.setdefault(kind, [0.0, 0])
        seconds_pages[0] += outcome.report.seconds
        seconds_pages[1] += outcome.pages

    with tempfile.TemporaryDirectory() as tmp:
        started = time.perf_counter()
        summary = scan(
            [archive],
            Path(tmp) / "bench.sqlite",
            options=RunOptions(ocr=ocr, rules=RuleSettings.build(ignore=ignore)),
            jobs=jobs,
            on_file=tally,
        )
        seconds = time.perf_counter() - started
    return summary.pages, seconds, summary.current, by_kind


def peak_rss_mb(code: str) -> float:
    """Peak resident memory (VmHWM) of a fresh Python process running `code`.

    Read inside the child: the rusage of a child would carry over the forking parent's
    high-water mark across exec.
    """
    probe = (
        f"{code}\nprint([l.split()[1] for l in open('/proc/self/status')"
        " if l.startswith('VmHWM')][0])"
    )
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    return int(out.stdout.split()[-1]) / 1024.0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--out", type=Path, default=HERE / "out")
    parser.add_argument("--jobs", type=int, default=2, help="Workers for the speed-up run.")
    parser.add_argument("--ocr", default="auto", choices=("auto", "off"))
    parser.add_argument("--memory-only", action="store_true", help="Only the 1,000-page PDF.")
    args = parser.parse_args()

    from brandcheck.checks import CHECKS
    from brandcheck.inputs import collect_inputs

    root = build_archive(args.out / f"archive-s{args.seed}-{ARCHIVE_VERSION}", args.seed)
    files, _ = collect_inputs([root / "archive"])
    active = ", ".join(m.__name__.rsplit(".", 1)[-1] for m in CHECKS)
    print(f"archive: {len(files)} files under {root / 'archive'}")
    print(f"active checks: {active} (ocr={args.ocr})")
    print(f"cpus: {os.cpu_count()}, load average before: {os.getloadavg()[0]:.2f}")

    if args.memory_only:
        return memory(root / "big.pdf", args.ocr)
    r_pages, r_secs, render_by_kind = render_only(files)
    render_rate = r_pages / r_secs
    print(
        f"render-only (PyMuPDF, 1 process): {r_pages} pages in {r_secs:.1f} s = "
        f"{render_rate:.1f} pages/s"
    )

    p1, s1, outcome, by_kind = run_scan(root / "archive", 1, args.ocr)
    rate1 = p1 / s1
    print(
        f"full check, scan --jobs 1: {p1} pages in {s1:.1f} s = {rate1:.1f} pages/s; "
        f"outcomes {outcome}"
    )
    for kind, (secs, pages) in sorted(by_kind.items()):
        r_secs_kind, r_pages_kind = render_by_kind.get(kind, (0.0, 0))
        check_spp, render_spp = secs / max(pages, 1), r_secs_kind / max(r_pages_kind, 1)
        print(
            f"  {kind:7} {pages:5} pages, {check_spp:.4f} worker s/page, "
            f"render-only {render_spp:.4f} s/page, ratio {render_spp / max(check_spp, 1e-9):.3f}"
        )
    pn, sn, _, _ = run_scan(root / "archive", args.jobs, args.ocr)
    rate_n = pn / sn
    print(f"full check, scan --jobs {args.jobs}: {pn} pages in {sn:.1f} s = {rate_n:.1f} pages/s")
    pl, sl, _, _ = run_scan(root / "archive", 1, args.ocr, ignore=("logo",))
    print(
        f"without the logo rules (no logo search), scan --jobs 1 --ignore logo: {pl} pages in "
        f"{sl:.1f} s = {pl / sl:.1f} pages/s, ratio to render-only {pl / sl / render_rate:.3f}"
    )

    print(f"load average after: {os.getloadavg()[0]:.2f}")
    print()
    print(f"ratio full check / render-only: {rate1 / render_rate:.3f}   (target >= 0.5)")
    print(f"speed-up 1 -> {args.jobs} jobs: {s1 / sn:.2f}x   (target >= 1.8x)")
    memory(root / "big.pdf", args.ocr)


def memory(big: Path, ocr: str) -> None:
    """Peak RSS of check_file on the 1,000-page PDF, and of a process that only imports."""
    base_rss = peak_rss_mb("import brandcheck.pipeline, brandcheck.api")
    check = (
        "from pathlib import Path; from brandcheck.api import make_context, resolve_profile;"
        "from brandcheck.pipeline import RunOptions, check_file; o = RunOptions(ocr="
        f"{ocr!r}); r = check_file(Path({str(big)!r}), make_context(resolve_profile("
        "'stockholm'), o), o); assert r.page_count == 1000, r.error"
    )
    big_rss = peak_rss_mb(check)
    print(
        f"peak RSS checking the 1,000-page PDF: {big_rss:.0f} MB "
        f"(a process that only imports brandcheck: {base_rss:.0f} MB)   (target < 500 MB)"
    )


if __name__ == "__main__":
    main()
