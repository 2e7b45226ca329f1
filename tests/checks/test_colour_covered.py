"""Off-palette fills nobody sees (a frame's fill behind a picture, a box painted over) are not
reported; fills seen through a veil, partly covered or thin are."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pymupdf
from PIL import Image
from typer.testing import CliRunner

from brandcheck.cli import app

GREEN = (0.2, 0.8, 0.1)  # #33CC1A, ΔE00 30 from the palette
BLUE = (0, 0x7F / 255, 0xC8 / 255)  # Blå primär
BOX = pymupdf.Rect(100, 100, 400, 300)


def _off_palette(path: Path) -> list[str]:
    args = ["check", "--select", "BC201", "--ocr", "off", "--format", "json", str(path)]
    (file,) = json.loads(CliRunner().invoke(app, args).output)["files"]
    return [f["measured"] for f in file["findings"]]


def _page(tmp_path: Path, name: str, draw) -> Path:
    doc = pymupdf.open()
    page = doc.new_page(width=595, height=842)
    page.draw_rect(BOX, color=None, fill=GREEN)
    draw(page)
    path = tmp_path / name
    doc.save(path)
    return path


def _blue_png() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (60, 40), (0, 0x7F, 0xC8)).save(out, "PNG")
    return out.getvalue()


def test_a_fill_covered_by_a_box_or_a_picture_is_not_reported(tmp_path: Path):
    boxed = _page(tmp_path, "boxed.pdf", lambda p: p.draw_rect(BOX, color=None, fill=BLUE))
    framed = _page(tmp_path, "framed.pdf", lambda p: p.insert_image(BOX, stream=_blue_png()))
    assert _off_palette(boxed) == []
    assert _off_palette(framed) == []


def test_a_fill_seen_partly_through_a_veil_or_as_a_thin_shape_is_reported(tmp_path: Path):
    half = pymupdf.Rect(BOX.x0, BOX.y0, BOX.x1 - 30, BOX.y1)
    partly = _page(tmp_path, "partly.pdf", lambda p: p.draw_rect(half, color=None, fill=BLUE))
    veiled = _page(
        tmp_path,
        "veiled.pdf",
        lambda p: p.draw_rect(BOX, color=None, fill=BLUE, fill_opacity=0.5),
    )

    def sliver(page: pymupdf.Page) -> None:
        page.draw_rect(BOX, color=None, fill=BLUE)
        shape = page.new_shape()  # a 0.6 pt diagonal, no whole pixel of it at 100 dpi
        shape.draw_polyline([(100, 500), (500, 700), (500, 700.6), (100, 500.6)])
        shape.finish(fill=GREEN, color=None, closePath=True)
        shape.commit()

    thin = _page(tmp_path, "thin.pdf", sliver)
    assert _off_palette(partly) == ["#33CC1A"]
    assert _off_palette(veiled) == ["#33CC1A"]
    assert _off_palette(thin) == ["#33CC1A"]
