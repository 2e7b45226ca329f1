"""Annotated PDF copies (`--annotate DIR`): the findings as PDF comments, as preflight tools do.

For each checked PDF, ``DIR/<name>.annotated.pdf`` gets exactly one annotation per finding:

- a finding with a place (a ``bbox``, or ``boxes`` whose pages are known: see
  ``previews.located_boxes``) becomes a Square annotation around its first box on that box's
  page, outlined in the severity colour, whose comment holds the rule code, name, severity,
  message, measured and expected values (in words, ``reporters.words``) and the rule's source.
  A merged finding (``count`` > 1, several ``boxes``) is still one annotation; the comment
  names its count and all its pages ("3 times on pages 1–3");
- a finding without a place becomes one Text (sticky note) annotation in the top-left corner of
  its page, or of page 1 for file-level findings; several notes on a page are set side by side.

The copy of an encrypted PDF (opened with ``--password``) is encrypted as the input is, with the
same passwords. The input is never written: it is read into memory, checked against the report's
SHA-256 (a file changed since the check is skipped), and the copy is saved to a temporary file in
DIR and then renamed. A target that is one of the run's inputs is never replaced (a numbered name
is used). Images, SVGs and unreadable files are skipped.
"""

from __future__ import annotations

import contextlib
import hashlib
import math
import os
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import pymupdf

from brandcheck.atomic import fitting_name
from brandcheck.errors import RuleSelectionError
from brandcheck.inputs import same_file
from brandcheck.previews import SEVERITY_RGB, located_boxes
from brandcheck.report import BBox, FileReport, Finding, Report
from brandcheck.reporters import words
from brandcheck.rules import get_rule

_NOTE = 20.0  # sticky-note icon size and spacing, pt
_AUTHOR = "brandcheck"


@dataclass(frozen=True)
class Annotated:
    """The outcome for one input: the copy written, or why none was."""

    source: str
    output: Path | None
    annotations: int = 0
    skipped: str | None = None
    problem: bool = False
    """True when a PDF that was checked could not be annotated (worth telling the user)."""


def comment(finding: Finding) -> str:
    """The comment text of a finding's annotation."""
    lines = [f"{finding.rule} {finding.name} ({finding.severity.value})", finding.message]
    if often := words.occurrences(finding):
        lines.append(often[0].upper() + often[1:])
    lines += [f"{label}: {text}" for label, text in words.measured_expected(finding)]
    with contextlib.suppress(RuleSelectionError):
        lines.append(f"Rule source: {get_rule(finding.rule).source}")
    return "\n".join(lines)


def _colour(finding: Finding) -> tuple[float, float, float]:
    r, g, b = SEVERITY_RGB.get(finding.severity.value, SEVERITY_RGB["info"])
    return (r / 255, g / 255, b / 255)


def _set_info(annot: pymupdf.Annot, finding: Finding) -> None:
    annot.set_info(
        title=_AUTHOR,
        subject=f"{finding.rule} {finding.name}",
        content=comment(finding),
    )


def _box_annotation(page: pymupdf.Page, finding: Finding, box: BBox) -> pymupdf.Annot:
    x0, y0, x1, y1 = box
    # findings are placed on the page as displayed; annotations live in unrotated page space
    rect = pymupdf.Rect(min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1))
    rect = (rect * page.derotation_matrix).normalize()
    if rect.width < 2:  # a hairline box still gets a visible, clickable square
        rect.x0, rect.x1 = rect.x0 - 1, rect.x1 + 1
    if rect.height < 2:
        rect.y0, rect.y1 = rect.y0 - 1, rect.y1 + 1
    annot = page.add_rect_annot(rect)
    annot.set_colors(stroke=_colour(finding))
    annot.set_border(width=1.5)
    annot.set_opacity(0.9)
    _set_info(annot, finding)
    annot.update()
    return annot


def _user_unit(page: pymupdf.Page) -> float:
    """The page's /UserUnit (1 when absent or not a positive number): MuPDF shows the page,
    and a note's icon, that many times larger."""
    try:
        unit = float(page.parent.xref_get_key(page.xref, "UserUnit")[1])
    except ValueError:
        return 1.0
    return unit if unit > 0 and math.isfinite(unit) else 1.0


def _note_annotation(page: pymupdf.Page, finding: Finding, slot: int) -> pymupdf.Annot:
    # in rows from the top left of the page as displayed, mapped to unrotated page space,
    # spaced by the icons' shown size
    step = _NOTE * 1.2 * _user_unit(page)
    per_row = max(1, int((page.rect.width - 2 * _NOTE) // step))
    x = _NOTE * 0.5 + (slot % per_row) * step
    y = _NOTE * 0.5 + (slot // per_row) * step
    at = pymupdf.Point(x, y) * page.derotation_matrix  # PyMuPDF turns the icon with the page
    annot = page.add_text_annot(at, comment(finding), icon="Comment")
    annot.set_colors(stroke=_colour(finding))
    _set_info(annot, finding)
    annot.update()
    return annot


def annotate_document(doc: pymupdf.Document, findings: Iterable[Finding]) -> int:
    """Add one annotation per finding to an open PDF; return how many were added."""
    slots: dict[int, int] = {}
    added = 0
    for finding in findings:
        located = [(p, box) for p, box in located_boxes(finding) if 0 <= p < doc.page_count]
        index = finding.page if finding.page is not None else 0
        if not 0 <= index < doc.page_count:
            index = 0
        page = doc[index]
        if located:
            _box_annotation(doc[located[0][0]], finding, located[0][1])
        else:
            _note_annotation(page, finding, slots.get(index, 0))
            slots[index] = slots.get(index, 0) + 1
        added += 1
    return added


def _target(out_dir: Path, source: Path, taken: set[Path], inputs: list[Path]) -> Path:
    stem = source.stem or "document"
    for n in range(1, 10_000):
        # a 246-byte name plus ".annotated.pdf" is longer than a file name may be
        suffix = ".annotated.pdf" if n == 1 else f".annotated-{n}.pdf"
        candidate = out_dir / fitting_name(stem, suffix)
        key = candidate.resolve()
        if key in taken or any(same_file(candidate, i) for i in inputs):
            continue
        taken.add(key)
        return candidate
    raise OSError(f"no free file name for {stem}.annotated.pdf in {out_dir}")


def _save(doc: pymupdf.Document, target: Path) -> None:
    fd, tmp = tempfile.mkstemp(prefix=".brandcheck-", suffix=".pdf", dir=target.parent)
    os.close(fd)
    try:
        # an encrypted input's copy keeps its encryption and passwords: the comments quote it
        doc.save(tmp, garbage=0, deflate=True, encryption=pymupdf.PDF_ENCRYPT_KEEP)
        os.replace(tmp, target)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


def annotate_file(
    report: FileReport,
    out_dir: Path,
    *,
    password: str | None = None,
    taken: set[Path] | None = None,
    inputs: list[Path] | None = None,
) -> Annotated:
    """Write the annotated copy of one checked PDF into `out_dir`."""
    if report.kind != "pdf" or report.status == "error":
        why = "not a PDF" if report.kind != "pdf" else "the file could not be checked"
        return Annotated(report.path, None, skipped=why)
    source = Path(report.on_disk)
    try:
        data = source.read_bytes()
    except OSError as exc:
        return Annotated(
            report.path, None, skipped=f"cannot read it again: {exc.strerror}", problem=True
        )
    if report.sha256 and hashlib.sha256(data).hexdigest() != report.sha256:
        return Annotated(
            report.path, None, skipped="the file changed after it was checked", problem=True
        )
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
        target = _target(out_dir, source, taken if taken is not None else set(), inputs or [source])
        with pymupdf.open(stream=data, filetype="pdf") as doc:
            if doc.needs_pass and not (password and doc.authenticate(password)):
                return Annotated(
                    report.path, None, skipped="encrypted and no password opens it", problem=True
                )
            count = annotate_document(doc, report.findings)
            _save(doc, target)
    except Exception as exc:  # PyMuPDF raises several types for damaged files
        return Annotated(
            report.path, None, skipped=f"cannot write the annotated copy: {exc}", problem=True
        )
    return Annotated(report.path, target, annotations=count)


def annotate_report(
    report: Report, out_dir: Path, *, password: str | None = None
) -> list[Annotated]:
    """Annotated copies of every checked PDF of `report` in `out_dir`; inputs stay untouched."""
    inputs = [Path(f.on_disk) for f in report.files]
    taken: set[Path] = set()
    return [
        annotate_file(f, out_dir, password=password, taken=taken, inputs=inputs)
        for f in report.files
    ]
