"""A profile's own logo and the logos it forbids (BC101, BC108), and BC101's pointer to the
bolag profile for material that says it is a city-owned company's, on real files."""

from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path

import pymupdf
import pytest
from typer.testing import CliRunner

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "helpers"))

from profiles import extended_profile

from brandcheck.api import check_paths, resolve_profile
from brandcheck.cli import app
from brandcheck.errors import LogoFileError
from brandcheck.pipeline import RunOptions
from brandcheck.profile import shipped_profiles
from brandcheck.rule_settings import RuleSettings
from brandcheck.synth import place_logo

MM = 72 / 25.4
CITY_LOGO = shipped_profiles()["stockholm"] / "logo" / "standin-positive.svg"
OWN_RECT = pymupdf.Rect(40, 40, 40 + 60 * MM, 40 + 60 * MM / 2.6)  # top left, as drawn
CITY_RECT = pymupdf.Rect(380, 700, 380 + 45 * MM, 700 + 45 * MM / 2.75)  # bottom right
# a company's own logo: a drop with a white wave through it beside two bars, in its blue
ACME_LOGO = """<svg xmlns="http://www.w3.org/2000/svg" width="260" height="100"
 viewBox="0 0 260 100"><g fill="#0A4D8C">
<path d="M50 6 C 34 36, 14 52, 14 66 A 36 30 0 0 0 86 66 C 86 52, 66 36, 50 6 Z"/>
<rect x="110" y="22" width="140" height="22" rx="4"/><rect x="110" y="56" width="92" height="22"
 rx="4"/></g><path d="M22 66 Q 36 56, 50 66 T 78 66" fill="none" stroke="#fff" stroke-width="6"/>
</svg>"""
ACME_TABLES = """
[logo]
required = { value = true, source = "Acme graphic profile" }
allowed_colours = { value = ["#0A4D8C", "#FFFFFF"], source = "Acme graphic profile" }

[[logo.templates]]
id = "acme"
file = "logo/acme.svg"
name = "the Acme logotype"
source = "Acme graphic profile"
"""
LOGO_RULES = RunOptions(rules=RuleSettings.build(select=["logo"]))
runner = CliRunner()


def _acme_logo(folder: Path) -> Path:
    (folder / "logo").mkdir(parents=True, exist_ok=True)
    logo = folder / "logo" / "acme.svg"
    logo.write_text(ACME_LOGO)
    return logo


@pytest.fixture
def acme(tmp_path: Path) -> Path:
    """A company's profile: extends stockholm-bolag and names its own, required logo."""
    folder = tmp_path / "acme"
    _acme_logo(folder)
    return extended_profile(folder, "stockholm-bolag", ACME_TABLES, title="Acme", sender="bolag")


def _material(path: Path, *, own: bool, city: bool, line: str | None = None) -> Path:
    doc = pymupdf.open()
    page = doc.new_page()
    if own:
        place_logo(page, path.parent / "acme" / "logo" / "acme.svg", OWN_RECT)
    if city:
        place_logo(page, CITY_LOGO, CITY_RECT)
    page.insert_text((60, 400), "Välkommen till vår nya återvinningscentral", fontsize=14)
    if line:
        page.insert_text((60, 430), line, fontsize=11)
    doc.save(path)
    return path


def _names(file) -> list[str]:
    return sorted(f.name for f in file.findings)


def test_a_company_profile_finds_its_own_logo_and_it_passes(tmp_path: Path, acme: Path):
    path = _material(tmp_path / "own.pdf", own=True, city=False)
    [file] = check_paths([path], acme, LOGO_RULES).files
    assert file.findings == [] and file.status == "pass"
    [logo] = file.pages[0].logos
    assert (logo.template, logo.role, logo.name) == ("acme", "own", "the Acme logotype")


def test_the_city_logo_beside_the_company_logo_is_not_allowed(tmp_path: Path, acme: Path):
    path = _material(tmp_path / "both.pdf", own=True, city=True)
    [file] = check_paths([path], acme, LOGO_RULES).files
    assert _names(file) == ["logo.not_allowed"]
    [finding] = file.findings
    assert "S:t Erik" in finding.message and "Use the Acme logotype instead" in finding.message
    roles = {logo.template: logo.role for logo in file.pages[0].logos}
    assert roles == {"acme": "own", "st-erik-standin-positive": "forbidden"}


def test_the_city_logo_alone_is_not_allowed_and_the_company_logo_missing(tmp_path, acme):
    path = _material(tmp_path / "city.pdf", own=False, city=True)
    [file] = check_paths([path], acme, LOGO_RULES).files
    assert _names(file) == ["logo.missing", "logo.not_allowed"]
    missing = next(f for f in file.findings if f.name == "logo.missing")
    assert "the Acme logotype" in missing.message
    assert "S:t Erik" not in missing.message and "city" not in missing.message


def test_a_missing_company_logo_is_named_as_the_company_names_it(tmp_path: Path, acme: Path):
    path = _material(tmp_path / "none.pdf", own=False, city=False)
    [file] = check_paths([path], acme, LOGO_RULES).files
    [finding] = file.findings
    assert finding.name == "logo.missing" and finding.rule == "BC101"
    assert finding.message.startswith("No page carries the Acme logotype;")
    assert "'Acme' must carry it" in finding.message
    assert "S:t Erik" not in finding.message and "city" not in finding.message


def test_the_reports_say_which_logo_was_found(tmp_path: Path, acme: Path):
    path = _material(tmp_path / "both.pdf", own=True, city=True)
    shown = runner.invoke(app, ["check", "--profile", str(acme), "--select", "logo", str(path)])
    assert "forbidden logo on page 1: the city's S:t Erik logotype" in shown.output
    assert "logo on page 1: the Acme logotype" in shown.output
    args = ["check", "--profile", str(acme), "--select", "logo", "--format", "json", str(path)]
    data = json.loads(runner.invoke(app, args).stdout)
    logos = {
        (lg["template"], lg["role"], lg["name"]) for lg in data["files"][0]["pages"][0]["logos"]
    }
    assert logos == {
        ("acme", "own", "the Acme logotype"),
        ("st-erik-standin-positive", "forbidden", "the city's S:t Erik logotype"),
    }


def test_logo_option_under_the_bolag_profile_is_the_companys_own_logo(tmp_path: Path):
    logo = _acme_logo(tmp_path / "acme")
    own = _material(tmp_path / "own.pdf", own=True, city=False)
    city = _material(tmp_path / "city.pdf", own=False, city=True)
    args = ["check", "--profile", "stockholm-bolag", "--logo", str(logo), "--select", "logo"]
    args += ["--format", "json", str(own), str(city)]
    result = runner.invoke(app, args)
    files = {Path(f["path"]).name: f for f in json.loads(result.stdout)["files"]}
    assert files["own.pdf"]["findings"] == []
    assert [lg["role"] for lg in files["own.pdf"]["pages"][0]["logos"]] == ["own"]
    assert [f["rule"] for f in files["city.pdf"]["findings"]] == ["BC108"]
    # said, not silent: a user who meant the official city file learns where it goes
    assert "--logo gives the material's own logo" in result.stderr
    assert "--forbidden-logo" in result.stderr


def test_forbidden_logo_option_replaces_the_logos_a_profile_forbids(tmp_path: Path):
    # the official city file for one run under stockholm-bolag: found, it is BC108, not a pass
    logo = _acme_logo(tmp_path / "acme")
    path = _material(tmp_path / "own.pdf", own=True, city=False)
    args = ["check", "--profile", "stockholm-bolag", "--forbidden-logo", str(logo)]
    result = runner.invoke(app, [*args, "--select", "logo", "--format", "json", str(path)])
    assert result.exit_code == 1 and "note" not in result.stderr
    [file] = json.loads(result.stdout)["files"]
    assert [f["rule"] for f in file["findings"]] == ["BC108"]
    assert [(lg["template"], lg["role"]) for lg in file["pages"][0]["logos"]] == [
        ("acme", "forbidden")
    ]
    # the city logo it replaced is no longer searched
    city = _material(tmp_path / "city.pdf", own=False, city=True)
    [file] = check_paths([city], "stockholm-bolag", LOGO_RULES, forbidden_logos=[logo]).files
    assert file.findings == [] and file.pages[0].logos == []


def test_forbidden_logo_option_under_the_city_profile_switches_the_rule_on(tmp_path: Path):
    logo = _acme_logo(tmp_path / "acme")
    path = _material(tmp_path / "both.pdf", own=True, city=True)
    [file] = check_paths([path], "stockholm", LOGO_RULES, forbidden_logos=[logo]).files
    assert [f.rule for f in file.findings if f.rule == "BC108"] == ["BC108"]
    roles = {logo.template: logo.role for logo in file.pages[0].logos}
    assert roles == {"acme": "forbidden", "st-erik-standin-positive": "own"}


def test_logo_files_of_one_name_get_ids_of_their_own(tmp_path: Path):
    # v1/logo.svg and v2/logo.svg: two versions of one logo, named alike by their makers
    for version in ("v1", "v2"):
        (tmp_path / version).mkdir()
        shutil.copy(CITY_LOGO, tmp_path / version / "logo.svg")
    path = _material(tmp_path / "city.pdf", own=False, city=True)
    logos = [tmp_path / "v1" / "logo.svg", tmp_path / "v2" / "logo.svg"]
    args = ["check", "--logo", str(logos[0]), "--logo", str(logos[1]), "--select", "logo"]
    result = runner.invoke(app, [*args, "--format", "json", str(path)])
    assert result.exit_code in (0, 1), result.output
    [found] = json.loads(result.stdout)["files"][0]["pages"][0]["logos"]
    assert found["role"] == "own" and found["template"] in ("logo", "logo-2")
    # and against the ids a profile keeps: a file named like a forbidden logo's id
    same = tmp_path / "st-erik-standin-positive.svg"
    same.write_text(ACME_LOGO)
    prof = resolve_profile("stockholm-bolag", [same])
    assert [t.id for t in prof.logo.templates] == ["st-erik-standin-positive-2"]


def test_a_logo_that_is_both_own_and_forbidden_is_refused(tmp_path: Path):
    path = _material(tmp_path / "none.pdf", own=False, city=False)
    with pytest.raises(LogoFileError, match="same artwork"):
        check_paths([path], "stockholm-bolag", LOGO_RULES, logos=[CITY_LOGO])


def test_the_old_form_forbidden_with_only_templates_is_a_profile_error(tmp_path: Path):
    # before own and forbidden logos were told apart, `forbidden = true` made [[logo.templates]]
    # the forbidden logo: such a profile is refused with what to write instead
    old = extended_profile(
        tmp_path / "old-bolag",
        "stockholm",
        '[logo]\nrequired = { value = false, source = "x" }\n'
        'forbidden = { value = true, source = "x" }\n',
    )
    result = runner.invoke(app, ["profile", "validate", str(old)])
    assert result.exit_code == 2
    assert "logo.forbidden" in result.output and "forbidden_templates" in result.output


def test_an_old_form_company_profile_with_the_city_logo_as_its_own_is_refused(tmp_path: Path):
    # what the README said before the two lists: the official city logo in [[logo.templates]]
    # of a profile extending stockholm-bolag. Read now, the city logo would be the company's
    # own and pass; the profile must say whether its [[logo.templates]] are a required own logo
    old = extended_profile(
        tmp_path / "old-company",
        "stockholm-bolag",
        f'[[logo.templates]]\nid = "city"\nfile = "{CITY_LOGO}"\nsource = "official file"\n',
        sender="bolag",
    )
    result = runner.invoke(app, ["profile", "validate", str(old)])
    assert result.exit_code == 2
    assert "logo.required" in result.output and "never reported as forbidden" in result.output
    assert "move them to [[logo.forbidden_templates]]" in result.output
    path = _material(tmp_path / "city.pdf", own=False, city=True)
    checked = runner.invoke(app, ["check", "--profile", str(old), str(path)])
    assert checked.exit_code == 2 and "logo.required" in checked.output


def test_city_profile_points_bolag_material_to_the_bolag_profile(tmp_path: Path):
    line = "Acme AB – en del av Stockholms stad"
    bolag = _material(tmp_path / "bolag.pdf", own=False, city=False, line=line)
    [file] = check_paths([bolag], "stockholm").files
    [missing] = [f for f in file.findings if f.name == "logo.missing"]
    assert "city-owned company (it says 'en del av Stockholms stad')" in missing.message
    assert "--profile stockholm-bolag" in missing.message
    assert "Place it" not in missing.message  # a company must not add the city's logotype
    city = _material(tmp_path / "city.pdf", own=False, city=False, line="Stockholms stad")
    [file] = check_paths([city], "stockholm").files
    [missing] = [f for f in file.findings if f.name == "logo.missing"]
    assert "stockholm-bolag" not in missing.message
    assert "whenever the city is the sender" in missing.message


def test_a_company_profile_does_not_point_its_own_material_elsewhere(tmp_path, acme):
    line = "Acme AB – en del av Stockholms stad"
    path = _material(tmp_path / "none.pdf", own=False, city=False, line=line)
    [file] = check_paths([path], acme).files
    [missing] = [f for f in file.findings if f.name == "logo.missing"]
    assert "--profile" not in missing.message


@pytest.mark.parametrize(
    ("rules", "found"),
    [
        (RuleSettings.build(ignore=["BC108"]), {"acme": "own"}),
        (RuleSettings.build(select=["BC108"]), {"st-erik-standin-positive": "forbidden"}),
    ],
)
def test_only_the_logos_the_rules_judge_are_searched(tmp_path: Path, acme: Path, rules, found):
    # with BC108 ignored the forbidden logo is not searched; with BC108 alone, not the own one
    path = _material(tmp_path / "both.pdf", own=True, city=True)
    [file] = check_paths([path], acme, RunOptions(rules=rules)).files
    assert {logo.template: logo.role for logo in file.pages[0].logos} == found


def _city_with_official_logo(tmp_path: Path) -> Path:
    """The shipped profiles copied to a folder of named profiles, the city profile pointed at
    an official file (here the Acme artwork stands for it) as the README says to."""
    profiles = tmp_path / "profiles"
    for name in ("stockholm", "stockholm-bolag"):
        shutil.copytree(shipped_profiles()[name], profiles / name)
    official = profiles / "stockholm" / "logo" / "official.svg"
    official.write_text(ACME_LOGO)
    toml = profiles / "stockholm" / "profile.toml"
    text = toml.read_text()
    start = text.index("[[logo.templates]]")
    end = text.index("\n[", text.rindex("[[logo.templates]]") + 1)
    entry = '[[logo.templates]]\nid = "st-erik"\nfile = "logo/official.svg"\nsource = "official"\n'
    toml.write_text(text[:start] + entry + text[end:])
    return profiles


def test_the_bolag_profile_forbids_the_logo_file_the_city_profile_names(tmp_path, monkeypatch):
    # the user drops the official file into the city profile only: a company letter carrying
    # it must not pass under stockholm-bolag because bolag still forbade the stand-in
    profiles = _city_with_official_logo(tmp_path)
    monkeypatch.setenv("BRANDCHECK_PROFILE_PATH", str(profiles))
    letter = pymupdf.open()
    place_logo(letter.new_page(), profiles / "stockholm" / "logo" / "official.svg", OWN_RECT)
    letter.save(tmp_path / "letter.pdf")
    [file] = check_paths([tmp_path / "letter.pdf"], "stockholm-bolag", LOGO_RULES).files
    assert [f.rule for f in file.findings] == ["BC108"]
    [logo] = file.pages[0].logos
    assert (logo.template, logo.name) == ("st-erik", "the city's S:t Erik logotype")
    [file] = check_paths([tmp_path / "letter.pdf"], "stockholm", LOGO_RULES).files
    assert [logo.role for logo in file.pages[0].logos] == ["own"]  # the city's own logo there


def test_a_run_on_stand_in_logo_files_says_so_once(tmp_path: Path, monkeypatch):
    path = _material(tmp_path / "city.pdf", own=False, city=True)
    result = runner.invoke(
        app, ["check", "--profile", "stockholm-bolag", "--select", "logo", str(path)]
    )
    # the text report on stdout ends with it; nothing more on stderr
    notes = [line for line in result.output.splitlines() if "stand-in" in line]
    assert len(notes) == 1 and notes[0] in result.stdout, result.output
    assert "profile stockholm-bolag" in notes[0] and "as the logo it forbids" in notes[0]
    assert '"Using the official logo"' in notes[0]
    assert "passes" in notes[0]  # what it means: the real city logo would pass
    # the city profile's own stand-in: the real logo would be reported missing
    result = runner.invoke(app, ["check", "--select", "logo", "--format", "json", str(path)])
    [note] = json.loads(result.stdout)["notes"]  # in the report on stdout: stderr stays quiet
    assert note.startswith("profile stockholm searches stand-in") and result.stderr == ""
    # no note when no logo is searched, or none of the files searched is a stand-in
    result = runner.invoke(app, ["check", "--select", "BC201", str(path)])
    assert "stand-in" not in result.output
    monkeypatch.setenv("BRANDCHECK_PROFILE_PATH", str(_city_with_official_logo(tmp_path)))
    result = runner.invoke(app, ["check", "--profile", "stockholm-bolag", str(path)])
    assert result.exit_code in (0, 1) and "stand-in" not in result.output
    validated = runner.invoke(app, ["profile", "validate", str(shipped_profiles()["stockholm"])])
    assert validated.exit_code == 0 and "stand-in" not in validated.stderr
    monkeypatch.delenv("BRANDCHECK_PROFILE_PATH")
    validated = runner.invoke(app, ["profile", "validate", "stockholm-bolag"])
    assert (
        validated.exit_code == 0 and "profile stockholm-bolag searches stand-in" in validated.stderr
    )
