"""Progress bars on stderr, shown only when stderr is a terminal."""

from __future__ import annotations

import sys
from contextlib import contextmanager

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)


class FileProgress:
    """Counts files (and pages) as results arrive; a no-op off a terminal."""

    def __init__(self, progress: Progress | None) -> None:
        self._progress = progress
        self._task = progress.add_task("checking", total=None) if progress else None
        self.pages = 0

    def start(self, total: int) -> None:
        if self._progress is not None and self._task is not None:
            self._progress.update(self._task, total=total)

    def advance(self, name: str, pages: int = 0) -> None:
        self.pages += pages
        if self._progress is not None and self._task is not None:
            self._progress.update(self._task, advance=1, description=name[-40:])


@contextmanager
def file_progress(enabled: bool | None = None):
    show = sys.stderr.isatty() if enabled is None else enabled
    if not show:
        yield FileProgress(None)
        return
    columns = (
        TextColumn("[progress.description]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        TimeRemainingColumn(),
    )
    with Progress(*columns, console=Console(stderr=True), transient=True) as progress:
        yield FileProgress(progress)
