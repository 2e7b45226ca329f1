"""Report writers by format name; each module has one `write(report, stream)`."""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import IO

from brandcheck.errors import UsageError
from brandcheck.report import Report

Writer = Callable[[Report, IO[str]], None]

# format name -> (module, file extension)
FORMATS: dict[str, tuple[str, str]] = {
    "text": ("brandcheck.reporters.text", "txt"),
    "json": ("brandcheck.reporters.json", "json"),
    "html": ("brandcheck.reporters.html", "html"),
    "sarif": ("brandcheck.reporters.sarif", "sarif"),
    "junit": ("brandcheck.reporters.junit", "xml"),
    "csv": ("brandcheck.reporters.csv", "csv"),
}


def get_writer(name: str) -> Writer:
    """The writer for a format name; a UsageError lists the formats there are."""
    entry = FORMATS.get(name.strip().lower())
    if entry is None:
        raise UsageError(f"unknown format {name!r}; choose from {', '.join(FORMATS)}")
    return importlib.import_module(entry[0]).write


def extension(name: str) -> str:
    return FORMATS[name.strip().lower()][1]
