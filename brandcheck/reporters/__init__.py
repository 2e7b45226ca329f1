"""Report writers by format name: a module's `write(report, stream)`, or the function named."""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import IO

from brandcheck.errors import UsageError
from brandcheck.report import Report

Writer = Callable[[Report, IO[str]], None]

# format name -> (module, or module:function when not its `write`; file extension)
FORMATS: dict[str, tuple[str, str]] = {
    "text": ("brandcheck.reporters.text", "txt"),
    "json": ("brandcheck.reporters.json", "json"),
    "html": ("brandcheck.reporters.html", "html"),
    "sarif": ("brandcheck.reporters.sarif", "sarif"),
    "junit": ("brandcheck.reporters.junit", "xml"),
    "csv": ("brandcheck.reporters.csv", "csv"),
    "csv-excel": ("brandcheck.reporters.csv:write_excel", "excel.csv"),
}


def get_writer(name: str) -> Writer:
    """The writer for a format name; a UsageError lists the formats there are."""
    entry = FORMATS.get(name.strip().lower())
    if entry is None:
        raise UsageError(f"unknown format {name!r}; choose from {', '.join(FORMATS)}")
    module, _, function = entry[0].partition(":")
    return getattr(importlib.import_module(module), function or "write")


def extension(name: str) -> str:
    return FORMATS[name.strip().lower()][1]
