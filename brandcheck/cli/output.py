"""Where reports go: one format to a file or stdout, or several formats into a folder."""

from __future__ import annotations

import functools
import sys
from contextlib import contextmanager
from pathlib import Path

from brandcheck.errors import UsageError
from brandcheck.report import Report
from brandcheck.reporters import extension, get_writer, html


def parse_formats(value: str) -> list[str]:
    names = [v.strip().lower() for v in value.split(",") if v.strip()]
    for name in names:
        get_writer(name)  # validates
    return names or ["text"]


@contextmanager
def _open(target: Path | None):
    if target is None or str(target) == "-":
        yield sys.stdout
        return
    target.parent.mkdir(parents=True, exist_ok=True)
    with target.open("w", encoding="utf-8", newline="\n") as fh:
        yield fh


def write_reports(
    report: Report,
    formats: list[str],
    output: Path | None,
    output_dir: Path | None,
    stem: str = "brandcheck-report",
    password: str | None = None,
) -> list[Path]:
    """Write each requested format; return the files written.

    `password` lets the HTML writer reopen encrypted PDFs for its page previews.
    """
    if len(formats) > 1 and output_dir is None:
        raise UsageError("several formats need --output-dir DIR (one file per format)")
    written: list[Path] = []
    for name in formats:
        target = output_dir / f"{stem}.{extension(name)}" if output_dir is not None else output
        writer = get_writer(name)
        if name == "html":
            writer = functools.partial(html.write, options=html.HtmlOptions(password=password))
        with _open(target) as stream:
            writer(report, stream)
        if target is not None and str(target) != "-":
            written.append(target)
    return written
