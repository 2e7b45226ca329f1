"""brandcheck: brand-asset compliance checks for images and PDFs."""

from __future__ import annotations

import os
import sys

__version__ = "0.1.0"

__all__ = ["__version__"]

# PyMuPDF 1.27+ imports its optional layout analyser (an ONNX model, about 0.6 s) and its
# Markdown converter (0.15 s) whenever pymupdf is imported and they are installed, which they
# now always are. brandcheck uses neither, so unless pymupdf is already loaded (or
# BRANDCHECK_PYMUPDF_LAYOUT=1) those imports are declined: PyMuPDF treats them as absent.
# Every brandcheck process (the CLI, each scan worker) starts that much sooner.
if "pymupdf" not in sys.modules and os.environ.get("BRANDCHECK_PYMUPDF_LAYOUT") != "1":
    for _optional in ("pymupdf.layout", "pymupdf4llm"):
        sys.modules.setdefault(_optional, None)  # type: ignore[arg-type]
