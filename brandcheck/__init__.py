"""brandcheck: brand-asset compliance checks for images and PDFs."""

from __future__ import annotations

import os
import sys

__version__ = "0.1.0"

__all__ = ["__version__"]

# PyMuPDF 1.27+ imports its optional layout analyser (an ONNX model, about 0.6 s) whenever
# pymupdf is imported and the package is installed, which it now always is. brandcheck never
# uses layout analysis, so unless pymupdf is already loaded (or BRANDCHECK_PYMUPDF_LAYOUT=1)
# the import is declined: PyMuPDF treats the package as absent. Every brandcheck process
# (the CLI, each scan worker) starts that much sooner.
if "pymupdf" not in sys.modules and os.environ.get("BRANDCHECK_PYMUPDF_LAYOUT") != "1":
    sys.modules.setdefault("pymupdf.layout", None)  # type: ignore[arg-type]
