"""The code digest in the stored tool version is the same for the same source, however installed."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from brandcheck.build import CODE_SUFFIXES

REPO = Path(__file__).resolve().parents[1]


def _version(root: Path, cwd: Path) -> str:
    code = "from brandcheck.build import code_version; print(code_version())"
    env = {**os.environ, "PYTHONPATH": str(root), "PYTHONDONTWRITEBYTECODE": "1"}
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=cwd, env=env, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


def test_stray_files_and_windows_line_ends_leave_the_digest_as_it_was(tmp_path):
    # a scan would take such a checkout for other code: its results stale, its Dask workers
    # refused as "another brandcheck"
    ignore = shutil.ignore_patterns("__pycache__")
    for name in ("clean", "stray"):
        shutil.copytree(REPO / "brandcheck", tmp_path / name / "brandcheck", ignore=ignore)
    package = tmp_path / "stray" / "brandcheck"
    (package / "checks" / "logo.py.orig").write_text("# merge leftover\n")
    (package / "checks" / ".logo.py.swp").write_bytes(b"b0VIM 9.0")
    (package / "checks" / "logo.py~").write_text("# editor backup\n")
    (package / ".DS_Store").write_bytes(b"\0\0\0\1Bud1")
    (package / "imaging" / "fast_ncc.cpython-311-x86_64-linux-gnu.so").write_bytes(b"\x7fELF")
    logo = package / "checks" / "logo.py"
    logo.write_bytes(logo.read_bytes().replace(b"\n", b"\r\n"))  # git's autocrlf on Windows
    assert _version(tmp_path / "stray", tmp_path) == _version(tmp_path / "clean", tmp_path)


def test_every_file_the_package_is_made_of_counts_in_the_digest():
    # a new kind of data file in the package would otherwise change results unseen
    try:
        listed = subprocess.run(
            ["git", "ls-files", "brandcheck"], cwd=REPO, capture_output=True, text=True
        )
    except OSError:
        pytest.skip("no git to list the package's files")
    if listed.returncode != 0 or not listed.stdout.strip():
        pytest.skip("not a git checkout")
    kinds = {Path(name).suffix for name in listed.stdout.split()}
    assert kinds <= CODE_SUFFIXES


def test_the_digest_follows_the_package_source_not_its_place(tmp_path):
    ignore = shutil.ignore_patterns("__pycache__")
    for name in ("a", "b"):
        shutil.copytree(REPO / "brandcheck", tmp_path / name / "brandcheck", ignore=ignore)
    a, b = tmp_path / "a", tmp_path / "b"
    assert _version(a, tmp_path) == _version(b, tmp_path) == _version(REPO, tmp_path)
    checks = b / "brandcheck" / "checks" / "logo.py"
    checks.write_text(checks.read_text(encoding="utf-8") + "\n# changed\n", encoding="utf-8")
    assert _version(b, tmp_path) != _version(a, tmp_path)
