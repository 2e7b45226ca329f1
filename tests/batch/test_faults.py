"""Faults in a scan: a hanging file, a crashing worker, and a scan killed with SIGKILL.

The worker's test-only fault hooks (`BRANDCHECK_TEST_DELAY`, `BRANDCHECK_TEST_CRASH`) are set
in the environment of a child `brandcheck scan`, so this test process stays clean.
"""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import db_rows, run_cli, write_pdf

from brandcheck.api import ready_context, resolve_profile
from brandcheck.batch import ResultStore, scan
from brandcheck.batch.engine import iter_outcomes
from brandcheck.batch.executors import ProcessExecutor
from brandcheck.batch.report import build_report
from brandcheck.batch.work import CheckSetup
from brandcheck.pipeline import RunOptions


def test_hanging_and_crashing_files_become_errors_and_the_scan_goes_on(tmp_path: Path):
    folder = tmp_path / "in"
    for name in ("ok1.pdf", "hang.pdf", "ok2.pdf", "crash.pdf", "ok3.pdf"):
        write_pdf(folder / name, 1)
    db = tmp_path / "scan.sqlite"
    started = time.monotonic()
    result = run_cli(
        "scan",
        str(folder),
        "--db",
        str(db),
        "--jobs",
        "2",
        "--timeout",
        "12",  # far above a 1-page file's time even on a loaded machine, far below the hang
        env={"BRANDCHECK_TEST_DELAY": "hang.pdf=600", "BRANDCHECK_TEST_CRASH": "crash.pdf"},
    )
    assert time.monotonic() - started < 60  # the hung worker was killed, not waited for
    assert result.returncode == 3, result.stderr
    con = sqlite3.connect(db)
    rows = dict(con.execute("SELECT path, status || ' ' || coalesce(error_rule, '') FROM files"))
    assert rows == {
        str(folder / "ok1.pdf"): "fail ",
        str(folder / "ok2.pdf"): "fail ",
        str(folder / "ok3.pdf"): "fail ",
        str(folder / "hang.pdf"): "error file.timeout",
        str(folder / "crash.pdf"): "error file.crashed",
    }
    rules = dict(
        con.execute(
            "SELECT f.path, g.rule FROM files f JOIN findings g ON g.file_id = f.id"
            " WHERE f.status = 'error'"
        )
    )
    assert rules == {str(folder / "hang.pdf"): "BC906", str(folder / "crash.pdf"): "BC907"}


def _wait_for_rows(db: Path, at_least: int, proc: subprocess.Popen, limit: float = 90) -> int:
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        assert proc.poll() is None, "the scan finished before it could be killed"
        if db.exists():
            try:
                n = len(db_rows(db))
            except sqlite3.OperationalError:
                n = 0
            if n >= at_least:
                return n
        time.sleep(0.05)
    raise AssertionError("the scan recorded too few files in time")


def test_a_scan_killed_with_sigkill_resumes_with_every_file_exactly_once(tmp_path: Path):
    folder = tmp_path / "in"
    names = [f"f{i:02}.pdf" for i in range(16)]
    for i, name in enumerate(names):
        write_pdf(folder / name, 1 + i % 3, i)
    db = tmp_path / "scan.sqlite"
    cmd = [
        sys.executable,
        "-c",
        "from brandcheck.cli import main; main()",
        "scan",
        str(folder),
        "--db",
        str(db),
        "--jobs",
        "2",
    ]
    env = {**os.environ, "BRANDCHECK_TEST_DELAY": "f*.pdf=0.5"}
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        _wait_for_rows(db, 3, proc)
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
    first = db_rows(db)
    assert 3 <= len(first) < len(names)
    rerun = scan([folder], db, jobs=0)  # in this process: the resume logic is the same
    assert rerun.checked == len(names) - len(first) and rerun.plan.skipped == len(first)
    assert rerun.current == {"fail": len(names)}
    rows = db_rows(db)
    assert [Path(r[0]).name for r in rows] == names
    assert rows[: len(first)] == first or set(first) <= set(rows)
    con = sqlite3.connect(db)
    assert (
        con.execute(
            "SELECT COUNT(*) FROM findings GROUP BY file_id, seq HAVING COUNT(*) > 1"
        ).fetchall()
        == []
    )
    per_file = dict(
        con.execute(
            "SELECT f.path, COUNT(g.id) FROM files f JOIN findings g"
            " ON g.file_id = f.id GROUP BY f.id"
        )
    )
    assert per_file == {r[0]: r[3] for r in rows}
    with ResultStore(db) as store:
        assert build_report(store).totals.files == len(names)


def _descendants() -> set[int]:
    """The pids of this process's descendants (the fork server and its workers), from /proc."""
    parents: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            parents[int(entry.name)] = int(stat.rpartition(")")[2].split()[1])
    found, todo = set(), [os.getpid()]
    while todo:
        pid = todo.pop()
        kids = [p for p, parent in parents.items() if parent == pid]
        found.update(kids)
        todo.extend(kids)
    return found


def test_a_worker_grown_past_its_memory_limit_is_replaced_between_files(tmp_path: Path):
    if not Path("/proc/self/statm").exists():
        pytest.skip("resident memory is read from /proc")
    files = [str(write_pdf(tmp_path / f"{i}.pdf", 1, i)) for i in range(5)]
    prof = resolve_profile("stockholm")
    setup = CheckSetup(profile=prof, options=RunOptions())
    ctx = ready_context(prof, setup.options)
    seen: set[int] = set()
    # every worker is past 1 MB resident after its first file: each file gets a fresh worker
    with ProcessExecutor(setup, 1, recycle_mb=1) as executor:
        outcomes = []
        for outcome in iter_outcomes(files, executor, setup, ctx):
            outcomes.append(outcome)
            seen |= _descendants()
    assert sorted(o.source for o in outcomes) == files  # none lost, none crashed
    assert all(o.error_rule is None for o in outcomes)
    assert len(seen) >= 4  # the fork server and at least three workers one after the other


_SLOW_STOPS = """
import sys, time
import pebble.pool.process as pool
real = pool.stop_process
def slow_stop(process):  # a loaded machine: the pool takes a while to stop each worker
    time.sleep(1.5)
    real(process)
pool.stop_process = slow_stop
from brandcheck.cli import main
main()
"""


def test_a_worker_still_starting_when_the_scan_ends_prints_no_traceback(tmp_path: Path):
    """The last file hangs: its worker is stopped and a fresh one starts just as the scan
    ends. The pool removed its locks before stopping its workers, so the fresh worker, still
    reading its start-up data, failed on a lock that was gone and printed a traceback under
    the scan's summary (seen on a loaded machine; a slow stop here opens the same window)."""
    folder = tmp_path / "in"
    write_pdf(folder / "a.pdf", 1)
    write_pdf(folder / "z.pdf", 1)
    db = tmp_path / "scan.sqlite"
    args = ["scan", str(folder), "--db", str(db), "--jobs", "1", "--timeout", "8"]
    result = subprocess.run(
        [sys.executable, "-c", _SLOW_STOPS, *args, "--ocr", "off"],
        env={**os.environ, "BRANDCHECK_TEST_DELAY": "z.pdf=600"},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 3, result.stderr
    assert "Traceback" not in result.stderr, result.stderr
    assert dict((row[0], row[1]) for row in db_rows(db)) == {
        str(folder / "a.pdf"): "fail",
        str(folder / "z.pdf"): "error",
    }
