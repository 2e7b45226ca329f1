"""A page of many small off-palette fills is checked in seconds: resvg (an SVG) and MuPDF (a
PDF) read the whole page for every sharper crop, so the colour check's closer looks stop at
the page's budget (with a note); a page of a few colours is judged as before."""

from __future__ import annotations

import random

import pymupdf

from brandcheck import svg_render
from brandcheck.api import check_paths
from brandcheck.pipeline import RunOptions
from brandcheck.rule_settings import RuleSettings

COLOUR_RULES = RunOptions(rules=RuleSettings.build(select=["colour"]), ocr="off")
_OPEN = (
    '<svg xmlns="http://www.w3.org/2000/svg" width="595" height="842" viewBox="0 0 595 842" '
    'fill="none"><rect width="595" height="842" fill="white"/>'
)


def _small_paths(count: int) -> str:
    """``count`` small curved paths in random colours, see-through: their colours mix, so
    the page raster rarely shows one and each asks for a closer look."""
    rnd = random.Random(1)
    parts = []
    for _ in range(count):
        x, y = rnd.uniform(0, 580), rnd.uniform(0, 830)
        parts.append(
            f'<path d="M{x:.1f} {y:.1f} c3 -2 7 1 9 3 c1 3 -3 6 -5 8 c-2 -3 -5 -7 -4 -11 Z" '
            f'stroke="#000" stroke-width="0.5" opacity="0.9" fill="#{rnd.randrange(1 << 24):06x}"/>'
        )
    return "".join(parts)


def _counted_draws(monkeypatch, owner=svg_render, name: str = "draw") -> list[int]:
    draws: list[int] = []
    draw = getattr(owner, name)

    def counted(*args, **kwargs):
        draws.append(1)
        return draw(*args, **kwargs)

    monkeypatch.setattr(owner, name, counted)
    return draws


def test_many_small_off_palette_fills_draw_a_bounded_number_of_crops(tmp_path, monkeypatch):
    count = 1500
    path = tmp_path / "paths.svg"
    path.write_text(f"{_OPEN}{_small_paths(count)}</svg>\n")
    draws = _counted_draws(monkeypatch)
    [file] = check_paths([path], "stockholm", COLOUR_RULES).files
    assert file.status != "error", file.findings
    # the page raster, a few more, and the 74 crops the budget allows (were: 413, one a fill)
    assert len(draws) <= 100
    notes = [f for f in file.findings if f.rule == "BC910" and "looked at closer" in f.message]
    assert len(notes) == 1
    assert sum(f.rule == "BC201" for f in file.findings) > 0


def test_a_pdf_page_of_many_small_off_palette_fills_draws_a_bounded_number_of_crops(
    tmp_path, monkeypatch
):
    rnd = random.Random(1)
    doc = pymupdf.open()
    page = doc.new_page(width=595, height=842)
    shape = page.new_shape()  # one shape: each draw_oval of its own rewrites the content
    for _ in range(5000):
        x, y = rnd.uniform(0, 580), rnd.uniform(0, 830)
        shape.draw_oval(pymupdf.Rect(x, y, x + 9, y + 11))
        shape.finish(color=(0, 0, 0), fill=(rnd.random(), rnd.random(), rnd.random()), width=0.5)
    shape.commit()
    path = tmp_path / "paths.pdf"
    doc.save(path)
    draws = _counted_draws(monkeypatch, pymupdf.Page, "get_pixmap")
    [file] = check_paths([path], "stockholm", COLOUR_RULES).files
    assert file.status != "error", file.findings
    # the page raster, a few more, and the 98 crops the budget allows
    assert len(draws) <= 120
    assert any(f.rule == "BC910" and "looked at closer" in f.message for f in file.findings)


def test_a_page_of_a_few_colours_keeps_its_findings(tmp_path, monkeypatch):
    covered = '<rect x="100" y="100" width="200" height="100" fill="#22AA22"/>'
    cover = '<rect x="90" y="90" width="220" height="120" fill="#FFFFFF"/>'
    shown = '<rect x="100" y="400" width="120" height="60" fill="#CC2288"/>'
    thin = '<rect x="100" y="600" width="200" height="0.3" fill="#EE7711"/>'
    path = tmp_path / "few.svg"
    path.write_text(f"{_OPEN}{covered}{cover}{shown}{thin}</svg>\n")
    draws = _counted_draws(monkeypatch)
    [file] = check_paths([path], "stockholm", COLOUR_RULES).files
    found = sorted((f.rule, f.measured) for f in file.findings)
    assert found == [("BC201", "#CC2288"), ("BC201", "#EE7711")]
    assert len(draws) >= 2  # the thin fill was looked at closer
