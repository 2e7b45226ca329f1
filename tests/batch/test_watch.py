"""`brandcheck watch`: files are copied (never moved) to the pass or fail folder with a report."""

from __future__ import annotations

import importlib
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import conftest
from as_user import user_prefix
from conftest import SAMPLES
from typer.testing import CliRunner

from brandcheck.cli import app


def run_cli(*args: str):
    """In this process, checking in this process too (`--jobs 0`) to keep the test quick."""
    return CliRunner().invoke(app, [*args, "--jobs", "0"])


def test_watch_once_copies_each_file_to_its_folder_with_a_report(tmp_path: Path):
    hot, ok, bad = tmp_path / "hot", tmp_path / "pass", tmp_path / "fail"
    (hot / "sub").mkdir(parents=True)
    shutil.copy(SAMPLES / "stad" / "compliant-poster.pdf", hot / "poster.pdf")
    shutil.copy(SAMPLES / "stad" / "poster-missing-logo.pdf", hot / "sub" / "nologo.pdf")
    shutil.copy(SAMPLES / "broken" / "truncated-download.pdf", hot / "broken.pdf")
    before = {p: p.read_bytes() for p in hot.rglob("*") if p.is_file()}

    args = ["watch", str(hot), "--pass-dir", str(ok), "--fail-dir", str(bad)]
    result = run_cli(*args, "--once", "--interval", "0.2", "--ocr", "off")
    assert result.exit_code == 3, result.output  # one file could not be read

    assert {p: p.read_bytes() for p in hot.rglob("*") if p.is_file()} == before  # untouched
    assert sorted(p.relative_to(ok).as_posix() for p in ok.rglob("*")) == [
        "poster.pdf",
        "poster.pdf.brandcheck.json",
    ]
    assert sorted(p.relative_to(bad).as_posix() for p in bad.rglob("*") if p.is_file()) == [
        "broken.pdf",
        "broken.pdf.brandcheck.json",
        "sub/nologo.pdf",
        "sub/nologo.pdf.brandcheck.json",
    ]
    assert (ok / "poster.pdf").read_bytes() == before[hot / "poster.pdf"]
    report = json.loads((bad / "sub" / "nologo.pdf.brandcheck.json").read_text(encoding="utf-8"))
    assert report["files"][0]["status"] == "fail"
    assert "BC101" in {f["rule"] for f in report["files"][0]["findings"]}

    # a second pass finds everything already handled; a new file is picked up on its own
    shutil.copy(SAMPLES / "stad" / "compliant-poster.pdf", hot / "second.pdf")
    again = run_cli(*args, "--once", "--interval", "0.2", "--ocr", "off")
    assert again.exit_code == 0, again.output
    assert again.stdout.split() == ["pass", str(hot / "second.pdf")]
    assert (ok / "second.pdf").exists()


def test_watch_refuses_an_output_folder_inside_the_hot_folder(tmp_path: Path):
    hot = tmp_path / "hot"
    hot.mkdir()
    result = run_cli("watch", str(hot), "--pass-dir", str(hot / "ok"), "--fail-dir", str(tmp_path))
    assert result.exit_code == 2
    assert "must not be inside" in result.stderr


def test_a_file_whose_report_cannot_be_written_is_left_for_a_restart(tmp_path: Path):
    hot, ok, bad = tmp_path / "hot", tmp_path / "pass", tmp_path / "fail"
    hot.mkdir()
    shutil.copy(SAMPLES / "stad" / "compliant-poster.pdf", hot / "a.pdf")
    shutil.copy(SAMPLES / "stad" / "compliant-poster.pdf", hot / "b.pdf")
    (ok / "a.pdf.brandcheck.json").mkdir(parents=True)  # the report's place is taken
    args = ["watch", str(hot), "--pass-dir", str(ok), "--fail-dir", str(bad), "--ocr", "off"]
    result = run_cli(*args, "--once", "--interval", "0.2")
    assert result.exit_code == 2, result.output  # not a traceback, not "findings"
    assert "a.pdf: cannot write its report or copy" in result.stderr
    # stdout, one line a file, does not call it a pass: a server reading it would deliver it
    line = next(x for x in result.stdout.splitlines() if x.endswith("a.pdf") or "a.pdf " in x)
    assert line.startswith("error ") and "checked: pass; not copied: cannot write" in line
    assert not (ok / "a.pdf").exists()  # no copy without its report: not marked done
    assert (ok / "b.pdf").exists() and (ok / "b.pdf.brandcheck.json").is_file()  # went on

    (ok / "a.pdf.brandcheck.json").rmdir()
    again = run_cli(*args, "--once", "--interval", "0.2")
    assert again.exit_code == 0 and again.stdout.split() == ["pass", str(hot / "a.pdf")]
    assert (ok / "a.pdf.brandcheck.json").is_file()


def test_a_pass_folder_inside_the_fail_folder_is_refused(tmp_path: Path):
    # --fail-dir out --pass-dir out/ok: a failing IN/ok/x.pdf was copied to out/ok/x.pdf,
    # into the pass folder, where a downstream hot folder takes it as approved
    hot, out = tmp_path / "hot", tmp_path / "out"
    (hot / "ok").mkdir(parents=True)
    shutil.copy(SAMPLES / "stad" / "poster-missing-logo.pdf", hot / "ok" / "x.pdf")
    for ok, bad in ((out / "ok", out), (out, out / "ok")):
        args = ["watch", str(hot), "--pass-dir", str(ok), "--fail-dir", str(bad), "--once"]
        result = run_cli(*args, "--interval", "0.2", "--ocr", "off")
        assert result.exit_code == 2, result.output
        assert "one inside the other" in result.stderr
        assert not out.exists()  # refused before anything is made


def test_a_reports_folder_in_or_around_the_pass_or_fail_folder_is_refused(tmp_path: Path):
    # --reports-dir PASS: a failing file's report was written there, then removed as the report
    # an older version would have beside its copy in the pass folder, so it had none;
    # --reports-dir PASS/reports put the reports of failing files in the folder a printer
    # takes approved files from
    hot, out = tmp_path / "hot", tmp_path / "out"
    ok, bad = out / "pass", out / "fail"
    hot.mkdir()
    shutil.copy(SAMPLES / "stad" / "poster-missing-logo.pdf", hot / "x.pdf")
    for reports in (ok, ok / "reports", bad, bad / "r", out):
        args = ["watch", str(hot), "--pass-dir", str(ok), "--fail-dir", str(bad)]
        result = run_cli(*args, "--reports-dir", str(reports), "--once", "--ocr", "off")
        assert result.exit_code == 2, (reports, result.output)
        assert "are the same folder or one inside the other" in result.stderr
        assert not ok.exists() and not bad.exists()  # refused before anything is made
    fine = run_cli(*args, "--reports-dir", str(out / "r"), "--once", "--ocr", "off")
    assert fine.exit_code == 1, fine.output
    assert (out / "r" / "x.pdf.brandcheck.json").is_file() and (bad / "x.pdf").is_file()


def test_an_unusable_output_folder_is_refused_at_start(tmp_path: Path):
    hot = tmp_path / "hot"
    hot.mkdir()
    (tmp_path / "file").write_text("not a folder")
    result = run_cli(
        "watch",
        str(hot),
        "--pass-dir",
        str(tmp_path / "file" / "ok"),
        "--fail-dir",
        str(tmp_path / "fail"),
        "--once",
        "--interval",
        "0.2",
    )
    assert result.exit_code == 2 and "cannot use" in result.stderr


def test_a_file_that_is_not_a_document_goes_to_the_fail_folder_with_its_reason(tmp_path: Path):
    # an EPS dropped into a preflight hot folder must get an answer, not lie there unseen
    hot, ok, bad = tmp_path / "hot", tmp_path / "pass", tmp_path / "fail"
    hot.mkdir()
    eps = b"%!PS-Adobe-3.0 EPSF-3.0\n%%BoundingBox: 0 0 100 100\nshowpage\n%%EOF\n"
    (hot / "logo-job.eps").write_bytes(eps)
    (hot / "upload.pdf.part").write_bytes(b"%PDF-1.7 half")  # still being uploaded: left
    (hot / "flyer.pdf.filepart").write_bytes(b"%PDF-1.7 half")  # WinSCP's: left
    (hot / "~$brief.docx").write_bytes(b"\0" * 162)  # Word's lock on an open file: left
    (hot / "#notes.txt#").write_bytes(b"draft")  # Emacs's autosave: left
    (hot / "Thumbs.db").write_bytes(b"\0" * 64)  # a file manager's: left
    args = ["watch", str(hot), "--pass-dir", str(ok), "--fail-dir", str(bad), "--ocr", "off"]
    result = run_cli(*args, "--once", "--interval", "0.2")
    assert result.exit_code == 3, result.output  # as check: an input it could not read
    assert result.stdout.split() == ["error", str(hot / "logo-job.eps")]
    assert (bad / "logo-job.eps").read_bytes() == eps == (hot / "logo-job.eps").read_bytes()
    report = json.loads((bad / "logo-job.eps.brandcheck.json").read_text())
    [finding] = report["files"][0]["findings"]
    assert finding["rule"] == "BC903" and "not a" in finding["message"].lower()
    assert sorted(p.name for p in bad.iterdir()) == ["logo-job.eps", "logo-job.eps.brandcheck.json"]
    assert not ok.exists() or not any(ok.iterdir())


def test_an_empty_file_that_stays_empty_goes_to_the_fail_folder(tmp_path: Path):
    hot, ok, bad = tmp_path / "hot", tmp_path / "pass", tmp_path / "fail"
    hot.mkdir()
    (hot / "empty.pdf").write_bytes(b"")
    args = ["watch", str(hot), "--pass-dir", str(ok), "--fail-dir", str(bad), "--once"]
    result = run_cli(*args, "--interval", "0.2")
    assert result.exit_code == 3, result.output  # it cannot be read
    assert (bad / "empty.pdf").exists()
    report = json.loads((bad / "empty.pdf.brandcheck.json").read_text(encoding="utf-8"))
    assert report["files"][0]["status"] == "error"
    nothing = run_cli(*args, "--interval", "0.2")
    assert nothing.exit_code == 0 and "no new files" in nothing.stderr


def test_watch_takes_the_rule_and_logo_options_check_takes(tmp_path: Path):
    hot, ok, bad = tmp_path / "hot", tmp_path / "pass", tmp_path / "fail"
    hot.mkdir()
    shutil.copy(SAMPLES / "stad" / "poster-missing-logo.pdf", hot / "nologo.pdf")
    args = ["watch", str(hot), "--pass-dir", str(ok), "--fail-dir", str(bad), "--once"]
    result = run_cli(*args, "--interval", "0.2", "--select", "logo", "--ocr", "off")
    assert result.exit_code == 1, result.output
    report = json.loads((bad / "nologo.pdf.brandcheck.json").read_text(encoding="utf-8"))
    assert {f["rule"] for f in report["files"][0]["findings"]} == {"BC101"}
    broken = tmp_path / "broken-logo.png"
    broken.write_bytes(b"not a picture")
    refused = run_cli(*args, "--logo", str(broken))
    assert refused.exit_code == 2 and "broken-logo.png" in refused.stderr


def test_a_pictures_report_says_dpi_gives_it_no_resolution_as_check_does(tmp_path: Path):
    """`watch --dpi 300`: a PNG's report said nothing of --dpi, which gives a picture no
    resolution (`check` says so in a note); a PDF's report has nothing to be told."""
    hot, ok, bad = tmp_path / "hot", tmp_path / "pass", tmp_path / "fail"
    hot.mkdir()
    shutil.copy(SAMPLES / "stad" / "compliant-banner.png", hot / "banner.png")
    shutil.copy(SAMPLES / "stad" / "compliant-poster.pdf", hot / "poster.pdf")
    args = ["watch", str(hot), "--pass-dir", str(ok), "--fail-dir", str(bad), "--once"]
    result = run_cli(*args, "--interval", "0.2", "--ocr", "off", "--dpi", "300")
    assert result.exit_code in (0, 1), result.output
    notes = {
        report.name: json.loads(report.read_text(encoding="utf-8"))["notes"]
        for report in tmp_path.rglob("*.brandcheck.json")
    }
    assert any(n.startswith("--dpi 300 sets") for n in notes["banner.png.brandcheck.json"])
    assert not any("--dpi" in n for n in notes["poster.pdf.brandcheck.json"])


def test_a_file_named_like_a_pattern_leaves_other_reports_alone(tmp_path: Path):
    hot, ok, bad = tmp_path / "hot", tmp_path / "pass", tmp_path / "fail"
    hot.mkdir()
    for name in ("a.pdf", "b.pdf"):
        shutil.copy(SAMPLES / "stad" / "compliant-poster.pdf", hot / name)
    args = ["watch", str(hot), "--pass-dir", str(ok), "--fail-dir", str(bad), "--once"]
    assert run_cli(*args, "--interval", "0.2", "--ocr", "off").exit_code == 0
    (hot / "[ab].pdf").write_bytes(b"%PDF-1.7 broken")  # fails; its stale name is a pattern
    (hot / "*.pdf").write_bytes(b"%PDF-1.7 broken")
    assert run_cli(*args, "--interval", "0.2", "--ocr", "off").exit_code == 3
    assert (ok / "a.pdf.brandcheck.json").is_file() and (ok / "b.pdf.brandcheck.json").is_file()
    assert (bad / "[ab].pdf.brandcheck.json").is_file() and (bad / "*.pdf").is_file()


def test_a_report_dropped_in_beside_its_file_does_not_take_the_place_of_the_new_report(
    tmp_path: Path,
):
    # a fail folder's contents put back in the hot folder (the file and its old report): the
    # old report was taken as a file, copied to the fail folder under the very name of the
    # new report and over it, so the copy there carried a stale report, not its own
    hot, ok, bad = tmp_path / "hot", tmp_path / "pass", tmp_path / "fail"
    hot.mkdir()
    shutil.copy(SAMPLES / "stad" / "poster-missing-logo.pdf", hot / "a.pdf")
    stale = b'{"files": [{"status": "pass", "note": "an old report"}]}'
    (hot / "a.pdf.brandcheck.json").write_bytes(stale)
    (hot / "b.PDF.BRANDCHECK.HTML").write_bytes(b"<p>old</p>")
    args = ["watch", str(hot), "--pass-dir", str(ok), "--fail-dir", str(bad), "--once"]
    result = run_cli(*args, "--interval", "0.2", "--ocr", "off")
    assert result.exit_code == 3, result.output  # files left where they are, as links are
    assert sorted(p.name for p in bad.iterdir()) == ["a.pdf", "a.pdf.brandcheck.json"]
    report = json.loads((bad / "a.pdf.brandcheck.json").read_text(encoding="utf-8"))
    assert report["files"][0]["status"] == "fail"  # its own report, not the one dropped in
    refused = [
        line for line in result.stderr.splitlines() if "named as a brandcheck report" in line
    ]
    assert len(refused) == 2 and "a.pdf.brandcheck.json" in refused[0]
    assert (hot / "a.pdf.brandcheck.json").read_bytes() == stale  # left where it was


def test_a_folder_named_as_a_report_is_left_where_it_is(tmp_path: Path):
    # IN/x.pdf.brandcheck.json/inner.pdf was copied to PASS/x.pdf.brandcheck.json/, a folder
    # where x.pdf's report goes: whichever came second could not be written, exit 2 on every
    # run, and x.pdf never delivered
    hot, ok, bad = tmp_path / "hot", tmp_path / "pass", tmp_path / "fail"
    (hot / "x.pdf.brandcheck.json").mkdir(parents=True)
    shutil.copy(SAMPLES / "stad" / "compliant-poster.pdf", hot / "x.pdf")
    shutil.copy(SAMPLES / "stad" / "compliant-poster.pdf", hot / "x.pdf.brandcheck.json" / "a.pdf")
    args = ["watch", str(hot), "--pass-dir", str(ok), "--fail-dir", str(bad), "--once"]
    result = run_cli(*args, "--ocr", "off")
    assert result.exit_code == 3, result.output  # an entry left where it is, as a link is
    assert f"{hot / 'x.pdf.brandcheck.json'}: named as a brandcheck report" in result.stderr
    assert result.stderr.count("named as a brandcheck report") == 1
    assert (ok / "x.pdf.brandcheck.json").is_file() and (ok / "x.pdf").is_file()
    assert not (ok / "x.pdf.brandcheck.json" / "a.pdf").exists()


def test_a_link_to_an_output_folder_is_not_taken_in_again(tmp_path: Path):
    hot, ok, bad = tmp_path / "hot", tmp_path / "pass", tmp_path / "fail"
    hot.mkdir()
    shutil.copy(SAMPLES / "stad" / "compliant-poster.pdf", hot / "poster.pdf")
    ok.mkdir()
    (hot / "to-pass").symlink_to(ok, target_is_directory=True)
    args = ["watch", str(hot), "--pass-dir", str(ok), "--fail-dir", str(bad), "--once"]
    for _ in range(2):
        run_cli(*args, "--interval", "0.2", "--ocr", "off")
    assert sorted(p.relative_to(ok).as_posix() for p in ok.rglob("*")) == [
        "poster.pdf",
        "poster.pdf.brandcheck.json",
    ]


def test_a_file_replaced_after_its_check_is_not_copied_with_that_verdict(tmp_path, monkeypatch):
    watch_module = importlib.import_module("brandcheck.batch.watch")
    real = watch_module.iter_outcomes

    def then_replace(*args, **kwargs):
        for outcome in real(*args, **kwargs):
            # another export takes the checked file's place before it is copied
            shutil.copy(SAMPLES / "stad" / "poster-missing-logo.pdf", outcome.source)
            yield outcome

    monkeypatch.setattr(watch_module, "iter_outcomes", then_replace)
    hot, ok, bad = tmp_path / "hot", tmp_path / "pass", tmp_path / "fail"
    hot.mkdir()
    shutil.copy(SAMPLES / "stad" / "compliant-poster.pdf", hot / "poster.pdf")
    args = ["watch", str(hot), "--pass-dir", str(ok), "--fail-dir", str(bad), "--once"]
    result = run_cli(*args, "--interval", "0.2", "--ocr", "off")
    assert result.exit_code == 0 and "1 file(s) changed while being checked" in result.stderr
    assert list(ok.rglob("*")) == [] and list(bad.rglob("*")) == []
    monkeypatch.undo()
    again = run_cli(*args, "--interval", "0.2", "--ocr", "off")  # the new version, checked
    assert again.exit_code == 1 and (bad / "poster.pdf").is_file()


def _copies(*folders: Path) -> list[str]:
    return sorted(p.name for d in folders for p in d.rglob("*") if p.is_file())


def test_a_pdf_written_slowly_is_not_copied_before_it_is_complete(tmp_path: Path):
    hot, ok, bad = tmp_path / "hot", tmp_path / "pass", tmp_path / "fail"
    hot.mkdir()
    whole = (SAMPLES / "stad" / "compliant-poster.pdf").read_bytes()
    args = ["watch", str(hot), "--pass-dir", str(ok), "--fail-dir", str(bad), "--jobs", "0"]
    watcher = subprocess.Popen(
        [sys.executable, "-m", "brandcheck", *args, "--interval", "0.2", "--ocr", "off"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        time.sleep(2.0)  # the watcher is up and polling
        step = len(whole) // 4 + 1
        with (hot / "poster.pdf").open("wb") as writer:
            for start in range(0, len(whole), step):
                writer.write(whole[start : start + step])
                writer.flush()
                pause = time.monotonic() + 2.0  # ten polls without a change
                while time.monotonic() < pause:
                    assert _copies(ok, bad) == [], "a partial file was taken"
                    time.sleep(0.1)
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline and not (ok / "poster.pdf").exists():
            time.sleep(0.2)
    finally:
        watcher.terminate()
        out, err = watcher.communicate(timeout=30)
    assert (ok / "poster.pdf").read_bytes() == whole, err
    assert out.split() == ["pass", str(hot / "poster.pdf")] and _copies(bad) == []


def test_a_truncated_pdf_that_passes_its_checks_goes_to_the_fail_folder(tmp_path: Path):
    hot, ok, bad = tmp_path / "hot", tmp_path / "pass", tmp_path / "fail"
    hot.mkdir()
    whole = (SAMPLES / "stad" / "compliant-poster.pdf").read_bytes()
    (hot / "cut.pdf").write_bytes(whole[: len(whole) * 97 // 100])  # repaired: BC904
    args = ["watch", str(hot), "--pass-dir", str(ok), "--fail-dir", str(bad), "--once"]
    result = run_cli(*args, "--interval", "0.2", "--ocr", "off")
    assert result.exit_code == 1, result.output
    assert "fail  " in result.stdout and "cut short" in result.stdout
    assert _copies(ok) == [] and _copies(bad) == ["cut.pdf", "cut.pdf.brandcheck.json"]


def test_a_whole_pdf_the_reader_repaired_without_loss_keeps_its_verdict(tmp_path: Path):
    # a line inserted after the header (as mail gateways and editing tools do) leaves every
    # cross-reference offset stale: MuPDF repairs it (BC904), but nothing is lost
    hot, ok, bad = tmp_path / "hot", tmp_path / "pass", tmp_path / "fail"
    hot.mkdir()
    whole = (SAMPLES / "stad" / "compliant-poster.pdf").read_bytes()
    header, rest = whole.split(b"\n", 1)
    (hot / "shifted.pdf").write_bytes(header + b"\n% inserted by a gateway\n" + rest)
    args = ["watch", str(hot), "--pass-dir", str(ok), "--fail-dir", str(bad), "--once"]
    result = run_cli(*args, "--interval", "0.2", "--ocr", "off", "--format", "json")
    assert result.exit_code == 0, result.output
    assert _copies(bad) == [] and "shifted.pdf" in _copies(ok)
    report = json.loads((ok / "shifted.pdf.brandcheck.json").read_text())
    assert "BC904" in {f["rule"] for f in report["files"][0]["findings"]}


def test_links_in_the_hot_folder_are_never_followed_checked_or_copied(tmp_path: Path):
    """Whoever may drop files in a hot folder must not get the watcher to copy files it can
    read to the fail folder: links to a secret, /etc/passwd, the watcher's own environment,
    a folder outside, a file inside (taken under its own name), and broken ones."""
    hot, ok, bad, outside = (tmp_path / n for n in ("hot", "pass", "fail", "outside"))
    (hot / "sub").mkdir(parents=True)
    outside.mkdir()
    secret = outside / "secret.txt"
    secret.write_text("TOPSECRET_CANARY\n")
    shutil.copy(SAMPLES / "stad" / "compliant-poster.pdf", outside / "other.pdf")
    shutil.copy(SAMPLES / "stad" / "compliant-poster.pdf", hot / "poster.pdf")
    (hot / "notes.txt").write_text("not a document\n")  # taken: to the fail folder
    links = {
        "report.pdf": secret,
        "passwd.svg": Path("/etc/passwd"),
        "environ.pdf": Path("/proc/self/environ"),
        "linked_folder": outside,
        "sub/again.pdf": hot / "poster.pdf",
        "sub/to-notes": hot / "notes.txt",
        "dangling.pdf": tmp_path / "missing.pdf",
        "loop.pdf": hot / "loop.pdf",
    }
    for name, target in links.items():
        (hot / name).symlink_to(target)
    args = ["watch", str(hot), "--pass-dir", str(ok), "--fail-dir", str(bad), "--ocr", "off"]
    result = run_cli(*args, "--once", "--interval", "0.2")

    copied = sorted(p.relative_to(tmp_path).as_posix() for p in (ok, bad) for p in p.rglob("*"))
    assert copied == [
        "fail/notes.txt",
        "fail/notes.txt.brandcheck.json",
        "pass/poster.pdf",
        "pass/poster.pdf.brandcheck.json",
    ]
    for out in (ok, bad):
        for f in out.rglob("*"):
            text = f.read_text(errors="replace")
            assert "TOPSECRET" not in text and "root:x:0" not in text
    assert result.exit_code == 3, result.output  # entries left untaken: as unreadable inputs
    refused = [line for line in result.stderr.splitlines() if "follows no link" in line]
    assert sorted(refused) == sorted(
        f"brandcheck: {hot / name}: a symbolic link: a hot folder follows no link "
        "(not checked, not copied)"
        for name in links
    )
    assert sorted(result.stdout.split()) == sorted(
        ["error", str(hot / "notes.txt"), "pass", str(hot / "poster.pdf")]
    )


def test_a_live_watcher_names_each_link_once_and_never_copies_one(tmp_path: Path):
    hot, ok, bad = tmp_path / "hot", tmp_path / "pass", tmp_path / "fail"
    hot.mkdir()
    (hot / "passwd.pdf").symlink_to("/etc/passwd")
    args = ["watch", str(hot), "--pass-dir", str(ok), "--fail-dir", str(bad)]
    options = ["--interval", "0.2", "--settle", "0.2", "--jobs", "0", "--ocr", "off"]
    proc = subprocess.Popen(
        [sys.executable, "-c", "from brandcheck.cli import main; main()", *args, *options],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        time.sleep(4)  # some 20 polls
        shutil.copy(SAMPLES / "stad" / "compliant-poster.pdf", hot / "poster.pdf")
        deadline = time.monotonic() + 60
        while not (ok / "poster.pdf").exists() and time.monotonic() < deadline:
            time.sleep(0.2)
    finally:
        proc.terminate()
        _, stderr = proc.communicate(timeout=60)
    assert (ok / "poster.pdf").exists()
    assert stderr.count("passwd.pdf: a symbolic link") == 1, stderr
    assert not (bad / "passwd.pdf").exists()


def test_a_copy_is_never_read_through_a_link_put_in_after_the_check(tmp_path, monkeypatch):
    """The file, or a folder on its way, replaced by a link between its check and its copy:
    nothing is copied from the link's target."""
    watch_module = importlib.import_module("brandcheck.batch.watch")
    real = watch_module.iter_outcomes
    secret_dir = tmp_path / "outside"
    (secret_dir / "sub").mkdir(parents=True)
    (secret_dir / "sub" / "poster.pdf").write_text("TOPSECRET_CANARY\n")

    def then_link(*args, **kwargs):
        for outcome in real(*args, **kwargs):
            src = Path(outcome.source)
            st = src.stat()
            folder = src.parent
            shutil.rmtree(folder)
            folder.symlink_to(secret_dir / "sub")  # same name, same size and mtime behind it
            target = secret_dir / "sub" / "poster.pdf"
            target.write_bytes(b"TOPSECRET_CANARY".ljust(st.st_size, b"\n"))
            os.utime(target, ns=(st.st_atime_ns, st.st_mtime_ns))
            yield outcome

    monkeypatch.setattr(watch_module, "iter_outcomes", then_link)
    hot, ok, bad = tmp_path / "hot", tmp_path / "pass", tmp_path / "fail"
    (hot / "sub").mkdir(parents=True)
    shutil.copy(SAMPLES / "stad" / "compliant-poster.pdf", hot / "sub" / "poster.pdf")
    args = ["watch", str(hot), "--pass-dir", str(ok), "--fail-dir", str(bad), "--once"]
    run_cli(*args, "--interval", "0.2", "--ocr", "off")
    for out in (ok, bad):
        for f in out.rglob("*"):
            assert f.is_dir() or b"TOPSECRET" not in f.read_bytes()


def test_pipes_and_unreachable_entries_in_the_hot_folder_are_named_not_fatal(tmp_path: Path):
    prefix = user_prefix()
    hot, ok, bad = tmp_path / "hot", tmp_path / "pass", tmp_path / "fail"
    closed = hot / "closed"
    closed.mkdir(parents=True)
    shutil.copy(SAMPLES / "stad" / "compliant-poster.pdf", hot / "poster.pdf")
    shutil.copy(SAMPLES / "stad" / "compliant-poster.pdf", closed / "inside.pdf")
    os.mkfifo(hot / "pipe.pdf")
    closed.chmod(0o644)  # listed, not searchable
    args = ["watch", str(hot), "--pass-dir", str(ok), "--fail-dir", str(bad), "--once"]
    try:
        result = conftest.run_cli(
            *args, "--interval", "0.2", "--ocr", "off", "--jobs", "0", prefix=prefix
        )
    finally:
        closed.chmod(0o755)
    assert "Traceback" not in result.stderr, result.stderr
    assert result.returncode == 3, result.stderr
    assert (ok / "poster.pdf").is_file()
    assert f"{hot / 'pipe.pdf'}: not a regular file (a pipe); not opened" in result.stderr
    assert f"{closed / 'inside.pdf'}: cannot reach it: Permission denied" in result.stderr


def test_nothing_is_written_through_a_link_put_in_the_fail_folder(tmp_path: Path):
    hot, ok, bad = tmp_path / "hot", tmp_path / "pass", tmp_path / "fail"
    (hot / "sub").mkdir(parents=True)
    bad.mkdir()
    (hot / "notes.txt").write_text("not a document\n")
    (hot / "sub" / "other.txt").write_text("not a document either\n")
    victims = {name: tmp_path / f"victim-{name}" for name in ("part", "report", "sub")}
    for victim in victims.values():
        victim.mkdir() if victim.name.endswith("sub") else victim.write_text("precious\n")
    (bad / ".notes.txt.part").symlink_to(victims["part"])  # the copy's temporary name
    (bad / "notes.txt.brandcheck.json").symlink_to(victims["report"])
    (bad / "sub").symlink_to(victims["sub"], target_is_directory=True)
    args = ["watch", str(hot), "--pass-dir", str(ok), "--fail-dir", str(bad), "--once"]
    result = run_cli(*args, "--interval", "0.2", "--ocr", "off")
    assert victims["part"].read_text() == victims["report"].read_text() == "precious\n"
    assert list(victims["sub"].iterdir()) == []
    copy, report = bad / "notes.txt", bad / "notes.txt.brandcheck.json"
    assert not copy.is_symlink() and copy.read_text() == "not a document\n"
    assert not report.is_symlink() and "file.unsupported" in report.read_text()
    assert "sub/other.txt: cannot write its report or copy" in result.stderr, result.output
