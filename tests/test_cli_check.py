"""`brandcheck check` through the CLI: exit codes, formats, rule selection, bad inputs."""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import subprocess
import sys
import unicodedata
from pathlib import Path

import pymupdf
import pytest
from typer.testing import CliRunner

from brandcheck.cli import app

runner = CliRunner()
SAMPLES = Path(__file__).resolve().parents[1] / "samples"


def run(*args: str):
    return runner.invoke(app, ["check", *args])


def test_json_to_stdout_is_clean_and_versioned(text_pdf: Path):
    result = run(str(text_pdf), "--format", "json", "--no-progress")
    data = json.loads(result.stdout)
    assert data["schema"] == "brandcheck.report/1"
    [file] = data["files"]
    assert file["kind"] == "pdf" and file["page_count"] == 1
    assert file["pages"][0]["units"] == "pt" and file["pages"][0]["width"] == pytest.approx(595)
    assert len(file["sha256"]) == 64


def test_exit_codes_follow_fail_on(text_pdf: Path):
    # The text PDF is untagged: an info finding only.
    assert run(str(text_pdf), "--select", "accessibility").exit_code == 0
    assert run(str(text_pdf), "--select", "accessibility", "--fail-on", "info").exit_code == 1
    regraded = run(str(text_pdf), "--select", "BC504", "--severity", "BC504=error")
    assert regraded.exit_code == 1


def test_a_folder_with_nothing_to_check_is_exit_2_not_a_pass(tmp_path: Path):
    (tmp_path / "notes.txt").write_text("no PDF here", encoding="utf-8")
    result = run(str(tmp_path), "--no-progress")
    assert result.exit_code == 2 and "no files to check" in result.stderr
    assert "1 file in the folders named was not checked" in result.stderr  # and which
    assert str(tmp_path / "notes.txt") in result.stderr
    # and no report says "all clean": an empty SARIF uploaded anyway would close every alert
    sarif = tmp_path.parent / "empty.sarif"
    result = run(str(tmp_path), "--format", "sarif", "--output", str(sarif))
    assert result.exit_code == 2 and not sarif.exists(), result.output


def test_files_in_a_folder_that_are_not_checked_are_named_in_the_report(
    text_pdf: Path, tmp_path: Path
):
    # "1 passed" over a designers' folder must not hide the EPS export nobody looked at
    folder = tmp_path / "exports"
    (folder / "print").mkdir(parents=True)
    shutil.copy(text_pdf, folder / "flyer.pdf")
    (folder / "print" / "flyer.eps").write_bytes(b"%!PS-Adobe-3.0 EPSF-3.0\nshowpage\n")
    (folder / ".DS_Store").write_bytes(b"\0")  # hidden: never named
    result = run(str(folder), "--format", "json", "--ocr", "off")
    report = json.loads(result.stdout)
    assert [f["path"] for f in report["files"]] == [str(folder / "flyer.pdf")]
    skipped = [n for n in report["notes"] if "not checked" in n]
    assert skipped == [
        f"1 file in the folders named was not checked: not a PDF, image or SVG by name or "
        f"content ({folder / 'print' / 'flyer.eps'}). Name a file directly to have it reported "
        "as unreadable."
    ]
    named = run(str(folder / "print" / "flyer.eps"), "--format", "json")
    assert named.exit_code == 3 and json.loads(named.stdout)["files"][0]["status"] == "error"


def test_a_report_that_cannot_be_written_to_the_end_is_exit_2_without_a_traceback(
    text_pdf: Path,
):
    command = [sys.executable, "-m", "brandcheck", "check", str(text_pdf), "--format", "json"]
    full = subprocess.run(  # /dev/full opens, then every write fails: a full disk
        [*command, "--output", "/dev/full"],
        capture_output=True,
        text=True,
    )
    assert full.returncode == 2 and "Traceback" not in full.stderr
    assert "cannot write /dev/full: No space left on device" in full.stderr
    for fmt in ("json", "text"):  # the text report is written by rich, which exits by itself
        read_end, write_end = os.pipe()
        os.close(read_end)  # a reader that has gone, as `| head -c 1` soon is
        try:
            closed = subprocess.run(
                [*command[:-1], fmt], stdout=write_end, stderr=subprocess.PIPE, text=True
            )
        finally:
            os.close(write_end)
        assert closed.returncode == 2 and "Traceback" not in closed.stderr, fmt
        assert "stopped reading" in closed.stderr, fmt


def test_a_report_cut_short_leaves_the_previous_one_whole(text_pdf: Path, tmp_path: Path):
    # a CI step uploads the report whatever the exit code: never half a file
    import resource
    import signal

    def small_disk() -> None:  # writes past 1 kB fail (EFBIG), as on a full disk
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (1024, 1024))

    out = tmp_path / "reports" / "report.sarif"
    out.parent.mkdir()
    out.write_text('{"old": "report"}\n', encoding="utf-8")
    command = [sys.executable, "-m", "brandcheck", "check", str(text_pdf), "--ocr", "off"]
    cut = subprocess.run(
        [*command, "--format", "sarif", "--output", str(out)],
        capture_output=True,
        text=True,
        preexec_fn=small_disk,
    )
    assert cut.returncode == 2 and "Traceback" not in cut.stderr, cut.stderr
    assert f"cannot write {out}" in cut.stderr
    assert out.read_text(encoding="utf-8") == '{"old": "report"}\n'
    assert [p.name for p in out.parent.iterdir()] == ["report.sarif"]  # no temporary left
    whole = subprocess.run([*command, "--format", "sarif", "--output", str(out)], check=False)
    assert whole.returncode == 1 and json.loads(out.read_text(encoding="utf-8"))["runs"]
    # a device or a pipe is written in place, as before: /dev/stdout into a pipe is a link to
    # "pipe:[N]", where no temporary can be made
    piped = subprocess.run(
        [*command, "--format", "json", "--output", "/dev/stdout"], capture_output=True, text=True
    )
    assert piped.returncode == 1 and json.loads(piped.stdout)["files"], piped.stderr


def test_names_that_are_not_utf8_stay_apart_in_every_report(tmp_path: Path, text_pdf: Path):
    folder = tmp_path / "in"
    folder.mkdir()
    for byte in (b"\xff", b"\xfe"):  # Latin-1 names on a UTF-8 system
        os.link(text_pdf, os.path.join(os.fsencode(folder), b"r" + byte + b".pdf"))
    report = json.loads(run(str(folder), "--format", "json", "--select", "BC504").stdout)
    assert sorted(Path(f["path"]).name for f in report["files"]) == ["r\\xfe.pdf", "r\\xff.pdf"]
    sarif = json.loads(run(str(folder), "--format", "sarif", "--select", "BC504").stdout)
    uris = sorted(a["location"]["uri"] for a in sarif["runs"][0]["artifacts"])
    assert [u.rsplit("/", 1)[1] for u in uris] == ["r%FE.pdf", "r%FF.pdf"]


def test_ignore_by_name_removes_the_finding(text_pdf: Path):
    result = run(str(text_pdf), "--format", "json", "--ignore", "accessibility.untagged")
    rules = {f["rule"] for f in json.loads(result.stdout)["files"][0]["findings"]}
    assert "BC504" not in rules


def test_unreadable_inputs_are_reported_and_the_rest_checked(tmp_path: Path, text_pdf: Path):
    corrupt = tmp_path / "corrupt.pdf"
    corrupt.write_bytes(b"%PDF-1.7\n" + bytes(range(256)) * 3)
    empty = tmp_path / "empty.png"
    empty.write_bytes(b"")
    result = run(str(corrupt), str(empty), str(text_pdf), "--format", "json")
    assert result.exit_code == 3
    files = {Path(f["path"]).name: f for f in json.loads(result.stdout)["files"]}
    assert files["corrupt.pdf"]["status"] == "error" and files["corrupt.pdf"]["error"]
    assert files["empty.png"]["status"] == "error" and "empty" in files["empty.png"]["error"]
    assert files["text.pdf"]["status"] == "fail"  # checked: it lacks the logo
    assert {f["name"] for f in files["text.pdf"]["findings"]} >= {"logo.missing"}
    assert files["corrupt.pdf"]["findings"][0]["name"] == "file.unreadable"


def test_missing_path_and_unknown_rule_are_usage_errors(text_pdf: Path, tmp_path: Path):
    assert run(str(tmp_path / "nope.pdf"), "--format", "json").exit_code == 3
    bad = run(str(text_pdf), "--select", "logo.nonsense")
    assert bad.exit_code == 2 and "logo.nonsense" in bad.stderr
    assert run(str(text_pdf), "--profile", "no-such-profile").exit_code == 2
    assert run(str(text_pdf), "--format", "json,text").exit_code == 2  # needs --output-dir


def test_report_targets_that_cannot_be_written_are_usage_errors(text_pdf: Path, tmp_path: Path):
    a_file = tmp_path / "notes.txt"
    a_file.write_text("not a folder")
    cases = {
        "is a folder": ["--format", "json", "--output", str(tmp_path)],
        "is a file, not a folder": ["--format", "json,text", "--output-dir", str(a_file)],
        "not both": ["--output", str(tmp_path / "r.json"), "--output-dir", str(tmp_path)],
        "cannot write": ["--output", str(a_file / "r.json")],  # a folder that is a file
    }
    for words, args in cases.items():
        result = run(str(text_pdf), "--ignore", "logo", *args)
        assert result.exit_code == 2, (args, result.output)  # 1 would read as "findings"
        assert words in result.stderr and "Traceback" not in result.output
    assert run(str(text_pdf), "--annotate", str(a_file)).exit_code == 2
    before = text_pdf.read_bytes()
    clash = run(str(text_pdf), "--format", "json", "--output", str(text_pdf))
    assert clash.exit_code == 2 and "one of the inputs" in clash.stderr
    assert text_pdf.read_bytes() == before  # the input is not overwritten with the report
    inside = run(str(text_pdf.parent), "--format", "json", "--output", str(text_pdf))
    assert inside.exit_code == 2 and text_pdf.read_bytes() == before  # found in a folder
    folder = tmp_path / "folder"
    folder.mkdir()
    (folder / "link.pdf").symlink_to(text_pdf)  # the walk follows links: an input too
    linked = run(str(folder), "--format", "json", "--output", str(folder / "link.pdf"))
    assert linked.exit_code == 2 and text_pdf.read_bytes() == before


def test_several_formats_into_a_folder(text_pdf: Path, tmp_path: Path):
    out = tmp_path / "out"
    result = run(
        str(text_pdf), "--format", "json,text", "--output-dir", str(out), "--ignore", "logo,font"
    )
    assert result.exit_code == 0
    assert json.loads((out / "brandcheck-report.json").read_text())["summary"]["files"] == 1
    assert "PASS" in (out / "brandcheck-report.txt").read_text()


def test_reports_written_to_files_are_named_on_stderr_with_the_outcome(
    text_pdf: Path, tmp_path: Path
):
    out = tmp_path / "out"
    result = run(str(text_pdf), "-f", "json,junit,csv", "--output-dir", str(out), "--ocr", "off")
    assert result.exit_code == 1 and result.stdout == ""  # it lacks the logo
    told = [line for line in result.stderr.splitlines() if "stand-in" not in line]
    assert told[:3] == [
        f"brandcheck: JSON report written to {out / 'brandcheck-report.json'}",
        f"brandcheck: JUnit report written to {out / 'brandcheck-report.xml'}",
        f"brandcheck: CSV report written to {out / 'brandcheck-report.csv'}",
    ]
    assert "brandcheck: 1 file: 0 passed, 1 failed, 0 could not be read; " in result.stderr
    single = run(str(text_pdf), "-f", "html", "-o", str(tmp_path / "x.html"), "--ocr", "off")
    assert f"brandcheck: HTML report written to {tmp_path / 'x.html'}" in single.stderr
    piped = run(str(text_pdf), "-f", "json", "--ocr", "off")  # stdout only: stderr stays quiet
    assert "written to" not in piped.stderr and json.loads(piped.stdout)
    assert [line for line in piped.stderr.splitlines() if "stand-in" not in line] == []


def test_annotate_says_which_files_get_no_annotated_copy(
    text_pdf: Path, png_file: Path, tmp_path: Path
):
    notes = tmp_path / "notes"
    result = run(str(text_pdf), str(png_file), "--annotate", str(notes), "--ocr", "off")
    assert f"brandcheck: annotated copy: {notes / 'text.annotated.pdf'}" in result.stderr
    assert (
        f"brandcheck: no annotated copy of {png_file.name}: --annotate copies PDFs only"
        in result.stderr
    )


def test_csv_lists_a_file_that_passes_cleanly(text_pdf: Path, tmp_path: Path):
    failing = tmp_path / "untitled.pdf"
    doc = pymupdf.open()
    doc.new_page().insert_text((72, 72), "Hej", fontsize=12)
    doc.save(failing)
    result = run(
        str(text_pdf), str(failing), "-f", "csv", "--select", "BC502", "--fail-on", "warning"
    )
    assert result.exit_code == 1
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert [(Path(r["path"]).name, r["status"], r["rule"]) for r in rows] == [
        ("text.pdf", "pass", ""),
        ("untitled.pdf", "fail", "BC502"),
    ]


def test_folder_is_searched_recursively_by_content(tmp_path: Path, text_pdf: Path, png_file: Path):
    nested = tmp_path / "a" / "b"
    nested.mkdir(parents=True)
    (nested / "export.bin").write_bytes(png_file.read_bytes())  # image with an odd extension
    (nested / "notes.txt").write_text("not an asset")  # skipped inside folders
    result = run(str(tmp_path / "a"), "--format", "json")
    [file] = json.loads(result.stdout)["files"]
    assert file["path"].endswith("export.bin") and file["kind"] == "image"


def test_rules_command_lists_the_registry():
    result = runner.invoke(app, ["rules", "--format", "json"])
    rules = json.loads(result.stdout)
    codes = [r["code"] for r in rules]
    assert len(codes) == len(set(codes))
    assert {"BC101", "BC201", "BC301", "BC401", "BC901"} <= set(codes)
    assert all(r["source"] and r["summary"] for r in rules)


def test_console_script_runs_with_help():
    result = subprocess.run(
        [sys.executable, "-m", "brandcheck", "check", "--help"], capture_output=True, text=True
    )
    assert result.returncode == 0 and "--fail-on" in result.stdout and "Exit codes" in result.stdout


def test_rule_docs_are_generated_from_the_registry():
    docs = (Path(__file__).resolve().parents[1] / "docs" / "RULES.md").read_text()
    result = runner.invoke(app, ["rules", "--format", "markdown"])
    assert result.stdout == docs, "regenerate: brandcheck rules --format markdown > docs/RULES.md"


def test_html_previews_of_an_encrypted_pdf_use_the_password(tmp_path: Path):
    import pymupdf

    path = tmp_path / "locked.pdf"
    doc = pymupdf.open()
    doc.new_page().insert_text((72, 72), "Hemligt", fontsize=12)
    doc.save(path, encryption=pymupdf.PDF_ENCRYPT_AES_256, user_pw="pw", owner_pw="owner")
    out = tmp_path / "report.html"
    result = run(str(path), "--password", "pw", "--format", "html", "--output", str(out))
    assert result.exit_code in (0, 1)
    html = out.read_text()
    assert "locked.pdf" in html and "data:image/" in html


def test_timeout_stops_a_hanging_file_and_reports_the_others_in_order(tmp_path: Path):
    import os
    import time

    import pymupdf

    names = ["a.pdf", "hang.pdf", "c.pdf"]
    for name in names:
        doc = pymupdf.open()
        doc.new_page().insert_text((72, 72), f"Fil {name}", fontsize=12)
        doc.save(tmp_path / name)
    files = [str(tmp_path / n) for n in names]
    started = time.monotonic()
    result = subprocess.run(
        [sys.executable, "-m", "brandcheck", "check", *files, "-f", "json", "--timeout", "12"],
        # TEST-ONLY hook (brandcheck.batch.work): hang.pdf sleeps for 10 minutes
        env={**os.environ, "BRANDCHECK_TEST_DELAY": "hang.pdf=600"},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert time.monotonic() - started < 90  # cut off, not waited for
    assert result.returncode == 3, result.stderr
    files = json.loads(result.stdout)["files"]
    assert [Path(f["path"]).name for f in files] == names  # input order, not finishing order
    assert [f["status"] for f in files] == ["fail", "error", "fail"]
    assert files[1]["findings"][0]["name"] == "file.timeout"
    assert "12" in files[1]["error"]


def test_jobs_give_the_same_report_as_one_process(tmp_path: Path, text_pdf: Path):
    other = tmp_path / "other.pdf"
    import pymupdf

    doc = pymupdf.open()
    doc.new_page().insert_text((72, 72), "Stockholms stad", fontsize=8)
    doc.save(other)

    def findings(*extra: str) -> list:
        result = run(str(text_pdf), str(other), "--format", "json", *extra)
        return [
            (Path(f["path"]).name, f["status"], sorted(g["rule"] for g in f["findings"]))
            for f in json.loads(result.stdout)["files"]
        ]

    assert findings("--jobs", "2") == findings()


def test_every_placed_finding_states_its_pages_and_boxes():
    files = [SAMPLES / "stad" / n for n in ("poster-stretched-logo.pdf", "flyer-wrong-font.pdf")]
    result = run(*map(str, files), "--format", "json", "--no-progress")
    findings = [f for file in json.loads(result.stdout)["files"] for f in file["findings"]]
    assert {"BC104", "BC303"} <= {f["rule"] for f in findings}, findings
    for f in findings:  # one way to read where a finding is, merged or not
        if f["page"] is not None:
            assert f["page"] in f["pages"], f
        if f["bbox"] is not None:
            assert f["bbox"] in f["boxes"] and len(f["box_pages"]) == len(f["boxes"]), f


def test_piped_text_reports_are_wide_enough_for_ci_logs(monkeypatch):
    monkeypatch.delenv("COLUMNS", raising=False)
    result = run(str(SAMPLES / "stad" / "flyer-wrong-font.pdf"), "--no-progress")
    lines = result.stdout.splitlines()
    assert any(
        ln.startswith("  error BC301 font.not_allowed (page 1): Comic Display is not one of")
        and ln.endswith("used as Comic Display Regular.")
        for ln in lines
    ), lines  # one line a finding, never folded


def test_an_input_that_cannot_be_read_does_not_stop_the_run(tmp_path: Path, monkeypatch):
    # (as root every file reads: the test makes the access check say no for one path)
    locked = tmp_path / "locked.pdf"
    locked.write_bytes((SAMPLES / "stad" / "compliant-poster.pdf").read_bytes())
    real_access = os.access
    monkeypatch.setattr(
        os, "access", lambda p, mode, **kw: str(p) != str(locked) and real_access(p, mode, **kw)
    )
    result = run(str(SAMPLES / "stad" / "compliant-poster.pdf"), str(locked), "--format", "json")
    assert result.exit_code != 2, result.output  # not a usage error for the whole run
    assert len(json.loads(result.stdout)["files"]) == 2


@pytest.mark.parametrize("width", [80, 100, 160])
def test_the_progress_bar_shows_its_eta_on_a_narrow_terminal(width, monkeypatch):
    import io
    import re

    from rich.console import Console

    from brandcheck.cli import progress

    buf = io.StringIO()
    monkeypatch.setattr(
        progress, "Console", lambda stderr: Console(file=buf, width=width, force_terminal=True)
    )
    with progress.run_progress(True, "scanning") as bar:
        bar.start(12345)
        bar.advance("/archive/2019/a/long/folder/name/and-a-long-file-name-too.pdf", 3)
    shown = [
        re.sub(r"\x1b\[[0-9;?]*[a-zA-Z]", "", line) for line in re.split(r"[\r\n]", buf.getvalue())
    ]
    line = next(text for text in reversed(shown) if "ETA" in text)
    assert len(line.rstrip()) <= width and "/12345" in line and "pages/s" in line


def test_the_progress_bar_shows_the_page_a_long_file_has_got_to(monkeypatch):
    import io
    import re

    from rich.console import Console

    from brandcheck.cli import progress

    buf = io.StringIO()
    monkeypatch.setattr(
        progress, "Console", lambda stderr: Console(file=buf, width=120, force_terminal=True)
    )
    with progress.run_progress(True) as bar:
        bar.start(1)
        bar.page("exports/arsredovisning-2025.pdf", 37, 100)
    shown = re.sub(r"\x1b\[[0-9;?]*[a-zA-Z]", "", buf.getvalue())
    assert "arsredovisning-2025.pdf page 37/100" in shown and "0/1" in shown


def test_error_lines_are_plain_on_a_terminal_with_no_color(text_pdf: Path):
    args = ["check", "--select", "BC999", str(text_pdf)]
    coloured = runner.invoke(app, args, color=True)  # as on a terminal
    assert coloured.exit_code == 2 and "\x1b[31m" in coloured.stderr
    for env in ({"NO_COLOR": "1"}, {"TERM": "dumb"}):  # no-color.org, and dumb terminals
        plain = runner.invoke(app, args, color=True, env=env)
        assert plain.exit_code == 2 and "unknown rule" in plain.stderr
        assert "\x1b[" not in plain.stderr, env


_SVG_BODY = (
    '<svg xmlns="http://www.w3.org/2000/svg" width="400" height="300">'
    '<rect width="400" height="300" fill="#009991"/></svg>'
)


def test_svgs_after_a_doctype_a_long_comment_or_in_utf16_are_checked(tmp_path: Path):
    # old Illustrator/Inkscape exports start with a DOCTYPE (Illustrator's names the SVG
    # namespace through an entity), a licence comment can outrun the first 4 KB, and XML may
    # be UTF-16 with a byte-order mark; none of them is named .svg here: content decides
    doctype = '<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "svg11.dtd">\n'
    entity = (
        '<?xml version="1.0"?>\n<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.0//EN" "svg10.dtd" [\n'
        '<!ENTITY ns_svg "http://www.w3.org/2000/svg">\n<!ENTITY note "a > b ]">\n]>\n'
    )
    files = {
        "doctype": (doctype + _SVG_BODY).encode(),
        "entity": (
            entity + _SVG_BODY.replace('"http://www.w3.org/2000/svg"', '"&ns_svg;"')
        ).encode(),
        "comment": ("<!-- " + "x" * 5000 + " -->\n" + _SVG_BODY).encode(),
        "utf16": ('\ufeff<?xml version="1.0" encoding="UTF-16"?>\n' + _SVG_BODY).encode(
            "utf-16-le"
        ),
        # not SVG: HTML with an inline svg, XHTML, and an svg element in another namespace
        "html": b"<!DOCTYPE html><html><body>" + _SVG_BODY.encode() + b"</body></html>",
        "xhtml": b'<?xml version="1.0"?><html xmlns="http://www.w3.org/1999/xhtml">'
        + _SVG_BODY.encode()
        + b"</html>",
        "other": _SVG_BODY.replace("2000/svg", "2000/other").encode(),
    }
    for name, data in files.items():
        (tmp_path / f"{name}.dat").write_bytes(data)
    paths = [str(tmp_path / f"{name}.dat") for name in files]
    result = run(*paths, "--format", "json", "--ocr", "off", "--select", "colour,file")
    outcomes = {Path(f["path"]).stem: f for f in json.loads(result.stdout)["files"]}
    for name in ("doctype", "entity", "comment", "utf16"):
        assert outcomes[name]["status"] == "pass", outcomes[name]
        assert outcomes[name]["kind"] == "svg"
    for name in ("html", "xhtml", "other"):
        [finding] = outcomes[name]["findings"]
        assert finding["name"] == "file.unsupported", outcomes[name]


def test_a_picture_of_nans_prints_no_raw_python_warning(tmp_path: Path):
    import numpy as np
    from PIL import Image

    nan = tmp_path / "nan.tif"
    Image.fromarray(np.full((120, 160), np.nan, dtype=np.float32), mode="F").save(nan)
    args = ["check", str(nan), "--ocr", "off", "--format", "json", "--output", "-"]
    proc = subprocess.run(
        [sys.executable, "-W", "default", "-c", "from brandcheck.cli import main; main()", *args],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert proc.returncode in (0, 1), proc.stderr
    assert "Warning" not in proc.stderr, proc.stderr


def test_a_report_whose_name_is_nearly_as_long_as_a_name_can_be_is_written(
    text_pdf: Path, tmp_path: Path
):
    # 250 bytes: the report fits, its hidden temporary `.NAME.<pid>.part` would not
    target = tmp_path / ("ö" * 119 + "rapport.json")
    assert len(os.fsencode(target.name)) == 250
    result = run(str(text_pdf), "--format", "json", "--output", str(target), "--ocr", "off")
    assert result.exit_code == 1, result.output  # its findings, not "cannot write"
    assert json.loads(target.read_text(encoding="utf-8"))["schema"] == "brandcheck.report/1"
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_a_name_there_in_the_other_unicode_spelling_is_pointed_out(text_pdf: Path, tmp_path: Path):
    # copied from a Mac: å ä as a letter and a combining mark (NFD); typed or scripted: NFC
    shutil.copy(text_pdf, tmp_path / unicodedata.normalize("NFD", "åtgärd.pdf"))
    typed = tmp_path / unicodedata.normalize("NFC", "åtgärd.pdf")
    result = run(str(typed), "--format", "json", "--ocr", "off")
    assert result.exit_code == 3
    [error] = json.loads(result.stdout)["files"]
    assert error["error"].startswith("no such file or folder; 'åtgärd.pdf' is there in ")
    assert "spelt with other Unicode characters (NFD, as macOS writes)" in error["error"]


def test_where_reports_went_is_said_printably_for_a_folder_not_named_in_utf8(
    text_pdf: Path, tmp_path: Path
):
    # a share copied from an old Windows machine: the folder's name has a Latin-1 byte
    out = Path(os.fsdecode(bytes(tmp_path) + b"/rapporter-\xe5r"))
    result = run(str(text_pdf), "--format", "json,csv", "--output-dir", str(out), "--ocr", "off")
    assert result.exit_code == 1, result.output
    assert "rapporter-\\xe5r" in result.stderr and "\udce5" not in result.stderr, result.stderr
    assert sorted(p.suffix for p in out.iterdir()) == [".csv", ".json"]


def test_the_nfd_mark_after_a_name_is_explained(text_pdf: Path, tmp_path: Path):
    """Two files whose names differ only in Unicode form print as 'åtgärd.pdf' and
    'åtgärd.pdf [NFD]': the text and HTML reports say what [NFD] means in a note, and only
    when a name carries the mark."""
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(text_pdf, folder / unicodedata.normalize("NFD", "åtgärd.pdf"))
    shutil.copy(text_pdf, folder / unicodedata.normalize("NFC", "åtgärd.pdf"))
    text = run(str(folder), "--ocr", "off").stdout
    assert "åtgärd.pdf [NFD]" in unicodedata.normalize("NFC", text)
    assert "Note: [NFD] after a name: its letters with accents" in text
    html = run(str(folder), "--ocr", "off", "--format", "html").stdout
    assert "[NFD] after a name: its letters with accents" in html
    (folder / unicodedata.normalize("NFD", "åtgärd.pdf")).rename(folder / "plain.pdf")
    assert "[NFD]" not in run(str(folder), "--ocr", "off").stdout


def _social_banner(path: Path) -> Path:
    """A 1200 x 628 social post saved without a resolution: the negative logo, a headline."""
    from PIL import Image, ImageDraw, ImageFont

    from brandcheck.synth import find_font

    logos = Path(__file__).resolve().parents[1] / "reference_assets" / "stockholm" / "logo"
    svg = pymupdf.open(logos / "standin-negative.svg")
    zoom = 260 / svg[0].rect.width
    pix = svg[0].get_pixmap(matrix=pymupdf.Matrix(zoom, zoom), alpha=True)
    logo = Image.frombytes("RGBA", (pix.width, pix.height), pix.samples)
    banner = Image.new("RGB", (1200, 628), (0, 153, 145))
    banner.paste(logo, (40, 40), logo)
    bold = ImageFont.truetype(str(find_font("LiberationSans-Bold.ttf")), 56)
    ImageDraw.Draw(banner).text((40, 300), "Höstlovsaktiviteter för alla", font=bold, fill="white")
    banner.save(path)
    return path


def test_a_picture_without_a_resolution_is_said_once_and_dpi_is_not_taken_for_one(
    tmp_path: Path,
):
    """A social post checked for print: its logo's size (BC102) and its text's (BC303) are not
    judged for one reason, said in one note that reads as the others do; --dpi 300 does not
    give the picture a resolution, and the run says so rather than ignoring it silently."""
    banner = _social_banner(tmp_path / "banner.png")
    result = run(str(banner), "--dpi", "300", "--format", "json", "--no-progress")
    report = json.loads(result.stdout)
    [skipped] = [f for f in report["files"][0]["findings"] if f["rule"] == "BC910"]
    assert skipped["message"].startswith(
        "The picture has no resolution (dpi), so it has no size in print; BC102, BC303 not "
        "judged: check screen material with --target digital"
    ), skipped["message"]
    assert skipped["details"]["rules"] == ["BC102", "BC303"]
    [dpi] = [note for note in report["notes"] if "--dpi" in note]
    assert dpi.startswith("--dpi 300 sets the resolution PDF and SVG pages are drawn at")
    assert "judged at its own pixels" in dpi
    default = json.loads(run(str(banner), "--format", "json", "--no-progress").stdout)
    assert not [note for note in default["notes"] if "--dpi" in note]  # not asked: not said
