"""The command line as a first-time user meets it: help pages, mistakes and what they are told."""

from __future__ import annotations

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
