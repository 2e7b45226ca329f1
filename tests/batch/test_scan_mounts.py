"""A share mounted inside the archive that is not mounted at a scan: its results are kept and
the scan says so, while a folder emptied by deleting its files loses them (real mounts)."""

from __future__ import annotations

import contextlib
import json
import sqlite3
import subprocess
from pathlib import Path

import pytest
from conftest import db_rows, run_cli, write_pdf


@pytest.fixture
def mount(tmp_path: Path):
    """Mount an empty tmpfs at a folder, and unmount it; skipped where mounting is refused."""
    mounted: list[Path] = []

    def on(folder: Path) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        done = subprocess.run(["mount", "-t", "tmpfs", "none", str(folder)], capture_output=True)
        if done.returncode:
            pytest.skip(f"cannot mount a tmpfs here: {done.stderr.decode().strip()}")
        mounted.append(folder)

    def off(folder: Path) -> None:
        subprocess.run(["umount", str(folder)], check=True)
        mounted.remove(folder)

    yield on, off
    for folder in mounted:
        subprocess.run(["umount", str(folder)], check=False)


def _scan(archive: Path, db: Path, *more: str):
    return run_cli("scan", str(archive), "--db", str(db), "--jobs", "0", "--ocr", "off", *more)


def test_a_share_inside_the_archive_that_did_not_mount_keeps_its_results(tmp_path, mount):
    # the share's mount point came up empty at the nightly scan: its 2 results were removed
    # ("2 no longer there") and the scan exited 0, as for files really deleted
    on, off = mount
    archive = tmp_path / "archive"
    write_pdf(archive / "local" / "a.pdf", 1, 1)
    write_pdf(archive / "deleted" / "d.pdf", 1, 1)
    on(archive / "share")
    write_pdf(archive / "share" / "s1.pdf", 1, 1)
    write_pdf(archive / "share" / "s2.pdf", 1, 1)
    db = tmp_path / "scan.sqlite"
    assert _scan(archive, db).returncode in (0, 1)
    off(archive / "share")
    (archive / "deleted" / "d.pdf").unlink()  # a folder emptied by deleting: results go

    unmounted = _scan(archive, db)
    assert unmounted.returncode == 3, unmounted.stderr
    assert f"{archive / 'share'}: a share was mounted here at earlier scans" in " ".join(
        unmounted.stderr.split()
    )
    assert "1 no longer there" in unmounted.stdout
    paths = sorted(Path(r[0]).name for r in db_rows(db))
    assert paths == ["a.pdf", "s1.pdf", "s2.pdf"]
    report = json.loads(run_cli("scan", "report", "--db", str(db), "-f", "json").stdout)
    assert [u["path"] for u in report["unreached"]] == [str(archive / "share")]

    on(archive / "share")  # mounted again, one file deleted meanwhile: as usual
    write_pdf(archive / "share" / "s1.pdf", 1, 1)
    back = _scan(archive, db)
    assert back.returncode in (0, 1), back.stderr
    assert sorted(Path(r[0]).name for r in db_rows(db)) == ["a.pdf", "s1.pdf"]
    assert (
        json.loads(run_cli("scan", "report", "--db", str(db), "-f", "json").stdout)["unreached"]
        == []
    )

    (archive / "share" / "s1.pdf").unlink()  # mounted, and emptied: its files were deleted
    assert _scan(archive, db).returncode in (0, 1)
    assert [Path(r[0]).name for r in db_rows(db)] == ["a.pdf"]


def test_forget_empty_drops_the_results_of_a_share_that_is_gone_for_good(tmp_path, mount):
    on, off = mount
    archive = tmp_path / "archive"
    write_pdf(archive / "local" / "a.pdf", 1, 1)
    on(archive / "share")
    write_pdf(archive / "share" / "s.pdf", 1, 1)
    db = tmp_path / "scan.sqlite"
    assert _scan(archive, db).returncode in (0, 1)
    off(archive / "share")
    assert _scan(archive, db).returncode == 3
    removed = _scan(archive, db, "--forget-empty")
    assert removed.returncode in (0, 1), removed.stderr
    assert [Path(r[0]).name for r in db_rows(db)] == ["a.pdf"]
    assert _scan(archive, db).returncode in (0, 1)  # no longer remembered as a mount point


def test_a_schema_3_database_is_read_and_taken_over_by_a_scan(tmp_path, mount):
    # schema 3 did not record mount points: read as it is, a scan adds the table
    on, _ = mount
    archive = tmp_path / "archive"
    write_pdf(archive / "a.pdf", 1, 1)
    on(archive / "share")
    write_pdf(archive / "share" / "s.pdf", 1, 1)
    db = tmp_path / "old.sqlite"
    assert _scan(archive, db).returncode in (0, 1)
    with contextlib.closing(sqlite3.connect(db)) as con, con:  # as schema 3 left it
        con.execute("DROP TABLE mounts")
        con.execute("UPDATE meta SET value='3' WHERE key='schema'")
    before = db.read_bytes()
    old = json.loads(run_cli("scan", "report", "--db", str(db), "-f", "json").stdout)
    assert old["totals"]["files"] == 2 and db.read_bytes() == before
    assert _scan(archive, db).returncode in (0, 1)
    with contextlib.closing(sqlite3.connect(db)) as con:
        assert con.execute("SELECT value FROM meta WHERE key='schema'").fetchone() == ("4",)
        assert con.execute("SELECT path FROM mounts").fetchall() == [(str(archive / "share"),)]
