"""Rescans after the archive changed place: moves carry results over, copies keep both, and
folders that could not be listed or roots that came up empty keep their results."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import db_rows, run_cli, write_pdf

from brandcheck.batch import ResultStore, scan
from brandcheck.batch.report import build_report


def _checked_in(db: Path) -> dict[str, int]:
    """Each row's scan id: the scan that checked its file."""
    with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as con:
        return dict(con.execute("SELECT path, scan_id FROM files"))


def test_a_moved_archive_keeps_its_results_and_a_copy_gets_its_own(archive: Path, tmp_path):
    shutil.copy(archive / "2019" / "a.pdf", archive / "2019" / "a_copy.pdf")  # a duplicate
    db = tmp_path / "scan.sqlite"
    first = scan([archive], db, jobs=0)
    assert first.checked == 9
    before = {Path(p).relative_to(archive): s for p, s in _checked_in(db).items()}

    moved = tmp_path / "cluster" / "archive"
    moved.parent.mkdir()
    shutil.move(archive, moved)  # the archive now mounted under another path
    os.link(moved / "2019" / "a.pdf", moved / "2019" / "a_link.pdf")  # and one more link to a
    checked: list[str] = []
    again = scan([moved], db, jobs=0, on_file=lambda o: checked.append(o.source))
    # every file's result came along, each duplicate its own; the extra link was checked
    assert checked == [str(moved / "2019" / "a_link.pdf")] and again.plan.moved == 9
    after = {Path(p).relative_to(moved): s for p, s in _checked_in(db).items()}
    assert {k: v for k, v in after.items() if k.name != "a_link.pdf"} == before
    with ResultStore(db, read_only=True) as store:
        report = build_report(store)
    assert report.totals.files == 10 and report.root == str(moved)
    assert again.current == {"error": 1, "fail": 9}

    # a copy beside the archive, both there: nothing carried over, both keep their rows
    copy = tmp_path / "copy"
    shutil.copytree(moved, copy)
    both = scan([copy], db, jobs=0)
    assert both.plan.moved == 0 and both.checked == 10
    assert len(db_rows(db)) == 20


def _unprivileged(*args: str) -> subprocess.CompletedProcess:
    """`brandcheck ARGS` in a child that folder permissions apply to, also when run as root."""
    cmd = [sys.executable, "-m", "brandcheck", *args]
    if os.geteuid() == 0:
        if shutil.which("setpriv") is None:
            pytest.skip("needs setpriv to drop root's permission override")
        cmd = ["setpriv", "--bounding-set=-dac_override,-dac_read_search", *cmd]
    return subprocess.run(cmd, capture_output=True, text=True, timeout=120)


def test_a_folder_that_cannot_be_listed_keeps_its_rows_and_the_rest_is_cleaned(tmp_path):
    archive = tmp_path / "archive"
    write_pdf(archive / "2019" / "a.pdf", 1, 1)
    write_pdf(archive / "2019" / "b.pdf", 1, 2)
    write_pdf(archive / "locked" / "c.pdf", 1, 3)
    db = tmp_path / "scan.sqlite"
    scan([archive], db, jobs=0)
    (archive / "2019" / "a.pdf").unlink()
    (archive / "locked").chmod(0)
    try:
        result = _unprivileged("scan", str(archive), "--db", str(db), "--jobs", "0")
    finally:
        (archive / "locked").chmod(0o755)
    assert result.returncode == 3, result.stderr  # a folder could not be listed
    assert "locked: cannot list folder" in result.stderr
    assert "1 no longer there (results removed)" in result.stdout
    assert [Path(r[0]).name for r in db_rows(db)] == ["b.pdf", "c.pdf"]


def test_a_root_that_lists_no_file_keeps_its_results_and_says_so(tmp_path):
    share1, share2 = tmp_path / "mnt" / "share1", tmp_path / "mnt" / "share2"
    write_pdf(share1 / "a.pdf", 1, 1)
    write_pdf(share2 / "x" / "b.pdf", 1, 2)
    write_pdf(share2 / "x" / "c.pdf", 1, 3)
    db = tmp_path / "scan.sqlite"
    args = ["scan", str(share1), str(share2), "--db", str(db), "--jobs", "0"]
    assert run_cli(*args).returncode == 1
    shutil.move(share2, tmp_path / "offline")  # the share does not mount: an empty folder
    share2.mkdir()
    result = run_cli(*args)
    assert result.returncode == 2, result.stderr  # nothing scanned there: a nightly job sees it
    said = " ".join(result.stderr.split())
    assert f"{share2}: no PDF, image or SVG to check there" in said
    assert "The 2 results stored under it are kept" in said
    assert "no longer there" not in result.stdout
    assert len(db_rows(db)) == 3
    share2.rmdir()
    shutil.move(tmp_path / "offline", share2)  # mounted again: nothing to check
    assert "checked 0, skipped 3" in run_cli(*args).stdout
    # files really deleted: told so, the results go
    shutil.rmtree(share2 / "x")
    forgotten = run_cli(*args, "--forget-empty")
    assert "2 no longer there (results removed)" in forgotten.stdout
    assert len(db_rows(db)) == 1


def test_an_unmounted_share_keeps_its_results_when_another_root_has_the_same_files(tmp_path):
    # one store for two shares holding the same file: scanning one while the other is not
    # mounted (an empty mount point) must not rename the other's rows to this one's files
    share_a, share_b = tmp_path / "mnt" / "a", tmp_path / "srv" / "b"
    write_pdf(share_a / "logo.pdf", 1, 1)
    db = tmp_path / "scan.sqlite"
    scan([share_a], db, jobs=0)
    shutil.move(share_a, tmp_path / "offline")  # unmounted: its mount point stays, empty
    share_a.mkdir()
    shutil.copytree(tmp_path / "offline", share_b)
    scanned = scan([share_b], db, jobs=0)
    assert scanned.plan.moved == 0 and scanned.checked == 1
    assert set(_checked_in(db)) == {str(share_a / "logo.pdf"), str(share_b / "logo.pdf")}


def test_verify_finds_an_edit_that_kept_the_size_and_the_old_mtime(tmp_path):
    folder = tmp_path / "archive"
    write_pdf(folder / "a.pdf", 1, 1)
    write_pdf(folder / "b.pdf", 1, 2)
    db = tmp_path / "scan.sqlite"
    scan([folder], db, jobs=0)
    target = folder / "a.pdf"
    before = target.stat()
    data = bytearray(target.read_bytes())
    data[len(data) // 2] ^= 0x20  # one byte changed, the size kept
    target.write_bytes(bytes(data))
    os.utime(target, ns=(before.st_atime_ns, before.st_mtime_ns))  # and the old time set back
    assert scan([folder], db, jobs=0).checked == 0  # size and mtime: nothing seen
    checked: list[str] = []
    again = scan([folder], db, jobs=0, verify=True, on_file=lambda o: checked.append(o.source))
    assert checked == [str(target)] and again.plan.reasons["changed"] == 1


def test_a_result_records_the_version_of_the_file_that_was_checked(tmp_path):
    archive = tmp_path / "archive"
    write_pdf(archive / "a.pdf", 1, 1)
    db = tmp_path / "scan.sqlite"

    def rewrite(_plan) -> None:  # a new export lands after planning, before its check
        write_pdf(archive / "a.pdf", 3, 2)

    first = scan([archive], db, jobs=0, on_plan=rewrite)
    assert first.checked == 1 and db_rows(db)[0][2] == 3  # the 3-page version was checked
    with ResultStore(db, read_only=True) as store:
        row = store.stored()[str(archive / "a.pdf")]
    st = (archive / "a.pdf").stat()
    assert (row.size, row.mtime_ns) == (st.st_size, st.st_mtime_ns)
    assert scan([archive], db, jobs=0).checked == 0  # so it is not checked again


def test_planning_says_how_far_it_has_got(tmp_path):
    for i in range(3):
        write_pdf(tmp_path / "in" / f"{i}.pdf", 1, i)
    steps: list[tuple[int, int]] = []
    scan([tmp_path / "in"], tmp_path / "a.sqlite", jobs=0, on_planning=lambda *s: steps.append(s))
    assert steps[0] == (0, 3) and steps[-1] == (3, 3)


def test_files_whose_names_print_alike_keep_their_results_when_moved(tmp_path):
    """Names that are not UTF-8 or hold control characters are stored under their printed
    form and a hash of their bytes; a moved one is found gone all the same and carries its
    result over, and the old row does not stay behind as a second file."""
    old = tmp_path / "archive"
    old.mkdir()
    names = [b"caf\xe9.pdf", b"ny\x1bfil.pdf", b"vanlig.pdf"]
    for i, name in enumerate(names):  # PyMuPDF cannot save to such a name: renamed after
        os.rename(write_pdf(old / f"{i}.pdf", 1, seed=i), os.fsencode(old) + b"/" + name)
    db = tmp_path / "scan.sqlite"
    assert scan([old], db, jobs=0).checked == 3
    new = tmp_path / "moved"
    shutil.move(old, new)
    again = scan([new], db, jobs=0)
    assert again.checked == 0 and again.plan.moved == 3
    assert all(path.startswith(str(new)) for path in _checked_in(db))
    assert len(db_rows(db)) == 3


def test_a_folder_that_cannot_be_listed_keeps_its_files_not_checked(tmp_path):
    # its results were kept, but the list of its files not checked (an EPS, a Word file) was
    # emptied, as if they had been deleted
    archive = tmp_path / "archive"
    write_pdf(archive / "a.pdf", 1, 1)
    write_pdf(archive / "locked" / "c.pdf", 1, 3)
    (archive / "locked" / "brief.docx").write_text("x", encoding="utf-8")
    (archive / "notes.docx").write_text("x", encoding="utf-8")
    db = tmp_path / "scan.sqlite"
    scan([archive], db, jobs=0)
    (archive / "notes.docx").unlink()
    (archive / "locked").chmod(0)
    try:
        result = _unprivileged("scan", str(archive), "--db", str(db), "--jobs", "0")
    finally:
        (archive / "locked").chmod(0o755)
    assert "locked: cannot list folder" in result.stderr
    with ResultStore(db, read_only=True) as store:
        assert store.skipped() == [str(archive / "locked" / "brief.docx")]
