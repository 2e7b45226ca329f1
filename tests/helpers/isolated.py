"""Check files one by one in a child process with a per-file time limit (hangs and deaths caught).

Used by the robustness suite and by ``bench/fuzz.py``. The child reads hex-encoded file names
(so non-UTF-8 names survive) on stdin and answers one JSON line per file on stdout; anything it
writes to stderr is kept per file so tests can assert that no traceback leaked.

Modes:
- ``check``: ``brandcheck.pipeline.check_file`` (the product path: errors become outcomes);
- ``raw``: ``open_document`` then every check hook and every page accessor *without* the
  pipeline's safety net, so any exception other than ``InputError`` is reported as a crash;
- ``doc``: as ``raw`` but only the document layer (no checks).
"""

from __future__ import annotations

import json
import os
import select
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


@dataclass
class Outcome:
    """What happened to one file."""

    path: bytes
    status: str
    """pass | fail | error (product outcomes) | exception | hang | died."""
    rules: list[str] = field(default_factory=list)
    error: str | None = None
    seconds: float = 0.0
    max_rss_mb: float = 0.0
    stderr: str = ""
    returncode: int | None = None

    @property
    def name(self) -> str:
        return os.fsdecode(self.path)


class IsolatedChecker:
    """A restartable child process that checks one file at a time under a time limit."""

    def __init__(
        self,
        *,
        mode: str = "check",
        timeout: float = 60.0,
        password: str | None = None,
        memory_limit_mb: int | None = None,
    ) -> None:
        self.mode = mode
        self.timeout = timeout
        self.password = password
        self.memory_limit_mb = memory_limit_mb
        self._proc: subprocess.Popen[bytes] | None = None
        self._err = tempfile.TemporaryFile()  # noqa: SIM115 (open for the checker's life)
        self._err_pos = 0

    def _start(self) -> subprocess.Popen[bytes]:
        if self._proc is None or self._proc.poll() is not None:
            cmd = [sys.executable, __file__, "--worker", self.mode]
            if self.password is not None:
                cmd += ["--password", self.password]
            if self.memory_limit_mb:
                cmd += ["--memory-mb", str(self.memory_limit_mb)]
            env = dict(os.environ, PYTHONPATH=str(REPO), OMP_NUM_THREADS="1")
            self._proc = subprocess.Popen(
                cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=self._err, env=env
            )
        return self._proc

    def _new_stderr(self) -> str:
        self._err.seek(self._err_pos)
        data = self._err.read()
        self._err_pos += len(data)
        return data.decode("utf-8", "replace")

    def kill(self) -> None:
        if self._proc is not None and self._proc.poll() is None:
            self._proc.kill()
            self._proc.wait()
        self._proc = None

    def close(self) -> None:
        if self._proc is not None and self._proc.poll() is None:
            assert self._proc.stdin is not None
            self._proc.stdin.close()
            try:
                self._proc.wait(5)
            except subprocess.TimeoutExpired:
                self.kill()
        self._proc = None
        self._err.close()

    def __enter__(self) -> IsolatedChecker:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def check(self, path: str | bytes | os.PathLike[str]) -> Outcome:
        """Check one file; a hang past the time limit or a dead child is an Outcome too."""
        raw = os.fsencode(path)
        proc = self._start()
        assert proc.stdin is not None and proc.stdout is not None
        started = time.monotonic()
        try:
            proc.stdin.write(raw.hex().encode() + b"\n")
            proc.stdin.flush()
        except BrokenPipeError:
            pass
        ready, _, _ = select.select([proc.stdout], [], [], self.timeout)
        line = proc.stdout.readline() if ready else b""
        seconds = time.monotonic() - started
        if not line:
            hung = not ready
            self.kill() if hung else proc.wait()
            code = None if hung else proc.returncode
            self._proc = None
            return Outcome(
                raw,
                "hang" if hung else "died",
                seconds=seconds,
                stderr=self._new_stderr(),
                returncode=code,
            )
        data = json.loads(line)
        return Outcome(
            raw,
            data["status"],
            rules=data.get("rules", []),
            error=data.get("error"),
            seconds=seconds,
            max_rss_mb=data.get("max_rss_mb", 0.0),
            stderr=self._new_stderr(),
        )


# --- the child side ------------------------------------------------------------------------


def _doc_run(path: Path, password: str | None) -> dict:
    """Only the document layer: open, then every page accessor; InputError is an outcome."""
    return _raw_run(path, password, with_checks=False)


def _raw_run(path: Path, password: str | None, with_checks: bool = True) -> dict:
    """Open and run every hook and accessor; InputError is an outcome, anything else a crash."""
    from brandcheck.api import make_context, resolve_profile
    from brandcheck.checks import CHECKS
    from brandcheck.document import open_document
    from brandcheck.errors import InputError
    from brandcheck.pipeline import RunOptions
    from brandcheck.report import PageReport

    options = RunOptions(password=password, ocr="off")
    ctx = _raw_run.__dict__.setdefault("ctx", make_context(resolve_profile("stockholm"), options))
    checks = CHECKS if with_checks else ()
    rules: list[str] = []
    try:
        with open_document(path, limits=options.limits, password=password) as doc:
            rules += [f.name for f in doc.notes]
            for check in checks:
                if hasattr(check, "check_file"):
                    rules += [f.name for f in check.check_file(doc, ctx)]
            reports = []
            for page in doc.pages():
                out = PageReport(
                    index=page.index, width=page.width, height=page.height, units=page.units
                )
                page.raster()
                page.to_page_bbox((0, 0, 1, 1))
                for accessor in (page.spans, page.fonts, page.drawings, page.images):
                    accessor()
                for check in checks:
                    if hasattr(check, "check_page"):
                        rules += [f.name for f in check.check_page(page, ctx, out)]
                page.release()
                reports.append(out)
            for check in checks:
                if hasattr(check, "finish"):
                    rules += [f.name for f in check.finish(reports, ctx)]
    except InputError as exc:
        return {"status": "error", "rules": [exc.rule], "error": exc.message}
    return {"status": "pass", "rules": rules}


def _check_run(path: Path, password: str | None) -> dict:
    from brandcheck.api import make_context, resolve_profile
    from brandcheck.pipeline import RunOptions, check_file

    options = RunOptions(password=password, ocr="off")
    ctx = _check_run.__dict__.setdefault("ctx", make_context(resolve_profile("stockholm"), options))
    report = check_file(path, ctx, options)
    return {
        "status": report.status,
        "rules": [f.name for f in report.findings],
        "error": report.error,
    }


def _worker(mode: str, password: str | None, memory_mb: int | None) -> None:
    import resource
    import traceback

    if memory_mb:
        limit = memory_mb * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    run = {"raw": _raw_run, "doc": _doc_run}.get(mode, _check_run)
    out = sys.stdout
    for line in sys.stdin:
        path = Path(os.fsdecode(bytes.fromhex(line.strip())))
        try:
            result = run(path, password)
        except Exception as exc:
            result = {
                "status": "exception",
                "error": f"{type(exc).__name__}: {exc}",
                "traceback": traceback.format_exc(),
            }
            sys.stderr.write(result["traceback"])
        result["max_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        out.write(json.dumps(result) + "\n")
        out.flush()


if __name__ == "__main__" and sys.argv[1:2] == ["--worker"]:
    import argparse

    parser = argparse.ArgumentParser()
    parser.add_argument("--worker")
    parser.add_argument("--password")
    parser.add_argument("--memory-mb", type=int)
    args = parser.parse_args()
    _worker(args.worker, args.password, args.memory_mb)
