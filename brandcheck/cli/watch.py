"""`brandcheck watch`: a hot folder that sorts checked files into pass and fail folders."""

from __future__ import annotations

from pathlib import Path

import typer

from brandcheck import ctrl_c
from brandcheck.batch_defaults import DEFAULT_MEMORY_MB, DEFAULT_SETTLE, DEFAULT_TIMEOUT
from brandcheck.cli import options as shared
from brandcheck.errors import ExitCode, UsageError
from brandcheck.rules import Severity

FOLDERS_PANEL = "Folders"

HELP = (  # one line per paragraph: the help re-wraps them to the terminal's width
    "Watch IN_DIR and check each new file once it is fully written.\n\n"
    "A file is ready when it has settled: its size and modification time unchanged for "
    "--settle seconds (however often it is polled) and, for a PDF, PNG, JPEG or GIF, its end "
    "marker (a PDF's %%EOF) in place; a file without it is taken only after 5 minutes of "
    "quiet, and a file cut short (repaired, BC904, and ending inside its data) never goes to the "
    "pass folder. It is "
    "copied (never moved or changed) to --pass-dir or --fail-dir (files that cannot be checked, "
    "and files that are not a PDF, image or SVG, go to the fail folder with their reason; one "
    "the watcher cannot read to copy it is reported on stderr and left where it is) "
    "with its relative path, and its report is written beside the copy as "
    "NAME.brandcheck.json (or under --reports-dir). Copies appear atomically, so the pass and "
    "fail folders can feed further hot folders.\n\n"
    "Symbolic links in IN_DIR (to files or folders, wherever they lead) are never followed, "
    "checked or copied: anyone who can drop files in a hot folder could otherwise have any "
    "file the watcher can read copied to the fail folder. Each link, pipe or device, each "
    "entry that cannot be reached, and each file or folder named as a report "
    "(NAME.brandcheck.json: its copy would take the place of NAME's report) is named once "
    "on stderr and left where it is.\n\n"
    "With --once: handle the files that are there now (settled for --settle seconds, default "
    "0 then; a file cut short is checked, and goes to the fail folder) and exit with the codes "
    "of `check` for them (0 when none is new; 3 when one could not be read or was left where "
    "it is, such as a link; 2 when a report or copy could not be written). Stopped with "
    "Ctrl-C: 130; files not yet taken are taken when it runs again."
)
EXAMPLES = (  # shown under the options: what each does, then the command; fits 80 columns
    "[bold]Examples[/]\n\n"
    "[dim]# until Ctrl-C; then once, for the files there now[/]\n"
    "brandcheck watch /hot --pass-dir /ok --fail-dir /rejected\n"
    "brandcheck watch /hot --pass-dir /ok --fail-dir /rejected --once\n"
    "[dim]# HTML reports (JSON by default) in a folder of their own[/]\n"
    "brandcheck watch /hot --pass-dir /ok --fail-dir /no --reports-dir /r -f html"
)


def watch(
    in_dir: Path = typer.Argument(
        ..., exists=True, file_okay=False, metavar="IN_DIR", help="The hot folder."
    ),
    pass_dir: Path = typer.Option(
        ...,
        "--pass-dir",
        metavar="DIR",
        help="Copies of passing files.",
        rich_help_panel=FOLDERS_PANEL,
    ),
    fail_dir: Path = typer.Option(
        ...,
        "--fail-dir",
        metavar="DIR",
        help="Copies of failing files (and of files that cannot be checked).",
        rich_help_panel=FOLDERS_PANEL,
    ),
    reports_dir: Path | None = typer.Option(
        None,
        "--reports-dir",
        metavar="DIR",
        help="Reports here instead of beside the copies (a folder apart from the pass and "
        "fail folders).",
        rich_help_panel=FOLDERS_PANEL,
    ),
    profile: str = shared.PROFILE,
    target: str = shared.TARGET,
    fmt: str = typer.Option(
        "json",
        "--format",
        "-f",
        metavar="FORMAT[,FORMAT...]",
        help="Report formats, comma-separated: text, json, html, sarif, junit, csv, csv-excel; "
        "each report is NAME.brandcheck.EXT.",
        rich_help_panel=shared.REPORT_PANEL,
    ),
    fail_on: Severity = shared.FAIL_ON,
    interval: float = typer.Option(
        2.0,
        "--interval",
        min=0.01,
        help="Seconds between polls.",
        rich_help_panel=shared.RUN_PANEL,
    ),
    settle: float | None = typer.Option(
        None,
        "--settle",
        min=0,
        help=f"Seconds a file must stay unchanged before it is taken (default {DEFAULT_SETTLE:g}; "
        "0 with --once).",
        rich_help_panel=shared.RUN_PANEL,
    ),
    once: bool = typer.Option(
        False,
        "--once",
        help="Handle what is there now, then exit.",
        rich_help_panel=shared.RUN_PANEL,
    ),
    jobs: int = typer.Option(
        1,
        "--jobs",
        "-j",
        min=0,
        help="Worker processes (0 = in here).",
        rich_help_panel=shared.RUN_PANEL,
    ),
    timeout: float = typer.Option(
        DEFAULT_TIMEOUT,
        "--timeout",
        min=0,
        help="Seconds per file; 0 = no limit.",
        rich_help_panel=shared.RUN_PANEL,
    ),
    select: list[str] = shared.SELECT,
    ignore: list[str] = shared.IGNORE,
    severity: list[str] = shared.SEVERITY,
    password: str | None = shared.PASSWORD,
    dpi: float = shared.DPI,
    ocr: str = shared.OCR,
    logo: list[Path] = shared.LOGO,
    forbidden_logo: list[Path] = shared.FORBIDDEN_LOGO,
) -> None:
    # the hot folder's engine is imported when it runs, not when the command line starts
    with ctrl_c.held():  # a Ctrl-C while native libraries load would abort Python
        from brandcheck.api import ready_context, resolve_profile
    from brandcheck.batch.scan import make_executor
    from brandcheck.batch.watch import HotFolder, cut_short
    from brandcheck.batch.work import CheckSetup
    from brandcheck.cli.output import check_targets, parse_formats
    from brandcheck.pipeline import display_path

    # every option is checked before the profile loads and its notes are said
    formats = parse_formats(fmt)
    check_targets(formats, None, None, pass_dir, fail_dir, reports_dir)
    if pass_dir.resolve() == fail_dir.resolve():
        raise UsageError(
            f"--pass-dir and --fail-dir are the same folder ({pass_dir}): passing and failing "
            "files would not be told apart; give two folders"
        )
    options = shared.run_options(target, fail_on, select, ignore, severity, password, dpi, ocr)
    prof = resolve_profile(profile, logo, forbidden_logo)
    shared.note_logo_roles(prof, logo, forbidden_logo)
    shared.note_logo_files(prof, options)
    setup = CheckSetup(profile=prof, options=options)
    folder = HotFolder(
        in_dir,
        pass_dir,
        fail_dir,
        setup,
        ready_context(prof, options),
        formats=formats,
        reports_dir=reports_dir,
        empty_grace=0.0 if once else 30.0,
        settle=settle if settle is not None else 0.0 if once else DEFAULT_SETTLE,
    )
    if once:  # what is there now: a file cut short is checked too (and is never passed)
        folder.incomplete_wait = folder.settle
    reported = 0

    def announce(outcome) -> None:
        """One line a file on stdout, its verdict first; a file that got no copy (its report
        or copy could not be written, or it could not be read) is an error there, whatever
        its check said: a server reading these lines must not count it as delivered."""
        nonlocal reported
        shown = outcome.report.status
        damaged = " (cut short: repaired, content lost)" if cut_short(outcome) else ""
        new = folder.problems[reported:]
        stuck = [p.reason for p in new if str(p.path) == outcome.source]
        if stuck:
            shown, damaged = "error", f" (checked: {shown}; not copied: {stuck[0]})"
        typer.echo(f"{shown:5} {outcome.report.path}{damaged}")
        for problem in new:
            shared.say(f"brandcheck: {display_path(problem.path)}: {problem.reason}", fg="red")
        reported = len(folder.problems)

    def refuse(problem) -> None:
        """A link, pipe or entry that cannot be reached: said once, on stderr."""
        shared.say(f"brandcheck: {display_path(problem.path)}: {problem.reason}", fg="yellow")

    try:
        with make_executor(setup, jobs, None, timeout or None, DEFAULT_MEMORY_MB) as executor:
            done = folder.run(
                executor, interval=interval, once=once, on_file=announce, on_refused=refuse
            )
    except KeyboardInterrupt:
        raise typer.Exit(130) from None
    if folder.deferred:
        later = "run again to check them" if once else "they are checked again once complete"
        typer.echo(
            f"brandcheck: {folder.deferred} file(s) changed while being checked; {later}",
            err=True,
        )
    elif not done and not folder.refused:
        typer.echo(f"brandcheck: no new files in {display_path(in_dir)}", err=True)
    if any(not p.input for p in folder.problems):  # a report or copy not written: as check's -o
        raise typer.Exit(int(ExitCode.usage))
    statuses = {o.report.status for o in done}
    # an input that could not be read, or an entry not taken (a link, a pipe)
    if "error" in statuses or folder.problems or folder.refused:
        raise typer.Exit(int(ExitCode.input_error))
    raise typer.Exit(int(ExitCode.findings if "fail" in statuses else ExitCode.ok))
