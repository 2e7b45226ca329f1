"""`brandcheck check`: check files and folders and write the reports."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import typer

from brandcheck import ctrl_c
from brandcheck.cli import options as shared
from brandcheck.errors import ExitCode
from brandcheck.rules import Severity

if TYPE_CHECKING:
    from brandcheck.annotate import Annotated
    from brandcheck.report import Report

HELP = (  # one line per paragraph: the help re-wraps them to the terminal's width
    "Check PDFs, images and SVGs against a brand profile.\n\n"
    "Folders are searched recursively; formats are recognised by content.\n\n"
    "Exit codes: 0 nothing at or above --fail-on; 1 findings at or above it; 2 usage or "
    "profile error, no file to check (no report is written), or a report that could not be "
    "written; 3 at least one input could not be read (the others are still checked and "
    "reported; 3 wins over 1); 130 interrupted by Ctrl-C (no report)."
)
EXAMPLES = (  # shown under the options: what each does, then the command; fits 80 columns
    "[bold]Examples[/]\n\n"
    "[dim]# a file and a folder, under the city's profile[/]\n"
    "brandcheck check poster.pdf exports/\n"
    "[dim]# a city-owned company's letter; a banner for screens[/]\n"
    "brandcheck check letter.pdf --profile stockholm-bolag\n"
    "brandcheck check banner.png --target digital\n"
    "[dim]# a JSON report for a script (the format from the name); several reports[/]\n"
    "brandcheck check exports/ -o report.json\n"
    "brandcheck check exports/ -f html,sarif --output-dir out/"
)


def exit_code_for(report: Report) -> ExitCode:
    """3 if any input could not be read, else 1 if any file failed, else 0."""
    if report.summary.errors:
        return ExitCode.input_error
    if report.summary.failed:
        return ExitCode.findings
    return ExitCode.ok


def check(
    # readable=False: an unreadable input is that file's error outcome, not the whole run's
    paths: list[Path] = typer.Argument(
        ..., readable=False, metavar="PATH", help="Files and folders to check."
    ),
    profile: str = shared.PROFILE,
    target: str = shared.TARGET,
    fmt: str | None = typer.Option(
        None,
        "--format",
        "-f",
        metavar="FORMAT[,FORMAT...]",
        show_default=False,
        help="Comma-separated: text, json, html, sarif, junit, csv, csv-excel (several need "
        "--output-dir). Default: text, or what --output's name asks for (report.json: json, "
        ".html, .sarif, .xml: junit, .csv, .excel.csv: csv-excel).",
        rich_help_panel=shared.REPORT_PANEL,
    ),
    output: Path | None = typer.Option(
        None,
        "--output",
        "-o",
        metavar="FILE",
        help="Write the report to this file ('-' = stdout, the default).",
        rich_help_panel=shared.REPORT_PANEL,
    ),
    output_dir: Path | None = typer.Option(
        None,
        "--output-dir",
        metavar="DIR",
        help="Folder for the reports (one format or several), each named brandcheck-report "
        "with its format's extension: .txt (text), .json, .html, .sarif, .xml (junit), .csv, "
        ".excel.csv. "
        "Where each went is printed on stderr.",
        rich_help_panel=shared.REPORT_PANEL,
    ),
    annotate: Path | None = typer.Option(
        None,
        "--annotate",
        metavar="DIR",
        help="Folder for annotated copies of the PDFs, NAME.annotated.pdf (findings as PDF "
        "comments); pictures and SVGs get none (--format html marks findings on them).",
        rich_help_panel=shared.REPORT_PANEL,
    ),
    select: list[str] = shared.SELECT,
    ignore: list[str] = shared.IGNORE,
    severity: list[str] = shared.SEVERITY,
    fail_on: Severity = shared.FAIL_ON,
    logo: list[Path] = shared.LOGO,
    forbidden_logo: list[Path] = shared.FORBIDDEN_LOGO,
    password: str | None = shared.PASSWORD,
    dpi: float = shared.DPI,
    ocr: str = shared.OCR,
    progress: bool | None = typer.Option(
        None,
        "--progress/--no-progress",
        help="Progress on stderr (default: when it is a terminal): a bar there, in a log a line "
        "every 15 s and at the end.",
        rich_help_panel=shared.RUN_PANEL,
    ),
    jobs: int = typer.Option(
        0,
        "--jobs",
        "-j",
        min=0,
        help="Worker processes for many files (0 = in this process).",
        rich_help_panel=shared.RUN_PANEL,
    ),
    timeout: float = typer.Option(
        0.0,
        "--timeout",
        min=0,
        help="Seconds per file (per 50-page part of a longer PDF); a file over it is stopped "
        "and reported as an error (checks run in worker processes with a 4 GB memory ceiling; "
        "0 = no limit).",
        rich_help_panel=shared.RUN_PANEL,
    ),
) -> None:
    # imported here, not with the module: `--version` and `--help` read this signature only;
    # a Ctrl-C while the engine's native libraries load waits for them (ctrl_c.held)
    with ctrl_c.held():
        from brandcheck.api import check_paths, resolve_profile
    from brandcheck.cli.output import (
        check_targets,
        format_of,
        parse_formats,
        where_it_went,
        write_reports,
    )
    from brandcheck.cli.progress import run_progress

    formats = parse_formats(fmt) if fmt is not None else [format_of(output)]
    check_targets(formats, output, output_dir, annotate, inputs=paths, dir_option="--output-dir")
    options = shared.run_options(target, fail_on, select, ignore, severity, password, dpi, ocr)
    prof = resolve_profile(profile, logo, forbidden_logo)
    shared.note_logo_roles(prof, logo, forbidden_logo)
    try:
        with run_progress(progress) as bar:
            report = check_paths(
                paths,
                prof,
                options,
                on_start=bar.start,
                on_page=bar.page,
                on_file=lambda f: bar.advance(f.path, f.page_count),
                jobs=jobs,
                timeout=timeout or None,
            )
    except KeyboardInterrupt:  # said, so a stopped run is not taken for a silent crash
        shared.say("brandcheck: interrupted: no report written", fg="red")
        raise typer.Exit(130) from None
    # the run's notes (stand-in logo files, files in folders not checked) are in every report
    # but CSV; on stderr too, unless the one report goes to stdout and carries them there
    on_stdout = output_dir is None and str(output or "-") == "-" and formats != ["csv"]
    if report.files and not on_stdout:
        shared.say_notes(report.notes)
    if not report.files:
        # what was not checked, not what a result on the logo files would mean: there is none
        from brandcheck.run_notes import logo_notes

        about_logos = set(logo_notes(prof, ("own", "forbidden")))
        shared.say_notes([note for note in report.notes if note not in about_logos])
        # a mistyped path in a pipeline must not pass as "all compliant", nor leave a report
        # that says so: an empty SARIF uploaded by an `if: always()` step closes every alert
        shared.say(
            "brandcheck: no files to check: the folders named hold no PDF, image or SVG; "
            "no report written",
            fg="red",
        )
        raise typer.Exit(int(ExitCode.usage))
    written = write_reports(report, formats, output, output_dir, password=password)
    annotated: list[Annotated] = []
    if annotate is not None:
        from brandcheck.annotate import annotate_report  # PDF copies only when asked for

        annotated = annotate_report(report, annotate, password=password)
    for line in where_it_went(report, written, annotated):
        typer.echo(line, err=True)
    raise typer.Exit(int(exit_code_for(report)))
