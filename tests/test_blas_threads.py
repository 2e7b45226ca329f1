"""numpy's BLAS runs on one thread while pages are checked, and as it was outside a check."""

from __future__ import annotations

import types
from pathlib import Path

import pytest
from threadpoolctl import threadpool_info

from brandcheck import api, pipeline
from brandcheck.blas_threads import one_thread

SAMPLE = Path(__file__).resolve().parents[1] / "samples" / "stad" / "compliant-poster.pdf"


def _blas_threads() -> set[int]:
    return {lib["num_threads"] for lib in threadpool_info() if lib["user_api"] == "blas"}


def test_one_thread_holds_blas_to_one_and_restores_it():
    before = _blas_threads()
    if not before:
        pytest.skip("no BLAS library that threadpoolctl can limit is loaded")
    with one_thread():
        assert _blas_threads() == {1}
    assert _blas_threads() == before


def test_the_checks_run_with_blas_on_one_thread(monkeypatch):
    if not _blas_threads():
        pytest.skip("no BLAS library that threadpoolctl can limit is loaded")
    seen: list[set[int]] = []

    def check_page(page, ctx, out):  # a check of the pipeline's own kind, watching BLAS
        seen.append(_blas_threads())
        return []

    watcher = types.SimpleNamespace(__name__="watcher", check_page=check_page)
    monkeypatch.setattr(pipeline, "CHECKS", [*pipeline.CHECKS, watcher])
    [report] = api.check_paths([SAMPLE], options=pipeline.RunOptions(ocr="off")).files
    assert report.status != "error" and seen == [{1}] * report.page_count
