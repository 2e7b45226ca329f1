"""The batch engine's defaults that the command line shows in its options and help.

A module of their own, outside the `batch` package (whose `__init__` loads the scan engine, the
API and every check), so that `brandcheck --help` and `brandcheck check` can read them without
loading the engine. The `batch` modules take them from here.
"""

from __future__ import annotations

DEFAULT_TIMEOUT = 600.0  # seconds per work item
DEFAULT_MEMORY_MB = 4096  # address-space ceiling per local worker
DEFAULT_CHUNK_PAGES = 50  # pages per work item of a large PDF
DEFAULT_SETTLE = 5.0  # seconds a file must be quiet (no size or mtime change) to be taken
SCAN_REPORT_FORMATS = ("html", "csv", "csv-excel", "json")  # `scan report --format`
