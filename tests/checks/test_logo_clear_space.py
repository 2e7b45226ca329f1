"""The logo's clear space (BC103) and background (BC109) where the page, the trim or other
content comes close: real files built here, checked through the public API."""

from __future__ import annotations

from pathlib import Path

import pymupdf
import pytest

from brandcheck.api import check_paths
from brandcheck.pipeline import RunOptions
from brandcheck.profile import shipped_profiles
from brandcheck.rule_settings import RuleSettings
from brandcheck.synth import place_logo

POSITIVE = shipped_profiles()["stockholm"] / "logo" / "standin-positive.svg"
MM = 72 / 25.4
SLUG, BLEED = 13.0, 3.0  # mm around the trim of an A4 exported with bleed and crop marks


def logo_findings(path: Path, *, target="print", select=("logo",)):
    options = RunOptions(target=target, rules=RuleSettings.build(select=select), ocr="off")
    [file] = check_paths([path], "stockholm", options).files
    assert file.status != "error", file.error
    return file


def bleed_export(
    tmp: Path, name: str, logo_mm: tuple[float, float], *, marks=True, trimbox=True
) -> Path:
    """An A4 page exported as InDesign does with bleed: the MediaBox is the trim and a 13 mm
    slug a side, the TrimBox and BleedBox are set, a pale band bleeds off the top edge, crop
    marks stand in the slug and a job note beside the logo; the logo (45 mm) is ``logo_mm``
    from the trim's top-left corner."""
    doc = pymupdf.open()
    side = 2 * SLUG * MM
    page = doc.new_page(width=210 * MM + side, height=297 * MM + side)
    o = SLUG * MM

    def at(x0, y0, x1, y1):  # mm from the trim's top-left corner
        return pymupdf.Rect(o + x0 * MM, o + y0 * MM, o + x1 * MM, o + y1 * MM)

    band = at(-BLEED, -BLEED, 210 + BLEED, 80)
    page.draw_rect(band, color=None, fill=(0.88, 0.95, 0.94))  # Ljusgrön 2, bled off the top
    x, y = logo_mm
    place_logo(page, POSITIVE, at(x, y, x + 45, y + 45 / 2.75))
    page.insert_text((o + 20 * MM, o + 150 * MM), "Höstlov på biblioteket", fontsize=30)
    if marks:
        for cx in (0, 210):
            for cy in (0, 297):
                sx, sy = (-1 if cx == 0 else 1), (-1 if cy == 0 else 1)
                x0, y0 = o + cx * MM, o + cy * MM
                page.draw_line((x0, y0 + sy * 3 * MM), (x0, y0 + sy * 11 * MM), width=0.25)
                page.draw_line((x0 + sx * 3 * MM, y0), (x0 + sx * 11 * MM, y0), width=0.25)
        note = (o + x * MM, o - 4 * MM)  # the slug's job note, just above the logo
        page.insert_text(note, "poster-A4.indd  2024-10-01  12:00", fontsize=6)
    if trimbox:
        h = page.rect.height
        trim, bleed = at(0, 0, 210, 297), at(-BLEED, -BLEED, 210 + BLEED, 297 + BLEED)
        for key, r in (("TrimBox", trim), ("BleedBox", bleed)):
            doc.xref_set_key(page.xref, key, f"[{r.x0} {h - r.y1} {r.x1} {h - r.y0}]")
    path = tmp / name
    doc.save(path)
    return path


@pytest.mark.parametrize("marks", [True, False])
def test_the_clear_space_runs_to_the_trim_of_an_export_with_bleed(tmp_path, marks):
    # 2 mm from the trim (the clear space is 4 mm) and 15 mm from the MediaBox's edge: the trim
    # edge is in the clear space, and the crop marks and the slug's note are not the design
    near = bleed_export(tmp_path, "near.pdf", (2, 2), marks=marks)
    [finding] = [f for f in logo_findings(near).findings if f.rule == "BC103"]
    assert finding.measured == ["the top and left edges of the trim"]
    assert "trim" in finding.message and "graphic" not in finding.message
    assert finding.details["edges"] == ["top", "left"]


def test_crop_marks_and_a_slug_note_are_not_in_the_clear_space_of_a_logo_inside_the_trim(
    tmp_path,
):
    inside = bleed_export(tmp_path, "inside.pdf", (12, 12))
    assert "BC103" not in {f.rule for f in logo_findings(inside).findings}
    # without a TrimBox the page is the design: the same logo 12 mm from the crop marks' corner
    # is 25 mm from the page's edge
    plain = bleed_export(tmp_path, "plain.pdf", (12, 12), trimbox=False)
    assert "BC103" not in {f.rule for f in logo_findings(plain).findings}
