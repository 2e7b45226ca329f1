"""`brandcheck.batch.scan`: local processes, Dask, page-range splitting, resume and staleness."""

from __future__ import annotations

import contextlib
import importlib
import os
import shutil
import sqlite3
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import REPO, db_rows, write_pdf

from brandcheck.api import check_paths
from brandcheck.batch import ResultStore, scan
from brandcheck.batch.report import build_report


def _findings(report) -> list[tuple]:
    return sorted((f.rule, f.count, tuple(f.pages), f.page) for f in report.findings)


def test_scan_with_local_processes_matches_check_and_splits_long_pdfs(archive: Path, tmp_path):
    db = tmp_path / "scan.sqlite"
    outcomes = {}
    summary = scan(
        [archive], db, jobs=2, chunk_pages=3, on_file=lambda o: outcomes.update({o.source: o})
    )
    assert summary.checked == 8 and summary.plan.skipped == 0
    assert summary.errors == 1 and summary.current == {"error": 1, "fail": 7}
    expected = {f.path: f for f in check_paths([archive]).files}
    rows = db_rows(db)
    assert [r[0] for r in rows] == sorted(str(p) for p in expected)
    for path, status, pages, findings in rows:
        want = expected[path]
        assert (status, pages, findings) == (want.status, want.page_count, len(want.findings))
        assert _findings(outcomes[path].report) == _findings(want)
    # the 7-page file went out as a first look (pages 1-3) and two more ranges
    assert outcomes[str(archive / "2019" / "long.pdf")].report.page_count == 7
    assert summary.pages == sum(f.page_count for f in expected.values())


@contextlib.contextmanager
def _cluster_where_hang_pdf_hangs(monkeypatch, workers: int) -> Iterator[Any]:
    """A client of a Dask LocalCluster whose worker processes hang on files named hang.pdf."""
    distributed = pytest.importorskip("distributed")
    # TEST-ONLY hook, inherited by the cluster's worker processes: hang.pdf sleeps for 10 min
    monkeypatch.setenv("BRANDCHECK_TEST_DELAY", "hang.pdf=600")
    cluster = distributed.LocalCluster(
        processes=True, n_workers=workers, threads_per_worker=1, dashboard_address=None
    )
    try:
        with distributed.Client(cluster) as client:
            monkeypatch.delenv("BRANDCHECK_TEST_DELAY")
            yield client
    finally:
        _close_after_restart(cluster)


def test_scan_on_a_dask_local_cluster_with_a_hanging_file(archive: Path, tmp_path, monkeypatch):
    hung = write_pdf(tmp_path / "extra" / "hang.pdf", 1)
    db = tmp_path / "dask.sqlite"
    with _cluster_where_hang_pdf_hangs(monkeypatch, 2) as client:
        summary = scan([archive, hung], db, scheduler=client, chunk_pages=3, timeout=8)
        assert summary.checked == 9 and summary.current == {"error": 2, "fail": 7}
        # the hung worker was restarted: the cluster still has two workers and they work
        client.wait_for_workers(2, timeout=60)
        assert client.submit(sum, [1, 2], pure=False).result(timeout=60) == 3
    rows = db_rows(db)
    assert rows[-1][:2] == (str(hung), "error")
    local = tmp_path / "serial.sqlite"
    scan([archive], local, jobs=0, chunk_pages=3)
    assert rows[:-1] == db_rows(local)


def test_a_dask_worker_restarted_after_a_time_out_does_not_end_the_scan(
    archive: Path, tmp_path, monkeypatch
):
    # one worker: the task after the hanging file runs on the restarted worker, which has none
    # of what the client sent before the restart
    hung = write_pdf(tmp_path / "extra" / "hang.pdf", 1)
    db = tmp_path / "dask.sqlite"
    with _cluster_where_hang_pdf_hangs(monkeypatch, 1) as client:
        summary = scan([hung, archive], db, scheduler=client, chunk_pages=3, timeout=8)
    assert summary.checked == 9 and summary.current == {"error": 2, "fail": 7}
    assert not summary.interrupted and len(db_rows(db)) == 9


def test_a_scheduler_without_workers_or_not_a_scheduler_is_a_usage_error(tmp_path, archive):
    distributed = pytest.importorskip("distributed")
    from brandcheck.batch import executors
    from brandcheck.errors import UsageError

    monkeypatch = pytest.MonkeyPatch()
    monkeypatch.setattr(executors, "WORKER_WAIT", 2.0)
    # the cluster first: after a client that could not connect, distributed's next event-loop
    # thread sometimes missed its 10 s start in the full suite (fresh-clone CI, session 16)
    cluster = distributed.LocalCluster(n_workers=0, dashboard_address=None)
    try:
        with pytest.raises(UsageError, match="has no workers"):
            scan([archive], tmp_path / "b.sqlite", scheduler=cluster.scheduler_address)
    finally:
        cluster.close()
        monkeypatch.undo()
    with pytest.raises(UsageError, match="cannot reach the Dask scheduler"):
        scan([archive], tmp_path / "a.sqlite", scheduler="not an address")
    # neither counts as a scan of the database
    with sqlite3.connect(tmp_path / "b.sqlite") as db:
        assert db.execute("SELECT COUNT(*) FROM scans").fetchone() == (0,)


def test_losing_the_dask_scheduler_stops_the_scan_and_keeps_its_results(tmp_path):
    distributed = pytest.importorskip("distributed")
    folder = tmp_path / "in"
    for i in range(10):
        write_pdf(folder / f"f{i}.pdf", 2, i)
    db = tmp_path / "lost.sqlite"
    cluster = distributed.LocalCluster(
        processes=True, n_workers=1, threads_per_worker=1, dashboard_address=None
    )
    done: list[str] = []

    def on_file(outcome) -> None:
        done.append(outcome.source)
        if len(done) == 2:  # the scheduler goes away mid-scan
            threading.Thread(target=cluster.close).start()

    client = distributed.Client(cluster.scheduler_address, timeout=3)
    try:
        summary = scan([folder], db, scheduler=client, timeout=60, on_file=on_file)
    finally:
        client.close()
    assert summary.interrupted and "lost the Dask scheduler" in (summary.stopped or "")
    rows = db_rows(db)
    assert sorted(r[0] for r in rows) == sorted(done)  # what finished is saved ...
    assert all(status == "fail" for _, status, _, _ in rows)  # ... and nothing the loss cut off
    rerun = scan([folder], db, jobs=0)
    assert rerun.plan.skipped == len(done) and rerun.checked == 10 - len(done)
    assert rerun.current == {"fail": 10}


def _close_after_restart(cluster) -> None:
    """Close a LocalCluster whose worker was restarted.

    dask/distributed#5407: closing can then raise KeyError from the cluster's worker-status
    watcher for a worker it never heard of. SpecCluster._close awaits that watcher last, after
    it has closed the workers and the scheduler; check that they are, and stop the event-loop
    thread that close() did not reach. Any other error still fails the test.
    """
    try:
        cluster.close()
    except KeyError:
        assert cluster.scheduler.status.name in {"closed", "failed"}
        cluster._loop_runner.stop()


def test_rerun_skips_finished_files_and_checks_new_and_changed(archive: Path, tmp_path):
    db = tmp_path / "scan.sqlite"
    scan([archive], db, jobs=0)
    # touched without a content change: skipped by hash; rewritten: checked again; plus a new file
    touched = archive / "2019" / "a.pdf"
    os.utime(touched, ns=(touched.stat().st_atime_ns, touched.stat().st_mtime_ns + 10**9))
    write_pdf(archive / "2019" / "b.pdf", 4, 99)
    write_pdf(archive / "2021" / "new.pdf", 1, 100)
    checked = []
    summary = scan([archive], db, jobs=0, on_file=lambda o: checked.append(o.source))
    assert sorted(checked) == sorted(
        [str(archive / "2019" / "b.pdf"), str(archive / "2021" / "new.pdf")]
    )
    assert summary.plan.reasons == {"new": 1, "changed": 1, "stale": 0, "retry": 0}
    assert summary.plan.skipped == 7
    rows = {r[0]: r for r in db_rows(db)}
    assert len(rows) == 9 and rows[str(archive / "2019" / "b.pdf")][2] == 4
    # errors are kept unless asked to retry them
    again = scan([archive], db, jobs=0, retry_errors=True)
    assert again.checked == 1 and again.plan.reasons["retry"] == 1


def test_changed_profile_marks_results_stale(archive: Path, tmp_path):
    db = tmp_path / "scan.sqlite"
    scan([archive], db, jobs=0)
    profile = tmp_path / "profile"
    shutil.copytree(REPO / "reference_assets" / "stockholm", profile)
    toml = profile / "profile.toml"
    toml.write_text(toml.read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")
    with ResultStore(db) as store:
        before = store.stored()
    summary = scan([archive], db, profile=profile, jobs=0)
    assert summary.plan.reasons["stale"] == 8 and summary.checked == 8
    with ResultStore(db) as store:
        after = store.stored()
        assert store.count("files") == 8
        assert build_report(store).stale == 0
    assert all(after[p].profile_digest != before[p].profile_digest for p in before)
    # going back to the shipped profile makes the edited profile's results stale in reports
    scan([archive / "2019"], db, jobs=0)
    with ResultStore(db) as store:
        assert build_report(store).stale == 4  # the four 2020 files were not rescanned


def test_results_of_other_brandcheck_code_are_stale(archive: Path, tmp_path, monkeypatch):
    # a checkout between releases keeps version 0.1.0 while what it finds changes: its
    # results must not be kept as current by the next build's scan
    import brandcheck.build

    db = tmp_path / "scan.sqlite"
    scan([archive], db, jobs=0)
    monkeypatch.setattr(brandcheck.build, "code_digest", lambda: "0" * 12)
    summary = scan([archive], db, jobs=0)
    assert summary.plan.reasons["stale"] == 8 and summary.checked == 8
    with ResultStore(db) as store:
        assert {s.tool_version for s in store.stored().values()} == {"0.1.0+000000000000"}
    monkeypatch.setattr(brandcheck.build, "code_digest", lambda: "1" * 12)
    scan([archive / "2019"], db, jobs=0)  # the 2020 files keep the other build's results
    with ResultStore(db) as store:
        report = build_report(store)
    assert report.stale == 4 and report.scanned_with == "0.1.0+111111111111"
    assert report.tool == "brandcheck 0.1.0+111111111111"


def test_a_pdf_replaced_between_its_page_ranges_gets_no_verdict(tmp_path, monkeypatch):
    # each page range reopens the file: ranges that saw different versions are an error, not a
    # report stitched from both (a change during one range is caught by that range itself)
    folder = tmp_path / "in"
    pdf = write_pdf(folder / "long.pdf", 4, 1)
    executors = importlib.import_module("brandcheck.batch.executors")
    real = executors.run_item
    done = []

    def then_replace(item, setup):
        result = real(item, setup)
        done.append(result)
        if len(done) == 1:  # between the first range and the next: another export replaces it
            write_pdf(tmp_path / "other.pdf", 4, 2)
            os.replace(tmp_path / "other.pdf", pdf)
        return result

    monkeypatch.setattr(executors, "run_item", then_replace)
    summary = scan([folder], tmp_path / "a.sqlite", jobs=0, timeout=None, chunk_pages=1)
    assert len(done) == 4 and not any(r.failed for r in done)  # each range alone was fine
    assert summary.errors == 1
    [(_path, status, _pages, _findings)] = db_rows(tmp_path / "a.sqlite")
    assert status == "error"
    with ResultStore(tmp_path / "a.sqlite") as store:
        [row] = store.rows("SELECT error FROM files")
    assert "changed while it was being checked" in row["error"]


def test_files_whose_names_print_alike_keep_a_row_each(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    names = [os.fsdecode(b"h\xe4st.pdf"), os.fsdecode(b"h\xf6st.pdf")]  # Latin-1: not UTF-8
    try:
        for seed, name in enumerate(names):
            os.replace(write_pdf(tmp_path / f"{seed}.pdf", 1, seed), folder / name)
    except (OSError, UnicodeEncodeError):
        pytest.skip("this file system takes UTF-8 names only")
    db = tmp_path / "a.sqlite"
    first = scan([folder], db, jobs=0, timeout=None)
    rows = db_rows(db)
    assert first.checked == 2 and len(rows) == 2  # both print as "h\ufffdst.pdf"
    assert len({path for path, *_ in rows}) == 2
    again = scan([folder], db, jobs=0, timeout=None)
    assert again.checked == 0 and again.plan.skipped == 2
    # a database from before these keys holds one row for both, under the printed name
    with sqlite3.connect(db) as con:
        con.execute("DELETE FROM files WHERE id > (SELECT MIN(id) FROM files)")
        con.execute("UPDATE files SET path = ?", (str(folder / "h\ufffdst.pdf"),))
    upgraded = scan([folder], db, jobs=0, timeout=None)
    # the shared row goes to the file whose content it holds (by hash); the other is checked
    assert upgraded.checked == 1 and upgraded.plan.moved == 1 and len(db_rows(db)) == 2


def test_page_ranges_on_hosts_that_number_devices_differently_agree(tmp_path, monkeypatch):
    # a network file system gives one file another device (and maybe inode) number on each
    # host of a cluster: an unchanged file's ranges must still make one report
    folder = tmp_path / "in"
    write_pdf(folder / "long.pdf", 3, 1)
    work = importlib.import_module("brandcheck.batch.work")
    real = work.file_identity
    hosts = iter(range(1, 100))

    def per_host(path):
        dev, ino, size, mtime = real(path)
        host = (next(hosts) - 1) // 2  # the two looks of one range run on one host
        return dev + 1000 * host, ino + host, size, mtime

    monkeypatch.setattr(work, "file_identity", per_host)
    summary = scan([folder], tmp_path / "a.sqlite", jobs=0, timeout=None, chunk_pages=1)
    assert summary.errors == 0 and summary.checked == 1


def test_a_name_that_spells_another_files_printed_name_keeps_its_row(tmp_path):
    # "a\x7f.pdf" prints as the literal name "a\\x7f.pdf", which is also a file here: that
    # file's row is its own, not an older database's shared one
    folder = tmp_path / "in"
    write_pdf(folder / "a\x7f.pdf", 1, 1)
    write_pdf(folder / "a\\x7f.pdf", 1, 2)
    db = tmp_path / "a.sqlite"
    assert scan([folder], db, jobs=0, timeout=None).checked == 2
    again = scan([folder], db, jobs=0, timeout=None)
    assert again.checked == 0 and again.plan.skipped == 2 and len(db_rows(db)) == 2


def test_a_file_dated_after_2262_is_scanned_and_the_scan_goes_on(tmp_path):
    folder = tmp_path / "in"
    for name in ("a", "b", "c"):
        write_pdf(folder / f"{name}.pdf", 1)
    future = folder / "b.pdf"
    os.utime(future, ns=(future.stat().st_atime_ns, 10_413_792_000 * 10**9))  # 2300-01-01
    db = tmp_path / "scan.sqlite"
    summary = scan([folder], db, jobs=0)
    assert summary.checked == 3 and len(db_rows(db)) == 3
    assert scan([folder], db, jobs=0).plan.skipped == 3  # and it stays current


def test_a_fifo_named_on_the_command_line_is_a_problem_not_a_hang(tmp_path):
    fifo = tmp_path / "pipe.pdf"
    os.mkfifo(fifo)
    ok = write_pdf(tmp_path / "ok.pdf", 1)
    result = {}
    runner = threading.Thread(
        target=lambda: result.update(s=scan([fifo, ok], tmp_path / "f.sqlite", jobs=0)),
        daemon=True,
    )
    runner.start()
    runner.join(60)
    assert not runner.is_alive(), "the scan blocked on the FIFO"
    summary = result["s"]
    assert [(p.path.name, p.reason) for p in summary.plan.problems] == [
        ("pipe.pdf", "not a regular file")
    ]
    assert summary.checked == 1


def test_a_file_changed_while_checked_is_checked_again_next_time(tmp_path, monkeypatch):
    from brandcheck.batch import work

    path = write_pdf(tmp_path / "in" / "growing.pdf", 2)
    db = tmp_path / "scan.sqlite"
    real = work.check_document_pages

    def touching(doc, ctx, pages, first):  # the file is written again under the check
        os.utime(path, ns=(path.stat().st_atime_ns, path.stat().st_mtime_ns + 10**9))
        return real(doc, ctx, pages, first)

    monkeypatch.setattr(work, "check_document_pages", touching)
    scan([path], db, jobs=0)
    assert db_rows(db)[0][1] == "error"
    monkeypatch.setattr(work, "check_document_pages", real)
    again = scan([path], db, jobs=0)  # no --retry-errors: its stored hash does not vouch for it
    assert again.checked == 1 and db_rows(db)[0][1] != "error"


def test_a_memory_limit_no_worker_can_start_under_is_refused(tmp_path):
    from brandcheck.errors import UsageError

    path = write_pdf(tmp_path / "a.pdf", 1)
    with pytest.raises(UsageError, match="at least 1024 MB"):
        scan([path], tmp_path / "m.sqlite", jobs=1, memory_mb=600)
    summary = scan([path], tmp_path / "m.sqlite", jobs=1, memory_mb=1024, timeout=60)
    assert summary.checked == 1 and summary.errors == 0


def test_a_second_scan_of_the_same_database_at_once_is_refused(tmp_path):
    from brandcheck.errors import UsageError

    path = write_pdf(tmp_path / "a.pdf", 1)
    db = tmp_path / "scan.sqlite"
    with ResultStore(db) as first:
        first.claim()  # a scan running
        with pytest.raises(UsageError, match="another scan is using this database"):
            scan([path], db, jobs=0)
    assert scan([path], db, jobs=0).checked == 1  # free again once the first has ended


def test_a_second_scan_of_one_database_named_through_another_link_is_refused(tmp_path):
    # --db /data/archive.sqlite in one shell and --db ~/archive.sqlite (a link to it) in
    # another: each took a lock file beside its own name, both ran, every file checked twice
    from brandcheck.errors import UsageError

    path = write_pdf(tmp_path / "a.pdf", 1)
    real = tmp_path / "data" / "archive.sqlite"
    real.parent.mkdir()
    home = tmp_path / "home"
    home.mkdir()
    (home / "archive.sqlite").symlink_to(real)
    (tmp_path / "shortcut.sqlite").symlink_to(real)
    with ResultStore(home / "archive.sqlite") as first:
        first.claim()  # a scan running
        for other in (real, tmp_path / "shortcut.sqlite"):
            with pytest.raises(UsageError, match="another scan is using this database"):
                scan([path], other, jobs=0)
    assert scan([path], tmp_path / "shortcut.sqlite", jobs=0).checked == 1


def test_another_programs_sqlite_database_is_not_taken_over(tmp_path):
    from brandcheck.errors import UsageError

    foreign = tmp_path / "accounts.db"
    with sqlite3.connect(foreign) as db:
        db.execute("CREATE TABLE invoices (id INTEGER)")
    with pytest.raises(UsageError, match="not a brandcheck scan database"):
        scan([write_pdf(tmp_path / "a.pdf", 1)], foreign, jobs=0)
    with sqlite3.connect(foreign) as db:
        assert [r[0] for r in db.execute("SELECT name FROM sqlite_master")] == ["invoices"]


def test_a_rerun_with_a_password_checks_the_files_stored_as_encrypted(tmp_path):
    import pymupdf

    from brandcheck.pipeline import RunOptions

    folder = tmp_path / "in"
    write_pdf(folder / "open.pdf", 1)
    doc = pymupdf.open(write_pdf(tmp_path / "plain.pdf", 1))
    doc.save(folder / "locked.pdf", encryption=pymupdf.PDF_ENCRYPT_AES_256, user_pw="hemligt")
    db = tmp_path / "scan.sqlite"
    first = scan([folder], db, jobs=0)
    assert first.current == {"error": 1, "fail": 1}
    again = scan([folder], db, options=RunOptions(password="hemligt"), jobs=0)
    assert again.plan.reasons["retry"] == 1 and again.checked == 1
    assert "error" not in again.current


def test_an_archive_reached_through_a_linked_folder_keeps_one_row_per_file(tmp_path):
    real = tmp_path / "data" / "archive"
    for name in ("a", "b"):
        write_pdf(real / "2020" / f"{name}.pdf", 1)
    (tmp_path / "mnt").mkdir()
    linked = tmp_path / "mnt" / "archive"
    linked.symlink_to(real)
    db = tmp_path / "scan.sqlite"
    assert scan([linked], db, jobs=0, timeout=None).checked == 2
    for named in (real, linked / "2020", linked / "2020" / "a.pdf"):
        again = scan([named], db, jobs=0, timeout=None)
        assert again.checked == 0 and again.plan.skipped == again.plan.found > 0
    both = scan([real, linked], db, jobs=0, timeout=None)
    assert both.checked == 0 and both.plan.found == 2
    assert [r[0] for r in db_rows(db)] == [str(real / "2020" / n) for n in ("a.pdf", "b.pdf")]


def test_rows_an_older_version_keyed_through_a_linked_folder_are_taken_over(tmp_path):
    real = tmp_path / "data"
    write_pdf(real / "a.pdf", 1)
    linked = tmp_path / "link"
    linked.symlink_to(real)
    db = tmp_path / "scan.sqlite"
    scan([real], db, jobs=0, timeout=None)
    with ResultStore(db) as store:  # as versions that did not resolve links stored it
        store.rename(str(real / "a.pdf"), str(linked / "a.pdf"))
    again = scan([linked], db, jobs=0, timeout=None)
    assert again.checked == 0 and again.plan.skipped == 1
    assert [r[0] for r in db_rows(db)] == [str(real / "a.pdf")]


def test_a_database_of_another_schema_version_is_refused_by_scans_and_reports(tmp_path):
    from brandcheck.errors import UsageError

    db = tmp_path / "scan.sqlite"
    scan([write_pdf(tmp_path / "a.pdf", 1)], db, jobs=0)
    with sqlite3.connect(db) as con:  # as a later brandcheck would leave it
        con.execute("UPDATE meta SET value='5' WHERE key='schema'")
    before = db.read_bytes()
    for read_only in (False, True):
        with pytest.raises(UsageError, match=r"schema '5' is not supported .* reads schema 4"):
            ResultStore(db, read_only=read_only)
    assert db.read_bytes() == before


def test_results_of_files_no_longer_there_are_removed_under_the_scanned_folder(tmp_path):
    archive = tmp_path / "archive"
    for name in ("a", "b", "c"):
        write_pdf(archive / "2020" / f"{name}.pdf", 1)
    write_pdf(archive / "2021" / "d.pdf", 1)
    db = tmp_path / "scan.sqlite"
    scan([archive], db, jobs=0, timeout=None)
    (archive / "2020" / "a.pdf").unlink()
    (archive / "2020" / "b.pdf").rename(archive / "2020" / "b2.pdf")
    (archive / "2021" / "d.pdf").unlink()
    part = scan([archive / "2020"], db, jobs=0, timeout=None)  # 2021 is not looked at
    assert part.plan.gone == 1 and part.checked == 0 and part.plan.skipped == 2
    assert part.plan.moved == 1  # b2.pdf is b.pdf renamed: its result came along
    names = [Path(r[0]).name for r in db_rows(db)]
    assert names == ["b2.pdf", "c.pdf", "d.pdf"]
    whole = scan([archive], db, jobs=0, timeout=None)
    assert whole.plan.gone == 1 and whole.checked == 0
    assert [Path(r[0]).name for r in db_rows(db)] == ["b2.pdf", "c.pdf"]


def test_results_stay_when_the_archive_cannot_be_reached_or_a_file_was_only_left_out(tmp_path):
    archive = tmp_path / "mnt" / "archive"
    write_pdf(archive / "a.pdf", 1)
    write_pdf(archive / ".drafts" / "d.pdf", 1)  # hidden: scanned when named, not listed
    db = tmp_path / "scan.sqlite"
    scan([archive, archive / ".drafts" / "d.pdf"], db, jobs=0, timeout=None)
    assert scan([archive], db, jobs=0, timeout=None).plan.gone == 0  # d.pdf is still there
    assert len(db_rows(db)) == 2
    shutil.move(tmp_path / "mnt", tmp_path / "unmounted")  # the share is gone
    (tmp_path / "mnt").mkdir()
    gone = scan([archive], db, jobs=0, timeout=None)
    assert gone.plan.gone == 0 and gone.plan.problems and len(db_rows(db)) == 2


def test_a_linked_folder_inside_the_archive_keeps_one_row_per_file(tmp_path):
    archive = tmp_path / "archive"
    write_pdf(archive / "b.pdf", 1)
    write_pdf(tmp_path / "shared" / "a.pdf", 1)
    (archive / "shared").symlink_to(tmp_path / "shared")
    db = tmp_path / "scan.sqlite"
    scan([archive], db, jobs=0, timeout=None)
    checked: list[str] = []
    for root in (archive / "shared", archive, tmp_path / "shared"):
        again = scan([root], db, jobs=0, timeout=None, on_file=lambda o: checked.append(o.source))
        assert again.checked == 0 and again.plan.gone == 0
    assert checked == []
    rows = [r[0] for r in db_rows(db)]
    assert rows == [str(archive / "b.pdf"), str(tmp_path / "shared" / "a.pdf")]


def test_a_file_whose_every_page_is_refused_is_stored_with_its_error_rule(tmp_path):
    import pymupdf

    from brandcheck.document import Limits
    from brandcheck.pipeline import RunOptions

    folder = tmp_path / "in"
    pdf = write_pdf(folder / "bombs.pdf", 2)
    doc = pymupdf.open(pdf)
    for page in doc:  # each page's content decodes to more than the limit below
        doc.update_stream(page.get_contents()[0], b"0 0 1 rg 9 9 9 9 re f" + b" " * 1_100_000)
    doc.save(folder / "refused.pdf")
    doc.close()
    pdf.unlink()
    db = tmp_path / "scan.sqlite"
    options = RunOptions(limits=Limits(max_content_bytes=1_000_000))
    summary = scan([folder], db, options=options, jobs=0, chunk_pages=1)
    assert summary.errors == 1
    with ResultStore(db) as store:
        [row] = store.rows("SELECT status, error_rule, error FROM files")
    assert (row["status"], row["error_rule"]) == ("error", "file.too_large"), dict(row)
    assert "none of its 2 pages could be checked" in row["error"]


def test_workers_that_cannot_see_the_logo_files_use_the_copy_sent_with_each_task(tmp_path):
    # a --logo file (or a profile folder) on the scanning machine only: a Dask worker on
    # another host does not have it. Here it is gone once the scan has read it.
    from brandcheck.api import resolve_profile

    folder = tmp_path / "in"
    write_pdf(folder / "a.pdf", 1, 1)
    write_pdf(folder / "b.pdf", 2, 2)
    logo = tmp_path / "mine" / "logo.svg"
    logo.parent.mkdir()
    shutil.copy(REPO / "reference_assets" / "stockholm" / "logo" / "standin-positive.svg", logo)
    profile = resolve_profile("stockholm", [logo])
    seen = scan([folder], tmp_path / "seen.sqlite", profile, jobs=1)
    summary = scan(
        [folder], tmp_path / "gone.sqlite", profile, jobs=1, on_plan=lambda _plan: logo.unlink()
    )
    assert summary.errors == 0 and summary.current == seen.current == {"fail": 2}
    assert db_rows(tmp_path / "gone.sqlite") == db_rows(tmp_path / "seen.sqlite")


def test_a_dask_file_waiting_for_a_busy_worker_is_not_timed_out_before_it_starts(tmp_path):
    # the worker is still busy when the scan begins (a task an interrupted scan left running,
    # another client's work): the time limit counts from when a worker starts the file
    distributed = pytest.importorskip("distributed")
    import time

    folder = tmp_path / "in"
    write_pdf(folder / "a.pdf", 1, 1)
    cluster = distributed.LocalCluster(
        processes=True, n_workers=1, threads_per_worker=1, dashboard_address=None
    )
    try:
        with distributed.Client(cluster) as client:
            busy = client.submit(time.sleep, 12, pure=False)
            summary = scan([folder], tmp_path / "a.sqlite", scheduler=client, timeout=8)
            del busy
    finally:
        _close_after_restart(cluster)
    assert summary.current == {"fail": 1}, db_rows(tmp_path / "a.sqlite")


def test_dask_workers_of_another_version_are_refused(tmp_path):
    # their results would be stored as this version's, and never checked again; or every
    # file as crashed (or, before a worker said when it started a task, timed out)
    distributed = pytest.importorskip("distributed")

    from brandcheck.errors import UsageError

    folder = tmp_path / "in"
    write_pdf(folder / "a.pdf", 1, 1)
    write_pdf(folder / "b.pdf", 1, 2)
    db = tmp_path / "a.sqlite"
    cluster = distributed.LocalCluster(
        processes=True, n_workers=1, threads_per_worker=1, dashboard_address=None
    )

    def older() -> None:
        importlib.import_module("brandcheck").__version__ = "0.0.9"

    def other_code() -> None:  # the same version number, other code (a checkout between releases)
        importlib.import_module("brandcheck.build").code_digest = lambda: "0" * 12

    try:
        with distributed.Client(cluster) as client:
            client.run(older)
            with pytest.raises(UsageError, match=r"runs brandcheck 0\.0\.9\+[0-9a-f]{12}, this"):
                scan([folder], db, scheduler=client, timeout=60)
            client.run(importlib.reload, importlib.import_module("brandcheck"))
            client.run(other_code)
            with pytest.raises(UsageError, match=r"runs brandcheck 0\.1\.0\+0{12}, this scan"):
                scan([folder], db, scheduler=client, timeout=60)
            client.run(importlib.reload, importlib.import_module("brandcheck.build"))
            # a worker that cannot load the tasks' classes (another version's module)
            client.run(delattr, importlib.import_module("brandcheck.batch.work"), "WorkItem")
            with pytest.raises(UsageError, match="cannot run brandcheck's tasks"):
                scan([folder], db, scheduler=client, timeout=60)
    finally:
        cluster.close()
    assert db_rows(db) == []


def test_two_scans_through_one_dask_client_each_keep_their_time_limit(tmp_path, monkeypatch):
    # a client keeps one handler a topic: the second scan's subscription to the workers'
    # start events replaced the first's, so the first never learned that its hung file had
    # started and waited for it to the end (the file is now timed out in its own scan)
    import threading
    import time

    hung = write_pdf(tmp_path / "a" / "hang.pdf", 1)
    write_pdf(tmp_path / "b" / "fine.pdf", 1, 1)
    out: dict[str, Any] = {}
    with _cluster_where_hang_pdf_hangs(monkeypatch, 1) as client:
        busy = client.submit(time.sleep, 8, pure=False)  # the hung file starts after both

        def run(name: str) -> None:
            db = tmp_path / f"{name}.sqlite"
            out[name] = scan([tmp_path / name], db, scheduler=client, timeout=5).current

        first = threading.Thread(target=run, args=("a",))
        first.start()
        time.sleep(3)  # the first scan has subscribed (it waits for workers, asks versions)
        run("b")
        first.join(timeout=240)
        del busy
    assert out == {"a": {"error": 1}, "b": {"fail": 1}}, out
    assert db_rows(tmp_path / "a.sqlite")[0][:2] == (str(hung), "error")


_LOGO_SCAN = """
import shutil, sys
from pathlib import Path
from brandcheck.api import resolve_profile
from brandcheck.batch import scan

if __name__ == "__main__":
    base = Path(sys.argv[1])
    logo = base / "mine" / "logo.svg"
    profile = resolve_profile("stockholm", [logo])
    summary = scan([base / "in"], base / "x.sqlite", profile, jobs=2,
                   on_plan=lambda _plan: logo.unlink())
    print(summary.current)
"""


def test_logo_copies_on_workers_are_one_per_content_however_many_files(tmp_path):
    # workers that cannot see a --logo file write the copy sent with each task to a temporary
    # folder: a long scan must leave one copy of each logo there, not one per task or worker
    import subprocess
    import sys

    for i in range(6):
        write_pdf(tmp_path / "in" / f"f{i}.pdf", 1, i)
    logo = tmp_path / "mine" / "logo.svg"
    logo.parent.mkdir()
    script = tmp_path / "scan_logo.py"
    script.write_text(_LOGO_SCAN, encoding="utf-8")
    temp = tmp_path / "tmp"
    temp.mkdir()
    for _run in range(2):  # the second scan finds the copy the first one made
        shutil.copy(REPO / "reference_assets" / "stockholm" / "logo" / "standin-positive.svg", logo)
        (tmp_path / "x.sqlite").unlink(missing_ok=True)
        done = subprocess.run(
            [sys.executable, str(script), str(tmp_path)],
            env={**os.environ, "TMPDIR": str(temp), "PYTHONPATH": str(REPO)},
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert done.stdout.strip() == "{'fail': 6}", done.stderr[-2000:]
    copies = sorted(p.relative_to(temp) for p in temp.rglob("*") if p.is_file())
    assert len(copies) == 1 and copies[0].name == "logo.svg", copies


def test_a_hung_item_ends_its_dask_worker_only_once_the_other_tasks_there_are_done(
    tmp_path, monkeypatch
):
    # a worker with two threads: the watchdog of a hung file (past its limit and grace) ended
    # the worker process at once, and the task on its other thread with it (Dask ran that
    # again from the start on the fresh worker; caught so four times, it failed as a crash)
    distributed = pytest.importorskip("distributed")
    import time

    from brandcheck.api import resolve_profile
    from brandcheck.batch.executors import DaskExecutor, _run_on_dask
    from brandcheck.batch.work import CheckSetup, WorkItem
    from brandcheck.pipeline import RunOptions

    hung = write_pdf(tmp_path / "hang.pdf", 1)
    setup = CheckSetup(profile=resolve_profile("stockholm"), options=RunOptions())
    monkeypatch.setenv("BRANDCHECK_TEST_DELAY", "hang.pdf=600")
    cluster = distributed.LocalCluster(
        processes=True, n_workers=1, threads_per_worker=2, dashboard_address=None
    )
    try:
        with distributed.Client(cluster) as client:
            monkeypatch.delenv("BRANDCHECK_TEST_DELAY")
            [before] = client.run(os.getpid).values()
            # the other thread's task: 6 s of work, from before the watchdog fires (at 2 s)
            other = client.submit(lambda: time.sleep(6) or os.getpid(), pure=False)
            hang = client.submit(
                _run_on_dask, WorkItem(str(hung)), setup, 1.0, "t", 1.0, pure=False
            )
            deadline = time.monotonic() + 60  # a loaded machine takes seconds to import
            while not client.get_events("t") and time.monotonic() < deadline:
                time.sleep(0.1)  # until the worker says it started the hung file
            assert client.get_events("t"), "the hung file never started"
            time.sleep(1.2)  # past its limit: the client gives it up, as a scan does
            hang.cancel()
            # and asks for the worker to be restarted, which it is not while the other runs
            with DaskExecutor(setup, client, timeout=1.0) as executor:
                executor._restart(list(client.nthreads()), str(hang.key))
            assert other.result(timeout=60) == before  # it ran to its end where it began
            deadline = time.monotonic() + 30
            while time.monotonic() < deadline:  # then the hung worker ended, and came back
                with contextlib.suppress(Exception):
                    if set(client.run(os.getpid).values()) - {before}:
                        break
                time.sleep(0.5)
            else:
                pytest.fail("the worker hung on hang.pdf was not ended")
    finally:
        _close_after_restart(cluster)


def test_a_scheduler_restarted_under_a_dask_scan_still_tells_it_when_files_start(tmp_path):
    # the client reconnects to a new scheduler at the same address, which knows none of its
    # subscriptions: the scan heard no start after that, so a hung file was never timed out
    pytest.importorskip("distributed")
    import socket
    import subprocess
    import sys
    import time

    import distributed

    write_pdf(tmp_path / "in" / "a.pdf", 1)
    write_pdf(tmp_path / "in" / "hang.pdf", 1)  # checked after a.pdf: one worker thread
    with socket.socket() as free:
        free.bind(("127.0.0.1", 0))
        port = free.getsockname()[1]
    address = f"tcp://127.0.0.1:{port}"
    env = {**os.environ, "BRANDCHECK_TEST_DELAY": "hang.pdf=600", "PYTHONPATH": str(REPO)}
    quiet = {"stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL, "env": env}
    scheduler = [sys.executable, "-m", "distributed.cli.dask_scheduler", "--host", "127.0.0.1"]
    scheduler += ["--port", str(port), "--dashboard-address", ":0"]
    worker = [sys.executable, "-m", "distributed.cli.dask_worker", address, "--nthreads", "1"]
    worker += ["--no-dashboard"]
    running = [subprocess.Popen(scheduler, **quiet), subprocess.Popen(worker, **quiet)]

    def restart_the_cluster(_outcome) -> None:
        if len(running) > 2:
            return
        for process in running:  # its workers end with it
            process.kill()
            process.wait()
        running.append(subprocess.Popen(scheduler, **quiet))
        deadline = time.monotonic() + 30
        while client.status != "running" and time.monotonic() < deadline:
            time.sleep(0.1)
        running.append(subprocess.Popen(worker, **quiet))
        client.wait_for_workers(1, timeout=60)

    try:
        with distributed.Client(address, timeout=30) as client:
            summary = scan(
                [tmp_path / "in"],
                tmp_path / "a.sqlite",
                scheduler=client,
                timeout=3,
                on_file=restart_the_cluster,
            )
    finally:
        for process in running:
            process.kill()
            process.wait()
    assert not summary.interrupted, summary.stopped
    rows = {Path(path).name: status for path, status, _, _ in db_rows(tmp_path / "a.sqlite")}
    assert rows == {"a.pdf": "fail", "hang.pdf": "error"}
    with ResultStore(tmp_path / "a.sqlite") as store:
        [row] = store.rows("SELECT error_rule FROM files WHERE status = 'error'")
    assert row["error_rule"] == "file.timeout"


def test_a_dask_worker_hung_holding_the_gil_is_restarted_though_it_cannot_answer(
    tmp_path, monkeypatch
):
    # the client asked the worker of a hung item what it runs (Client.run, no time limit) before
    # restarting it: a worker whose event loop the hung task blocks never answered, so it was
    # never restarted (and its watchdog, a thread too, never ran)
    distributed = pytest.importorskip("distributed")
    import time

    from brandcheck.api import resolve_profile
    from brandcheck.batch import executors
    from brandcheck.batch.work import CheckSetup
    from brandcheck.pipeline import RunOptions

    monkeypatch.setattr(executors, "_ASK_TIMEOUT", 3.0, raising=False)
    setup = CheckSetup(profile=resolve_profile("stockholm"), options=RunOptions())

    def hold_the_gil() -> None:
        """Hang in C code that never lets go of the GIL (as a MuPDF call stuck on a file
        does). Defined here, so it travels by value: a worker importing this module by name
        would find the tests' other conftest first and fail."""
        import re

        re.match(r"(a+)+$", "a" * 60 + "b")  # backtracks for longer than any test runs

    cluster = distributed.LocalCluster(
        processes=True, n_workers=1, threads_per_worker=1, dashboard_address=None
    )
    try:
        with distributed.Client(cluster) as client:
            [before] = client.run(os.getpid).values()
            with executors.DaskExecutor(setup, client, timeout=1.0) as executor:
                hung = client.submit(hold_the_gil, pure=False)
                time.sleep(2)  # it runs (or is about to): either way it is all the worker has
                hung.cancel()
                restart = threading.Thread(
                    target=executor._restart, args=(list(client.nthreads()), str(hung.key))
                )
                restart.start()
                restart.join(90)
                assert not restart.is_alive(), "the restart waited for the hung worker's answer"
            client.wait_for_workers(1, timeout=60)
            assert set(client.run(os.getpid).values()) - {before}
    finally:
        _close_after_restart(cluster)


def test_the_files_not_checked_under_the_root_folder_are_replaced_by_its_scan(tmp_path):
    # a scan of "/" (the root of a container's mounted archive) kept every file not checked
    # that earlier scans had recorded: the prefix it deleted by was "/" one character short
    with ResultStore(tmp_path / "scan.sqlite") as store:
        store.replace_under(
            "skipped", ["/archive"], [("/archive/notes.docx",), ("/archive/old/art.eps",)]
        )
        store.replace_under("skipped", ["/"], [("/archive/notes.docx",)])
        assert store.skipped() == ["/archive/notes.docx"]
        store.replace_under("skipped", ["/archive/old"], [])  # a subfolder's scan keeps the rest
        assert store.skipped() == ["/archive/notes.docx"]
