"""Logos set sideways or upside down in PDF artwork are found, and judged turned (BC105)."""

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
WIDTH, HEIGHT = 60 * MM, 60 * MM / 2.75  # the stand-in's proportions


def _pdf(path: Path, turns: list[int], text_beside: float | None = None) -> Path:
    """One A4 page a turn: the logo 60 mm wide at the top left, turned ``turn`` degrees
    counter-clockwise; ``text_beside``: a line of text that many mm right of it."""
    doc = pymupdf.open()
    for turn in turns:
        page = doc.new_page()
        w, h = (HEIGHT, WIDTH) if turn % 180 else (WIDTH, HEIGHT)
        rect = pymupdf.Rect(20 * MM, 20 * MM, 20 * MM + w, 20 * MM + h)
        place_logo(page, POSITIVE, rect, rotate=turn)
        page.insert_text((60 * MM, 200 * MM), "Stockholms stad informerar", fontsize=12)
        if text_beside is not None:
            page.insert_text((rect.x1 + text_beside * MM, rect.y0 + 30 * MM), "Kultur", fontsize=9)
    doc.save(path)
    return path


def _logo_findings(path: Path, profile: str = "stockholm"):
    options = RunOptions(rules=RuleSettings.build(select=["logo"]))
    report = check_paths([path], profile=profile, options=options).files[0]
    return report


@pytest.mark.parametrize(
    ("turn", "angle", "words"),
    [
        (90, 90.0, "turned 90.0° counter-clockwise"),
        (180, 180.0, "upside down (turned 180.0°)"),
        (270, -90.0, "turned 90.0° clockwise"),
    ],
)
def test_a_turned_logo_is_found_and_reported_turned(tmp_path, turn, angle, words):
    report = _logo_findings(_pdf(tmp_path / f"turned-{turn}.pdf", [0, turn]))
    upright, logos = report.pages[0].logos, report.pages[1].logos
    assert len(logos) == 1 and abs(abs(logos[0].angle) - abs(angle)) < 1.0
    # its own width, along its axis, as upright: not the box's
    assert logos[0].width_mm == pytest.approx(upright[0].width_mm, abs=0.3)
    rules = {f.rule for f in report.findings}
    assert "BC101" not in rules  # before: "no page carries the logo"
    rotated = [f for f in report.findings if f.rule == "BC105"]
    assert len(rotated) == 1 and rotated[0].pages == [1] and words in rotated[0].message


def test_an_upright_logo_is_not_also_found_turned(tmp_path):
    report = _logo_findings(_pdf(tmp_path / "upright.pdf", [0]))
    assert [round(logo.angle) for logo in report.pages[0].logos] == [0]
    assert not [f for f in report.findings if f.rule in ("BC101", "BC105")]


def test_the_clear_space_of_a_sideways_logo_is_a_share_of_its_own_height(tmp_path):
    # 25 % of the logo's height is 5.5 mm: text 8 mm beside it is clear of it (the box's
    # height, the logo's width, would have asked for 15 mm)
    report = _logo_findings(_pdf(tmp_path / "beside.pdf", [90], text_beside=8))
    assert [f.rule for f in report.findings if f.rule in ("BC101", "BC103")] == []
    report = _logo_findings(_pdf(tmp_path / "close.pdf", [90], text_beside=3))
    assert [f.rule for f in report.findings if f.rule == "BC103"] == ["BC103"]


def test_a_sideways_city_logo_in_bolag_material_is_not_allowed(tmp_path):
    report = _logo_findings(_pdf(tmp_path / "bolag.pdf", [270]), profile="stockholm-bolag")
    assert "BC108" in {f.rule for f in report.findings}
