"""Logo files as a brand office delivers them (tight crops on white, negatives on a field, EPS,
print-size rasters, logo sheets), given to the check as `--logo` files and found on pages."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from PIL import Image, ImageDraw

from brandcheck.api import check_paths
from brandcheck.pipeline import RunOptions
from brandcheck.rule_settings import RuleSettings

LOGO_RULES = RunOptions(rules=RuleSettings.build(select=["logo"]), ocr="off")
INK, PAPER = (0, 0, 0), (255, 255, 255)
NAVY = (0, 50, 120)


def _artwork(ink=INK, paper=PAPER, width: int = 900) -> Image.Image:
    """A lockup like the city's: a ring with a crown-like mark in it, and a bar of 'letters'
    under it as wide as the whole logo (so its crop touches the image on three sides)."""
    s = width / 900
    img = Image.new("RGB", (width, round(700 * s)), paper)
    draw = ImageDraw.Draw(img)
    draw.ellipse([300 * s, 0, 600 * s, 300 * s], outline=ink, width=round(26 * s))
    draw.polygon(
        [
            (380 * s, 190 * s),
            (400 * s, 90 * s),
            (450 * s, 150 * s),
            (500 * s, 90 * s),
            (520 * s, 190 * s),
        ],
        fill=ink,
    )
    for i, x in enumerate(range(0, 900, 75)):  # "letters": blocks of two heights
        top = 420 if i % 3 else 380
        draw.rectangle([x * s, top * s, (x + 58) * s, 560 * s], fill=ink)
    draw.rectangle([0, 600 * s, 900 * s, 700 * s], fill=ink)  # the underline, edge to edge
    return img


def _badge(ink=INK, paper=PAPER, width: int = 800) -> Image.Image:
    """A solid rounded block with a letter and a round hole knocked out, edge to edge."""
    s = width / 800
    img = Image.new("RGB", (width, round(880 * s)), paper)
    draw = ImageDraw.Draw(img)
    draw.rounded_rectangle([0, 0, width - 1, img.height - 1], radius=round(80 * s), fill=ink)
    draw.polygon([(250 * s, 760 * s), (400 * s, 250 * s), (550 * s, 760 * s)], fill=paper)
    draw.ellipse([600 * s, 80 * s, 700 * s, 180 * s], fill=paper)
    return img


def _tight(img: Image.Image, paper) -> Image.Image:
    """Cropped to its ink, as "Export selection" or "Trim" leave it."""
    diff = np.abs(np.asarray(img, np.int16) - np.array(paper, np.int16)).max(axis=2)
    ys, xs = np.nonzero(diff > 40)
    return img.crop((int(xs.min()), int(ys.min()), int(xs.max()) + 1, int(ys.max()) + 1))


def _page(tmp_path: Path, logo: Image.Image, ground=PAPER, width: int = 360) -> tuple[Path, tuple]:
    """A page (PNG) with the logo, ``width`` px wide, on a field of ``ground``."""
    page = Image.new("RGB", (1200, 900), PAPER)
    h = round(logo.height * width / logo.width)
    page.paste(ground, (100, 100, 100 + width + 200, 100 + h + 200))
    page.paste(logo.resize((width, h), Image.Resampling.LANCZOS), (200, 200))
    path = tmp_path / "page.png"
    page.save(path)
    return path, (200, 200, 200 + width, 200 + h)


def _found(tmp_path: Path, logo_file: Path, page: Path, truth: tuple) -> None:
    [file] = check_paths([page], "stockholm", LOGO_RULES, logos=[logo_file]).files
    assert file.status != "error", file.findings
    boxes = [logo.bbox for logo in file.pages[0].logos]
    assert len(boxes) == 1, boxes
    box = boxes[0]
    assert box[0] == pytest.approx(truth[0], abs=8) and box[2] == pytest.approx(truth[2], abs=8)
    assert box[1] == pytest.approx(truth[1], abs=8) and box[3] == pytest.approx(truth[3], abs=8)


@pytest.mark.parametrize("suffix", ["png", "jpg"])
@pytest.mark.parametrize(
    ("make", "ink", "paper"),
    [
        (_artwork, INK, PAPER),  # black on white, a bar along its foot: refused as "flat"
        (_badge, INK, PAPER),  # a rounded badge edge to edge: the same
        (_artwork, PAPER, NAVY),  # a negative on a navy field, cropped to its ink
    ],
)
def test_a_logo_cropped_to_its_ink_on_an_opaque_ground_is_found(tmp_path, suffix, make, ink, paper):
    art = make(ink, paper)
    logo = _tight(art, paper) if make is _artwork else art
    logo_file = tmp_path / f"logo-tight.{suffix}"
    logo.save(logo_file, **({"quality": 85} if suffix == "jpg" else {}))
    page, truth = _page(tmp_path, logo, ground=paper)
    _found(tmp_path, logo_file, page, truth)
