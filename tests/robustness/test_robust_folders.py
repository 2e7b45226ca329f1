"""Folders and file names: symlink loops, unreadable files, odd names, long paths, moving files."""

from __future__ import annotations

import io
import os
import threading
import time
from pathlib import Path

import corpus
import pytest
from as_user import user_prefix
from conftest import check_json, hashes, run_cli
from PIL import Image

import brandcheck.pipeline
from brandcheck.annotate import annotate_report
from brandcheck.api import check_paths
from brandcheck.pipeline import RunOptions
from brandcheck.previews import render_previews

AS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0


def test_symlink_loops_end_and_each_file_is_checked_once(tmp_path: Path) -> None:
    root = tmp_path / "tree"
    pdf = corpus.write(root / "sub", "a.pdf", corpus.pdf_bytes(pages=1))
    (root / "loop").symlink_to(root, target_is_directory=True)  # tree/loop -> tree
    (root / "sub" / "up").symlink_to(root, target_is_directory=True)  # sub/up -> tree
    (root / "self.pdf").symlink_to(root / "self.pdf")  # ELOOP on open
    (root / "dangling.pdf").symlink_to(root / "missing.pdf")
    (root / "notes.txt").symlink_to(root / "missing.txt")  # not named as a document: left out
    run = check_json(root, timeout=120)
    outcomes = run.outcomes()
    # the broken links named as documents are counted as not read, once each, with the reason
    assert sorted(outcomes) == sorted(
        str(root / n) for n in ("dangling.pdf", "self.pdf", "sub/a.pdf")
    )
    assert outcomes[str(pdf)]["status"] in ("pass", "fail")
    assert outcomes[str(root / "self.pdf")]["error"].startswith("a link that cannot be followed")
    assert outcomes[str(root / "dangling.pdf")]["error"].startswith("a link that cannot be")
    assert run.returncode == 3


def test_named_symlink_loop_is_an_outcome(tmp_path: Path) -> None:
    (tmp_path / "self.pdf").symlink_to(tmp_path / "self.pdf")
    (tmp_path / "dangling.pdf").symlink_to(tmp_path / "gone.pdf")
    run = check_json(tmp_path / "self.pdf", tmp_path / "dangling.pdf", tmp_path / "none.pdf")
    assert run.returncode == 3
    loop, dangling, missing = run.report["files"]
    assert loop["status"] == dangling["status"] == missing["status"] == "error"
    assert loop["error"].startswith("a link that cannot be followed: Too many levels")
    assert dangling["error"].startswith("a link that cannot be followed")
    assert missing["error"] == "no such file or folder"


@pytest.mark.skipif(AS_ROOT, reason="running as root: chmod 000 does not stop root reading")
def test_unreadable_file_and_folder_are_outcomes(tmp_path: Path) -> None:
    ok = corpus.write(tmp_path, "ok.png", corpus.image_bytes("PNG"))
    locked = corpus.write(tmp_path, "locked.pdf", corpus.pdf_bytes(pages=1))
    closed = tmp_path / "closed"
    corpus.write(closed, "inside.pdf", corpus.pdf_bytes(pages=1))
    locked.chmod(0)
    closed.chmod(0)
    try:
        run = check_json(tmp_path)
    finally:
        locked.chmod(0o644)
        closed.chmod(0o755)
    outcomes = run.outcomes()
    assert run.returncode == 3
    assert outcomes[str(ok)]["status"] in ("pass", "fail")
    assert "Permission denied" in outcomes[str(locked)]["error"]
    assert "cannot list folder" in outcomes[str(closed)]["error"]


def test_chmod_000_as_root_is_still_checked(tmp_path: Path) -> None:
    """Root reads mode-000 files; say so honestly rather than pretend they were refused."""
    if not AS_ROOT:
        pytest.skip("only meaningful as root (CI)")
    locked = corpus.write(tmp_path, "locked.pdf", corpus.pdf_bytes(pages=1))
    locked.chmod(0)
    run = check_json(locked)
    assert run.report["files"][0]["status"] in ("pass", "fail")


def test_non_utf8_and_hostile_names(tmp_path: Path) -> None:
    raw = os.fsencode(tmp_path) + b"/caf\xe9-\xff\xfe.png"
    named = os.fsdecode(raw)
    Path(named).write_bytes(corpus.image_bytes("PNG"))
    odd = corpus.write(tmp_path, "new\nline\x1b[2J\u202egnp.pdf", corpus.pdf_bytes(pages=1))
    run = check_json(tmp_path)
    files = run.report["files"]
    assert len(files) == 2 and all(f["status"] in ("pass", "fail") for f in files)
    paths = sorted(f["path"] for f in files)
    assert any(p.endswith("caf\\xe9-\\xff\\xfe.png") for p in paths)  # bytes as escapes
    shown = next(p for p in paths if "line" in p)
    assert "\n" not in shown and "\x1b" not in shown and "\u202e" not in shown
    assert shown.endswith("new\\nline\\x1b[2J\\u202egnp.pdf")
    assert hashes([Path(named), odd])  # both still readable by their real names


def _deep_folder(root: Path, depth: int, name_len: int = 200) -> bytes:
    """Create root/ddd.../ddd... `depth` levels deep without ever passing a long path to open()."""
    fd = os.open(root, os.O_RDONLY | os.O_DIRECTORY)
    try:
        for i in range(depth):
            name = f"{i:03d}" + "d" * (name_len - 3)
            os.mkdir(name, dir_fd=fd)
            nxt = os.open(name, os.O_RDONLY | os.O_DIRECTORY, dir_fd=fd)
            os.close(fd)
            fd = nxt
        out = os.open("deep.png", os.O_WRONLY | os.O_CREAT, 0o644, dir_fd=fd)
        os.write(out, corpus.image_bytes("PNG"))
        os.close(out)
    finally:
        os.close(fd)
    return os.fsencode(root) + b"".join(
        b"/" + (b"%03d" % i) + b"d" * (name_len - 3) for i in range(depth)
    )


def test_long_path_below_path_max_is_checked(tmp_path: Path) -> None:
    folder = _deep_folder(tmp_path, 14)  # ~2,900 characters
    run = check_json(tmp_path)
    files = run.report["files"]
    assert len(files) == 1 and files[0]["status"] in ("pass", "fail")
    assert len(files[0]["path"]) == len(folder) + len("/deep.png")


def test_path_beyond_path_max_is_an_outcome_not_a_crash(tmp_path: Path) -> None:
    _deep_folder(tmp_path, 25)  # ~5,000 characters: the OS refuses the full path
    sibling = corpus.write(tmp_path, "ok.png", corpus.image_bytes("PNG"))
    run = check_json(tmp_path)
    outcomes = run.outcomes()
    assert outcomes[str(sibling)]["status"] in ("pass", "fail")
    errors = [f for f in outcomes.values() if f["status"] == "error"]
    assert len(errors) == 1 and "too long" in errors[0]["error"].lower()
    assert run.returncode == 3


def test_a_fifo_named_on_the_command_line_does_not_block(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.pdf"
    os.mkfifo(fifo)
    run = check_json(fifo, timeout=60)
    f = run.report["files"][0]
    assert f["status"] == "error" and f["findings"][0]["name"] == "file.unsupported"


def test_a_folder_listed_but_not_searchable_gives_outcomes_not_a_traceback(tmp_path: Path):
    """chmod 644 on a folder: its names can be listed, nothing in it reached. Each entry is an
    outcome with the reason (it may be a document), and the rest of the run goes on."""
    prefix = user_prefix()
    tree = tmp_path / "tree"
    ok = corpus.write(tree, "ok.png", corpus.image_bytes("PNG"))
    closed = tree / "closed"
    inside = corpus.write(closed, "inside.pdf", corpus.pdf_bytes(pages=1))
    corpus.write(closed / "deeper", "x.pdf", corpus.pdf_bytes(pages=1))
    db = tmp_path / "scan.sqlite"
    closed.chmod(0o644)
    try:
        run = check_json(tree, prefix=prefix)
        named = check_json(inside, ok, prefix=prefix)
        scan = run_cli("scan", tree, "--db", db, "--jobs", "0", "--ocr", "off", prefix=prefix)
    finally:
        closed.chmod(0o755)
    for checked in (run, named):
        outcomes = checked.outcomes()
        assert checked.returncode == 3
        assert outcomes[str(ok)]["status"] in ("pass", "fail")
        assert outcomes[str(inside)]["error"] == "cannot reach it: Permission denied"
    assert run.outcomes()[str(closed / "deeper")]["error"] == "cannot reach it: Permission denied"
    assert scan.returncode == 3, scan.stderr
    assert f"{inside}: cannot reach it: Permission denied" in scan.stderr
    assert "checked 1" in scan.stdout.decode(), scan.stdout


def test_pipes_and_devices_in_a_folder_are_outcomes_and_never_opened(tmp_path: Path):
    ok = corpus.write(tmp_path, "ok.png", corpus.image_bytes("PNG"))
    os.mkfifo(tmp_path / "pipe.pdf")
    os.mkfifo(tmp_path / "pipe")  # no name to go by
    (tmp_path / "zero.pdf").symlink_to("/dev/zero")
    (tmp_path / "to-pipe.svg").symlink_to(tmp_path / "pipe")
    run = check_json(tmp_path, timeout=120)  # opening a pipe would block: the timeout says so
    outcomes = run.outcomes()
    assert run.returncode == 3
    assert outcomes[str(ok)]["status"] in ("pass", "fail")
    for name, what in (("pipe.pdf", "a pipe"), ("pipe", "a pipe"), ("zero.pdf", "a device")):
        outcome = outcomes[str(tmp_path / name)]
        assert outcome["error"] == f"not a regular file ({what}); not opened", outcome
        assert outcome["findings"][0]["name"] == "file.unsupported"
    assert "a pipe" in outcomes[str(tmp_path / "to-pipe.svg")]["error"]
    scan = run_cli("scan", tmp_path, "--db", tmp_path.parent / "fifo.sqlite", "--jobs", "0")
    assert scan.returncode == 3
    assert f"{tmp_path / 'pipe'}: not a regular file (a pipe); not opened" in scan.stderr


def test_file_changed_during_the_check_is_reported(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Simulate a writer that appends while the file is open (deterministic)."""
    path = corpus.write(tmp_path, "growing.pdf", corpus.pdf_bytes(pages=1))
    real_open = brandcheck.pipeline.open_document

    def open_then_append(p: Path, **kwargs: object):
        doc = real_open(p, **kwargs)
        with open(p, "ab") as fh:
            fh.write(b"%% appended by a slow download\n")
        return doc

    monkeypatch.setattr(brandcheck.pipeline, "open_document", open_then_append)
    f = check_paths([path], options=RunOptions(ocr="off")).files[0]
    assert f.status == "error" and "changed while" in (f.error or "")


def test_file_rewritten_continuously_gives_one_outcome_per_run(tmp_path: Path) -> None:
    """A real concurrent writer flipping between a PDF, a truncated PDF and a PNG."""
    path = tmp_path / "moving.pdf"
    versions = [
        corpus.pdf_bytes(pages=3),
        corpus.pdf_bytes(pages=3)[:900],
        corpus.image_bytes("PNG"),
    ]
    path.write_bytes(versions[0])
    stop = threading.Event()

    def writer() -> None:
        i = 0
        while not stop.is_set():
            with open(path, "r+b") as fh:  # rewrite in place, as a copy tool would
                fh.truncate(0)
                fh.write(versions[i % len(versions)])
            i += 1
            time.sleep(0.001)

    thread = threading.Thread(target=writer, daemon=True)
    thread.start()
    try:
        for _ in range(2):
            run = check_json(path, timeout=120)
            assert len(run.report["files"]) == 1
            assert run.report["files"][0]["status"] in ("pass", "fail", "error")
    finally:
        stop.set()
        thread.join()


def test_texts_that_start_like_a_bmp_or_mention_pdf_are_not_taken_for_them(tmp_path: Path):
    root = tmp_path / "exports"
    pdf = corpus.write(root, "a.pdf", corpus.pdf_bytes(pages=1))
    corpus.write(root, "data.csv", b"BM,10,20\n1,2,3\n")
    corpus.write(root, "BMW_report.txt", b"BMW report for the fleet\n")
    corpus.write(root, "notes.txt", b"the PDF marker is %PDF- followed by a version\n")
    bmp = corpus.write(root, "b.bmp", _bmp_bytes())
    run = check_json(root)
    assert sorted(run.outcomes()) == sorted([str(pdf), str(bmp)])  # the texts are skipped
    assert run.returncode in (0, 1)  # nothing "could not be read"


def _bmp_bytes() -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", (64, 48), (200, 30, 60)).save(buf, "BMP")
    return buf.getvalue()


def test_pdf_and_svg_under_a_name_that_is_not_utf8_are_checked(tmp_path: Path) -> None:
    folder = tmp_path / os.fsdecode(b"arkiv-\xe9")  # Latin-1 bytes, kept as a surrogate
    try:
        folder.mkdir()
    except (OSError, UnicodeEncodeError):
        pytest.skip("this file system takes UTF-8 names only")
    pdf = corpus.write(folder, "a.pdf", corpus.pdf_bytes(pages=1))
    svg = corpus.write(folder, "b.svg", corpus.svg_bytes())
    report = check_paths([folder], options=RunOptions(ocr="off"))
    outcomes = report.files
    assert {f.status for f in outcomes} <= {"pass", "fail"}, [(f.path, f.error) for f in outcomes]
    assert len(outcomes) == 2 and pdf.exists() and svg.exists()
    # reopened by their names on disk, not the printable ones: annotated copies, previews
    done = {Path(a.source).suffix: a for a in annotate_report(report, tmp_path / "annotated")}
    assert done[".pdf"].output is not None and done[".pdf"].output.is_file(), done[".pdf"]
    assert render_previews(next(f for f in outcomes if f.kind == "pdf"))
