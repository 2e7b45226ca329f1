"""Generated inputs and a DOM summariser shared by the report-writer tests."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

import numpy as np
import pymupdf
from PIL import Image

from brandcheck.api import check_paths
from brandcheck.pipeline import RunOptions
from brandcheck.report import Report

HOSTILE_DIR = "<script>alert(1)<"
HOSTILE_FILE = "script>.pdf"
"""Together a path ending in `<script>alert(1)</script>.pdf` ('/' cannot be in a file name)."""
HOSTILE_FLAT = "<img src=x onerror=\"document.body.setAttribute('data-pwned','1')\">.pdf"


def _noise_png(path: Path, seed: int, size: tuple[int, int] = (48, 32)) -> Path:
    rng = np.random.default_rng(seed)
    pixels = rng.integers(0, 255, (size[1], size[0], 3), dtype=np.uint8)
    Image.fromarray(pixels).save(path)
    return path


def make_pdf(path: Path, pages: int = 2, *, low_res: bool = True, seed: int = 1) -> Path:
    """A PDF with text and (when `low_res`) a 48 px image placed 300 pt wide on every page."""
    path.parent.mkdir(parents=True, exist_ok=True)
    png = _noise_png(path.with_name(f".noise-{seed}.png"), seed)
    doc = pymupdf.open()
    for i in range(pages):
        page = doc.new_page(width=595, height=842)
        page.insert_text((72, 100), f"Page {i + 1} of a brochure", fontsize=22)
        page.insert_text((72, 140), "Stockholms stad", fontsize=11)
        if low_res:
            page.insert_image(pymupdf.Rect(100, 200, 400, 400), filename=str(png))
    doc.save(path)
    doc.close()
    png.unlink()
    return path


def make_png(path: Path, seed: int = 3) -> Path:
    """A plain RGB image with a brand-blue block."""
    img = np.full((300, 400, 3), 255, np.uint8)
    img[60:160, 80:240] = (0, 111, 186)
    rng = np.random.default_rng(seed)
    img[200:230] = rng.integers(0, 255, (30, 400, 3), dtype=np.uint8)
    Image.fromarray(img).save(path)
    return path


def make_broken(path: Path) -> Path:
    """A truncated PDF that cannot be opened."""
    path.write_bytes(b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog")
    return path


def run_report(paths: list[Path], profile: str = "stockholm", **options: object) -> Report:
    """Check `paths` through the public API (OCR off, so runs do not depend on Tesseract)."""
    return check_paths(paths, profile, RunOptions(ocr="off", **options))  # type: ignore[arg-type]


@dataclass
class Dom:
    """Elements (tag, attrs) in document order and the text, from serialised HTML."""

    elements: list[tuple[str, dict[str, str]]] = field(default_factory=list)
    text: str = ""

    def tags(self, name: str) -> list[dict[str, str]]:
        return [attrs for tag, attrs in self.elements if tag == name]

    def with_class(self, tag: str, cls: str) -> list[dict[str, str]]:
        return [a for a in self.tags(tag) if cls in (a.get("class") or "").split()]


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.dom = Dom()
        self._text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.dom.elements.append((tag, {k: v or "" for k, v in attrs}))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)

    def handle_data(self, data: str) -> None:
        self._text.append(data)


def parse_dom(html: str) -> Dom:
    collector = _Collector()
    collector.feed(html)
    collector.close()
    collector.dom.text = "".join(collector._text)
    return collector.dom


def measured_in_chromium(
    chromium, page: Path, html: str, expression: str, window: str
) -> list[int]:
    """Numbers a page's script works out in headless Chromium at ``--window-size=window``:
    ``expression`` (JavaScript, a space-separated string of integers) is run at the end of
    the body of ``html``, written to ``page`` without its Content-Security-Policy (which
    forbids scripts), and read back from the DOM Chromium dumps."""
    html = re.sub(r'<meta http-equiv="Content-Security-Policy"[^>]*>', "", html)
    probe = f"<script>document.body.dataset.measured = {expression};</script></body>"
    page.write_text(html.replace("</body>", probe), encoding="utf-8")
    dom = parse_dom(chromium(page, f"--window-size={window}", "--dump-dom").stdout)
    return [int(v) for v in dom.tags("body")[0]["data-measured"].split()]


_LANDMARK_TAGS = {"main": "main", "nav": "navigation", "aside": "complementary"}
_NAMED_LANDMARK_TAGS = {"section": "region", "form": "form"}
_VOID = {"meta", "img", "input", "br", "hr", "link", "source", "wbr", "col", "area", "base"}


class _Landmarks(HTMLParser):
    """Each element's text by id, and the landmarks with how their names are given."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.text: dict[str, list[str]] = {}
        self.found: list[tuple[str, dict[str, str]]] = []
        self._open: list[str | None] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        named = "aria-label" in a or "aria-labelledby" in a
        role = a.get("role") or _LANDMARK_TAGS.get(tag)
        role = role or (_NAMED_LANDMARK_TAGS.get(tag) if named else None)
        if role in ("main", "navigation", "complementary", "region", "form", "search"):
            self.found.append((role, a))
        if tag in _VOID:
            return
        self._open.append(a.get("id"))
        if a.get("id"):
            self.text[a["id"]] = []

    def handle_endtag(self, tag: str) -> None:
        if tag not in _VOID and self._open:
            self._open.pop()

    def handle_data(self, data: str) -> None:
        for element in self._open:
            if element:
                self.text[element].append(data)


def landmarks(html: str) -> list[tuple[str, str]]:
    """The (role, accessible name) of every landmark of a page, names worked out from
    ``aria-labelledby`` (the referenced elements' text) or ``aria-label``."""
    parser = _Landmarks()
    parser.feed(html)
    parser.close()

    def name(a: dict[str, str]) -> str:
        if a.get("aria-labelledby"):
            ids = a["aria-labelledby"].split()
            return " ".join(" ".join("".join(parser.text.get(i, [])).split()) for i in ids)
        return a.get("aria-label", "")

    return [(role, name(a)) for role, a in parser.found]
