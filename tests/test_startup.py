"""Process start-up: brandcheck declines PyMuPDF's optional layout and Markdown add-ons."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

PROBE = (
    "import brandcheck, pymupdf, sys; "
    "print(any(sys.modules.get(m) is not None for m in ('pymupdf.layout', 'pymupdf4llm')))"
)


def _layout_loaded(env: dict[str, str]) -> str:
    out = subprocess.run(
        [sys.executable, "-c", PROBE], env=env, capture_output=True, text=True, check=True
    )
    return out.stdout.strip()


def test_layout_analyser_is_not_imported_but_pymupdf_works():
    env = {k: v for k, v in os.environ.items() if k != "BRANDCHECK_PYMUPDF_LAYOUT"}
    assert _layout_loaded(env) == "False"
    check = "import brandcheck, pymupdf; d = pymupdf.open(); d.new_page(); print(d.page_count)"
    out = subprocess.run([sys.executable, "-c", check], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "1"


def test_the_opt_out_keeps_pymupdf_as_installed():
    import importlib.util

    if importlib.util.find_spec("pymupdf.layout") is None:
        pytest.skip("this PyMuPDF has no layout analyser to keep")
    assert _layout_loaded({**os.environ, "BRANDCHECK_PYMUPDF_LAYOUT": "1"}) == "True"
