"""`brandcheck scan`: resumable archive scans into SQLite (`scan PATH...` = `scan run PATH...`)
and `scan report` over the results.

The group runs `run` when its first argument is not a subcommand name, so both
`brandcheck scan /archive --db a.sqlite` and `brandcheck scan report --db a.sqlite` work.
A folder literally called `report` must be written `./report` (or use `scan run report`).
"""

from __future__ import annotations

import contextlib
import signal
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import typer
from typer.core import TyperGroup

from brandcheck import ctrl_c
from brandcheck.batch_defaults import (
    DEFAULT_CHUNK_PAGES,
    DEFAULT_MEMORY_MB,
    DEFAULT_TIMEOUT,
    SCAN_REPORT_FORMATS,
)
from brandcheck.cli import options as shared
from brandcheck.errors import ExitCode, UsageError
from brandcheck.rules import Severity

if TYPE_CHECKING:
    import click

    from brandcheck.batch.scan import ScanSummary

# the scan engine (its workers, SQLite store and report templates) is imported by the commands
# when they run, not when the command line starts


class _DefaultRun(TyperGroup):
    """A group whose default subcommand is `run`."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        if args and args[0] not in self.commands and args[0] not in ctx.help_option_names:
            args = ["run", *args]
        return super().parse_args(ctx, args)


app = typer.Typer(
    cls=_DefaultRun,
    no_args_is_help=True,
    help="Scan whole archives into a SQLite results store (resumable, parallel, Dask); "
    "`brandcheck scan PATH...` is short for `brandcheck scan run PATH...`.",
)

RUN_EXAMPLES = (  # shown under the options: what each does, then the command; fits 80 columns
    "[bold]Examples[/]\n\n"
    "[dim]# two local workers; again later: only new or changed files are checked[/]\n"
    "brandcheck scan /archive --db archive.sqlite --jobs 2\n"
    "[dim]# on a Dask cluster (its workers see the files under the same paths)[/]\n"
    "brandcheck scan /archive --db archive.sqlite --scheduler tcp://host:8786\n"
    "[dim]# a nightly job: progress lines in its log, hung files stopped after 5 min[/]\n"
    "brandcheck scan /archive --db archive.sqlite --timeout 300 --progress 2> scan.log"
)
REPORT_HELP = (  # one line per paragraph: the help re-wraps them to the terminal's width
    "Compliance by folder and by rule, worst files and trends by file date.\n\n"
    "Apart from them, what was not checked: files that could not be, files that are no PDF, "
    "image or SVG, and folders that could not be listed (with files that could not be looked "
    "at). A scan that did not finish is named on stderr and in the HTML.\n\n"
    "Exit codes: 0 the report was written; 2 an unknown format, no such database, one that "
    "is not a scan database (another program's, a newer brandcheck's) or is damaged or held "
    "by another program, HTML asked for on a terminal, or a report that could not be written."
)
REPORT_EXAMPLES = (
    "[bold]Examples[/]\n\n"
    "[dim]# a page for a browser; a table for a spreadsheet; JSON for a script[/]\n"
    "brandcheck scan report --db archive.sqlite --output archive.html\n"
    "brandcheck scan report --db archive.sqlite --format csv-excel --output archive.csv\n"
    "brandcheck scan report --db archive.sqlite --format json > archive.json"
)
RUN_HELP = (  # one line per paragraph: the help re-wraps them to the terminal's width
    "Check every file under PATHS that has no current result in --db.\n\n"
    "Results are written as they arrive; stop at any time (Ctrl-C or kill) and run the same "
    "command again to go on. Files already checked with the same size and mtime (or content "
    "hash), profile, options and tool version are skipped; a changed profile or tool version "
    "makes results stale and they are checked again. A file moved or renamed (the whole "
    "archive mounted elsewhere) keeps its result: a new path with the content of a stored path "
    "that is gone takes it over.\n\n"
    "Results of files no longer there are removed, except under a folder that could not be "
    "listed, under a path given that lists no file now (a share that did not mount: its "
    "results are kept; --forget-empty when its files were deleted), and under a share mounted "
    "inside at the last scan whose mount point is empty and unmounted now (exit 3; "
    "--forget-empty too). A folder given with no "
    "PDF, image or SVG in it was not scanned: it is named, the scan exits 2 and `scan report` "
    "lists it as not reached.\n\n"
    "Exit codes as for `check`, over every file found: 0 all pass; 1 some fail; 2 usage or "
    "profile error, a folder given with no file to check (even beside others), or the "
    "results database could not be written "
    "(full disk: results so far kept, rerun to resume); 3 some file could not be checked (or "
    "a folder given went away during the scan); "
    "130 interrupted by Ctrl-C or SIGTERM (rerun to resume)."
)


def _summary_line(s: ScanSummary, db: Path) -> str:
    from brandcheck.pipeline import display_path

    plan = s.plan
    reasons = ", ".join(f"{n} {why}" for why, n in plan.reasons.items() if n)
    rate = s.pages / s.seconds if s.seconds else 0.0
    current = ", ".join(f"{n} {k}" for k, n in sorted(s.current.items()))
    todo = len(plan.todo)
    return (
        f"found {plan.found} files; checked {s.checked}"
        + (f" of {todo} to do" if s.checked + len(s.vanished) != todo else "")  # interrupted
        + (f" ({reasons})" if reasons else "")
        + f", skipped {plan.skipped} with current results"
        + (f"; {plan.moved} moved (results carried over)" if plan.moved else "")
        + (f"; {plan.gone} no longer there (results removed)" if plan.gone else "")
        + (f"; {len(s.vanished)} gone before their check (not recorded)" if s.vanished else "")
        + f"; {s.pages} pages in "
        f"{s.seconds:.1f} s ({rate:.1f} pages/s)\n"
        f"this run: {s.passed} pass, {s.failed} fail, {s.errors} error; "
        f"all files found: {current or 'none'}\nresults: {display_path(db)}"
    )


def _exit_code(s: ScanSummary) -> int:
    if s.stopped or s.plan.empty or (s.plan.found == 0 and not s.plan.problems):
        # as `check` with no file to check: a folder given that lists none was not scanned
        return int(ExitCode.usage)
    if s.interrupted:
        return 130
    if s.current.get("error") or s.plan.problems or s.lost_roots:
        return int(ExitCode.input_error)
    if s.current.get("fail"):
        return int(ExitCode.findings)
    return int(ExitCode.ok)


def _empty_root_advice(others: int, kept: int | None, forgot: bool) -> str:
    """What to say of a folder given that lists no file to check, and what to do about it
    (``others``: the files not to check it lists, named in the note below; ``forgot``:
    --forget-empty was given, so no result under it was kept)."""
    there = f" (only {others} files that are not, named below)" if others else ""
    said = (
        f"no PDF, image or SVG to check there{there}, so nothing there was scanned (exit 2). "
        "If it is a share, mount it; if the path is wrong, correct it; then run again"
    )
    if forgot:
        return f"{said}. With --forget-empty, no result stored under it is kept"
    if kept:
        return (
            f"{said}. The {kept} results stored under it are kept (an unmounted share looks like "
            "this); if its files were really deleted, `--forget-empty` removes them"
        )
    return said


@contextlib.contextmanager
def _sigterm_as_ctrl_c() -> Iterator[None]:
    """A SIGTERM (a batch scheduler's stop, a cluster's pre-emption) stops the scan as Ctrl-C
    does: the results so far saved, the scan's end not recorded, "rerun to resume" said."""

    def stop(_signum: int, _frame: object) -> None:
        raise KeyboardInterrupt

    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.signal(signal.SIGTERM, stop)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


@app.command("run", help=RUN_HELP, epilog=RUN_EXAMPLES)
def run(
    paths: list[Path] = typer.Argument(..., readable=False, help="Files and folders to scan."),
    db: Path = typer.Option(..., "--db", help="SQLite results file (created if missing)."),
    profile: str = shared.PROFILE,
    target: str = shared.TARGET,
    jobs: int | None = typer.Option(
        None,
        "--jobs",
        "-j",
        min=0,
        help="Local worker processes (default: CPU count; 0 = in this process, no limits).",
    ),
    scheduler: str | None = typer.Option(
        None, "--scheduler", help="Dask scheduler address (tcp://host:8786) instead of --jobs."
    ),
    timeout: float = typer.Option(
        DEFAULT_TIMEOUT,
        "--timeout",
        min=0,
        help="Seconds per work item (a file, or one page range of a large PDF); 0 = none.",
    ),
    memory_limit: int = typer.Option(
        DEFAULT_MEMORY_MB,
        "--memory-limit",
        min=0,
        help="Address-space ceiling per local worker in MB (at least 1024); 0 = none.",
    ),
    chunk_pages: int = typer.Option(
        DEFAULT_CHUNK_PAGES, "--chunk-pages", min=1, help="Pages per work item of large PDFs."
    ),
    retry_errors: bool = typer.Option(
        False, "--retry-errors", help="Check files again whose last result was an error."
    ),
    forget_empty: bool = typer.Option(
        False,
        "--forget-empty",
        help="A path given that lists no file now, or a share's mount point inside that is "
        "empty and unmounted now, loses the results stored under it (its files were deleted); "
        "without it they are kept, as for a share that did not mount. "
        "Such a path still makes the scan exit 2: nothing there was checked.",
    ),
    verify: bool = typer.Option(
        False,
        "--verify",
        help="Hash every stored file, not only those whose size or modification time changed: "
        "finds edits whose tool kept the old time (slower: the whole archive is read).",
    ),
    select: list[str] = shared.SELECT,
    ignore: list[str] = shared.IGNORE,
    severity: list[str] = shared.SEVERITY,
    fail_on: Severity = shared.FAIL_ON,
    password: str | None = shared.PASSWORD,
    dpi: float = shared.DPI,
    ocr: str = shared.OCR,
    logo: list[Path] = shared.LOGO,
    forbidden_logo: list[Path] = shared.FORBIDDEN_LOGO,
    progress: bool | None = typer.Option(
        None,
        "--progress/--no-progress",
        help="Progress on stderr (default: on a terminal): a bar there, in a log (2> scan.log) "
        "a line every 15 s and at the end.",
    ),
) -> None:
    if scheduler is not None and jobs is not None:
        raise UsageError("use --jobs (local processes) or --scheduler (Dask), not both")
    with ctrl_c.held():  # a Ctrl-C while native libraries load would abort Python
        from brandcheck.api import resolve_profile
    from brandcheck.batch.scan import scan
    from brandcheck.cli.progress import run_progress

    options = shared.run_options(target, fail_on, select, ignore, severity, password, dpi, ocr)
    prof = resolve_profile(profile, logo, forbidden_logo)  # logo files count in its digest
    shared.note_logo_roles(prof, logo, forbidden_logo)
    shared.note_logo_files(prof, options)
    kinds: set[str] = set()  # of the files checked, for what --dpi does not do (dpi_notes)

    def checked(outcome) -> None:
        kinds.add(outcome.report.kind)
        bar.advance(outcome.report.path, outcome.pages)

    try:
        with _sigterm_as_ctrl_c(), run_progress(progress, "scanning") as bar:
            bar.planning()
            summary = scan(
                paths,
                db,
                prof,
                options,
                jobs=jobs,
                scheduler=scheduler,
                timeout=timeout or None,
                memory_mb=memory_limit or None,
                chunk_pages=chunk_pages,
                retry_errors=retry_errors,
                forget_empty=forget_empty,
                verify=verify,
                on_planning=bar.planned,
                on_plan=lambda plan: bar.start(len(plan.todo)),
                on_file=checked,
            )
    except KeyboardInterrupt:  # while finding files or hashing touched ones: no summary yet
        shared.say("brandcheck: interrupted: run the same command again to resume")
        raise typer.Exit(130) from None
    from brandcheck.pipeline import display_path
    from brandcheck.run_notes import dpi_notes, skipped_notes

    for problem in summary.plan.problems:  # a name's newline or Latin-1 byte as an escape
        shared.say(f"brandcheck: {display_path(problem.path)}: {problem.reason}", fg="red")
    for root, rows in summary.plan.kept.items():
        if root not in summary.plan.empty:  # part of it could not be listed: named above
            shared.say(
                f"brandcheck: {root}: no file found there now; the {rows} results stored under "
                "it are kept, as part of it could not be listed",
                fg="yellow",
            )
    for root, others in summary.plan.empty.items():
        advice = _empty_root_advice(others, summary.plan.kept.get(root), forget_empty)
        shared.say(f"brandcheck: {root}: {advice}", fg="red")
    for root, files in summary.lost_roots.items():
        shared.say(
            f"brandcheck: {root}: lists no file any more (a share that went away during the "
            f"scan looks like this): {files} files still to check there were not checked; run "
            "the same command again once it is back",
            fg="red",
        )
    # as `check` says it: a folder's "all passed" must not hide an EPS nobody looked at
    shared.say_notes(skipped_notes(summary.plan.not_documents))
    # as `check` says it: --dpi 300 for a folder of PNGs gives none of them a resolution
    shared.say_notes(dpi_notes(options.limits.analysis_dpi, kinds))
    typer.echo(_summary_line(summary, db))
    if summary.stopped:
        shared.say(f"brandcheck: {summary.stopped}", fg="red")
    elif summary.interrupted:
        shared.say("brandcheck: interrupted: run the same command again to resume")
    elif summary.plan.found == 0 and not summary.plan.empty and not summary.plan.problems:
        shared.say("brandcheck: no PDF, image or SVG to check there", fg="red")
    raise typer.Exit(_exit_code(summary))


@app.command("report", help=REPORT_HELP, epilog=REPORT_EXAMPLES)
def report(
    db: Path = typer.Option(..., "--db", help="SQLite results of `brandcheck scan`."),
    fmt: str = typer.Option(
        "html", "--format", "-f", help=f"One of {', '.join(SCAN_REPORT_FORMATS)}."
    ),
    output: Path | None = typer.Option(
        None,
        "--output",
        "-o",
        help="Write here ('-' = stdout; absent = stdout, except HTML on a terminal).",
    ),
    depth: int = typer.Option(1, "--depth", min=0, help="Folder levels below the common root."),
    top: int = typer.Option(25, "--top", min=0, help="How many worst files to list."),
) -> None:
    """`brandcheck scan report`: see REPORT_HELP."""
    from brandcheck.batch.report import WRITERS, build_report, unfinished_note
    from brandcheck.batch.store import ResultStore
    from brandcheck.cli.output import check_targets, open_output

    name = fmt.strip().lower()
    writer = WRITERS.get(name)
    if writer is None:
        raise UsageError(f"unknown format {fmt!r}; choose from {', '.join(SCAN_REPORT_FORMATS)}")
    if not db.is_file() and not db.is_dir():  # a folder: the store says what to give
        raise UsageError(f"{db}: no such scan database")
    if name == "html" and output is None and sys.stdout.isatty():
        # the default format is a page for a browser: pages of markup on a terminal help nobody
        raise UsageError(
            f"an HTML report is a page for a browser, not for the terminal: give "
            f"--output {db.stem}.html (or redirect it: > {db.stem}.html), or --format json "
            "or csv to read it here; --output - writes the HTML here all the same"
        )
    check_targets([fmt], output, None, inputs=[db])  # never over the scan's results
    with ResultStore(db, read_only=True) as store:
        data = build_report(store, depth=depth, top=top)
    if (unfinished := unfinished_note(data)) is not None:  # CSV has no place for it
        shared.say(f"brandcheck: {unfinished}", fg="yellow")
    with open_output(output) as stream:
        writer(data, stream)
