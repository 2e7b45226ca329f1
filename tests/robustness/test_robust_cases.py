"""Cases found by fuzzing (bench/fuzz.py), kept as small generated files under cases/."""

from __future__ import annotations

from pathlib import Path

import pytest
from isolated import IsolatedChecker

CASES = sorted(p for p in (Path(__file__).parent / "cases").glob("*") if p.suffix != ".md")


@pytest.mark.parametrize("path", CASES, ids=[p.name for p in CASES])
def test_fuzz_case_raises_only_input_error(path: Path) -> None:
    with IsolatedChecker(mode="raw", timeout=120) as child:
        out = child.check(path)
    assert out.status in ("pass", "error"), (out.status, out.error, out.stderr[-2000:])
