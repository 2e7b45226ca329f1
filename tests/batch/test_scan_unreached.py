"""`scan report` names the folders a scan could not list and the files it could not look at."""

from __future__ import annotations

import contextlib
import csv
import io
import json
import os
import sqlite3
from pathlib import Path

from as_user import user_prefix
from conftest import run_cli, write_pdf


def _scan(*paths: Path, db: Path, prefix: list[str] | None = None):
    args = ["scan", *map(str, paths), "--db", str(db), "--jobs", "0", "--ocr", "off"]
    return run_cli(*args, prefix=prefix)


def _report(db: Path, fmt: str) -> str:
    result = run_cli("scan", "report", "--db", str(db), "--format", fmt, "--output", "-")
    assert result.returncode == 0, result.stderr
    return result.stdout


def _unreached_rows(db: Path) -> list[tuple[str, str]]:
    """(path, reason) of the CSV report's `unreached` rows."""
    table = list(csv.reader(io.StringIO(_report(db, "csv"))))
    return [(row[1], row[10]) for row in table if row[0] == "unreached"]


def test_a_folder_that_cannot_be_listed_is_reported_until_a_scan_lists_it(tmp_path: Path):
    # it was named on stderr during the scan only: the archive's report, read later, looked
    # whole while a folder of it had never been checked
    prefix = user_prefix()
    archive = tmp_path / "archive"
    write_pdf(archive / "a.pdf", 1, 1)
    write_pdf(archive / "locked" / "c.pdf", 1, 2)
    (archive / "notes.docx").write_text("x", encoding="utf-8")
    db = tmp_path / "scan.sqlite"
    (archive / "locked").chmod(0)
    try:
        scanned = _scan(archive, db=db, prefix=prefix)
    finally:
        (archive / "locked").chmod(0o755)
    assert scanned.returncode == 3, scanned.stderr
    locked, why = str(archive / "locked"), "cannot list folder: Permission denied"
    data = json.loads(_report(db, "json"))
    assert data["unreached"] == [{"path": locked, "reason": why}]
    assert data["skipped"] == [str(archive / "notes.docx")]  # apart from the files not checked
    assert _unreached_rows(db) == [(locked, why)]
    page = _report(db, "html")
    assert "Not reached: 1" in page and f"<td>{locked}</td><td>{why}</td>" in page
    assert "1 folders or files could not be listed" in page

    # a later scan that lists it (here of that folder alone) checks it and stops naming it
    again = _scan(archive / "locked", db=db)
    assert "checked 1 (1 new)" in again.stdout, again.stderr
    data = json.loads(_report(db, "json"))
    assert data["unreached"] == [] and data["totals"]["files"] == 2
    assert _unreached_rows(db) == [] and "Not reached" not in _report(db, "html")


def test_files_that_cannot_be_looked_at_are_reported_until_they_are_gone(tmp_path: Path):
    # a link named like a document that leads nowhere, and a pipe (never opened): no row
    archive = tmp_path / "archive"
    write_pdf(archive / "a.pdf", 1, 1)
    os.symlink(tmp_path / "elsewhere.pdf", archive / "link.pdf")
    os.mkfifo(archive / "pipe.pdf")
    db = tmp_path / "scan.sqlite"
    assert _scan(archive, db=db).returncode == 3
    rows = dict(_unreached_rows(db))
    assert rows.keys() == {str(archive / "link.pdf"), str(archive / "pipe.pdf")}
    assert rows[str(archive / "link.pdf")].startswith("a link that cannot be followed")
    assert rows[str(archive / "pipe.pdf")].startswith("not a regular file (a pipe)")
    assert json.loads(_report(db, "json"))["skipped"] == []

    (archive / "pipe.pdf").unlink()
    assert _scan(archive, db=db).returncode == 3
    assert [path for path, _ in _unreached_rows(db)] == [str(archive / "link.pdf")]
    (archive / "link.pdf").unlink()
    assert _scan(archive, db=db).returncode == 1  # the one file fails, nothing else is left
    assert json.loads(_report(db, "json"))["unreached"] == []


def test_a_database_of_schema_2_is_read_as_it_is_and_taken_over_by_a_scan(tmp_path: Path):
    # schema 2 did not record what could not be reached: its report says nothing of it
    # rather than "none", and the next scan adds the table and records it
    archive = tmp_path / "archive"
    write_pdf(archive / "a.pdf", 1, 1)
    os.symlink(tmp_path / "elsewhere.pdf", archive / "link.pdf")
    db = tmp_path / "old.sqlite"
    assert _scan(archive, db=db).returncode == 3
    with contextlib.closing(sqlite3.connect(db)) as con, con:  # as brandcheck schema 2 left it
        con.execute("DROP TABLE unreached")
        con.execute("DROP TABLE mounts")
        con.execute("UPDATE meta SET value='2' WHERE key='schema'")
    before = db.read_bytes()
    old = json.loads(_report(db, "json"))
    assert old["unreached"] is None and old["totals"]["files"] == 1
    assert _unreached_rows(db) == [] and "Not reached" not in _report(db, "html")
    assert db.read_bytes() == before  # read where it is, not migrated

    again = _scan(archive, db=db)
    assert again.returncode == 3 and "checked 0, skipped 1" in again.stdout  # results kept
    assert [path for path, _ in _unreached_rows(db)] == [str(archive / "link.pdf")]
    with contextlib.closing(sqlite3.connect(db)) as con:
        assert con.execute("SELECT value FROM meta WHERE key='schema'").fetchone() == ("4",)


def test_a_root_given_through_a_link_that_cannot_be_listed_is_cleared_by_its_next_scan(
    tmp_path: Path,
):
    prefix = user_prefix()
    real = tmp_path / "data" / "archive"
    write_pdf(real / "a.pdf", 1, 1)
    link = tmp_path / "archive"
    link.symlink_to(real)
    db = tmp_path / "scan.sqlite"
    real.chmod(0)
    try:
        assert _scan(link, db=db, prefix=prefix).returncode == 3
    finally:
        real.chmod(0o755)
    assert _unreached_rows(db) == [(str(real), "cannot list folder: Permission denied")]
    assert "checked 1 (1 new)" in _scan(link, db=db).stdout
    assert _unreached_rows(db) == []


def test_the_files_of_a_folder_listed_but_not_searched_are_reported_with_their_reason(
    tmp_path: Path,
):
    prefix = user_prefix()
    archive = tmp_path / "archive"
    write_pdf(archive / "a.pdf", 1, 1)
    write_pdf(archive / "closed" / "b.pdf", 1, 2)
    db = tmp_path / "scan.sqlite"
    (archive / "closed").chmod(0o644)  # its names can be listed, its files not looked at
    try:
        assert _scan(archive, db=db, prefix=prefix).returncode == 3
    finally:
        (archive / "closed").chmod(0o755)
    closed = str(archive / "closed" / "b.pdf")
    assert _unreached_rows(db) == [(closed, "cannot reach it: Permission denied")]
    assert "checked 1 (1 new)" in _scan(archive, db=db).stdout
    assert _unreached_rows(db) == []


def test_a_folder_in_a_linked_folder_is_no_longer_named_once_a_scan_lists_it(tmp_path: Path):
    # its row is keyed by its real place, outside the root scanned: a rescan of the same
    # root that listed it (and checked its file) went on naming it as never reached
    prefix = user_prefix()
    archive, other = tmp_path / "archive", tmp_path / "other"
    write_pdf(archive / "a.pdf", 1, 1)
    write_pdf(other / "locked" / "c.pdf", 1, 2)
    (other / "notes.docx").write_text("x", encoding="utf-8")
    os.symlink(other, archive / "linked")
    db = tmp_path / "scan.sqlite"
    (other / "locked").chmod(0)
    try:
        assert _scan(archive, db=db, prefix=prefix).returncode == 3
    finally:
        (other / "locked").chmod(0o755)
    assert [p for p, _ in _unreached_rows(db)] == [str(other / "locked")]

    (other / "notes.docx").unlink()
    again = _scan(archive, db=db)
    assert "checked 1 (1 new)" in again.stdout, again.stderr
    data = json.loads(_report(db, "json"))
    assert data["unreached"] == [] and data["skipped"] == [] and data["totals"]["files"] == 2
