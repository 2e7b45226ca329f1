"""Fixtures for the robustness suite: the generated hostile set, CLI runs and input hashes."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import corpus
import pytest

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "tests" / "helpers"))

TRACEBACK = "Traceback (most recent call last)"


def shared_corpus() -> Path | None:
    """The real-world corpus: $BRANDCHECK_CORPUS, else ../shared/corpus beside the repo."""
    for candidate in (os.environ.get("BRANDCHECK_CORPUS"), REPO.parent / "shared" / "corpus"):
        if candidate and Path(candidate).is_dir():
            return Path(candidate)
    return None


def hashes(paths: list[Path]) -> dict[Path, str]:
    """SHA-256 of each file (to prove inputs are never modified)."""
    return {p: hashlib.sha256(p.read_bytes()).hexdigest() for p in paths}


@dataclass
class CliRun:
    """A finished `brandcheck` subprocess (stderr already checked for tracebacks)."""

    returncode: int
    stdout: bytes
    stderr: str

    @property
    def report(self) -> dict:
        return json.loads(self.stdout)

    def outcomes(self) -> dict[str, dict]:
        """File path -> its FileReport; asserts each path has exactly one outcome."""
        paths = [f["path"] for f in self.report["files"]]
        assert len(paths) == len(set(paths)), "a file got more than one outcome"
        return {f["path"]: f for f in self.report["files"]}


def run_cli(
    *args: str | os.PathLike[str] | bytes, timeout: float = 240, prefix: list[str] | None = None
) -> CliRun:
    """Run `brandcheck ARGS` in a subprocess (under ``prefix``, such as ``as_user``'s);
    fail on a timeout or a traceback on stderr."""
    cmd = [*(prefix or []), sys.executable, "-c", "from brandcheck.cli import main; main()"]
    cmd += [os.fsdecode(a) for a in args]
    env = dict(os.environ, PYTHONPATH=str(REPO))
    proc = subprocess.run(cmd, capture_output=True, timeout=timeout, env=env)
    stderr = proc.stderr.decode("utf-8", "replace")
    assert TRACEBACK not in stderr, stderr[-3000:]
    return CliRun(proc.returncode, proc.stdout, stderr)


def check_json(
    *paths: str | os.PathLike[str] | bytes,
    extra: tuple[str, ...] = (),
    timeout: float = 240,
    prefix: list[str] | None = None,
) -> CliRun:
    """`brandcheck check PATHS --format json --output -` with OCR off."""
    args = ("check", *paths, "--ocr", "off", "--format", "json", "--output", "-", *extra)
    return run_cli(*args, timeout=timeout, prefix=prefix)


@pytest.fixture(scope="session")
def hostile_set(tmp_path_factory: pytest.TempPathFactory) -> dict[Path, str]:
    """The generated hostile files on disk: {path: expected rule | 'ok' | 'any'}."""
    folder = tmp_path_factory.mktemp("hostile")
    files = corpus.write_hostile_set(folder)
    for path in files:
        path.chmod(0o444)  # read-only, so a tool that writes would fail loudly as well
    return files
