"""Annotated PDF copies: one annotation per finding, boxes where findings are, inputs untouched."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import pymupdf
import pytest
from report_inputs import make_pdf, run_report

from brandcheck.annotate import annotate_report
from brandcheck.report import Finding, Report


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _annotations(path: Path) -> list[tuple[int, str, pymupdf.Rect, dict]]:
    with pymupdf.open(path) as doc:
        return [(p.number, a.type[1], a.rect, dict(a.info)) for p in doc for a in p.annots()]


def test_one_annotation_per_finding_and_inputs_unchanged(
    tmp_path: Path, mixed_inputs: list[Path], mixed_report: Report
) -> None:
    before = {p: _sha(p) for p in mixed_inputs}
    done = annotate_report(mixed_report, tmp_path / "annotated")
    assert {p: _sha(p) for p in mixed_inputs} == before
    by_source = {Path(d.source).name: d for d in done}
    assert by_source["poster.png"].output is None and not by_source["poster.png"].problem
    assert by_source["broken.pdf"].output is None and not by_source["broken.pdf"].problem
    for name in ("brochure.pdf", "clean.pdf"):
        result = by_source[name]
        assert result.output == tmp_path / "annotated" / name.replace(".pdf", ".annotated.pdf")
        file = next(f for f in mixed_report.files if f.path.endswith(name))
        found = _annotations(result.output)
        located = [f for f in file.findings if f.bbox is not None and f.page is not None]
        squares = [a for a in found if a[1] == "Square"]
        notes = [a for a in found if a[1] == "Text"]
        assert len(squares) == len(located)
        assert len(notes) == len(file.findings) - len(located)
        assert result.annotations == len(found) == len(file.findings)
        for finding in located:  # each on its page, around its box, with its rule and message
            assert any(
                page == finding.page
                and rect.contains(pymupdf.Rect(finding.bbox))
                and info["subject"] == f"{finding.rule} {finding.name}"
                and finding.message in info["content"]
                and info["title"] == "brandcheck"
                for page, _kind, rect, info in squares
            ), finding
    brochure = next(f for f in mixed_report.files if f.path.endswith("brochure.pdf"))
    assert any(f.bbox is not None for f in brochure.findings), "the test needs a boxed finding"


def test_several_boxed_findings_including_odd_ones(tmp_path: Path) -> None:
    pdf = make_pdf(tmp_path / "in" / "doc.pdf", pages=2)
    report = run_report([pdf])
    file = report.files[0]
    file.findings += [
        Finding.of("colour.off_palette", "flat red", page=1, bbox=(50.0, 60.0, 150.0, 90.0)),
        Finding.of("font.too_small", "hairline", page=0, bbox=(10.0, 10.0, 10.0, 30.0)),
        Finding.of("logo.clear_space", "page gone", page=7, bbox=(5.0, 5.0, 25.0, 25.0)),
    ]
    file.findings += [  # boxes whose pages are known, and no bbox: its first box is marked
        Finding.of(
            "font.too_small",
            "merged",
            page=0,
            boxes=[(300.0, 300.0, 340.0, 310.0), (60.0, 400.0, 90.0, 410.0)],
            box_pages=[1, 0],
            count=2,
        )
    ]
    [result] = annotate_report(report, tmp_path / "out")
    found = _annotations(result.output)
    on_pages = [f for f in file.findings if (f.bbox is not None or f.boxes) and f.page != 7]
    assert len([a for a in found if a[1] == "Square"]) == len(on_pages)
    assert len(found) == len(file.findings)
    gone = next(a for a in found if a[3]["subject"].startswith("BC103"))
    assert gone[1] == "Text"  # page 7 does not exist: a note, not a box on another page
    merged = next(a for a in found if "merged" in a[3]["content"])
    assert merged[0] == 1 and merged[2].contains(pymupdf.Rect(300, 300, 340, 310))
    hairline = next(a for a in found if "hairline" in a[3]["content"])
    assert hairline[2].width >= 2  # a zero-width box still gets a visible square
    red = next(a for a in found if a[3]["subject"].startswith("BC201"))
    assert red[0] == 1 and red[2].contains(pymupdf.Rect(50, 60, 150, 90))


@pytest.mark.parametrize("rotation", [0, 90, 180, 270])
def test_notes_for_findings_without_a_box_sit_top_left_of_the_page_as_shown(
    tmp_path: Path, rotation: int
) -> None:
    pdf = make_pdf(tmp_path / "in" / "doc.pdf", pages=1, low_res=False)
    with pymupdf.open(pdf) as doc:  # turned, with a crop box away from the media box's origin
        doc[0].set_mediabox(pymupdf.Rect(0, 0, 700, 900))
        doc[0].set_cropbox(pymupdf.Rect(60, 40, 655, 882))
        doc[0].set_rotation(rotation)
        doc.saveIncr()
    report = run_report([pdf])
    notes = [Finding.of("accessibility.title", f"note {i}", page=0) for i in range(3)]
    report.files[0].findings = notes  # no boxes: notes in a row
    [result] = annotate_report(report, tmp_path / "out")
    with pymupdf.open(result.output) as doc:
        page = doc[0]
        shown = [(a.rect * page.rotation_matrix).normalize() for a in page.annots()]
        assert all(page.rect.contains(r) for r in shown)
        assert [(round(r.x0), round(r.y0)) for r in shown] == [(10, 10), (34, 10), (58, 10)]


def test_never_overwrites_an_input_even_in_its_own_folder(tmp_path: Path) -> None:
    a = make_pdf(tmp_path / "a.pdf", pages=1)
    shutil.copy(a, tmp_path / "a.annotated.pdf")  # looks like an earlier output, but is an input
    inputs = [a, tmp_path / "a.annotated.pdf"]
    before = {p: _sha(p) for p in inputs}
    done = annotate_report(run_report(inputs), tmp_path)
    assert {p: _sha(p) for p in inputs} == before
    outputs = {d.output.name for d in done}
    assert outputs == {"a.annotated-2.pdf", "a.annotated.annotated.pdf"}
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".brandcheck-")]


def test_a_file_changed_after_the_check_is_not_annotated(tmp_path: Path) -> None:
    pdf = make_pdf(tmp_path / "doc.pdf", pages=1)
    report = run_report([pdf])
    make_pdf(pdf, pages=2, seed=9)  # replaced by another file
    [result] = annotate_report(report, tmp_path / "out")
    assert result.output is None and result.problem
    assert "changed" in (result.skipped or "")


@pytest.mark.parametrize("twice", [False, True])
def test_rerun_replaces_its_own_output(tmp_path: Path, twice: bool) -> None:
    pdf = make_pdf(tmp_path / "doc.pdf", pages=1)
    report = run_report([pdf])
    first = annotate_report(report, tmp_path / "out")[0].output
    if twice:
        second = annotate_report(report, tmp_path / "out")[0].output
        assert second == first
    assert len(list((tmp_path / "out").iterdir())) == 1


def test_the_copy_of_an_encrypted_pdf_stays_encrypted(tmp_path: Path) -> None:
    plain = make_pdf(tmp_path / "plain.pdf", pages=1)
    with pymupdf.open(plain) as doc:
        doc.save(
            tmp_path / "secret.pdf",
            encryption=pymupdf.PDF_ENCRYPT_AES_256,
            user_pw="user-secret",
            owner_pw="owner-secret",
        )
    report = run_report([tmp_path / "secret.pdf"], password="user-secret")
    [result] = annotate_report(report, tmp_path / "out", password="user-secret")
    assert result.output is not None and result.annotations >= 1
    with pymupdf.open(result.output) as copy:
        assert copy.needs_pass  # the findings quote the content: it is as protected
        assert copy.authenticate("user-secret") and len(list(copy[0].annots())) >= 1


def test_notes_stand_apart_on_a_page_with_a_user_unit(tmp_path: Path) -> None:
    """A page with /UserUnit 2 shows its note icons twice as large: they are spaced by
    their shown size, not overlapping."""
    pdf = tmp_path / "large.pdf"
    with pymupdf.open() as doc:
        page = doc.new_page(width=595, height=842)
        page.insert_text((72, 100), "Times words", fontname="tiro", fontsize=14)
        doc.xref_set_key(page.xref, "UserUnit", "2")
        doc.save(pdf)
    report = run_report([pdf])
    [outcome] = annotate_report(report, tmp_path / "out")
    with pymupdf.open(outcome.output) as doc:
        notes = [a.rect for a in doc[0].annots() if a.type[1] == "Text"]
    assert len(notes) >= 3
    for i, a in enumerate(notes):
        for b in notes[i + 1 :]:
            assert not a.intersects(b), (a, b)
