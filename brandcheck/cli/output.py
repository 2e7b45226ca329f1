"""Where reports go: one format to a file or stdout, or several formats into a folder."""

from __future__ import annotations

import functools
import os
import sys
from collections.abc import Sequence
from contextlib import contextmanager
from pathlib import Path, PurePath
from typing import TYPE_CHECKING

from brandcheck.atomic import atomic_text
from brandcheck.errors import UsageError
from brandcheck.formats import sniff
from brandcheck.inputs import same_file
from brandcheck.report import Report
from brandcheck.reporters import FORMATS, extension, get_writer, words

if TYPE_CHECKING:
    from brandcheck.annotate import Annotated


def parse_formats(value: str) -> list[str]:
    """The formats a comma-separated ``--format`` names, each once (``json,json`` is one
    report, not two formats that need a folder)."""
    names = list(dict.fromkeys(v.strip().lower() for v in value.split(",") if v.strip()))
    for name in names:
        get_writer(name)  # validates
    return names or ["text"]


def format_of(output: Path | None) -> str:
    """The format an ``--output`` file's name asks for when ``--format`` is not given
    (``report.json`` is JSON, ``report.excel.csv`` csv-excel); text for stdout and other names."""
    name = output.name.lower() if output is not None and str(output) != "-" else ""
    by_length = sorted(FORMATS.items(), key=lambda item: -len(item[1][1]))  # excel.csv first
    return next((fmt for fmt, (_, ext) in by_length if name.endswith(f".{ext}")), "text")


def check_targets(
    formats: list[str],
    output: Path | None,
    output_dir: Path | None,
    *folders: Path | None,
    inputs: Sequence[Path] = (),
    stem: str = "brandcheck-report",
    dir_option: str | None = None,
) -> None:
    """Refuse, before any checking, report targets that cannot be written: several formats
    without a folder, ``--output`` and ``--output-dir`` together, a folder given as the output
    file, a file where a folder (``--output-dir``, ``folders``) is needed, or a report that
    would overwrite one of the ``inputs``. ``dir_option`` is the command's option for a folder
    of reports, offered for a folder given as ``--output`` (a command without one offers none)."""
    targets = [output] if output is not None and str(output) != "-" else []
    if output_dir is not None:
        targets += [output_dir / f"{stem}.{extension(name)}" for name in formats]
    for target in targets:
        if any(_is_input(target, given) for given in inputs):
            raise UsageError(f"{target} is one of the inputs; a report must not overwrite it")
    if len(formats) > 1 and output_dir is None:
        raise UsageError("several formats need --output-dir DIR (one file per format)")
    if output is not None and output_dir is not None:
        raise UsageError("give either --output (one report) or --output-dir (a folder), not both")
    if output is not None and output.is_dir():
        instead = f", or use {dir_option}" if dir_option else ""
        raise UsageError(f"--output {output} is a folder; give a file name{instead}")
    for folder in (output_dir, *folders):
        if folder is not None and folder.exists() and not folder.is_dir():
            raise UsageError(f"{folder} is a file, not a folder")


@contextmanager
def open_output(target: Path | None):
    """A text stream to ``target`` (its folder made), or stdout for None or '-'; a target that
    cannot be opened or written to the end (a full disk, a closed pipe) is a usage error
    (exit 2, as the README has it for reports not written), not a traceback or a verdict."""
    if target is None or str(target) == "-":
        try:
            yield sys.stdout
            sys.stdout.flush()
        except OSError as exc:  # a closed pipe, a full disk behind a redirection
            # what is still buffered would fail again when Python exits: let it go nowhere
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            raise UsageError(f"cannot write the report to stdout: {_why(exc)}") from exc
        return
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        # whole or not at all: a CI step that uploads the report whatever the exit code must
        # not upload half of one
        with atomic_text(target) as fh:
            yield fh
    except OSError as exc:  # cannot open it, a full disk or a quota met while writing
        raise UsageError(f"cannot write {target}: {_why(exc)}") from exc


def _why(exc: OSError) -> str:
    if isinstance(exc, BrokenPipeError):
        return "the program reading it stopped reading"
    return exc.strerror or str(exc)


def write_reports(
    report: Report,
    formats: list[str],
    output: Path | None,
    output_dir: Path | None,
    stem: str = "brandcheck-report",
    password: str | None = None,
) -> list[tuple[str, Path]]:
    """Write each requested format; return (format, file) for each file written (not stdout).

    `password` lets the HTML writer reopen encrypted PDFs for its page previews.
    """
    check_targets(formats, output, output_dir)
    written: list[tuple[str, Path]] = []
    for name in formats:
        target = output_dir / f"{stem}.{extension(name)}" if output_dir is not None else output
        writer = get_writer(name)
        if name == "html":
            from brandcheck.reporters import html  # jinja2 and the previews: only for HTML

            writer = functools.partial(html.write, options=html.HtmlOptions(password=password))
        with open_output(target) as stream:
            writer(report, stream)
        if target is not None and str(target) != "-":
            written.append((name, target))
    return written


_FORMAT_NAMES = {"text": "text", "junit": "JUnit"}
_LISTED = 5  # annotated copies or skipped files named one by one before a count


def _some(names: list[str]) -> str:
    shown = ", ".join(names[:_LISTED])
    return shown + (f" and {len(names) - _LISTED} more" if len(names) > _LISTED else "")


def where_it_went(
    report: Report, written: list[tuple[str, Path]], annotated: list[Annotated]
) -> list[str]:
    """What to tell on stderr after a run that wrote files: where each report and annotated
    copy went, the run's outcome (stdout carries no text report then), and which files got no
    annotated copy and why. Nothing for reports to stdout only, so pipes stay as they were."""
    from brandcheck.pipeline import display_path  # a Latin-1 or newline name as escapes

    lines = [
        f"{_FORMAT_NAMES.get(name, name.upper())} report written to {display_path(path)}"
        for name, path in written
    ]
    copies = [display_path(done.output) for done in annotated if done.output is not None]
    if copies:
        lines.append(f"annotated {'copy' if len(copies) == 1 else 'copies'}: {_some(copies)}")
    pictures = [
        display_path(PurePath(done.source).name)
        for done, file in zip(annotated, report.files, strict=False)
        if done.output is None and not done.problem and file.kind in ("image", "svg")
    ]
    if pictures:
        lines.append(
            f"no annotated copy of {_some(pictures)}: --annotate copies PDFs only (the HTML "
            "report, --format html, marks the findings on each picture)"
        )
    lines += [
        f"no annotated copy of {display_path(done.source)}: {done.skipped}"
        for done in annotated
        if done.problem
    ]
    if written:
        lines.append(words.run_summary(report.summary))
    return [f"brandcheck: {line}" for line in lines]


def _is_input(target: Path, given: Path) -> bool:
    """Whether writing ``target`` would overwrite the input ``given``, or a file the run finds
    under the folder ``given`` (one whose format it recognises)."""
    if same_file(target, given):
        return True
    if not (given.is_dir() and target.is_file()):
        return False
    try:  # by name, not resolved: the walk follows links, so a link in the folder is an input
        Path(os.path.abspath(target)).relative_to(os.path.abspath(given))
        return sniff(target) is not None
    except (ValueError, OSError):
        return False
