"""BC202 says what it found as a designer names it, on real files.

BC202: what is in which colour space (pictures, text, shapes, lines, with counts), what the
target needs and what to do, without PDF operator or colour-space names; the machine-readable
spaces stay in ``measured``/``expected`` and the counts in ``details``.
"""

from __future__ import annotations

from pathlib import Path

import pymupdf
from PIL import Image

from brandcheck.api import check_paths
from brandcheck.pipeline import RunOptions
from brandcheck.report import Finding
from brandcheck.rule_settings import RuleSettings

JARGON = ("Device", "Separation", "use(s)", "expects")


def _findings(path: Path, rule: str, target: str = "print") -> list[Finding]:
    options = RunOptions(target=target, ocr="off", rules=RuleSettings.build(select=[rule]))
    [file] = check_paths([path], "stockholm", options).files
    assert file.status != "error", file.error
    return [f for f in file.findings if f.rule == rule]


def _pdf(path: Path, colour: tuple[float, ...]) -> Path:
    """Two filled boxes and two lines of text, all in `colour` (3 values RGB, 4 CMYK)."""
    doc = pymupdf.open()
    page = doc.new_page()
    for y in (100, 300):
        page.draw_rect(pymupdf.Rect(60, y, 300, y + 120), color=None, fill=colour)
    for y in (500, 540):
        page.insert_text((60, y), "Sommarlov i Stockholm", fontsize=20, color=colour)
    doc.save(path)
    return path


def test_rgb_in_print_is_said_in_a_designers_words(tmp_path: Path) -> None:
    [found] = _findings(_pdf(tmp_path / "rgb.pdf", (0.0, 0.6, 0.57)), "BC202")
    assert found.message.startswith(
        "2 pieces of text and 2 shapes are in RGB, but print material needs CMYK, spot "
        "colours or greyscale. Export the PDF with the printer's PDF preset (PDF/X)"
    ), found.message
    assert not any(word in found.message for word in JARGON)
    assert found.measured == "DeviceRGB" and "DeviceCMYK" in found.expected
    assert found.details["counts"] == {"fill": 2, "text": 2}


def test_cmyk_on_screen_is_said_in_a_designers_words(tmp_path: Path) -> None:
    cmyk = _pdf(tmp_path / "cmyk.pdf", (0.94, 0.0, 0.5, 0.0))
    [found] = _findings(cmyk, "BC202", target="digital")
    assert found.message.startswith(
        "2 pieces of text and 2 shapes are in CMYK, but screen material needs RGB or greyscale."
    ), found.message
    assert "sRGB" in found.message and not any(word in found.message for word in JARGON)


def test_an_rgb_picture_checked_for_print_is_told_what_to_do(tmp_path: Path) -> None:
    png = tmp_path / "social.png"
    Image.new("RGB", (540, 540), (0, 153, 145)).save(png)
    [found] = _findings(png, "BC202")
    assert found.message.startswith(
        "This picture is in RGB, but print material needs CMYK, spot colours or greyscale. "
        "Convert it to CMYK"
    ), found.message
    assert "--target digital" in found.message  # a social post checked with the default
    assert not any(word in found.message for word in JARGON)
