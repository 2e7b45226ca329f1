"""Terminal report: a readable summary per file with rich; colour only on a TTY."""

from __future__ import annotations

import os
from typing import IO

from rich.console import Console
from rich.markup import escape
from rich.table import Table

from brandcheck.name_forms import NameForms
from brandcheck.report import FileReport, Finding, Report
from brandcheck.reporters import words

_STATUS = {
    "pass": "[bold green]PASS[/]",
    "fail": "[bold red]FAIL[/]",
    "error": "[bold magenta]ERROR[/]",
}
_SEVERITY = {"error": "red", "warning": "yellow", "info": "cyan"}


def _where(f: Finding) -> str:
    return words.pages(words.finding_pages(f)) or "file"


def _file_block(
    console: Console, f: FileReport, names: NameForms, target: str, as_table: bool = True
) -> None:
    pages = f"{f.page_count} page{'s' if f.page_count != 1 else ''}, " if f.page_count else ""
    name = escape(names.shown(f.path))
    console.print(f"{_STATUS[f.status]} {name} [dim]({pages}{f.seconds:.2f} s)[/]")
    if f.status == "error":
        console.print(f"  [magenta]{escape(f.error or 'unknown error')}[/]")
    logos = [(p.index, lg) for p in f.pages for lg in p.logos]
    for index, logo in logos[:5]:
        # as measured (24.7 mm), as BC102 gives it: never "25 mm" over "the minimum is 25 mm"
        size = words.logo_width(logo, target)
        what = f"{logo.name or logo.template}, {logo.variant}, {size} wide, score {logo.score:.2f}"
        kind = "forbidden logo" if logo.role == "forbidden" else "logo"
        console.print(f"  [dim]{kind} on page {index + 1}: {escape(what)}[/]")
    if not f.findings or (f.status == "error" and len(f.findings) == 1):
        return
    # severity, rule, where, message: a table's row, or one line for logs and grep
    rows = [
        (
            f"[{_SEVERITY[finding.severity.value]}]{finding.severity.value}[/]",
            f"{finding.rule} {finding.name}",
            _where(finding) + (f" ×{finding.count}" if finding.count > 1 else ""),
            escape(finding.message),
        )
        for finding in f.findings
    ]
    if not as_table:
        for severity, rule, where, message in rows:
            console.print(f"  {severity} {rule} ({where}): {message}")
        return
    table = Table(show_header=True, header_style="bold", box=None, padding=(0, 1), expand=False)
    table.add_column("severity")
    table.add_column("rule")
    table.add_column("where")
    table.add_column("message", overflow="fold")
    for row in rows:
        table.add_row(*row)
    console.print(table)


class _Console(Console):
    """rich's console, except that a closed pipe is an error for the caller to report (rich
    exits 1 by itself, which reads as 'findings' to a CI pipeline)."""

    def on_broken_pipe(self) -> None:
        self.quiet = True
        raise BrokenPipeError(32, "Broken pipe")


def write(report: Report, stream: IO[str]) -> None:
    """A table of findings per file on a terminal (or with COLUMNS set); in files and pipes (CI
    logs) one unwrapped line per finding, so a message is never folded and grep finds it."""
    tty = getattr(stream, "isatty", lambda: False)() or bool(os.environ.get("COLUMNS"))
    console = _Console(file=stream, highlight=False, soft_wrap=not tty, emoji=False)
    names = NameForms(f.path for f in report.files)
    for f in report.files:
        _file_block(console, f, names, report.target, as_table=tty)
    files, outcome = words.run_summary(report.summary).split(": ", 1)
    console.print(
        f"\n[bold]{files}[/]: {outcome}. Profile {escape(report.profile)}, target "
        f"{report.target}, failing on {report.fail_on.value}."
    )
    for note in [*report.notes, *names.legend()]:
        console.print(f"Note: {escape(note)}")
