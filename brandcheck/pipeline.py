"""Check one file: open it, run every check over its pages, and build its FileReport."""

from __future__ import annotations

import hashlib
import re
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from brandcheck import blas_threads
from brandcheck.checks import CHECKS, OCR_MODES, TARGETS, CheckContext
from brandcheck.complete import lost_data
from brandcheck.document import Document, Limits, Page, open_document
from brandcheck.document.model import PageRefused, library_error, printable
from brandcheck.errors import BrandcheckError, InputError, UsageError
from brandcheck.formats import regular_file
from brandcheck.report import FileReport, Finding, PageReport
from brandcheck.reporters import words
from brandcheck.rule_settings import RuleSettings, merge_findings
from brandcheck.rules import Severity

_CHUNK = 1 << 20
PageDone = Callable[[int, int], None]
"""Told after each page of a file: (pages done, the file's page count), for a progress bar."""


class PageTellerFailed(Exception):
    """The caller's ``on_page`` raised (its ``__cause__``): the caller's error, not the file's,
    so ``check_file`` raises it as it was rather than report the file as crashed."""


def _tell(on_page: PageDone, done: int, total: int) -> None:
    try:
        on_page(done, total)
    except Exception as exc:
        raise PageTellerFailed from exc


_UNDECODED_BYTE = re.compile("[\udc80-\udcff]")  # os.fsdecode's surrogateescape


@dataclass
class RunOptions:
    """Everything about a run except the profile and the inputs."""

    target: str = "print"
    fail_on: Severity = Severity.error
    rules: RuleSettings = field(default_factory=RuleSettings)
    password: str | None = None
    limits: Limits = field(default_factory=Limits)
    ocr: str = "auto"

    def __post_init__(self) -> None:
        """Refuse what the command line would refuse, so a typo in a script is an error and
        not a run with other settings (``ocr="no"`` once ran OCR)."""
        for name, allowed in (("target", TARGETS), ("ocr", OCR_MODES)):
            if getattr(self, name) not in allowed:
                raise UsageError(
                    f"RunOptions.{name} must be one of {', '.join(allowed)}, "
                    f"not {getattr(self, name)!r}"
                )
        try:
            self.fail_on = Severity(self.fail_on)
        except ValueError:
            levels = ", ".join(s.value for s in Severity)
            raise UsageError(
                f"RunOptions.fail_on must be one of {levels}, not {self.fail_on!r}"
            ) from None


def display_path(path: Path | str) -> str:
    """A path as printable text: bytes that are not UTF-8 (a Latin-1 name) and control
    characters become escapes such as ``\\xff``, so names that differ print differently."""
    text = _UNDECODED_BYTE.sub(lambda m: f"\\x{ord(m[0]) - 0xDC00:02x}", str(path))
    return printable(text, newlines=False)


def sha256_of(path: Path) -> str | None:
    """The file's SHA-256, or None if it cannot be read."""
    digest = hashlib.sha256()
    try:
        with path.open("rb") as fh:
            while chunk := fh.read(_CHUNK):
                digest.update(chunk)
    except OSError:
        return None
    return digest.hexdigest()


def error_report(path: Path, rule: str, reason: str, sha256: str | None = None) -> FileReport:
    """A FileReport for a file that could not be checked."""
    reason = printable(reason)
    finding = Finding.of(rule, reason)
    return FileReport(
        path=display_path(path),
        source=str(path),
        sha256=sha256,
        status="error",
        error=reason,
        findings=[finding],
    )


def _hook_findings(check: Any, hook_name: str, where: str, *args: Any) -> list[Finding]:
    """Run one hook of a check; any exception but InputError becomes one naming the check."""
    hook = getattr(check, hook_name, None)
    if hook is None:
        return []
    try:
        return list(hook(*args))
    except InputError:
        raise
    except Exception as exc:  # a library error on a hostile file, or a bug in the check
        label = getattr(check, "__name__", type(check).__name__).rsplit(".", 1)[-1]
        raise library_error(exc, f"{where}: the {label} check failed") from exc


def _page_report(page: Page | PageRefused) -> PageReport:
    return PageReport(
        index=page.index, width=round(page.width, 3), height=round(page.height, 3), units=page.units
    )


def _page_findings(
    doc: Document, ctx: CheckContext, indices: Iterable[int], on_page: PageDone | None = None
):
    pages: list[PageReport] = []
    findings: list[Finding] = []
    for index in indices:
        if on_page and pages:  # the page before this one is done (it may have been refused)
            _tell(on_page, len(pages), doc.page_count)
        try:
            page = doc.page(index)
        except PageRefused as refused:  # never drawn: not judged, and the others still are
            pages.append(_page_report(refused))
            findings.append(_not_judged(refused))
            continue
        out = _page_report(page)
        try:
            for check in CHECKS:
                findings += _hook_findings(
                    check, "check_page", f"page {page.index + 1}", page, ctx, out
                )
            findings += page.notes  # after the checks: drawing the page may add one
            damage = page.damage()
            if damage:
                findings.append(_damaged(page.index, damage))
        finally:
            page.release()
        pages.append(out)
    if on_page and pages:
        _tell(on_page, len(pages), doc.page_count)
    return pages, findings


def _damaged(index: int, warnings: str) -> Finding:
    """One file.repaired finding per document (merged over its pages) for content the reader
    could not draw as written."""
    first = printable(warnings.splitlines()[0], newlines=False)
    return Finding.of(
        "file.repaired",
        f"Page {index + 1} has damaged content that may not show as intended (MuPDF: "
        f"{first[:200]}); what it hides was not checked.",
        page=index,
        merge_key="damaged content",
    )


NOT_JUDGED = "page not judged"
"""The merge key of the file.too_large (BC905) finding on pages refused before they were drawn:
a file with one is never `pass`, however the finding is graded (only an ignore naming BC905
drops it)."""


def _not_judged(refused: PageRefused) -> Finding:
    """BC905 on a page over a limit (one finding, merged over such pages). No rule judged the
    page, so rules over the whole document (a missing logo, a sender text) did not see it."""
    reason = refused.message
    return Finding.of(
        refused.rule, f"{reason[:1].upper()}{reason[1:]}.", page=refused.index, merge_key=NOT_JUDGED
    )


def check_document_pages(
    doc: Document,
    ctx: CheckContext,
    indices: range,
    with_file_checks: bool,
    on_page: PageDone | None = None,
) -> tuple[list[PageReport], list[Finding]]:
    """Run file-level (optional) and page-level hooks over a range of pages, telling
    ``on_page`` as each page is done."""
    findings: list[Finding] = list(doc.notes) if with_file_checks else []
    with blas_threads.one_thread():
        if with_file_checks:
            for check in CHECKS:
                findings += _hook_findings(check, "check_file", "file", doc, ctx)
        pages, page_findings = _page_findings(doc, ctx, indices, on_page)
    return pages, findings + page_findings


def _make_inert(pages: list[PageReport], findings: list[Finding]) -> None:
    """Escape control characters in text that came from the file (font names, quoted text)."""
    for finding in findings:
        finding.message = printable(finding.message)
        for key, value in finding.details.items():
            if isinstance(value, str):
                finding.details[key] = printable(value)
    for page in pages:
        for font in page.fonts:
            font.name, font.family = printable(font.name), printable(font.family)


def finish_report(
    report: FileReport,
    pages: list[PageReport],
    findings: list[Finding],
    ctx: CheckContext,
    options: RunOptions,
) -> FileReport:
    """Run the document-level hooks, merge and filter findings, and set the status: a file
    with a page not judged, or cut short, fails whatever its findings' grades
    (``_unread_fails``), and one with no page judged is an error, as a file that cannot be
    read."""
    refused = [f for f in findings if f.merge_key == NOT_JUDGED]
    if refused and len({f.page for f in refused}) >= report.page_count:
        first = min(refused, key=lambda f: f.page if f.page is not None else -1)
        reason = first.message.rstrip(".")
        if report.page_count > 1:
            reason = f"none of its {report.page_count} pages could be checked; the first: {reason}"
        failed = error_report(Path(report.on_disk), first.rule, reason, report.sha256)
        return failed.model_copy(update={"kind": report.kind, "page_count": report.page_count})
    pages = sorted(pages, key=lambda p: p.index)
    judged = len(findings)
    for check in CHECKS:
        findings += _hook_findings(check, "finish", "document", pages, ctx)
    if refused:  # what the document-level rules say holds for the pages judged only
        findings[judged:] = [_on_pages_judged(f, refused) for f in findings[judged:]]
    _make_inert(pages, findings)
    kept = _unread_fails(merge_findings(ctx.settings.apply(findings)), report, options)
    kept.sort(key=lambda f: (-f.severity.rank, f.rule, f.page if f.page is not None else -1))
    failing = any(f.severity.rank >= options.fail_on.rank for f in kept)
    return report.model_copy(
        update={"pages": pages, "findings": kept, "status": "fail" if failing else "pass"}
    )


def _on_pages_judged(finding: Finding, refused: list[Finding]) -> Finding:
    """A document-level finding (a logo or a sender text missing from every page) of a file
    with pages not judged, saying so: the missing logo may be on one of those."""
    if finding.page is not None or finding.rule.startswith("BC9"):
        return finding
    shown = words.pages([f.page for f in refused if f.page is not None])
    note = f" ({shown} {'was' if shown.startswith('page ') else 'were'} not checked: this holds"
    note += " for the other pages)"
    return finding.model_copy(update={"message": finding.message.rstrip(".") + note + "."})


CUT = "cut_short"
"""The detail on a file cut short's first BC904 finding: what it lost, in words
(``complete.lost_data``), so that whoever reads the report (``watch``) need not read the file
again."""


def _unread_fails(kept: list[Finding], report: FileReport, options: RunOptions) -> list[Finding]:
    """Findings that say part of the file was not read, raised to the level that fails
    (``--fail-on``) however they are graded, so that every report format shows why the file
    fails: a page not judged (BC905 on it), and damage (BC904) to a file cut short, whose
    bytes show a loss (``complete.lost_data``). A whole file the reader repaired without loss
    keeps its warning and its verdict; only an ignore that names these rules drops them."""
    level = options.fail_on
    repaired = any(f.name == "file.repaired" for f in kept)
    lost = lost_data(Path(report.on_disk)) if repaired else None
    out, told = [], False
    for f in kept:
        unread = f.merge_key == NOT_JUDGED or (lost is not None and f.name == "file.repaired")
        if unread and f.name == "file.repaired" and not told:  # said once, on the first
            told = True
            message = f"{f.message.rstrip('.')}. It cannot pass: {lost}."
            f = f.model_copy(update={"message": message, "details": {**f.details, CUT: lost}})
        if unread and f.severity.rank < level.rank:
            f = f.model_copy(update={"severity": level})
        out.append(f)
    return out


CHANGED_WHILE_CHECKED = (
    "the file changed while it was being checked; check it again once it is complete"
)


def file_identity(path: Path) -> tuple[int, int, int, int]:
    """(device, inode, size, mtime) of a regular file: what changes when it is rewritten or
    replaced. Raises InputError as ``regular_file`` does."""
    st = regular_file(path)
    return (st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns)


def check_file(
    path: Path | str, ctx: CheckContext, options: RunOptions, on_page: PageDone | None = None
) -> FileReport:
    """Check one file end to end; any input problem becomes an `error` FileReport.
    ``on_page`` is told (pages done, page count) as each page is done."""
    path = Path(path)
    started = time.perf_counter()
    sha: str | None = None
    try:
        before = file_identity(path)
        sha = sha256_of(path)
        with open_document(path, limits=options.limits, password=options.password) as doc:
            base = FileReport(
                path=display_path(path),
                source=str(path),
                sha256=sha,
                kind=doc.kind,
                page_count=doc.page_count,
            )
            pages, findings = check_document_pages(doc, ctx, range(doc.page_count), True, on_page)
        report = finish_report(base, pages, findings, ctx, options)
        if file_identity(path) != before:
            raise InputError("file.unreadable", CHANGED_WHILE_CHECKED)
    except InputError as exc:
        report = error_report(path, exc.rule, exc.message, sha)
    except MemoryError:
        report = error_report(path, "file.too_large", "ran out of memory while checking", sha)
    except BrandcheckError:  # usage and profile errors end the run with their own exit code
        raise
    except PageTellerFailed as exc:  # the caller's bug: theirs to see, the file not blamed
        raise exc.__cause__ from None  # type: ignore[misc]
    except Exception as exc:  # a bug in brandcheck must not end the run for the other files
        reason = f"internal error (please report it): {type(exc).__name__}: {exc}"
        report = error_report(path, "file.crashed", reason, sha)
    report.seconds = round(time.perf_counter() - started, 4)
    return report
