"""Rule selection, re-grading and the merging of repeated findings."""

from __future__ import annotations

import pytest

from brandcheck.errors import RuleSelectionError
from brandcheck.report import Finding
from brandcheck.rule_settings import RuleSettings, merge_findings
from brandcheck.rules import Severity


def test_selectors_by_code_name_family_and_prefix():
    settings = RuleSettings.build(select=["logo", "BC20", "font.too_small"], ignore=["BC107"])
    assert settings.enabled("BC101") and settings.enabled("BC204") and settings.enabled("BC303")
    assert not settings.enabled("BC107") and not settings.enabled("BC301")
    with pytest.raises(RuleSelectionError):
        RuleSettings.build(select=["logo.nope"])


def test_regrade_and_cli_on_top_of_profile():
    profile = RuleSettings.build(ignore=["BC504"], severity={"BC107": "info"})
    cli = RuleSettings.build(severity={"logo.placement": "error"})
    merged = profile.merged(cli)
    kept = merged.apply([Finding.of("BC107", "x"), Finding.of("BC504", "y")])
    assert [(f.rule, f.severity) for f in kept] == [("BC107", Severity.error)]


def test_merge_keeps_each_box_with_its_page():
    findings = [
        Finding.of("BC201", "red", page=p, bbox=(p, 0, p + 1, 1), merge_key="#FF0000")
        for p in (0, 2, 2)
    ] + [Finding.of("BC201", "blue", page=1, bbox=(0, 0, 1, 1), merge_key="#0000FF")]
    red, blue = merge_findings(findings)
    assert red.count == 3 and red.pages == [0, 2]
    assert red.box_pages == [0, 2, 2] and len(red.boxes) == 3 and red.boxes[1][0] == 2
    assert blue.count == 1 and blue.box_pages == [1]
