"""Progress on stderr (files/s, pages/s, ETA) for check and scan: a bar on a terminal, lines
in a log when asked for (``--progress`` with stderr in a file or a pipe)."""

from __future__ import annotations

import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

from rich.console import Console

if TYPE_CHECKING:
    from rich.progress import Progress

_FIXED_COLUMNS = 64  # counts, rates, elapsed time and ETA, with the gaps between columns
LINE_EVERY = 15.0  # seconds between two progress lines in a log; the last one is always written


class RunProgress:
    """Advances per finished file; rates are over the time since the first file was sent."""

    def __init__(
        self,
        progress: Progress | None,
        label: str = "checking",
        name_width: int = 40,
        lines: Callable[[str], None] | None = None,
    ) -> None:
        self._progress = progress
        # off a terminal a bar draws nothing (and redrawn ten times a second it would fill a
        # log with cursor codes): with --progress there, a plain line now and then instead
        self._lines = lines
        self._last_line = float("-inf")
        self._total = 0
        self.label = label
        self.name_width = name_width  # the end of each file name shown, in characters
        self._task = None
        self._planning = None  # the task shown while a scan finds and compares files
        self._started = time.perf_counter()
        self.files = 0
        self.pages = 0

    def planning(self) -> None:
        """A scan is finding files and comparing them with its stored results: say so (an
        archive of many thousand files takes a while before the first check)."""
        if self._progress is not None:
            self._planning = self._progress.add_task("finding files", total=None, rate="")
        if self._lines is not None:
            self._lines("finding files")

    def planned(self, done: int, found: int) -> None:
        """``done`` of the ``found`` files compared with the stored results."""
        if self._progress is not None and self._planning is not None:
            text = f"comparing with stored results: {done:,} of {found:,}"
            self._progress.update(self._planning, completed=done, total=found, rate=text)
        if self._lines is not None and self._line_due(done == found):
            self._lines(f"comparing with stored results: {done:,} of {found:,}")

    def start(self, total: int) -> None:
        self._started = time.perf_counter()
        self._total = total
        self._last_line = float("-inf")
        if self._progress is not None and self._planning is not None:
            self._progress.remove_task(self._planning)
            self._planning = None
        if self._progress is not None:
            self._task = self._progress.add_task(self.label, total=total, rate="")

    def page(self, name: str, done: int, total: int) -> None:
        """Page ``done`` of ``total`` of the file being checked is done: a long PDF shows how
        far it has got (a 100-page report takes seconds), not a bar standing still."""
        if self._progress is None or self._task is None or total < 2:
            return
        from rich.markup import escape  # loaded with the bar

        width = max(8, self.name_width - len(f" page {total}/{total}"))
        shown = f"{escape(name[-width:])} page {done}/{total}"
        self._progress.update(self._task, description=shown)

    def advance(self, name: str, pages: int) -> None:
        self.files += 1
        self.pages += pages
        elapsed = max(1e-6, time.perf_counter() - self._started)
        rate = f"{self.files / elapsed:.1f} files/s {self.pages / elapsed:.1f} pages/s"
        if self._lines is not None and self._line_due(self.files >= self._total):
            left = max(0, self._total - self.files)
            self._lines(
                f"{self.label} {self.files:,}/{self._total:,} files, "
                f"{rate.replace('/s ', '/s, ')}, "
                f"{_clock(elapsed)} elapsed, ETA {_clock(elapsed / self.files * left)}"
            )
        if self._progress is None or self._task is None:
            return
        from rich.markup import escape  # loaded with the bar

        shown = escape(name[-self.name_width :])  # a file named [bold]x.pdf shown as it is
        self._progress.update(self._task, advance=1, description=shown, rate=rate)

    def _line_due(self, last: bool) -> bool:
        """Whether a progress line is written now: the last one, or ``LINE_EVERY`` after one."""
        now = time.perf_counter()
        if last or now - self._last_line >= LINE_EVERY:
            self._last_line = now
            return True
        return False


def _clock(seconds: float) -> str:
    whole = int(seconds)
    return f"{whole // 3600}:{whole // 60 % 60:02d}:{whole % 60:02d}"


def _say(text: str) -> None:
    print(f"brandcheck: {text}", file=sys.stderr, flush=True)


@contextmanager
def run_progress(enabled: bool | None = None, label: str = "checking") -> Iterator[RunProgress]:
    show = sys.stderr.isatty() if enabled is None else enabled
    if not show:
        yield RunProgress(None, label)
        return
    console = Console(stderr=True)
    if not console.is_terminal:  # --progress into a log: lines, not a bar nobody sees
        yield RunProgress(None, label, lines=_say)
        return
    from rich.progress import (  # only for a bar shown: a run into a pipe or a CI log has none
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeElapsedColumn,
        TimeRemainingColumn,
    )

    # the counts, rates and times take about 60 columns: on a narrow terminal (80 columns) the
    # bar and the file name shrink so the ETA still shows
    bar = 40 if console.width >= 140 else 10
    columns = (
        TextColumn("[progress.description]{task.description}"),
        BarColumn(bar_width=bar),
        MofNCompleteColumn(),
        TextColumn("{task.fields[rate]}"),
        TimeElapsedColumn(),
        TextColumn("ETA"),
        TimeRemainingColumn(),
    )
    name_width = max(8, min(40, console.width - bar - _FIXED_COLUMNS))
    with Progress(*columns, console=console, transient=True) as progress:
        yield RunProgress(progress, label, name_width)
