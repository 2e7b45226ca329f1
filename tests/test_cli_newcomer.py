"""The command line as a first-time user meets it: help pages, mistakes and what they are told."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from brandcheck.cli import app
from brandcheck.rules import RULES

runner = CliRunner()


def _words(text: str) -> str:
    return " ".join(text.split())


@pytest.mark.parametrize("command", [["check"], ["watch"]])
def test_help_shows_examples_grouped_options_and_exit_codes(command):
    shown = runner.invoke(app, [*command, "--help"], env={"COLUMNS": "120"})
    assert shown.exit_code == 0
    assert "Examples" in shown.stdout and f"brandcheck {command[0]} " in shown.stdout
    assert "Exit codes" in shown.stdout or "exit with the codes" in _words(shown.stdout)
    for panel in ("Profile and rules", "Reports", "Reading files", "Running"):
        assert panel in shown.stdout, panel


def test_the_top_level_help_says_where_to_start():
    shown = runner.invoke(app, ["--help"], env={"COLUMNS": "120"})
    assert "brandcheck check --help" in shown.stdout and "brandcheck rules" in shown.stdout


@pytest.mark.parametrize("command", [["rules"], ["schema"], ["profile"]])
def test_the_other_commands_help_names_their_exit_codes(command):
    shown = runner.invoke(app, [*command, "--help"], env={"COLUMNS": "120"})
    assert "Exit code" in shown.stdout


def test_rules_in_a_pipe_keep_every_row_and_source_whole():
    # `brandcheck rules > rules.txt` listed sources cut to "https://varumarkes…"
    listed = runner.invoke(app, ["rules"], env={"COLUMNS": None}).stdout
    assert "…" not in listed
    lines = {line.split()[0]: line for line in listed.splitlines()[1:] if line.strip()}
    for rule in RULES:
        assert rule.source in lines[rule.code] and rule.summary in lines[rule.code]


def test_profile_show_in_a_pipe_keeps_sources_whole():
    shown = runner.invoke(app, ["profile", "show", "stockholm"], env={"COLUMNS": None}).stdout
    assert "…" not in shown
    assert "https://varumarkesmanual.stockholm/grafisk-profil/farg/" in shown


@pytest.mark.parametrize(
    ("name", "check"),
    [
        ("report.json", lambda text: json.loads(text)["schema"] == "brandcheck.report/1"),
        ("report.sarif", lambda text: json.loads(text)["version"] == "2.1.0"),
        ("report.xml", lambda text: text.startswith("<?xml")),
        ("report.excel.csv", lambda text: text.startswith("\ufeff") and ";" in text),
        ("report.txt", lambda text: text.startswith("PASS ")),
    ],
)
def test_an_output_file_without_a_format_gets_the_format_its_name_asks_for(
    text_pdf: Path, tmp_path: Path, name, check
):
    # `-o report.json` wrote a text report into report.json
    target = tmp_path / name
    result = runner.invoke(
        app, ["check", str(text_pdf), "--select", "BC504", "--ocr", "off", "-o", str(target)]
    )
    assert result.exit_code == 0, result.output
    assert check(target.read_text(encoding="utf-8")), target.read_text(encoding="utf-8")[:200]


def test_a_format_given_wins_over_the_output_name(text_pdf: Path, tmp_path: Path):
    target = tmp_path / "report.json"
    args = ["check", str(text_pdf), "--select", "BC504", "-f", "text", "-o", str(target)]
    assert runner.invoke(app, args).exit_code == 0
    assert target.read_text(encoding="utf-8").startswith("PASS ")


def test_a_format_named_twice_is_one_report(text_pdf: Path):
    result = runner.invoke(app, ["check", str(text_pdf), "--select", "BC504", "-f", "json,json"])
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["schema"] == "brandcheck.report/1"


def test_ctrl_c_in_check_says_that_no_report_was_written(text_pdf: Path, monkeypatch):
    import brandcheck.api

    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(brandcheck.api, "check_paths", interrupted)
    result = runner.invoke(app, ["check", str(text_pdf), "--select", "BC504"])
    assert result.exit_code == 130
    assert "interrupted: no report written" in result.stderr and not result.stdout


def test_watch_refuses_a_file_for_a_folder_before_it_starts(text_pdf: Path, tmp_path: Path):
    hot = tmp_path / "hot"
    hot.mkdir()
    args = ["watch", str(hot), "--pass-dir", str(text_pdf), "--fail-dir", str(tmp_path / "no")]
    result = runner.invoke(app, [*args, "--once"])
    assert result.exit_code == 2
    # said before the profile's notes, in words, not as an OSError's "[Errno 17] File exists"
    assert result.stderr == f"brandcheck: {text_pdf} is a file, not a folder\n"


def test_watch_refuses_an_unknown_format_before_it_starts(tmp_path: Path):
    args = ["watch", str(tmp_path), "--pass-dir", str(tmp_path / "ok"), "--fail-dir"]
    result = runner.invoke(app, [*args, str(tmp_path / "no"), "--once", "-f", "jsn"])
    assert result.exit_code == 2
    assert result.stderr.startswith("brandcheck: unknown format 'jsn'"), result.stderr
    assert "note:" not in result.stderr


def test_a_folder_as_the_scan_reports_output_offers_no_option_it_lacks(tmp_path: Path):
    db = tmp_path / "archive.sqlite"
    db.write_bytes(b"")
    result = runner.invoke(app, ["scan", "report", "--db", str(db), "-o", str(tmp_path)])
    assert result.exit_code == 2
    assert "is a folder; give a file name" in result.stderr
    assert "--output-dir" not in result.stderr  # `scan report` has none
    # `check` has one, and says so
    checked = runner.invoke(app, ["check", str(db), "-o", str(tmp_path)])
    assert checked.exit_code == 2 and "or use --output-dir" in checked.stderr


def test_a_folder_with_nothing_to_check_is_told_without_the_logo_note(tmp_path: Path):
    # a mistyped folder got two lines on the stand-in logo before "no files to check"
    (tmp_path / "notes.txt").write_text("no PDF here", encoding="utf-8")
    result = runner.invoke(app, ["check", str(tmp_path)])
    assert result.exit_code == 2
    assert "stand-in" not in result.stderr
    lines = result.stderr.splitlines()
    assert lines[0].startswith("brandcheck: note: 1 file in the folders named was not checked")
    assert lines[1].startswith("brandcheck: no files to check")


def test_watch_refuses_one_folder_for_passing_and_failing_files(tmp_path: Path):
    hot, out = tmp_path / "hot", tmp_path / "out"
    hot.mkdir()
    args = ["watch", str(hot), "--pass-dir", str(out), "--fail-dir", f"{tmp_path}/./out"]
    result = runner.invoke(app, [*args, "--once"])
    assert result.exit_code == 2
    assert "--pass-dir and --fail-dir are the same folder" in result.stderr
    assert not out.exists()


def test_rules_takes_its_format_in_any_case_as_check_does():
    listed = runner.invoke(app, ["rules", "--format", "JSON"])
    assert listed.exit_code == 0, listed.stderr
    assert [rule["code"] for rule in json.loads(listed.stdout)] == [r.code for r in RULES]


@pytest.mark.parametrize("command", [["scan", "run"], ["scan", "report"]])
def test_scan_help_shows_examples_and_exit_codes(command):
    """`scan run --help` had no examples and `scan report --help` neither them nor its exit
    codes, as the README promises of every command's help."""
    shown = runner.invoke(app, [*command, "--help"], env={"COLUMNS": "120"})
    assert shown.exit_code == 0
    assert "Examples" in shown.stdout and "brandcheck scan " in shown.stdout
    assert "Exit codes" in shown.stdout
