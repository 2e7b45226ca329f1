"""The command line as a first-time user meets it: help pages, mistakes and what they are told."""

from __future__ import annotations

from typer.testing import CliRunner

from brandcheck.cli import app
from brandcheck.rules import RULES

runner = CliRunner()


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
