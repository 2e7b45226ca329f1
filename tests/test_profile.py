"""Profiles: the shipped ones load, carry sources, and bad ones give errors naming file and key."""

from __future__ import annotations

import json
import pickle
import shutil
import sys
from pathlib import Path

import pymupdf
import pytest
from PIL import Image, ImageDraw
from typer.testing import CliRunner

sys.path.insert(0, str(Path(__file__).resolve().parent / "helpers"))

from profiles import extended_profile

from brandcheck.cli import app
from brandcheck.errors import ProfileError
from brandcheck.profile import load_profile, shipped_profiles

runner = CliRunner()
REPO = Path(__file__).resolve().parents[1]


def test_shipped_profiles_load_with_sources():
    assert {"stockholm", "stockholm-bolag"} <= set(shipped_profiles())
    prof = load_profile("stockholm")
    hexes = {c.hex for c in prof.palette}
    assert {"#E5006C", "#009991", "#E9500E", "#000000", "#FFFFFF"} <= hexes
    assert all(c.source for c in prof.palette)
    unverified = {c.name for c in prof.palette if not c.verified}
    assert "Blå primär" in unverified and "Rosa primär" not in unverified
    assert prof.logo.required.value is True and prof.logo.forbidden.value is False
    assert prof.fonts.min_size_print_pt.value == 7.0
    assert all(t.standin for t in prof.logo.templates)


def test_bolag_extends_city_profile_and_forbids_logo():
    bolag = load_profile("stockholm-bolag")
    assert bolag.logo.forbidden.value is True and bolag.logo.required.value is False
    assert bolag.fonts.forbidden == ["Stockholm Type"]
    assert "en del av Stockholms stad" in bolag.sender.required_any
    # the city logotype is the forbidden logo, its files in the city profile's folder; the
    # company's own logo is for a profile extending this one
    assert bolag.logo.templates == [] and len(bolag.logo.forbidden_templates) == 2
    city = shipped_profiles()["stockholm"].resolve() / "logo"
    assert all(Path(t.file).parent == city for t in bolag.logo.forbidden_templates)
    assert bolag.digest != load_profile("stockholm").digest


def _copy_profile(tmp_path: Path) -> Path:
    dest = tmp_path / "mine"
    shutil.copytree(shipped_profiles()["stockholm"], dest)
    return dest


def test_invalid_value_names_file_and_key(tmp_path: Path):
    folder = _copy_profile(tmp_path)
    toml = folder / "profile.toml"
    toml.write_text(toml.read_text().replace('hex = "#E5006C"', 'hex = "pink"', 1))
    with pytest.raises(ProfileError) as err:
        load_profile(folder)
    assert str(toml) in err.value.message and "palette.0.hex" in err.value.message


@pytest.mark.parametrize(
    ("line", "bad", "key"),
    [
        ("tolerance = { value = 3.0", 'tolerance = { value = "three"', "colour.tolerance.value"),
        ("min_width_mm = { value = 25.0", 'min_width_mm = { value = "25mm"', "min_width_mm"),
        ("clear_space = { value = 0.25", "clear_space = { value = -5", "clear_space.value"),
        ('placement = { value = "corners"', 'placement = { value = "middle"', "placement"),
        ("busy_background = { value = 0.35", "busy_background = { value = 35", "busy_background"),
        ('value = ["#000000", "#FFFFFF"]', 'value = ["#000000", "white"]', "allowed_colours"),
        ("required = { value = true", 'required = { value = "sometimes"', "logo.required"),
    ],
)
def test_values_of_the_wrong_type_name_file_and_key(tmp_path: Path, line, bad, key):
    # caught when the profile loads (exit 2), not as a failed check on every file
    folder = _copy_profile(tmp_path)
    toml = folder / "profile.toml"
    assert line in toml.read_text()
    toml.write_text(toml.read_text().replace(line, bad, 1))
    with pytest.raises(ProfileError) as err:
        load_profile(folder)
    assert str(toml) in err.value.message and key in err.value.message


def test_profiles_pickle_for_worker_processes():
    for name in ("stockholm", "stockholm-bolag"):
        profile = load_profile(name)
        assert pickle.loads(pickle.dumps(profile)) == profile


def test_missing_logo_file_is_reported(tmp_path: Path):
    folder = _copy_profile(tmp_path)
    (folder / "logo" / "standin-negative.svg").unlink()
    with pytest.raises(ProfileError, match=r"logo\.templates\.1\.file"):
        load_profile(folder)


def test_unknown_rule_in_profile_is_reported(tmp_path: Path):
    folder = _copy_profile(tmp_path)
    toml = folder / "profile.toml"
    toml.write_text(toml.read_text().replace("ignore = []", 'ignore = ["logo.nonsense"]'))
    with pytest.raises(ProfileError, match=r"logo\.nonsense"):
        load_profile(folder)


def test_profile_cli_validate_and_show(tmp_path: Path):
    ok = runner.invoke(app, ["profile", "validate", str(shipped_profiles()["stockholm-bolag"])])
    assert ok.exit_code == 0 and "valid" in ok.output
    shown = runner.invoke(app, ["profile", "show", "stockholm"])
    assert shown.exit_code == 0 and "Rosa primär" in shown.output and "STAND-IN" in shown.output
    folder = _copy_profile(tmp_path)
    (folder / "profile.toml").write_text("[profile\nname=")
    bad = runner.invoke(app, ["profile", "validate", str(folder)])
    assert bad.exit_code == 2


def test_validate_counts_a_company_profiles_colours_and_logo_files_in_words(tmp_path: Path):
    # a company profile as the README shows it, with one colour and one logo file: "valid (1
    # colours, 1 unverified, 1 logo templates, 2 forbidden)"
    folder = tmp_path / "acme"
    (folder / "logo").mkdir(parents=True)
    art = Image.new("RGBA", (720, 240), (0, 0, 0, 0))
    draw = ImageDraw.Draw(art)
    draw.polygon([(20, 220), (120, 20), (220, 220)], fill=(10, 77, 140, 255))
    draw.rectangle([260, 60, 700, 180], fill=(10, 77, 140, 255))
    art.save(folder / "logo" / "acme.png")
    (folder / "profile.toml").write_text(
        'extends = "stockholm-bolag"\n[profile]\nname = "acme"\ntitle = "Acme AB"\n'
        'version = "1"\nsender = "bolag"\n[logo]\n'
        'required = { value = true, source = "Acme graphic profile" }\n'
        '[[logo.templates]]\nid = "acme"\nfile = "logo/acme.png"\nname = "the Acme logotype"\n'
        'source = "Acme graphic profile"\n'
        '[[palette]]\nname = "Acme blå"\nhex = "#0A4D8C"\nsource = "Acme graphic profile"\n'
    )
    ok = runner.invoke(app, ["profile", "validate", str(folder)])
    assert ok.exit_code == 0, ok.output
    counts = "1 colour, 1 unverified, 1 own logo file, 2 forbidden logo files"
    assert f"acme: valid ({counts})" in ok.stdout


def test_a_folder_named_like_a_profile_does_not_hide_it(tmp_path: Path, monkeypatch):
    # material filed in a folder called "stockholm" next to where the check runs
    (tmp_path / "stockholm").mkdir()
    (tmp_path / "stockholm" / "poster.pdf").write_bytes(b"%PDF-1.4\n")
    monkeypatch.chdir(tmp_path)
    assert load_profile("stockholm").root == shipped_profiles()["stockholm"]
    assert load_profile("stockholm-bolag").logo.forbidden_templates  # its `extends` too
    # a path names the folder
    with pytest.raises(ProfileError, match=r"no profile\.toml"):
        load_profile("./stockholm")


def test_extends_is_relative_to_the_extending_profile(tmp_path: Path, monkeypatch):
    _copy_profile(tmp_path)
    child = tmp_path / "child"
    child.mkdir()
    (child / "profile.toml").write_text('extends = "../mine"\n')
    monkeypatch.chdir(child.parent.parent)  # not the profiles' folder
    assert load_profile(child).logo.templates
    (child / "profile.toml").write_text('extends = "../missing"\n')
    with pytest.raises(ProfileError) as err:
        load_profile(child)
    assert str(child / "profile.toml") in err.value.message and "extends" in err.value.message


def test_a_toml_file_not_named_profile_toml_is_explained(tmp_path: Path):
    folder = _copy_profile(tmp_path)
    renamed = folder / "my-profile.toml"
    (folder / "profile.toml").rename(renamed)
    with pytest.raises(ProfileError, match=r"a profile is a folder with a profile\.toml"):
        load_profile(renamed)


def test_a_profile_requiring_the_logo_must_name_a_logo_file(tmp_path: Path):
    folder = _copy_profile(tmp_path)
    toml = folder / "profile.toml"
    text = toml.read_text()
    toml.write_text(text[: text.index("[[logo.templates]]")] + _after_templates(text))
    result = runner.invoke(app, ["profile", "validate", str(folder)])
    assert result.exit_code == 2 and "names no logo file" in result.output
    page = tmp_path / "page.png"
    page.write_bytes((REPO / "samples" / "stad" / "compliant-banner.png").read_bytes())
    missing = runner.invoke(app, ["check", "--profile", str(folder), str(page)])
    assert missing.exit_code == 2 and "names no logo file" in missing.output
    logo = folder / "logo" / "standin-positive.svg"  # given for the run: fine
    given = runner.invoke(app, ["check", "--profile", str(folder), "--logo", str(logo), str(page)])
    assert given.exit_code in (0, 1), given.output


def test_extends_loops_through_parent_folders_are_named(tmp_path: Path):
    for name, other in (("a", "b"), ("b", "a")):
        (tmp_path / name).mkdir()
        (tmp_path / name / "profile.toml").write_text(f'extends = "../{other}"\n')
    with pytest.raises(ProfileError, match="loops back"):
        load_profile(tmp_path / "a")


def test_a_shipped_name_given_as_a_path_object_is_the_shipped_profile(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert load_profile(Path("stockholm")).root == shipped_profiles()["stockholm"]


def _after_templates(text: str) -> str:
    """The profile text after its [[logo.templates]] entries."""
    rest = text[text.index("[[logo.templates]]") :]
    tables = [i for i, line in enumerate(rest.splitlines(True)) if line.startswith("[")]
    lines = rest.splitlines(True)
    later = next((i for i in tables if not lines[i].startswith("[[logo.templates]]")), len(lines))
    return "".join(lines[later:])


def test_validate_loads_the_logo_files(tmp_path: Path):
    folder = _copy_profile(tmp_path)
    (folder / "logo" / "standin-negative.svg").write_text("not an svg")
    result = runner.invoke(app, ["profile", "validate", str(folder)])
    assert result.exit_code == 2
    assert "standin-negative.svg" in result.output


def _child(tmp_path: Path, body: str, bom: bool = False) -> Path:
    """A profile extending stockholm with ``body`` after its [profile] table."""
    folder = tmp_path / "child"
    folder.mkdir(exist_ok=True)
    text = f'extends = "stockholm"\n[profile]\nname = "child"\ntitle = "t"\nversion = "1"\n{body}'
    (folder / "profile.toml").write_bytes((b"\xef\xbb\xbf" if bom else b"") + text.encode())
    return folder


@pytest.mark.parametrize("key", ["logo", "colour", "rules"])
def test_a_table_written_as_a_list_of_tables_is_a_profile_error(tmp_path: Path, key):
    """`[[logo]]` for `[logo]` is a one-character slip: it used to crash with AttributeError
    (exit 1, which CI reads as findings)."""
    folder = _child(tmp_path, f"[[{key}]]\nx = 1\n")
    result = runner.invoke(app, ["profile", "validate", str(folder)])
    assert result.exit_code == 2 and f"  {key}: " in result.output


def test_a_profile_saved_with_a_byte_order_mark_loads(tmp_path: Path):
    assert load_profile(_child(tmp_path, "", bom=True)).name == "child"


def test_a_negative_colour_tolerance_is_refused(tmp_path: Path):
    folder = _copy_profile(tmp_path)
    toml = folder / "profile.toml"
    text = toml.read_text()
    assert 'hex = "#E5006C"' in text
    toml.write_text(text.replace('hex = "#E5006C"', 'hex = "#E5006C"\ntolerance = -2', 1))
    with pytest.raises(ProfileError, match=r"palette\.0\.tolerance"):
        load_profile(folder)


def test_profile_show_lists_the_rules_a_profile_ignores_and_regrades(tmp_path: Path):
    shown = runner.invoke(app, ["profile", "show", "stockholm-bolag"])
    assert "ignored colour.off_palette" in " ".join(shown.output.split())
    regraded = _child(tmp_path, '[rules]\nseverity = { "BC107" = "error" }\n')
    shown = runner.invoke(app, ["profile", "show", str(regraded)])
    assert "re-graded BC107 → error" in " ".join(shown.output.split())


def test_an_encrypted_logo_file_is_named_and_explained(tmp_path: Path):
    logo = tmp_path / "official.pdf"
    with pymupdf.open() as doc:
        doc.new_page(width=100, height=40).draw_rect((10, 10, 90, 30), fill=(0, 0, 0))
        doc.save(logo, encryption=pymupdf.PDF_ENCRYPT_AES_256, user_pw="x", owner_pw="y")
    poster = Path(__file__).resolve().parents[1] / "samples" / "stad" / "compliant-poster.pdf"
    result = runner.invoke(app, ["check", "--logo", str(logo), str(poster)])
    assert result.exit_code == 2
    assert f"logo file {logo} is encrypted" in " ".join(result.output.split())


def test_forbidden_logos_with_the_switch_off_are_refused(tmp_path: Path):
    # listed, validated and counted, but never searched: a profile error, not a silent pass
    logo = shipped_profiles()["stockholm"] / "logo" / "standin-positive.svg"
    folder = _child(
        tmp_path,
        f'[[logo.forbidden_templates]]\nid = "old"\nfile = "{logo}"\nsource = "retired"\n',
    )
    with pytest.raises(ProfileError) as err:
        load_profile(folder)
    message = err.value.message
    assert "logo.forbidden is false" in message and "would never be searched" in message
    assert "forbidden_templates = []" in message


def test_no_forbidden_logo_under_the_bolag_profile_suggests_switching_it_off(tmp_path: Path):
    folder = tmp_path / "child"
    folder.mkdir()
    (folder / "profile.toml").write_text(
        'extends = "stockholm-bolag"\n[profile]\nname = "c"\ntitle = "t"\nversion = "1"\n'
        "[logo]\nforbidden_templates = []\n"
    )
    with pytest.raises(ProfileError, match=r"set `forbidden = \{ value = false"):
        load_profile(folder)


def test_another_sender_must_name_a_profile_there_is(tmp_path: Path):
    folder = _child(
        tmp_path,
        '[[sender.other_senders]]\nwho = "a company"\nphrases = ["x AB"]\n'
        'profile = "stockholm-bolagg"\n',
    )
    with pytest.raises(ProfileError) as err:
        load_profile(folder)
    assert "sender.other_senders.0.profile" in err.value.message
    assert "'stockholm-bolagg' not found" in err.value.message


def test_forbidden_logos_named_as_another_profiles_own(tmp_path: Path):
    # `templates_of`: the other profile's [[logo.templates]], whatever files they are; a
    # folder is relative to the profile naming it; the explicit form still works beside it
    city = _copy_profile(tmp_path)
    logo = city / "logo" / "standin-positive.svg"
    folder = tmp_path / "company"
    folder.mkdir()
    (folder / "profile.toml").write_text(
        'extends = "stockholm-bolag"\n[profile]\nname = "c"\ntitle = "t"\nversion = "1"\n'
        '[[logo.forbidden_templates]]\ntemplates_of = "../mine"\nsource = "manual"\n'
        f'[[logo.forbidden_templates]]\nid = "old"\nfile = "{logo}"\nsource = "retired"\n'
    )
    forbidden = load_profile(folder).logo.forbidden_templates
    assert [t.id for t in forbidden] == [
        "st-erik-standin-positive",
        "st-erik-standin-negative",
        "old",
    ]
    assert Path(forbidden[0].file).parent == (city / "logo").resolve()
    assert forbidden[0].name == "the S:t Erik logotype" and forbidden[0].standin
    assert "manual" in forbidden[0].source
    # mistakes name the file and the key
    toml = folder / "profile.toml"
    text = toml.read_text()
    toml.write_text(text.replace('"../mine"', '"../nowhere"'))
    with pytest.raises(ProfileError, match=r"logo\.forbidden_templates: templates_of: .*nowhere"):
        load_profile(folder)
    toml.write_text(text.replace('"../mine"', '"stockholm-bolag"'))
    with pytest.raises(ProfileError, match=r"forbidden_templates\.0\.templates_of: .*no logo"):
        load_profile(folder)
    toml.write_text(text.replace('"../mine"', '"."'))
    with pytest.raises(ProfileError, match="templates_of loops back"):
        load_profile(folder)
    toml.write_text(text.replace('source = "manual"', 'file = "x.svg"\nsource = "manual"'))
    with pytest.raises(ProfileError, match=r"forbidden_templates\.0\.file"):
        load_profile(folder)


@pytest.mark.parametrize("name", ["stockholm", "stockholm-bolag"])
def test_contrast_ratios_and_the_grey_limit_carry_their_sources(name):
    # the manual states no contrast ratio and no grey values: the WCAG ratios and the chroma
    # up to which a colour counts as a grey of the base scale are the project's choices, and
    # `profile show` lists them with their sources, unverified, for a city designer to confirm
    result = runner.invoke(app, ["profile", "show", name, "--json"])
    colour = json.loads(result.stdout)["colour"]
    assert colour["contrast_normal"]["value"] == 4.5
    assert colour["contrast_large"]["value"] == 3.0
    assert "w3.org/TR/WCAG21" in colour["contrast_normal"]["source"]
    assert "w3.org/TR/WCAG21" in colour["contrast_large"]["source"]
    assert "grey" in colour["neutral_chroma"]["source"]
    assert not any(colour[key]["verified"] for key in CHOSEN)
    table = runner.invoke(app, ["profile", "show", name], env={"COLUMNS": "250"}).stdout
    assert all(key in table for key in CHOSEN)


CHOSEN = ("contrast_normal", "contrast_large", "neutral_chroma")


def test_contrast_ratios_and_the_grey_limit_may_still_be_bare_numbers(tmp_path: Path):
    # profiles written before these carried sources give them as numbers: they are read, with a
    # source saying none was given (never verified), and `profile show` lists them so
    colour_table = "[colour]\ncontrast_normal = 7.0\ncontrast_large = 4\nneutral_chroma = 3.0\n"
    folder = extended_profile(tmp_path / "acme", "stockholm", colour_table)
    result = runner.invoke(app, ["profile", "validate", str(folder)])
    assert result.exit_code == 0, result.output
    colour = load_profile(folder).colour
    values = {key: getattr(colour, key) for key in CHOSEN}
    assert {key: v.value for key, v in values.items()} == {
        "contrast_normal": 7.0,
        "contrast_large": 4.0,
        "neutral_chroma": 3.0,
    }
    assert all("none given" in v.source and not v.verified for v in values.values())
    table = runner.invoke(app, ["profile", "show", str(folder)], env={"COLUMNS": "250"}).stdout
    row = next(line for line in table.splitlines() if "contrast_normal" in line)
    assert row.split()[1:3] == ["7.0", "no"] and "none given" in row
    (folder / "profile.toml").write_text(
        (folder / "profile.toml").read_text().replace("7.0", "true").replace("= 4", "= -1")
    )
    with pytest.raises(ProfileError) as err:  # a switch or a negative ratio is still refused
        load_profile(folder)
    assert "colour.contrast_normal" in err.value.message
    assert "colour.contrast_large" in err.value.message
