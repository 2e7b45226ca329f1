"""`brandcheck scan PATH` (= `scan run PATH`) and `brandcheck scan report` in HTML, CSV and JSON."""

from __future__ import annotations

import contextlib
import csv
import importlib
import io
import json
import os
import re
import signal
import sqlite3
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

import pytest
from as_user import user_prefix
from conftest import run_cli, write_image, write_pdf
from typer.testing import CliRunner

from brandcheck.cli import app


def _invoke(*args: str):
    return CliRunner().invoke(app, list(args))


def _ctrl_c_after_the_first_file(monkeypatch) -> None:
    """The next scan is stopped by Ctrl-C once its first file is checked
    (``monkeypatch.undo()`` lets the scans after it run whole)."""
    scan = importlib.import_module("brandcheck.batch.scan")  # the package exports scan()
    real = scan.iter_outcomes

    def first_then_ctrl_c(*args, **kwargs):
        yield next(iter(real(*args, **kwargs)))
        raise KeyboardInterrupt

    monkeypatch.setattr(scan, "iter_outcomes", first_then_ctrl_c)


def _scan_stopped_after_one_file(archive: Path, tmp_path: Path, monkeypatch):
    """A scan of ``archive`` into ``tmp_path/a.sqlite`` stopped by Ctrl-C after its first
    file: that database and the options for the (whole) scans after it."""
    _ctrl_c_after_the_first_file(monkeypatch)
    db = tmp_path / "a.sqlite"
    run = ("--db", str(db), "--jobs", "0", "--ocr", "off")
    assert _invoke("scan", str(archive), *run).exit_code == 130
    monkeypatch.undo()
    return db, run


def test_scan_path_is_scan_run_and_report_is_a_subcommand(archive: Path, tmp_path: Path):
    hostile = write_pdf(archive / "2020" / "<script>alert(1)</script>.pdf", 1)
    db = tmp_path / "a.sqlite"
    first = _invoke("scan", str(archive), "--db", str(db), "--jobs", "0")
    assert first.exit_code == 3, first.output  # broken.pdf cannot be read
    assert "found 9 files; checked 9 (9 new)" in first.stdout
    again = _invoke("scan", "run", "--db", str(db), str(archive), "--jobs", "0")
    assert again.exit_code == 3 and "checked 0, skipped 9" in again.stdout

    out = _invoke("scan", "report", "--db", str(db), "--format", "json")
    assert out.exit_code == 0, out.output
    data = json.loads(out.stdout)
    assert data["schema"] == "brandcheck.scan-report/2"
    totals = {k: data["totals"][k] for k in ("files", "passed", "failed", "errors", "pages")}
    assert totals == {"files": 9, "passed": 0, "failed": 8, "errors": 1, "pages": 17}
    assert data["totals"]["compliance"] == 0.0  # passed / (passed + failed)
    assert [f["key"] for f in data["folders"]] == ["2019", "2020"]
    worst = data["worst"]  # files with findings; those that could not be checked apart
    assert len(worst) == 8 and all(w["status"] == "fail" for w in worst)
    [unchecked] = data["unchecked"]
    assert unchecked["path"].endswith("broken.pdf") and unchecked["error"]
    assert [w["findings"] for w in worst if w["worst"] == "error"] == sorted(
        (w["findings"] for w in worst if w["worst"] == "error"), reverse=True
    )
    assert {r["rule"] for r in data["rules"]} >= {"BC901", "BC101"}
    # findings are counted one way everywhere; merged occurrences separately
    assert sum(r["findings"] for r in data["rules"]) == data["totals"]["findings"]
    assert all(r["occurrences"] >= r["findings"] for r in data["rules"])

    table = list(
        csv.DictReader(
            io.StringIO(_invoke("scan", "report", "--db", str(db), "--format", "csv").stdout)
        )
    )
    folders = {r["key"]: r for r in table if r["section"] == "folder"}
    assert folders["2019"]["files"] == "4" and folders["2020"]["errors"] == "1"
    [error_row] = [r for r in table if r["section"] == "error"]
    assert error_row["key"].endswith("broken.pdf") and error_row["detail"]

    page = tmp_path / "report.html"
    html = _invoke("scan", "report", "--db", str(db), "--format", "html", "-o", str(page))
    assert html.exit_code == 0, html.output
    text = page.read_text(encoding="utf-8")
    assert text.count("<svg") >= 3 and "Compliance by folder" in text
    assert "Files that could not be checked" in text and "broken.pdf" in text
    assert "<script>" not in text and "&lt;script&gt;alert(1)" in text
    assert str(hostile.name) not in text
    folder = _invoke("scan", "report", "--db", str(db), "--format", "html", "-o", str(tmp_path))
    assert folder.exit_code == 2 and "is a folder" in folder.stderr  # not a traceback
    over = _invoke("scan", "report", "--db", str(db), "--format", "json", "-o", str(db))
    assert over.exit_code == 2 and "one of the inputs" in over.stderr  # the results stay
    assert _invoke("scan", "report", "--db", str(db), "--format", "json").exit_code == 0


def test_scan_report_rejects_unknown_formats_and_missing_databases(tmp_path: Path):
    missing = _invoke("scan", "report", "--db", str(tmp_path / "none.sqlite"))
    assert missing.exit_code == 2 and "no such scan database" in missing.stderr
    folder = _invoke("scan", "report", "--db", str(tmp_path), "--format", "json")
    assert folder.exit_code == 2 and "is a folder: give the database's file name" in folder.stderr
    (tmp_path / "x.sqlite").write_bytes(b"")
    wrong = _invoke("scan", "report", "--db", str(tmp_path / "x.sqlite"), "--format", "pdf")
    assert wrong.exit_code == 2 and "unknown format" in wrong.stderr


def test_an_interrupted_scan_says_how_far_it_got(archive: Path, tmp_path: Path, monkeypatch):
    _ctrl_c_after_the_first_file(monkeypatch)
    db = tmp_path / "a.sqlite"
    result = _invoke("scan", str(archive), "--db", str(db), "--jobs", "0")
    assert result.exit_code == 130, result.output
    assert "found 8 files; checked 1 of 8 to do (8 new)" in result.stdout
    monkeypatch.undo()
    resumed = _invoke("scan", str(archive), "--db", str(db), "--jobs", "0")
    assert "found 8 files; checked 7 (7 new), skipped 1" in resumed.stdout


def test_files_deleted_or_moved_during_a_scan_are_not_recorded_as_unreadable(
    archive: Path, tmp_path: Path, monkeypatch
):
    # a file deleted or renamed between planning and its check (a long scan of a live
    # archive) was stored as an error, "cannot read file: No such file or directory", and the
    # scan exited 3 as if the archive held an unreadable file
    (archive / "2020" / "broken.pdf").unlink()
    scan = importlib.import_module("brandcheck.batch.scan")
    planned = scan.plan_scan

    def plan_then_change_the_archive(*args, **kwargs):
        plan = planned(*args, **kwargs)
        (archive / "2019" / "b.pdf").unlink()
        (archive / "2020" / "c.pdf").rename(archive / "2020" / "c-renamed.pdf")
        return plan

    monkeypatch.setattr(scan, "plan_scan", plan_then_change_the_archive)
    db = tmp_path / "a.sqlite"
    result = _invoke("scan", str(archive), "--db", str(db), "--jobs", "0", "--ocr", "off")
    assert result.exit_code == 1, result.output  # findings; no file failed to read
    assert "found 7 files; checked 5 (7 new)" in result.stdout
    assert "2 gone before their check (not recorded)" in result.stdout
    assert "this run: 0 pass, 5 fail, 0 error; all files found: 5 fail" in result.stdout
    stored = {
        Path(row[0]).name: row[1]
        for row in sqlite3.connect(db).execute("SELECT path, status FROM files")
    }
    assert "b.pdf" not in stored and "c.pdf" not in stored and "error" not in stored.values()
    monkeypatch.undo()
    again = _invoke("scan", str(archive), "--db", str(db), "--jobs", "0", "--ocr", "off")
    assert again.exit_code == 1 and "checked 1 (1 new), skipped 5" in again.stdout


def test_a_folder_that_cannot_be_searched_any_more_is_not_taken_for_gone_files(
    archive: Path, tmp_path: Path
):
    # its files are there, only out of reach (a permission changed during the scan): they
    # must be stored as unreadable (exit 3), not counted "gone before their check"
    prefix = user_prefix()
    closed = archive / "2019"
    code = (
        "import importlib, os\n"
        "s = importlib.import_module('brandcheck.batch.scan')\n"
        "planned = s.plan_scan\n"
        "def plan_then_close(*a, **k):\n"
        "    plan = planned(*a, **k)\n"
        f"    os.chmod({str(closed)!r}, 0o644)\n"  # listable, not searchable
        "    return plan\n"
        "s.plan_scan = plan_then_close\n"
        "from brandcheck.cli import main; main()\n"
    )
    db = tmp_path / "a.sqlite"
    args = ["scan", str(archive), "--db", str(db), "--jobs", "0", "--ocr", "off"]
    try:
        result = subprocess.run(
            [*prefix, sys.executable, "-c", code, *args],
            capture_output=True,
            text=True,
            timeout=120,
        )
    finally:
        closed.chmod(0o755)
    assert result.returncode == 3, result.stderr
    assert "gone before" not in result.stdout, result.stdout
    rows = dict(sqlite3.connect(db).execute("SELECT path, status FROM files").fetchall())
    assert [rows[str(closed / n)] for n in ("a.pdf", "b.pdf")] == ["error", "error"]


def test_a_file_deleted_during_its_recheck_loses_its_old_result(
    archive: Path, tmp_path: Path, monkeypatch
):
    # b.pdf was edited, so this scan was to check it again, and deleted before its check:
    # "gone before their check (not recorded)", but its old result stayed in the store and
    # `scan report` counted a file no longer there, with the result of its old version
    db = tmp_path / "a.sqlite"
    run = ("--db", str(db), "--jobs", "0", "--ocr", "off")
    assert _invoke("scan", str(archive), *run).exit_code == 3
    write_pdf(archive / "2019" / "b.pdf", 4, 9)  # edited
    scan = importlib.import_module("brandcheck.batch.scan")
    planned = scan.plan_scan

    def plan_then_delete(*args, **kwargs):
        plan = planned(*args, **kwargs)
        (archive / "2019" / "b.pdf").unlink()
        return plan

    monkeypatch.setattr(scan, "plan_scan", plan_then_delete)
    result = _invoke("scan", str(archive), *run)
    assert "1 gone before their check (not recorded)" in result.stdout, result.output
    assert "all files found: 1 error, 6 fail" in result.stdout
    report = json.loads(_invoke("scan", "report", "--db", str(db), "-f", "json").stdout)
    assert report["totals"]["files"] == 7  # as the scan said: b.pdf is not there
    assert not [w for w in report["worst"] if w["path"].endswith("b.pdf")]


def test_a_scanned_share_that_goes_away_during_the_scan_is_not_a_clean_run(
    archive: Path, tmp_path: Path, monkeypatch
):
    # the share went away after planning (its mount point left empty): every file to check
    # was counted "gone before their check", the scan exited 0 and was recorded as finished,
    # so a nightly job and `scan report` took the run for a whole one
    scan = importlib.import_module("brandcheck.batch.scan")
    planned = scan.plan_scan
    away = tmp_path / "unmounted"

    def plan_then_unmount(*args, **kwargs):
        plan = planned(*args, **kwargs)
        archive.rename(away)
        archive.mkdir()
        return plan

    monkeypatch.setattr(scan, "plan_scan", plan_then_unmount)
    db = tmp_path / "a.sqlite"
    run = ("--db", str(db), "--jobs", "0", "--ocr", "off")
    result = _invoke("scan", str(archive), *run)
    assert result.exit_code == 3, result.output
    assert "checked 0 of 8 to do" in result.stdout and "gone before" not in result.stdout
    assert "lists no file any more" in result.stderr and "8 files still to check" in result.stderr
    report = _invoke("scan", "report", "--db", str(db), "--format", "json")
    assert json.loads(report.stdout)["unfinished_scan"]
    monkeypatch.undo()
    archive.rmdir()
    away.rename(archive)  # back again: the same scan completes it
    again = _invoke("scan", str(archive), *run)
    assert again.exit_code == 3 and "checked 8 (8 new)" in again.stdout  # broken.pdf


def test_the_report_of_a_scan_stopped_midway_says_it_is_incomplete(
    archive: Path, tmp_path: Path, monkeypatch
):
    # Ctrl-C after one file, then `scan report`: the report showed 1 file as if it were the
    # whole archive, with nothing to say that 7 files had not been checked yet
    _ctrl_c_after_the_first_file(monkeypatch)
    db = tmp_path / "a.sqlite"
    assert _invoke("scan", str(archive), "--db", str(db), "--jobs", "0").exit_code == 130
    html = tmp_path / "a.html"
    for fmt, out in (("json", "-"), ("csv", "-"), ("html", str(html))):
        report = _invoke("scan", "report", "--db", str(db), "--format", fmt, "--output", out)
        assert report.exit_code == 0, report.output
        assert "did not finish" in report.stderr and "run the same scan again" in report.stderr
    assert json.loads(_invoke("scan", "report", "--db", str(db), "-f", "json").stdout)[
        "unfinished_scan"
    ]
    assert "Incomplete: the scan started" in html.read_text(encoding="utf-8")
    monkeypatch.undo()
    assert _invoke("scan", str(archive), "--db", str(db), "--jobs", "0").exit_code == 3
    report = _invoke("scan", "report", "--db", str(db), "--format", "json")
    assert json.loads(report.stdout)["unfinished_scan"] is None
    assert "did not finish" not in report.stderr


def test_a_later_scan_of_another_folder_does_not_make_a_stopped_scan_complete(
    archive: Path, tmp_path: Path, monkeypatch
):
    # the archive's scan stopped after one file, then a scan of 2019 alone finished: the
    # report took that one as the latest and said nothing, though 2020 was never checked
    db, run = _scan_stopped_after_one_file(archive, tmp_path, monkeypatch)
    assert _invoke("scan", str(archive / "2019"), *run).exit_code == 1
    report = _invoke("scan", "report", "--db", str(db), "--format", "json")
    assert json.loads(report.stdout)["unfinished_scan"], report.stdout
    assert "did not finish" in report.stderr
    assert _invoke("scan", str(archive), *run).exit_code == 3  # the same scan again: complete
    report = _invoke("scan", "report", "--db", str(db), "--format", "json")
    assert json.loads(report.stdout)["unfinished_scan"] is None
    assert "did not finish" not in report.stderr


def test_ctrl_c_while_finding_files_says_so(archive: Path, tmp_path: Path, monkeypatch):
    scan = importlib.import_module("brandcheck.batch.scan")

    def ctrl_c(*args, **kwargs):  # while a large archive is listed or touched files hashed
        raise KeyboardInterrupt

    monkeypatch.setattr(scan, "plan_scan", ctrl_c)
    result = _invoke("scan", str(archive), "--db", str(tmp_path / "a.sqlite"), "--jobs", "0")
    assert result.exit_code == 130 and "run the same command again" in result.stderr


def test_ctrl_c_at_any_moment_of_the_start_exits_130_without_a_traceback(
    archive: Path, tmp_path: Path
):
    # a terminal's Ctrl-C reaches the whole process group: the command line still loading,
    # the fork server importing brandcheck, workers being started, files being checked
    for i, delay in enumerate((0.3, 0.7, 1.1, 1.5, 1.9, 2.3, 2.7)):
        db = str(tmp_path / f"{i}.sqlite")
        proc = subprocess.Popen(
            [sys.executable, "-m", "brandcheck", "scan", str(archive), "--jobs", "2", "--db", db],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            start_new_session=True,
            preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
        )
        time.sleep(delay)
        with contextlib.suppress(ProcessLookupError):  # done already
            os.killpg(proc.pid, signal.SIGINT)
        out, err = proc.communicate(timeout=60)
        assert "Traceback" not in err, f"Ctrl-C after {delay} s:\n{err}"
        # -SIGINT: stopped by it before Python took it over, as a shell's own commands are
        stopped = proc.returncode in (130, -signal.SIGINT)
        assert stopped or "checked 8 (8 new)" in out, f"after {delay} s: {proc.returncode}"


def test_a_database_in_a_missing_folder_is_a_usage_error(archive: Path, tmp_path: Path):
    result = _invoke("scan", str(archive), "--db", str(tmp_path / "nowhere" / "a.sqlite"))
    assert result.exit_code == 2 and "does not exist" in result.stderr


def test_scan_takes_logo_files_and_refuses_a_broken_one(archive: Path, tmp_path: Path):
    broken = tmp_path / "broken-logo.png"
    broken.write_bytes(b"not a picture")
    db = tmp_path / "a.sqlite"
    result = _invoke("scan", str(archive), "--db", str(db), "--jobs", "0", "--logo", str(broken))
    assert result.exit_code == 2 and "broken-logo.png" in result.stderr
    assert not db.exists()  # refused before the scan began


def test_scan_report_csv_cells_cannot_run_as_formulas(tmp_path: Path):
    write_pdf(tmp_path / "in" / "=HYPERLINK(1)" / "a.pdf", 1)  # a folder named like a formula
    write_pdf(tmp_path / "in" / "other" / "b.pdf", 1)
    db = tmp_path / "scan.sqlite"
    _invoke("scan", str(tmp_path / "in"), "--db", str(db), "--jobs", "0")
    before = db.read_bytes()
    report = _invoke("scan", "report", "--db", str(db), "--format", "csv")
    assert report.exit_code == 0, report.output
    cells = [c for row in csv.reader(io.StringIO(report.stdout)) for c in row]
    assert "'=HYPERLINK(1)" in cells and not any(c.startswith(("=", "+", "@")) for c in cells)
    assert db.read_bytes() == before  # a report only reads the database


class _FullDisk(sqlite3.Connection):
    """A connection to a disk that fills up after two files' results."""

    rows = 0

    def execute(self, sql: str, *args):  # type: ignore[override]
        if sql.startswith("INSERT INTO files"):
            _FullDisk.rows += 1
            if _FullDisk.rows > 2:
                raise sqlite3.OperationalError("database or disk is full")
        return super().execute(sql, *args)


def test_a_full_disk_stops_the_scan_with_a_message_and_keeps_its_results(
    archive: Path, tmp_path: Path, monkeypatch
):
    real = sqlite3.connect
    monkeypatch.setattr(sqlite3, "connect", lambda *a, **k: real(*a, factory=_FullDisk, **k))
    db = tmp_path / "a.sqlite"
    result = _invoke("scan", str(archive), "--db", str(db), "--jobs", "0")
    assert result.exit_code == 2, result.output  # not 1 ("some files fail")
    assert isinstance(result.exception, SystemExit)  # no traceback
    said = " ".join(result.stderr.split())
    assert f"the results database {db} could not be written (database or disk is full)" in said
    assert "the results so far are kept: free space" in said
    assert "run the same command again to resume" in said
    assert "checked 2 of 8 to do" in result.stdout
    monkeypatch.undo()
    resumed = _invoke("scan", str(archive), "--db", str(db), "--jobs", "0")
    assert "checked 6 (6 new), skipped 2" in resumed.stdout and resumed.exit_code == 3


def test_sigterm_stops_a_scan_as_ctrl_c_does(tmp_path: Path):
    for i in range(40):
        write_pdf(tmp_path / "in" / f"{i:02}.pdf", 1, i)
    db = tmp_path / "a.sqlite"
    args = ["scan", str(tmp_path / "in"), "--db", str(db), "--jobs", "1", "--no-progress"]
    proc = subprocess.Popen(
        [sys.executable, "-m", "brandcheck", *args],
        env={**os.environ, "BRANDCHECK_TEST_DELAY": "*.pdf=0.5"},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline and not (db.exists() and _rows(db)):
            time.sleep(0.2)
        proc.send_signal(signal.SIGTERM)
        out, err = proc.communicate(timeout=60)
    finally:
        proc.kill()
    assert proc.returncode == 130, err
    assert "interrupted: run the same command again to resume" in err
    assert "Traceback" not in err and "checked" in out


def _rows(db: Path) -> int:
    try:
        with contextlib.closing(sqlite3.connect(f"file:{db}?mode=ro", uri=True)) as con:
            return con.execute("SELECT COUNT(*) FROM files").fetchone()[0]
    except sqlite3.Error:
        return 0


def test_the_trend_line_spaces_months_by_the_time_between_them(tmp_path: Path):
    dates = {"a": (2020, 1), "b": (2020, 2), "c": (2024, 1)}  # then nearly four years of nothing
    for name, (year, month) in dates.items():
        pdf = write_pdf(tmp_path / "in" / f"{name}.pdf", 1)
        stamp = datetime(year, month, 15, tzinfo=UTC).timestamp()
        os.utime(pdf, (stamp, stamp))
    db = tmp_path / "a.sqlite"
    _invoke("scan", str(tmp_path / "in"), "--db", str(db), "--jobs", "0", "--select", "BC502")
    page = _invoke("scan", "report", "--db", str(db)).stdout
    xs = [float(x) for x in re.findall(r'<circle class="pass" cx="([0-9.]+)"', page)]
    assert len(xs) == 3 and xs[0] == 0.0
    assert xs[1] == pytest.approx(xs[2] / 48, abs=0.1)  # one month of 48, not halfway


def test_scan_names_the_files_it_did_not_check_as_check_does(archive: Path, tmp_path: Path):
    (archive / "2020" / "notes.docx").write_bytes(b"PK\x03\x04" + bytes(64))
    (archive / "logo.eps").write_bytes(b"%!PS-Adobe-3.0 EPSF-3.0\n%%BoundingBox: 0 0 9 9\n")
    checked = _invoke("check", str(archive), "--format", "json", "-o", str(tmp_path / "r.json"))
    [note] = [line for line in checked.stderr.splitlines() if "not checked" in line]
    assert "logo.eps" in note and "notes.docx" in note
    scanned = _invoke("scan", str(archive), "--db", str(tmp_path / "a.sqlite"), "--jobs", "0")
    assert scanned.exit_code == 3, scanned.output
    assert note in scanned.stderr.splitlines()
    again = _invoke("scan", str(archive), "--db", str(tmp_path / "a.sqlite"), "--jobs", "0")
    assert again.exit_code == 3 and note in again.stderr.splitlines()  # nothing new: still said


def test_a_database_kept_inside_the_scanned_folder_is_not_named_as_a_file_not_checked(
    archive: Path,
):
    # `--db archive/results.sqlite`: the database, its write-ahead log, shared memory and lock
    # file were named on stderr after every scan as files "not checked", and listed by
    # `scan report` among the archive's files the scan skipped
    db = archive / "results.sqlite"
    for _ in range(2):  # the second run finds the -wal and -shm the first one left
        scanned = _invoke("scan", str(archive), "--db", str(db), "--jobs", "0", "--ocr", "off")
        assert scanned.exit_code == 3, scanned.output  # broken.pdf
        assert "results.sqlite" not in scanned.stderr
    report = _invoke("scan", "report", "--db", str(db), "--format", "json")
    assert json.loads(report.stdout)["skipped"] == []


def test_a_database_reached_through_a_link_into_the_scanned_folder_is_not_named_either(
    archive: Path, tmp_path: Path
):
    # `--db ~/results.sqlite`, a link to archive/results.sqlite: SQLite keeps the -wal and
    # -shm beside the file itself and the scan its .lock there too, but only names beside the
    # link were left out, so all four were named as archive files not checked
    db = archive / "results.sqlite"
    link = tmp_path / "home" / "results.sqlite"
    link.parent.mkdir()
    link.symlink_to(db)
    for _ in range(2):
        scanned = _invoke("scan", str(archive), "--db", str(link), "--jobs", "0", "--ocr", "off")
        assert scanned.exit_code == 3, scanned.output  # broken.pdf
        assert "results.sqlite" not in scanned.stderr
    report = _invoke("scan", "report", "--db", str(link), "--format", "json")
    assert json.loads(report.stdout)["skipped"] == []


def test_a_scan_that_finds_nothing_to_check_exits_2_as_check_does(tmp_path):
    # an archive path with no PDF, image or SVG (a mistyped or empty folder) said "found 0
    # files" and exited 0, though `check` exits 2 there and the README says scan does too
    empty = tmp_path / "archive"
    empty.mkdir()
    (empty / "notes.txt").write_text("minutes\n")
    result = _invoke("scan", str(empty), "--db", str(tmp_path / "a.sqlite"))
    assert result.exit_code == 2, result.output
    assert "no PDF, image or SVG to check there" in result.stderr


def _on_a_terminal(*args: str) -> tuple[int, str]:
    """`brandcheck ARGS` in a child process whose stdout and stderr are a terminal (a pty)."""
    import pty

    leader, follower = pty.openpty()
    with subprocess.Popen(
        [sys.executable, "-c", "from brandcheck.cli import main; main()", *args],
        stdin=subprocess.DEVNULL,
        stdout=follower,
        stderr=follower,
    ) as child:
        os.close(follower)
        chunks = []
        with contextlib.suppress(OSError):  # EIO once the child has closed the terminal
            while chunk := os.read(leader, 65536):
                chunks.append(chunk)
        code = child.wait(timeout=60)
    os.close(leader)
    return code, b"".join(chunks).decode("utf-8", "replace")


def test_scan_report_writes_no_html_to_a_terminal_but_to_a_pipe(archive: Path, tmp_path: Path):
    # the default format is HTML: `scan report --db X` alone printed a page of markup
    db = tmp_path / "archive.sqlite"
    assert _invoke("scan", str(archive), "--db", str(db), "--jobs", "0").exit_code == 3
    code, shown = _on_a_terminal("scan", "report", "--db", str(db))
    assert code == 2 and "<html" not in shown.lower(), shown[:500]
    assert "--output archive.html" in " ".join(shown.split())
    code, shown = _on_a_terminal("scan", "report", "--db", str(db), "--format", "json")
    assert code == 0 and '"brandcheck.scan-report/2"' in shown
    code, shown = _on_a_terminal("scan", "report", "--db", str(db), "--output", "-")
    assert code == 0 and "<html" in shown.lower()  # asked for in so many words
    piped = run_cli("scan", "report", "--db", str(db))  # > archive.html
    assert piped.returncode == 0 and piped.stdout.lower().startswith("<!doctype html")


def test_scan_report_lists_the_files_the_scan_did_not_check(archive: Path, tmp_path: Path):
    # stderr named them after each scan, but the report, what people keep, did not
    (archive / "2020" / "notes.docx").write_bytes(b"PK\x03\x04" + bytes(64))
    (archive / "logo.eps").write_bytes(b"%!PS-Adobe-3.0 EPSF-3.0\n%%BoundingBox: 0 0 9 9\n")
    db = tmp_path / "a.sqlite"
    assert _invoke("scan", str(archive), "--db", str(db), "--jobs", "0").exit_code == 3
    names = [str(archive / "2020" / "notes.docx"), str(archive / "logo.eps")]
    data = json.loads(_invoke("scan", "report", "--db", str(db), "--format", "json").stdout)
    assert data["skipped"] == names
    table = list(
        csv.reader(io.StringIO(_invoke("scan", "report", "--db", str(db), "-f", "csv").stdout))
    )
    assert [row[1] for row in table if row[0] == "skipped"] == names
    page = _invoke("scan", "report", "--db", str(db)).stdout
    assert "Files not checked: 2" in page and all(name in page for name in names)
    # gone from the archive, gone from the report; an unchanged archive keeps them listed
    (archive / "logo.eps").unlink()
    assert _invoke("scan", str(archive), "--db", str(db), "--jobs", "0").exit_code == 3
    data = json.loads(_invoke("scan", "report", "--db", str(db), "--format", "json").stdout)
    assert data["skipped"] == names[:1]


def test_a_database_of_schema_1_is_read_and_taken_over_by_a_scan(archive: Path, tmp_path):
    # schema 1 (before the files not checked were recorded): its report says nothing of them
    # rather than "none", and the next scan adds the table and records them
    (archive / "logo.eps").write_bytes(b"%!PS-Adobe-3.0 EPSF-3.0\n%%BoundingBox: 0 0 9 9\n")
    db = tmp_path / "old.sqlite"
    assert _invoke("scan", str(archive), "--db", str(db), "--jobs", "0").exit_code == 3
    with contextlib.closing(sqlite3.connect(db)) as con, con:  # as brandcheck 0.1.0 left it
        con.execute("DROP TABLE skipped")
        con.execute("DROP TABLE unreached")
        con.execute("DROP TABLE mounts")
        con.execute("UPDATE meta SET value='1' WHERE key='schema'")
    old = json.loads(_invoke("scan", "report", "--db", str(db), "--format", "json").stdout)
    assert old["skipped"] is None and old["totals"]["files"] == 8
    again = _invoke("scan", str(archive), "--db", str(db), "--jobs", "0")
    assert again.exit_code == 3 and "checked 0, skipped 8" in again.stdout  # results kept
    new = json.loads(_invoke("scan", "report", "--db", str(db), "--format", "json").stdout)
    assert new["skipped"] == [str(archive / "logo.eps")]
    with contextlib.closing(sqlite3.connect(db)) as con:
        assert con.execute("SELECT value FROM meta WHERE key='schema'").fetchone() == ("4",)


def test_a_later_scan_that_lists_nothing_does_not_make_a_stopped_scan_complete(
    archive: Path, tmp_path: Path, monkeypatch
):
    # the archive's scan stopped after one file; the next night its share did not mount (its
    # results kept, with a warning): that scan was recorded as finished over the archive and
    # the report stopped saying 7 files had never been checked
    db, run = _scan_stopped_after_one_file(archive, tmp_path, monkeypatch)
    away = tmp_path / "unmounted"
    archive.rename(away)
    archive.mkdir()  # the empty mount point
    unmounted = _invoke("scan", str(archive), *run)
    assert unmounted.exit_code == 2 and "results stored under it are kept" in unmounted.stderr
    report = _invoke("scan", "report", "--db", str(db), "--format", "json")
    assert json.loads(report.stdout)["unfinished_scan"], report.stdout
    archive.rmdir()
    away.rename(archive)
    link = tmp_path / "through-a-link"
    link.symlink_to(archive)  # the same folder named another way completes it
    assert _invoke("scan", f"{link}/", *run).exit_code == 3
    report = _invoke("scan", "report", "--db", str(db), "--format", "json")
    assert json.loads(report.stdout)["unfinished_scan"] is None


def test_a_share_mounted_in_the_archive_that_goes_away_during_the_scan_keeps_its_results(
    archive: Path, tmp_path: Path, monkeypatch
):
    # 2020 is a share mounted inside the archive; it went away while its changed files waited
    # for their check: they were counted "gone before their check", their results deleted,
    # and the scan exited 0, recorded as finished
    db = tmp_path / "a.sqlite"
    run = ("--db", str(db), "--jobs", "0", "--ocr", "off")
    assert _invoke("scan", str(archive), *run).exit_code == 3  # broken.pdf
    for name in ("c.pdf", "deep/d.pdf"):
        with (archive / "2020" / name).open("ab") as changed:
            changed.write(b"%edited\n")
    scan = importlib.import_module("brandcheck.batch.scan")
    planned = scan.plan_scan
    share, away = archive / "2020", tmp_path / "unmounted"

    def plan_then_unmount(*args, **kwargs):
        plan = planned(*args, **kwargs)
        share.rename(away)
        share.mkdir()  # its empty mount point
        return plan

    monkeypatch.setattr(scan, "plan_scan", plan_then_unmount)
    result = _invoke("scan", str(archive), *run)
    assert result.exit_code == 3, result.output
    assert "gone before" not in result.stdout and "lists no file any more" in result.stderr
    report = json.loads(_invoke("scan", "report", "--db", str(db), "-f", "json").stdout)
    assert report["totals"]["files"] == 8 and report["unfinished_scan"]


def test_a_report_of_a_database_another_program_holds_says_so(
    archive: Path, tmp_path: Path, monkeypatch
):
    # after waiting for the lock, the report read the database as immutable, as on read-only
    # storage: a database being written, read as it lay on disk, with nothing said
    db = tmp_path / "a.sqlite"
    assert _invoke("scan", str(archive), "--db", str(db), "--jobs", "0").exit_code == 3
    monkeypatch.setattr(
        importlib.import_module("brandcheck.batch.store"), "BUSY_SECONDS", 0.2, raising=False
    )
    holder = sqlite3.connect(db, isolation_level=None)
    try:
        holder.execute("PRAGMA locking_mode=EXCLUSIVE")
        holder.execute("BEGIN EXCLUSIVE")
        holder.execute("DELETE FROM findings")  # not yet committed
        report = _invoke("scan", "report", "--db", str(db), "-f", "json")
    finally:
        holder.close()
    assert report.exit_code == 2, report.output
    assert "another program holds the scan database" in report.stderr
    assert "Traceback" not in report.output and "damaged" not in report.stderr


def test_a_scan_whose_database_another_program_takes_says_so(
    archive: Path, tmp_path: Path, monkeypatch
):
    # the scan was told to free disk space: its database was only held by another program
    db = tmp_path / "a.sqlite"
    run = ("--db", str(db), "--jobs", "0", "--ocr", "off")
    assert _invoke("scan", str(archive / "2019"), *run).exit_code == 1
    monkeypatch.setattr(
        importlib.import_module("brandcheck.batch.store"), "BUSY_SECONDS", 0.2, raising=False
    )
    scan = importlib.import_module("brandcheck.batch.scan")
    planned = scan.plan_scan
    holder = sqlite3.connect(db, isolation_level=None)

    def plan_then_taken(*args, **kwargs):
        plan = planned(*args, **kwargs)
        holder.execute("BEGIN IMMEDIATE")  # its write lock, as a second writer takes it
        return plan

    monkeypatch.setattr(scan, "plan_scan", plan_then_taken)
    try:
        result = _invoke("scan", str(archive), *run)
    finally:
        holder.close()
    assert result.exit_code == 2, result.output
    assert "another program holds the results database" in result.stderr
    assert "free space" not in result.stderr and "Traceback" not in result.output


def test_a_file_deleted_from_a_linked_folder_loses_its_result(archive: Path, tmp_path: Path):
    # its row is keyed by its real place, outside the root scanned: the rescan found it gone
    # but kept its result, and the report counted a file that is no longer there
    other = tmp_path / "other"
    write_pdf(other / "kept.pdf", 1, 8)
    write_pdf(other / "deleted.pdf", 1, 9)
    (archive / "linked").symlink_to(other)
    db = tmp_path / "a.sqlite"
    run = ("--db", str(db), "--jobs", "0", "--ocr", "off")
    assert _invoke("scan", str(archive), *run).exit_code == 3  # broken.pdf
    (other / "deleted.pdf").unlink()
    again = _invoke("scan", str(archive), *run)
    assert "1 no longer there (results removed)" in again.stdout, again.output
    report = json.loads(_invoke("scan", "report", "--db", str(db), "-f", "json").stdout)
    assert report["totals"]["files"] == 9


def test_progress_asked_for_into_a_log_is_written_there_as_lines(tmp_path: Path):
    """`scan --progress 2> scan.log`: a bar draws nothing off a terminal, so the log had no
    files/s, pages/s or ETA at all; it gets plain lines (the last one always), stdout none."""
    archive = tmp_path / "archive"
    for name in ("a.pdf", "b.pdf"):
        write_pdf(archive / name, 2)
    db = str(tmp_path / "s.sqlite")
    result = run_cli("scan", str(archive), "--db", db, "--progress", "--jobs", "0", "--ocr", "off")
    assert result.returncode in (0, 1), result.stderr
    lines = [line for line in result.stderr.splitlines() if "files/s" in line]
    assert lines and "2/2 files" in lines[-1], result.stderr
    assert "pages/s" in lines[-1] and "ETA 0:00:00" in lines[-1], lines
    assert "\x1b[" not in result.stderr  # no cursor codes in a log
    assert "files/s" not in result.stdout
    quiet = run_cli(
        "scan", str(archive), "--db", str(tmp_path / "q.sqlite"), "--jobs", "0", "--ocr", "off"
    )
    assert "files/s" not in quiet.stderr  # without --progress a log stays as it was


def test_scan_says_dpi_gives_a_picture_no_resolution_as_check_does(tmp_path: Path):
    """`check --dpi 300 photo.png` says --dpi sets how PDF and SVG pages are drawn and gives
    a picture no resolution; `scan --dpi 300` of a folder of pictures said nothing, so --dpi
    looked taken for their resolution. A folder of PDFs has nothing to be told."""
    pictures, pdfs = tmp_path / "pictures", tmp_path / "pdfs"
    write_image(pictures / "photo.png", 4)
    write_pdf(pdfs / "a.pdf", 1, 1)
    run = ("--dpi", "300", "--jobs", "0", "--no-progress")
    said = _invoke("scan", str(pictures), "--db", str(tmp_path / "p.sqlite"), *run)
    assert said.exit_code in (0, 1), said.output
    assert "note: --dpi 300 sets the resolution PDF and SVG pages are drawn at" in said.stderr
    quiet = _invoke("scan", str(pdfs), "--db", str(tmp_path / "d.sqlite"), *run)
    assert quiet.exit_code in (0, 1), quiet.output
    assert "--dpi" not in quiet.stderr
