"""Fixtures for the report-writer tests: generated inputs, their report and headless Chromium."""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
from report_inputs import make_broken, make_pdf, make_png, run_report

from brandcheck.report import Report

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.fixture(scope="module")
def mixed_inputs(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    """Two PDFs (one with low-resolution images), a PNG and a broken file."""
    root = tmp_path_factory.mktemp("inputs")
    return [
        make_pdf(root / "brochure.pdf", pages=3),
        make_pdf(root / "clean.pdf", pages=1, low_res=False, seed=2),
        make_png(root / "poster.png"),
        make_broken(root / "broken.pdf"),
    ]


@pytest.fixture(scope="module")
def mixed_report(mixed_inputs: list[Path]) -> Report:
    return run_report(mixed_inputs)


@pytest.fixture
def chromium(tmp_path: Path) -> Callable[..., subprocess.CompletedProcess[str]]:
    """Run headless Chromium on a local file with the given extra flags (skips if absent)."""
    if CHROMIUM is None:
        pytest.skip("chromium is not installed (Debian package 'chromium'); browser test skipped")

    def run(page: Path, *flags: str, timeout: float = 90) -> subprocess.CompletedProcess[str]:
        profile = tmp_path / "chromium-profile"
        args = [
            CHROMIUM,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--disable-dev-shm-usage",
            f"--user-data-dir={profile}",
            *flags,
            page.resolve().as_uri(),
        ]
        result = subprocess.run(args, capture_output=True, text=True, timeout=timeout, check=False)
        assert result.returncode == 0, result.stderr[-2000:]
        return result

    return run
