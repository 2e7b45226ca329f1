"""Archive scans, reports and the hot folder with the names an old share holds: å ä ö in NFC
and NFD, bytes that are not UTF-8, newlines, 255-byte names, names like a key's hash."""

from __future__ import annotations

import contextlib
import csv
import fcntl
import io
import json
import os
import re
import shutil
import sqlite3
import unicodedata
from pathlib import Path

from as_user import user_prefix
from conftest import SAMPLES, db_rows, run_cli

POSTER = SAMPLES / "stad" / "compliant-poster.pdf"
SMALL_LOGO = SAMPLES / "stad" / "poster-small-logo.pdf"


def _put(folder: Path, name: bytes | str, sample: Path = POSTER) -> Path:
    """A sample copied under a name given as bytes (not UTF-8 if need be) or text."""
    path = folder / (os.fsdecode(name) if isinstance(name, bytes) else name)
    path.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy(sample, path)
    return path


def _scan(*args: str | Path):
    return run_cli("scan", *map(str, args), "--jobs", "0", "--ocr", "off")


def test_one_folder_spelt_in_nfc_and_nfd_is_one_row_of_the_scan_report(tmp_path: Path):
    # a folder copied from a Mac (NFD) next to the same folder made on Windows (NFC)
    archive = tmp_path / "archive"
    _put(archive / unicodedata.normalize("NFC", "Förvaltning"), "a.pdf")
    _put(archive / unicodedata.normalize("NFD", "Förvaltning"), "b.pdf", SMALL_LOGO)
    _put(archive / "Övrigt", "c.pdf")
    db = tmp_path / "scan.sqlite"
    assert _scan(archive, "--db", db).returncode == 1

    report = run_cli("scan", "report", "--db", str(db), "--format", "json")
    folders = {t["key"]: t for t in json.loads(report.stdout)["folders"]}
    assert sorted(folders) == ["Förvaltning", "Övrigt"]
    assert folders["Förvaltning"]["files"] == 2
    assert (folders["Förvaltning"]["passed"], folders["Förvaltning"]["failed"]) == (1, 1)
    table = run_cli("scan", "report", "--db", str(db), "--format", "csv").stdout
    rows = [r for r in csv.DictReader(io.StringIO(table)) if r["section"] == "folder"]
    assert [(r["key"], r["files"]) for r in rows] == [("Förvaltning", "2"), ("Övrigt", "1")]


def test_two_files_whose_names_differ_only_in_unicode_form_are_told_apart(tmp_path: Path):
    # "å.pdf" typed on Linux (NFC) beside "å.pdf" copied from a Mac (NFD): two files that the
    # terminal, HTML and CSV reports printed alike, so a reader saw one file listed twice
    archive = tmp_path / "archive"
    composed = _put(archive, unicodedata.normalize("NFC", "å.pdf"), SMALL_LOGO)
    decomposed = _put(archive, unicodedata.normalize("NFD", "å.pdf"), SMALL_LOGO)
    plain = _put(archive, "ö-plain.pdf", SMALL_LOGO)  # an NFC name looks as it always did
    shown = {str(composed), f"{decomposed} [NFD]", str(plain)}

    text = run_cli("check", str(archive), "--ocr", "off", "--format", "text").stdout
    for name in shown:
        assert name in " ".join(text.split()), text
    cells = csv.DictReader(io.StringIO(run_cli("check", str(archive), "-f", "csv").stdout))
    assert {r["path"] for r in cells} == shown
    page = run_cli("check", str(archive), "--ocr", "off", "-f", "html", "-o", "-").stdout
    assert f"{decomposed} [NFD]" in page
    exact = json.loads(run_cli("check", str(archive), "--ocr", "off", "-f", "json").stdout)
    assert {f["path"] for f in exact["files"]} == {str(composed), str(decomposed), str(plain)}

    db = tmp_path / "scan.sqlite"
    assert _scan(archive, "--db", db).returncode == 1
    rows = csv.DictReader(
        io.StringIO(run_cli("scan", "report", "--db", str(db), "-f", "csv").stdout)
    )
    assert {r["key"] for r in rows if r["section"] == "file"} == shown
    html = run_cli("scan", "report", "--db", str(db), "-o", "-").stdout
    assert f"{decomposed} [NFD]" in html
    data = json.loads(run_cli("scan", "report", "--db", str(db), "-f", "json").stdout)
    assert {w["path"] for w in data["worst"]} == {str(composed), str(decomposed), str(plain)}


def test_a_mac_copied_archive_prints_its_names_as_they_are(tmp_path: Path):
    # an archive copied from a Mac: every accented name in NFD, none with a twin spelt in NFC.
    # Marking each with [NFD] told a Swedish reader nothing but noise (Å, Ä, Ö in most names)
    archive = tmp_path / unicodedata.normalize("NFD", "Återförsäljare")
    fails = _put(archive, unicodedata.normalize("NFD", "Åhus affisch.pdf"), SMALL_LOGO)
    passes = _put(archive, unicodedata.normalize("NFD", "Öland.pdf"))
    names = {str(fails), str(passes)}

    text = run_cli("check", str(archive), "--ocr", "off", "--format", "text").stdout
    assert "[NFD]" not in text and "[not NFC]" not in text
    for name in names:
        assert name in " ".join(text.split()), text
    cells = csv.DictReader(io.StringIO(run_cli("check", str(archive), "-f", "csv").stdout))
    assert {r["path"] for r in cells} == names
    page = run_cli("check", str(archive), "--ocr", "off", "-f", "html", "-o", "-").stdout
    assert "[NFD]" not in page and str(fails) in page

    db = tmp_path / "scan.sqlite"
    assert _scan(archive, "--db", db).returncode == 1
    table = run_cli("scan", "report", "--db", str(db), "-f", "csv").stdout
    assert "[NFD]" not in table
    assert {r["key"] for r in csv.DictReader(io.StringIO(table)) if r["section"] == "file"} == {
        str(fails)
    }
    html = run_cli("scan", "report", "--db", str(db), "-o", "-").stdout
    assert "[NFD]" not in html and str(fails) in html


def test_twins_in_two_folders_get_headings_that_do_not_look_alike(tmp_path: Path):
    # a/å.pdf (NFC) and b/å.pdf (NFD): no path has a twin, but the HTML headings named both
    # "å.pdf", so the page showed two sections (and landmarks) of the same name
    archive = tmp_path / "archive"
    _put(archive / "a", unicodedata.normalize("NFC", "å.pdf"))
    _put(archive / "b", unicodedata.normalize("NFD", "å.pdf"))
    page = run_cli("check", str(archive), "--ocr", "off", "-f", "html", "-o", "-").stdout
    headings = re.findall(r'<h2 id="file-\d+-h">([^<]*)</h2>', page)
    assert sorted(unicodedata.normalize("NFC", h) for h in headings) == ["a/å.pdf", "b/å.pdf"]
    assert "[NFD]" not in page


def test_a_deleted_file_named_like_a_hashed_key_loses_its_result(tmp_path: Path):
    # an archive's PDF without extension whose name ends as a store key's hash does
    archive = tmp_path / "archive"
    odd = _put(archive, "Faktura [0a1b2c3d]")
    _put(archive, "keep.pdf")
    db = tmp_path / "scan.sqlite"
    assert _scan(archive, "--db", db).returncode == 0
    assert len(db_rows(db)) == 2

    odd.unlink()
    again = _scan(archive, "--db", db)
    assert "1 no longer there" in again.stdout, again.stdout
    assert [r[0] for r in db_rows(db)] == [str(archive / "keep.pdf")]


def test_a_problem_path_is_one_printable_line_on_stderr(tmp_path: Path):
    # a broken link with a Latin-1 byte and a newline in its name: a problem named on stderr
    archive = tmp_path / "archive"
    _put(archive, "ok.pdf")
    os.symlink("/nonexistent", archive / os.fsdecode(b"l\xe5nk\nx.pdf"))
    result = _scan(archive, "--db", tmp_path / "scan.sqlite")
    assert result.returncode == 3, result.stderr
    assert f"{archive}/l\\xe5nk\\nx.pdf: a link that cannot be followed" in result.stderr


def test_watch_names_a_refused_link_on_one_printable_line(tmp_path: Path):
    hot, ok, bad = tmp_path / "hot", tmp_path / "pass", tmp_path / "fail"
    _put(hot, "ok.pdf")
    os.symlink("/nonexistent", hot / os.fsdecode(b"l\xe5nk\nx.pdf"))
    args = ["watch", str(hot), "--pass-dir", str(ok), "--fail-dir", str(bad), "--once"]
    result = run_cli(*args, "--interval", "0.2", "--ocr", "off", "--jobs", "0")
    assert result.returncode == 3, result.stderr
    assert f"{hot}/l\\xe5nk\\nx.pdf: a symbolic link" in result.stderr


def test_watch_takes_a_file_whose_name_is_as_long_as_a_name_can_be(tmp_path: Path):
    # 255 bytes: its hidden copy `.NAME.part` and its report `NAME.brandcheck.json` are longer
    hot, ok, bad = tmp_path / "hot", tmp_path / "pass", tmp_path / "fail"
    name = "ö" * 125 + "x.pdf"
    assert len(os.fsencode(name)) == 255
    _put(hot, name)
    _put(hot, "short.pdf")
    args = ["watch", str(hot), "--pass-dir", str(ok), "--fail-dir", str(bad), "--once"]
    result = run_cli(*args, "--interval", "0.2", "--ocr", "off", "--jobs", "0")
    assert "Traceback" not in result.stderr, result.stderr
    assert result.returncode == 0, result.stderr
    assert (ok / name).read_bytes() == POSTER.read_bytes()
    reports = [p.name for p in ok.iterdir() if p.name.endswith(".brandcheck.json")]
    assert len(reports) == 2 and "short.pdf.brandcheck.json" in reports
    long_report = next(r for r in reports if r != "short.pdf.brandcheck.json")
    assert long_report.startswith("ö" * 100) and len(os.fsencode(long_report)) <= 255
    data = json.loads((ok / long_report).read_text(encoding="utf-8"))
    assert data["files"][0]["path"] == str(hot / name)
    assert not [p for p in ok.iterdir() if p.name.startswith(".")]  # no hidden copy left

    # the same file, now failing, goes to the fail folder; its pass copy and report go
    (hot / name).write_bytes(SMALL_LOGO.read_bytes())
    os.utime(hot / name, (1e9, 1e9))
    again = run_cli(*args, "--interval", "0.2", "--ocr", "off", "--jobs", "0")
    assert again.returncode == 1, again.stderr
    assert (bad / name).is_file() and (bad / long_report).is_file()
    assert sorted(p.name for p in ok.iterdir()) == ["short.pdf", "short.pdf.brandcheck.json"]


def test_scan_report_of_a_database_whose_name_is_not_utf8(tmp_path: Path):
    archive = tmp_path / "archive"
    _put(archive, "a.pdf")
    db = tmp_path / os.fsdecode(b"arkiv-\xe5r.sqlite")
    scanned = _scan(archive, "--db", db)
    assert scanned.returncode == 0, scanned.stderr
    assert "results: " + str(tmp_path) + "/arkiv-\\xe5r.sqlite" in scanned.stdout
    for fmt in ("json", "html", "csv"):
        out = tmp_path / f"report.{fmt}"
        result = run_cli("scan", "report", "--db", str(db), "--format", fmt, "-o", str(out))
        assert result.returncode == 0, result.stderr
    assert json.loads((tmp_path / "report.json").read_text())["database"].endswith(
        "arkiv-\\xe5r.sqlite"
    )
    assert "arkiv-\\xe5r.sqlite" in (tmp_path / "report.html").read_text(encoding="utf-8")


def test_a_database_of_a_newer_schema_is_refused_untouched(tmp_path: Path):
    archive = tmp_path / "archive"
    _put(archive, "a.pdf")
    db = tmp_path / "future.sqlite"
    con = sqlite3.connect(db)
    con.execute("CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
    con.execute("INSERT INTO meta VALUES ('schema', '5')")
    con.execute("CREATE TABLE files (id INTEGER PRIMARY KEY, place BLOB)")  # its own columns
    con.commit()
    con.close()
    before = db.read_bytes()

    result = _scan(archive, "--db", db)
    assert result.returncode == 2, result.stderr
    assert "scan database schema '5' is not supported" in result.stderr
    assert db.read_bytes() == before  # no tables added, not switched to WAL
    report = run_cli("scan", "report", "--db", str(db))
    assert report.returncode == 2 and "schema '5' is not supported" in report.stderr


def test_a_damaged_scan_database_is_called_damaged_not_another_programs(tmp_path: Path):
    # a scan database with a damaged page (a disk fault, a copy taken mid-write) was refused
    # as "not a brandcheck scan database (it has no schema version)": the wrong file, it said
    archive = tmp_path / "archive"
    _put(archive, "a.pdf")
    db = tmp_path / "archive.sqlite"
    assert _scan(archive, "--db", db).returncode == 0  # the poster passes
    con = sqlite3.connect(db)
    page_size = con.execute("PRAGMA page_size").fetchone()[0]
    [meta_page] = con.execute("SELECT rootpage FROM sqlite_master WHERE name='meta'").fetchone()
    con.close()
    data = bytearray(db.read_bytes())
    start = (meta_page - 1) * page_size
    data[start : start + page_size] = b"\xa5" * page_size  # the page of the schema stamp
    db.write_bytes(bytes(data))
    before = db.read_bytes()
    scanned = _scan(archive, "--db", db)
    report = run_cli("scan", "report", "--db", str(db), "--format", "json")
    for result in (scanned, report):
        assert result.returncode == 2, result.stderr
        assert "the scan database is damaged" in result.stderr, result.stderr
        assert "not a brandcheck scan database" not in result.stderr
    assert db.read_bytes() == before  # left as it was


def test_a_scan_database_damaged_in_its_results_is_called_damaged_not_a_traceback(
    tmp_path: Path,
):
    # only a damaged page of the schema stamp was caught: one in the results, the findings or
    # the scans (the larger part of any real database) gave a Python traceback and exit 1
    archive = tmp_path / "archive"
    _put(archive, "a.pdf")
    _put(archive, "b.pdf", SMALL_LOGO)
    good = tmp_path / "archive.sqlite"
    assert _scan(archive, "--db", good).returncode == 1  # b.pdf fails
    with contextlib.closing(sqlite3.connect(good)) as con:
        con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        page_size = con.execute("PRAGMA page_size").fetchone()[0]
        tables = dict(con.execute("SELECT name, rootpage FROM sqlite_master WHERE type='table'"))
    for table in ("files", "findings", "scans"):
        data = bytearray(good.read_bytes())
        start = (tables[table] - 1) * page_size
        data[start : start + page_size] = b"\xa5" * page_size
        db = tmp_path / f"{table}.sqlite"
        db.write_bytes(bytes(data))
        report = run_cli("scan", "report", "--db", str(db), "--format", "json")
        assert report.returncode == 2, (table, report.stderr)
        assert "the scan database is damaged" in report.stderr, report.stderr
        assert "Traceback" not in report.stderr
        if table != "findings":  # a scan that reads no finding of it does not see that damage
            scanned = _scan(archive, "--db", db)
            assert scanned.returncode == 2, (table, scanned.stderr)
            assert "the scan database is damaged" in scanned.stderr, scanned.stderr
            assert "Traceback" not in scanned.stderr


def test_an_empty_file_as_database_is_not_a_scan_database(tmp_path: Path):
    db = tmp_path / "empty.sqlite"
    db.touch()
    report = run_cli("scan", "report", "--db", str(db), "--format", "json")
    assert report.returncode == 2
    assert "not a brandcheck scan database" in report.stderr, report.stderr


def test_a_folder_or_another_file_as_database_is_refused_and_left_as_it_was(tmp_path: Path):
    # a folder given as --db was a traceback (sqlite3's "unable to open database file"); a
    # file that is not a scan database was refused but got a `.lock` file beside it
    archive = tmp_path / "archive"
    _put(archive, "a.pdf")
    (tmp_path / "shelf").mkdir()
    (tmp_path / "notes.txt").write_text("not a database\n")
    for db, words in (("shelf", "is a folder"), ("notes.txt", "not a brandcheck scan database")):
        result = _scan(archive, "--db", tmp_path / db)
        assert result.returncode == 2 and words in result.stderr, result.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["archive", "notes.txt", "shelf"]
    assert (tmp_path / "notes.txt").read_text() == "not a database\n"


def test_a_database_a_stopped_scan_left_half_made_is_finished_not_refused(tmp_path: Path):
    # creating the tables was one commit each, and the schema stamp came last: a scan stopped
    # in between left a database every later scan refused ("it has no schema version")
    archive = tmp_path / "archive"
    _put(archive, "a.pdf")
    db = tmp_path / "half.sqlite"
    with sqlite3.connect(db) as half:
        half.execute("CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
    result = _scan(archive, "--db", db)
    assert result.returncode in (0, 1), result.stderr
    with sqlite3.connect(db) as done:
        assert done.execute("SELECT COUNT(*) FROM files").fetchone() == (1,)


def test_a_second_scan_is_refused_before_it_creates_the_database(tmp_path: Path):
    archive = tmp_path / "archive"
    _put(archive, "a.pdf")
    db = tmp_path / "new.sqlite"
    with open(db.with_name("new.sqlite.lock"), "w") as held:  # the first scan, starting
        fcntl.flock(held, fcntl.LOCK_EX)
        result = _scan(archive, "--db", db)
    assert result.returncode == 2
    assert "another scan is using this database" in result.stderr
    assert not db.exists()  # two scans starting at once cannot both create it


def test_a_database_in_a_folder_that_cannot_be_written_says_so(tmp_path: Path):
    prefix = user_prefix()
    archive = tmp_path / "archive"
    _put(archive, "a.pdf")
    shelf = tmp_path / "shelf"
    shelf.mkdir()
    assert _scan(archive, "--db", shelf / "old.sqlite").returncode == 0
    shelf.chmod(0o555)
    try:
        for name in ("old.sqlite", "new.sqlite"):
            args = ["scan", str(archive), "--db", str(shelf / name), "--jobs", "0"]
            result = run_cli(*args, "--ocr", "off", prefix=prefix)
            assert result.returncode == 2, result.stderr
            assert f"its folder {shelf} cannot be written" in result.stderr, result.stderr
        report = run_cli("scan", "report", "--db", str(shelf / "old.sqlite"), prefix=prefix)
        assert report.returncode == 0, report.stderr  # reports read it where it is
    finally:
        shelf.chmod(0o755)


def test_a_database_named_through_a_link_is_judged_by_the_folder_it_leads_to(tmp_path: Path):
    # the lock is made beside the file a --db link leads to: a link into a folder that does
    # not exist, or cannot be written, was refused as "cannot open the scan's lock file", a
    # file the user never named, not by what is wrong with the folder
    prefix = user_prefix()
    archive = tmp_path / "archive"
    _put(archive, "a.pdf")
    shelf, home = tmp_path / "shelf", tmp_path / "home"
    shelf.mkdir()
    home.mkdir()
    (home / "gone.sqlite").symlink_to(tmp_path / "unmounted" / "archive.sqlite")
    (home / "shelf.sqlite").symlink_to(shelf / "archive.sqlite")
    shelf.chmod(0o555)
    try:
        missing = _scan(archive, "--db", home / "gone.sqlite")
        assert missing.returncode == 2, missing.stderr
        assert f"its folder {tmp_path / 'unmounted'} does not exist" in missing.stderr
        args = ["scan", str(archive), "--db", str(home / "shelf.sqlite"), "--jobs", "0"]
        locked = run_cli(*args, "--ocr", "off", prefix=prefix)
        assert locked.returncode == 2, locked.stderr
        assert f"its folder {shelf} cannot be written" in locked.stderr, locked.stderr
    finally:
        shelf.chmod(0o755)
    assert not list(home.glob("*.lock")) and not (tmp_path / "unmounted").exists()


def test_a_report_through_a_link_on_read_only_storage_does_not_leave_out_the_wal(
    tmp_path: Path,
):
    # SQLite keeps the write-ahead log beside the file a --db link leads to, but the report
    # looked for it beside the link: on storage it cannot write, it read the database as
    # immutable and left out the results still in the log, saying nothing
    prefix = user_prefix()
    archive = tmp_path / "archive"
    _put(archive, "a.pdf")
    db = tmp_path / "archive.sqlite"
    assert _scan(archive, "--db", db).returncode == 0
    shelf, home = tmp_path / "shelf", tmp_path / "home"
    shelf.mkdir()
    home.mkdir()
    with contextlib.closing(sqlite3.connect(db)) as con:
        con.execute("PRAGMA wal_autocheckpoint=0")
        con.execute("DELETE FROM files")  # a result only the write-ahead log holds
        con.commit()
        for name in (db.name, db.name + "-wal"):  # a copy taken as it was, without -shm
            shutil.copy(tmp_path / name, shelf / name)
    (home / "archive.sqlite").symlink_to(shelf / "archive.sqlite")
    shelf.chmod(0o555)
    try:
        report = run_cli(
            "scan", "report", "--db", str(home / "archive.sqlite"), "-f", "json", prefix=prefix
        )
    finally:
        shelf.chmod(0o755)
    if report.returncode == 0:  # read whole, log and all
        assert json.loads(report.stdout)["totals"]["files"] == 0, report.stdout
    else:
        assert report.returncode == 2 and "only a writable copy can read" in report.stderr


def test_the_progress_bar_shows_brackets_in_names_as_they_are(tmp_path: Path):
    archive = tmp_path / "archive"
    _put(archive, "[bold]x.pdf")
    args = ["scan", str(archive), "--db", str(tmp_path / "s.sqlite"), "--progress"]
    result = run_cli(
        *args, "--jobs", "0", "--ocr", "off", env={"FORCE_COLOR": "1", "COLUMNS": "200"}
    )
    assert result.returncode == 0, result.stderr
    assert "[bold]x.pdf" in result.stderr


def test_scan_report_csv_excel_keeps_swedish_letters_and_decimal_commas(tmp_path: Path):
    archive = tmp_path / "archive"
    _put(archive / "Förvaltning", "a.pdf")
    _put(archive / "Förvaltning", "b.pdf", SMALL_LOGO)
    _put(archive / "Övrigt", "c.pdf")
    db = tmp_path / "scan.sqlite"
    assert _scan(archive, "--db", db).returncode == 1
    out = tmp_path / "report.csv"
    args = ["scan", "report", "--db", str(db), "--format", "csv-excel", "-o", str(out)]
    assert run_cli(*args).returncode == 0
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"), newline=""), delimiter=";"))
    assert rows[0][:3] == ["section", "key", "files"]
    folders = {r[1]: r for r in rows if r[0] == "folder"}
    assert folders["Förvaltning"][6] == "50,0" and folders["Övrigt"][6] == "100,0"
    assert next(r for r in rows if r[0] == "total")[6] == "66,7"


def test_another_programs_database_with_an_empty_meta_table_is_left_as_it_was(tmp_path: Path):
    # taken for a half-made scan database (tables named like ours, no row in meta): the scan
    # added its tables to it; one with another meta was refused, but switched to WAL first
    archive = tmp_path / "archive"
    _put(archive, "a.pdf")
    for name, meta in (("one.db", "key TEXT PRIMARY KEY, value TEXT"), ("two.db", "a, b, c")):
        db = tmp_path / name
        with contextlib.closing(sqlite3.connect(db)) as other:
            other.execute(f"CREATE TABLE meta ({meta})")
        result = _scan(archive, "--db", db)
        assert result.returncode == 2 and "not a brandcheck scan database" in result.stderr
        with contextlib.closing(sqlite3.connect(db)) as other:
            tables = "SELECT name FROM sqlite_master WHERE type='table'"
            assert [r[0] for r in other.execute(tables)] == ["meta"]
            assert other.execute("PRAGMA journal_mode").fetchone() == ("delete",)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["archive", "one.db", "two.db"]
