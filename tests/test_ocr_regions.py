"""OCR of a page's art beside its text layer reads only where a photo may hold a line of text:
what it read before is still read (white text on a photo, dark text on a light sky, a placed
lockup, small print, a line set sideways), and a photo without text costs no Tesseract pass.
Real PDFs: a photo-like picture (gradients, blurred noise, grain) with text drawn by Pillow."""

from __future__ import annotations

import io
import sys
from pathlib import Path

import cv2
import numpy as np
import pymupdf
import pytesseract
import pytest
from PIL import Image, ImageDraw, ImageFont

sys.path.insert(0, str(Path(__file__).resolve().parent / "helpers"))

from typesetting import BOLD, REGULAR, write_image

from brandcheck import ocr, synth
from brandcheck.api import check_paths
from brandcheck.checks import CheckContext
from brandcheck.pipeline import RunOptions
from brandcheck.profile import load_profile
from brandcheck.rule_settings import RuleSettings

pytestmark = pytest.mark.skipif(
    ocr.unavailable_reason(CheckContext(profile=load_profile("stockholm-bolag"))) is not None,
    reason="no OCR",
)

SENDER = "en del av Stockholms stad"
OLD = "Ingår i koncernen Stockholms Stadshus"
PHOTO = pymupdf.Rect(30, 110, 565, 812)  # pt on an A4 page
PPI = 150


def _photo(seed: int) -> Image.Image:
    """A photo-like picture for PHOTO at PPI: a sky fading into a darker ground, soft
    shapes of blurred noise at two scales and film grain."""
    w, h = round(PHOTO.width * PPI / 72), round(PHOTO.height * PPI / 72)
    rng = np.random.default_rng(seed)
    sky = np.linspace(215.0, 70.0, h)[:, None] * np.ones((1, w))
    shapes = sum(
        cv2.resize(rng.normal(0, amp, (h // cell + 1, w // cell + 1)), (w, h), cv2.INTER_CUBIC)
        for cell, amp in ((120, 40.0), (12, 18.0))
    )
    ground = np.clip(np.linspace(0.0, 1.0, h) * 2 - 0.4, 0, 1)[:, None]  # shapes below the sky
    grey = sky + shapes * ground + rng.normal(0, 6, (h, w))
    tint = np.stack([grey * 0.9, grey, grey * 1.08], axis=2)
    return Image.fromarray(np.clip(tint, 0, 255).astype(np.uint8))


def _draw(img: Image.Image, text: str, at: tuple[float, float], pt: float, fill, bold=False):
    """Text at ``at`` (pt from the photo's corner), ``pt`` points high at PPI."""
    font = ImageFont.truetype(str(synth.find_font(BOLD if bold else REGULAR)), round(pt * PPI / 72))
    ImageDraw.Draw(img).text(tuple(round(v * PPI / 72) for v in at), text, font=font, fill=fill)


def _sideways(img: Image.Image, text: str, at: tuple[float, float], pt: float) -> None:
    """White text set top to bottom along the photo's right edge, its foot at ``at``."""
    font = ImageFont.truetype(str(synth.find_font(REGULAR)), round(pt * PPI / 72))
    box = font.getbbox(text)
    line = Image.new("L", (box[2] + 4, box[3] + 4), 0)
    ImageDraw.Draw(line).text((2, 0), text, font=font, fill=255)
    turned = line.rotate(-90, expand=True)
    x, y = (round(v * PPI / 72) for v in at)
    img.paste((255, 255, 255), (x, y - turned.height, x + turned.width, y), turned)


def _tilted(img: Image.Image, text: str, at: tuple[float, float], pt: float, degrees: float):
    """Dark text on the sky turned ``degrees`` (counter-clockwise) about its start at ``at``,
    as a designer sets a line at a slant over a photo."""
    font = ImageFont.truetype(str(synth.find_font(REGULAR)), round(pt * PPI / 72))
    line = Image.new("L", img.size, 0)
    x, y = (round(v * PPI / 72) for v in at)
    ImageDraw.Draw(line).text((x, y), text, font=font, fill=255)
    img.paste((20, 30, 60), (0, 0), line.rotate(degrees, center=(x, y), resample=Image.BICUBIC))


def _stacked(path: Path) -> Path:
    """The sender line stacked in three lines of bold type in a picture cut close around
    them ("en del av" / "Stockholms" / "stad"), as a designer sets it beside a logo: the
    letters stand a tenth of the picture's width high."""
    font = ImageFont.truetype(str(synth.find_font(BOLD)), 120)
    lines = ["en del av", "Stockholms", "stad"]
    img = Image.new("RGB", (max(round(font.getlength(t)) for t in lines) + 20, 440), "white")
    for i, line in enumerate(lines):
        ImageDraw.Draw(img).text((10, 10 + 138 * i), line, font=font, fill=(0, 70, 150))
    img.save(path)
    return path


def _page(path: Path, text: str | None, pictures: int = 1) -> Path:
    """A brochure page: a heading in live text and a photo (``pictures`` pages of them), the
    photo with ``text`` set in it on the first page (see the cases below)."""
    doc = pymupdf.open()
    for n in range(pictures):
        page = doc.new_page(width=595, height=842)
        page.insert_text((30, 80), f"Hamnen i dag, del {n + 1}", fontsize=20)
        img = _photo(n)
        lockup = None
        if n == 0 and text == "white on the photo":
            _draw(img, "Hamnbolaget", (24, 560), 18, "white", bold=True)
            _draw(img, OLD, (24, 588), 12, "white")
        elif n == 0 and text == "dark on the sky":
            _draw(img, "Sommar vid kajen", (24, 24), 28, (20, 30, 60), bold=True)
            _draw(img, f"Hamnbolaget, {SENDER}", (24, 66), 12, (20, 30, 60))
        elif n == 0 and text and text.startswith("tilted"):
            _tilted(img, f"Hamnbolaget, {SENDER}", (24, 90), 14, float(text.split()[1]))
        elif n == 0 and text == "small print":
            band = tuple(round(v * PPI / 72) for v in (0, 670, PHOTO.width, PHOTO.height))
            ImageDraw.Draw(img).rectangle(band, fill=(25, 25, 25))
            _draw(img, f"Foto: Erik Berg. Hamnbolaget, {SENDER}", (12, 678), 9, "white")
        elif n == 0 and text == "sideways":
            _sideways(img, f"Hamnbolaget, {SENDER}", (PHOTO.width - 30, 600), 14)
        elif n == 0 and text == "lockup":
            lines = [("HAMNBOLAGET", 44), (SENDER, 26)]
            lockup = write_image(path.with_suffix(".png"), lines, size=(700, 130))
        buf = io.BytesIO()
        img.save(buf, "JPEG", quality=90)
        page.insert_image(PHOTO, stream=buf.getvalue())
        if lockup is not None:
            page.insert_image(pymupdf.Rect(60, 640, 270, 679), filename=lockup)
    doc.save(path)
    return path


def _check(path: Path, monkeypatch) -> tuple[list[str], int]:
    """The sender rules' findings under stockholm-bolag, and the Tesseract passes run."""
    passes = []
    real = pytesseract.image_to_data
    monkeypatch.setattr(
        pytesseract, "image_to_data", lambda *a, **k: passes.append(1) or real(*a, **k)
    )
    select = ["sender.missing", "sender.outdated", "message.missing"]
    report = check_paths(
        [path], "stockholm-bolag", RunOptions(rules=RuleSettings.build(select=select))
    )
    return [f.rule for f in report.files[0].findings], len(passes)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("white on the photo", ["BC401", "BC402"]),  # the old line on a cover's photo
        ("dark on the sky", []),
        ("small print", []),
        ("tilted 4", []),  # a line set at a slant: its letters stand on no level baseline
        ("tilted 7", []),
        ("sideways", ["BC401"]),  # not read, before as now: Tesseract reads no line set so
        ("lockup", []),  # a placed PNG over the photo
    ],
)
def test_text_set_in_a_photo_is_still_read(tmp_path: Path, monkeypatch, text, expected) -> None:
    rules, passes = _check(_page(tmp_path / "page.pdf", text), monkeypatch)
    assert rules == expected and passes > 0


def test_a_photo_without_text_costs_no_tesseract_pass(tmp_path: Path, monkeypatch) -> None:
    # each page's art was read whole for BC402, about 5 s a 300 ppi photo, to find nothing;
    # the heading's live text stands outside the photo, so the art is the photo alone
    assert _check(_page(tmp_path / "photos.pdf", None, pictures=3), monkeypatch) == (["BC401"], 0)


def test_a_sender_stacked_in_large_type_in_a_picture_of_its_own_is_read(tmp_path, monkeypatch):
    # a letter's footer: the live text above, the sender line a placed picture of three lines
    # of bold type cut close around them, its letters a tenth of the picture's width high
    doc = pymupdf.open()
    page = doc.new_page(width=595, height=842)
    page.insert_text((60, 80), "Hamnbolaget informerar om sommarens trafik.", fontsize=11)
    page.insert_image(pymupdf.Rect(360, 700, 560, 800), filename=_stacked(tmp_path / "s.png"))
    doc.save(tmp_path / "letter.pdf")
    rules, passes = _check(tmp_path / "letter.pdf", monkeypatch)
    assert rules == [] and passes > 0
