"""The run options `check`, `scan` and `watch` share: declared once, validated into RunOptions.

The option declarations load only typer and the rule severities: every command's signature is
read when the command line starts (`--version`, `--help` too), so the checks, the document
readers and pydantic are imported by the functions that build and use the options.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from brandcheck.errors import UsageError
from brandcheck.rules import Severity

if TYPE_CHECKING:
    from rich.console import Console

    from brandcheck.pipeline import RunOptions
    from brandcheck.profile import Profile


def say(message: str, fg: str | None = None) -> None:
    """A line on stderr, in ``fg`` on a terminal unless NO_COLOR is set (no-color.org) or the
    terminal is dumb: click colours whatever goes to a terminal."""
    if fg is None or os.environ.get("NO_COLOR") or os.environ.get("TERM") == "dumb":
        typer.echo(message, err=True)  # secho adds a reset code even without a colour
    else:
        typer.secho(message, err=True, fg=fg)


def table_console() -> Console:
    """The console for a command's tables on stdout: wrapped to the terminal's width there (or
    to COLUMNS), one unwrapped line a row in pipes and files, as the text report does, so
    `brandcheck rules > rules.txt` or `| grep` keeps whole rows and whole URLs."""
    from rich.console import Console

    tty = sys.stdout.isatty() or bool(os.environ.get("COLUMNS"))
    return Console(soft_wrap=False, width=None if tty else 100_000, highlight=False)


# the groups the options of check, scan and watch are listed in by --help
PROFILE_PANEL = "Profile and rules"
REPORT_PANEL = "Reports"
READING_PANEL = "Reading files"
RUN_PANEL = "Running"

# typer copies an option's declaration for each command that uses it, so one serves all three
PROFILE = typer.Option(
    "stockholm",
    "--profile",
    "-p",
    help="A shipped profile name (stockholm, stockholm-bolag; `brandcheck profile list`) or "
    "a profile folder.",
    rich_help_panel=PROFILE_PANEL,
)
TARGET = typer.Option(
    "print",
    "--target",
    "-t",
    metavar="print|digital",
    help="print (sizes in mm and pt, CMYK) or digital (px, sRGB). A PNG or JPEG without a "
    "dpi has no print size: check screen material with digital.",
    rich_help_panel=PROFILE_PANEL,
)
SELECT = typer.Option(
    [],
    "--select",
    metavar="RULE",
    help="Only these rules (code, name or family: BC102, logo.too_small, logo); repeatable "
    "or comma-separated. `brandcheck rules` lists them.",
    rich_help_panel=PROFILE_PANEL,
)
IGNORE = typer.Option(
    [],
    "--ignore",
    metavar="RULE",
    help="Skip these rules (code, name or family); repeatable or comma-separated.",
    rich_help_panel=PROFILE_PANEL,
)
SEVERITY = typer.Option(
    [],
    "--severity",
    metavar="RULE=LEVEL",
    help="Re-grade a rule: RULE=error, warning or info (colour.space=error); repeatable.",
    rich_help_panel=PROFILE_PANEL,
)
FAIL_ON = typer.Option(
    Severity.error,
    "--fail-on",
    help="Lowest severity that fails.",
    rich_help_panel=PROFILE_PANEL,
)
LOGO = typer.Option(
    [],
    "--logo",
    metavar="FILE",
    help="Logo file (SVG, PDF, EPS, PNG) replacing the profile's templates; repeatable.",
    rich_help_panel=PROFILE_PANEL,
)
FORBIDDEN_LOGO = typer.Option(
    [],
    "--forbidden-logo",
    metavar="FILE",
    help="Logo file that must not appear (BC108), replacing the profile's forbidden logos; "
    "repeatable.",
    rich_help_panel=PROFILE_PANEL,
)
PASSWORD = typer.Option(
    None, "--password", help="Password for encrypted PDFs.", rich_help_panel=READING_PANEL
)
DPI = typer.Option(
    100.0,
    "--dpi",
    min=36,
    max=600,
    help="Resolution PDF and SVG pages are drawn at for the checks; a picture (PNG, JPEG) is "
    "judged at its own pixels.",
    rich_help_panel=READING_PANEL,
)
OCR = typer.Option(
    "auto",
    "--ocr",
    metavar="auto|off",
    help="auto (use Tesseract when installed) or off.",
    rich_help_panel=READING_PANEL,
)


def split_list(values: list[str]) -> list[str]:
    """Repeatable options that also take comma-separated values."""
    return [v.strip() for raw in values for v in raw.split(",") if v.strip()]


def severity_overrides(values: list[str]) -> dict[str, str]:
    """`--severity RULE=level` items as a mapping."""
    out = {}
    for item in split_list(values):
        rule, sep, level = item.partition("=")
        if not sep or level not in {s.value for s in Severity}:
            raise UsageError(f"--severity takes RULE=error|warning|info, not {item!r}")
        out[rule] = level
    return out


def run_options(
    target: str,
    fail_on: Severity,
    select: list[str],
    ignore: list[str],
    severity: list[str],
    password: str | None,
    dpi: float,
    ocr: str,
) -> RunOptions:
    """Validate the options check, scan and watch share (in this order, as each command names
    them) and build the RunOptions for the API."""
    from brandcheck.checks import OCR_MODES, TARGETS
    from brandcheck.document import Limits
    from brandcheck.pipeline import RunOptions
    from brandcheck.rule_settings import RuleSettings

    if target not in TARGETS:
        raise UsageError(f"--target must be print or digital, not {target!r}")
    if ocr not in OCR_MODES:
        raise UsageError(f"--ocr must be auto or off, not {ocr!r}")
    return RunOptions(
        target=target,
        fail_on=fail_on,
        rules=RuleSettings.build(
            split_list(select), split_list(ignore), severity_overrides(severity)
        ),
        password=password,
        limits=Limits(analysis_dpi=dpi),
        ocr=ocr,
    )


def note_logo_roles(prof: Profile, logos: list[Path], forbidden_logos: list[Path]) -> None:
    """Say on stderr what --logo gave under a profile that forbids logos: the material's own
    logo, passed where it appears; the official file of a forbidden logo (the city's, under
    stockholm-bolag) goes with --forbidden-logo."""
    if not logos or forbidden_logos or not prof.logo.forbidden.value:
        return
    from brandcheck.checks.logo_presence import logo_name

    forbidden = prof.logo.forbidden_templates
    names = " and ".join(dict.fromkeys(logo_name(prof, "forbidden", t) for t in forbidden))
    typer.echo(
        f"brandcheck: note: --logo gives the material's own logo (judged, never reported as "
        f"forbidden); what this profile forbids is still {names}. A file of the logo that must "
        "not appear (the official city logo under stockholm-bolag) goes with --forbidden-logo.",
        err=True,
    )


def note_logo_files(prof: Profile, options: RunOptions) -> None:
    """Say on stderr, once a run, what a result on the logo files the run searches is not
    (the reports say it too, in their notes)."""
    from brandcheck.api import make_context
    from brandcheck.run_notes import run_notes

    say_notes(run_notes(prof, make_context(prof, options)))


def say_notes(notes: Sequence[str]) -> None:
    """A run's notes on stderr, one line each."""
    for note in notes:
        typer.echo(f"brandcheck: note: {note}", err=True)
