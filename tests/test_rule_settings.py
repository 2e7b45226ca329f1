"""Rule selection, re-grading and the merging of repeated findings."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from brandcheck.cli import app
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


def test_a_profile_regrades_a_whole_family_and_a_narrower_key_wins(tmp_path):
    """`[rules] severity` takes a family or prefix as the README says, in `profile validate`
    and in `check` alike (a family key used to turn every checked file into an error)."""
    folder = tmp_path / "regraded"
    folder.mkdir()
    (folder / "profile.toml").write_text(
        'extends = "stockholm"\n[profile]\nname = "regraded"\ntitle = "t"\nversion = "1"\n'
        '[rules]\nseverity = { "BC202" = "error", "colour" = "info" }\n'
    )
    runner = CliRunner()
    assert runner.invoke(app, ["profile", "validate", str(folder)]).exit_code == 0
    sample = Path(__file__).resolve().parents[1] / "samples" / "stad" / "banner-off-palette.png"
    args = ["check", "-p", str(folder), "--ocr", "off", "--format", "json", str(sample)]
    result = runner.invoke(app, args)
    (file,) = json.loads(result.stdout)["files"]
    assert file["status"] != "error", file.get("error")
    levels = {f["rule"]: f["severity"] for f in file["findings"] if f["rule"].startswith("BC2")}
    assert levels == {"BC201": "info", "BC202": "error"}


def test_a_selection_keeps_the_file_rules_and_only_an_ignore_naming_them_drops_them():
    """BC901-BC907 say whether the file was read whole: `--select colour` (or any selection)
    keeps them, re-grading applies, and an ignore naming them (code, name, family; the
    command line's or the profile's) is the one way to drop them."""
    findings = [Finding.of("BC904", "cut short"), Finding.of("BC905", "page 2 not checked")]
    findings.append(Finding.of("BC101", "no logo"))
    selected = RuleSettings.build(select=["colour"])
    assert [f.rule for f in selected.apply(findings)] == ["BC904", "BC905"]
    assert selected.enabled("BC904") and not selected.enabled("BC101")
    regraded = RuleSettings.build(select=["colour"], severity={"file": "info"})
    assert {f.severity for f in regraded.apply(findings)} == {Severity.info}
    for ignore in (["BC904"], ["file.repaired"], ["file"]):
        kept = RuleSettings.build(select=["colour"], ignore=ignore).apply(findings)
        assert "BC904" not in {f.rule for f in kept}, ignore
    profile = RuleSettings.build(ignore=["file.repaired"])
    assert [f.rule for f in profile.merged(selected).apply(findings)] == ["BC905"]
