"""Check one file: open it, run every check over its pages, and build its FileReport."""

from __future__ import annotations

import hashlib
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from brandcheck.checks import CHECKS, CheckContext
from brandcheck.document import Document, Limits, open_document
from brandcheck.errors import InputError
from brandcheck.report import FileReport, Finding, PageReport
from brandcheck.rule_settings import RuleSettings, merge_findings
from brandcheck.rules import Severity

_CHUNK = 1 << 20


@dataclass
class RunOptions:
    """Everything about a run except the profile and the inputs."""

    target: str = "print"
    fail_on: Severity = Severity.error
    rules: RuleSettings = field(default_factory=RuleSettings)
    password: str | None = None
    limits: Limits = field(default_factory=Limits)
    ocr: str = "auto"


def display_path(path: Path | str) -> str:
    """A path as printable text: undecodable bytes in file names become U+FFFD."""
    return str(path).encode("utf-8", "surrogateescape").decode("utf-8", "replace")


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
    finding = Finding.of(rule, reason)
    return FileReport(
        path=display_path(path), sha256=sha256, status="error", error=reason, findings=[finding]
    )


def _page_findings(doc: Document, ctx: CheckContext, indices: Iterable[int]):
    pages: list[PageReport] = []
    findings: list[Finding] = []
    for page in doc.pages(indices):
        out = PageReport(
            index=page.index,
            width=round(page.width, 3),
            height=round(page.height, 3),
            units=page.units,
        )
        try:
            for check in CHECKS:
                hook = getattr(check, "check_page", None)
                if hook is not None:
                    findings.extend(hook(page, ctx, out))
        except InputError:
            raise
        except Exception as exc:
            raise InputError("file.unreadable", f"page {page.index + 1}: {exc}") from exc
        finally:
            page.release()
        pages.append(out)
    return pages, findings


def check_document_pages(
    doc: Document, ctx: CheckContext, indices: range, with_file_checks: bool
) -> tuple[list[PageReport], list[Finding]]:
    """Run file-level (optional) and page-level hooks over a range of pages."""
    findings: list[Finding] = list(doc.notes) if with_file_checks else []
    if with_file_checks:
        for check in CHECKS:
            hook = getattr(check, "check_file", None)
            if hook is not None:
                findings.extend(hook(doc, ctx))
    pages, page_findings = _page_findings(doc, ctx, indices)
    return pages, findings + page_findings


def finish_report(
    report: FileReport,
    pages: list[PageReport],
    findings: list[Finding],
    ctx: CheckContext,
    options: RunOptions,
) -> FileReport:
    """Run the document-level hooks, merge and filter findings, and set the status."""
    pages = sorted(pages, key=lambda p: p.index)
    for check in CHECKS:
        hook = getattr(check, "finish", None)
        if hook is not None:
            findings.extend(hook(pages, ctx))
    settings = _settings(ctx, options)
    kept = merge_findings(settings.apply(findings))
    kept.sort(key=lambda f: (-f.severity.rank, f.rule, f.page if f.page is not None else -1))
    failing = any(f.severity.rank >= options.fail_on.rank for f in kept)
    return report.model_copy(
        update={"pages": pages, "findings": kept, "status": "fail" if failing else "pass"}
    )


def _settings(ctx: CheckContext, options: RunOptions) -> RuleSettings:
    profile_rules = RuleSettings.build(
        ignore=ctx.profile.rules.ignore, severity=dict(ctx.profile.rules.severity)
    )
    return profile_rules.merged(options.rules)


def check_file(path: Path, ctx: CheckContext, options: RunOptions) -> FileReport:
    """Check one file end to end; any input problem becomes an `error` FileReport."""
    started = time.perf_counter()
    sha = sha256_of(path)
    try:
        with open_document(path, limits=options.limits, password=options.password) as doc:
            base = FileReport(
                path=display_path(path), sha256=sha, kind=doc.kind, page_count=doc.page_count
            )
            pages, findings = check_document_pages(doc, ctx, range(doc.page_count), True)
    except InputError as exc:
        report = error_report(path, exc.rule, exc.message, sha)
    except MemoryError:
        report = error_report(path, "file.too_large", "ran out of memory while checking", sha)
    else:
        report = finish_report(base, pages, findings, ctx, options)
    report.seconds = round(time.perf_counter() - started, 4)
    return report
