"""A folder given to `scan` that lists no file to check (an unmounted share's empty mount
point, a wrong path): exit 2, what to do said, and `scan report` not calling it scanned."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from conftest import db_rows, run_cli, write_pdf


def _report(db: Path) -> dict:
    return json.loads(run_cli("scan", "report", "--db", str(db), "--format", "json").stdout)


def _said(result) -> str:
    return " ".join(result.stderr.split())


def test_an_unmounted_share_with_stored_results_exits_2_and_the_report_says_so(tmp_path):
    # the nightly scan of a share that did not mount kept its results with a yellow warning
    # and exited 0 (or as the results kept said): the job could not tell nothing was scanned,
    # and `scan report` showed last week's figures as if the folder had just been scanned
    share = tmp_path / "mnt" / "share"
    write_pdf(share / "a.pdf", 1, 1)
    db = tmp_path / "scan.sqlite"
    args = ("scan", str(share), "--db", str(db), "--jobs", "0", "--ocr", "off")
    first = run_cli(*args)
    assert first.returncode in (0, 1), first.stderr
    shutil.move(share, tmp_path / "offline")
    share.mkdir()  # its empty mount point
    unmounted = run_cli(*args)
    assert unmounted.returncode == 2, unmounted.stderr
    said = _said(unmounted)
    assert f"{share}: no PDF, image or SVG to check there" in said
    assert "mount it" in said and "The 1 results stored under it are kept" in said
    assert len(db_rows(db)) == 1
    report = _report(db)
    assert [u["path"] for u in report["unreached"]] == [str(share)]
    assert "found no PDF, image or SVG" in report["unreached"][0]["reason"]
    page = run_cli("scan", "report", "--db", str(db), "--output", "-").stdout
    assert "Incomplete" in page and str(share) in page
    # mounted again, nothing changed: a rerun with everything up to date exits as before
    share.rmdir()
    shutil.move(tmp_path / "offline", share)
    again = run_cli(*args)
    assert again.returncode == first.returncode, again.stderr
    assert "checked 0, skipped 1" in again.stdout and _report(db)["unreached"] == []


def test_one_empty_root_among_several_exits_2_and_the_others_are_scanned(tmp_path):
    # one of two shares had never been mounted: no stored result, so not a word was said and
    # the scan exited as the other share's files did
    good, unmounted = tmp_path / "mnt" / "a", tmp_path / "mnt" / "b"
    write_pdf(good / "a.pdf", 1, 1)
    unmounted.mkdir(parents=True)
    (unmounted / "README.txt").write_text("mount point\n")  # lists a file, but none to check
    db = tmp_path / "scan.sqlite"
    result = run_cli("scan", str(good), str(unmounted), "--db", str(db), "--jobs", "0")
    assert result.returncode == 2, result.stderr
    assert f"{unmounted}: no PDF, image or SVG to check there" in _said(result)
    assert str(good) not in result.stderr
    assert "checked 1" in result.stdout and len(db_rows(db)) == 1
    assert [u["path"] for u in _report(db)["unreached"]] == [str(unmounted)]


def test_a_folder_of_only_files_not_to_check_is_named_as_such(tmp_path):
    # a folder of Word files and EPS given to the scan was named, and recorded in `scan
    # report`, as "an unmounted share's empty mount point, a wrong path": it is neither
    drafts = tmp_path / "drafts"
    drafts.mkdir()
    (drafts / "brief.docx").write_bytes(b"PK\x03\x04 not a document brandcheck reads")
    (drafts / "logo.eps").write_text("%!PS-Adobe-3.0 EPSF-3.0\n")
    db = tmp_path / "scan.sqlite"
    result = run_cli("scan", str(drafts), "--db", str(db), "--jobs", "0")
    assert result.returncode == 2, result.stderr
    said = _said(result)
    assert f"{drafts}: no PDF, image or SVG to check there (only 2 files that are not" in said
    reason = _report(db)["unreached"][0]["reason"]
    assert "only files that are not" in reason and "empty mount point" not in reason


def test_forget_empty_says_the_results_went_and_still_exits_2(tmp_path):
    # with --forget-empty the scan removed the results and still told the operator to mount
    # the share and run again, as if they were kept
    folder = tmp_path / "campaign"
    write_pdf(folder / "a.pdf", 1, 1)
    db = tmp_path / "scan.sqlite"
    args = ("scan", str(folder), "--db", str(db), "--jobs", "0", "--ocr", "off")
    assert run_cli(*args).returncode in (0, 1)
    (folder / "a.pdf").unlink()
    forgot = run_cli(*args, "--forget-empty")
    assert forgot.returncode == 2, forgot.stderr
    assert "With --forget-empty, no result stored under it is kept" in _said(forgot)
    assert "1 no longer there" in forgot.stdout and db_rows(db) == []
    assert "exit 2" in " ".join(run_cli("scan", "run", "--help").stdout.split())
