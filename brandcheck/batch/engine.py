"""Feed work items to an executor and merge page-range results into one FileReport per file."""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from brandcheck.batch.executors import Executor
from brandcheck.batch.work import CheckSetup, ItemResult, WorkItem, failed_result
from brandcheck.checks import CheckContext
from brandcheck.pipeline import CHANGED_WHILE_CHECKED, display_path, error_report, finish_report
from brandcheck.report import FileReport


@dataclass
class Outcome:
    """A finished file: the path it was given as, its report, the rule that stopped it."""

    source: str
    report: FileReport
    error_rule: str | None = None
    version: tuple[int, int] | None = None
    """The file's (size, mtime) as its check read it; None when that is not known."""

    @property
    def pages(self) -> int:
        return self.report.page_count


@dataclass
class FileAssembly:
    """Collects the ItemResults of one file until every page range is back."""

    path: str
    results: list[ItemResult] = field(default_factory=list)
    expected: int | None = None

    def add(self, result: ItemResult, chunk_pages: int) -> list[WorkItem]:
        """Record a result; after the first look, return the page ranges still to check."""
        self.results.append(result)
        if not result.item.first:
            return []
        more = result.remaining(chunk_pages)
        self.expected = 1 + len(more)
        return more

    @property
    def complete(self) -> bool:
        return self.expected is not None and len(self.results) >= self.expected

    def outcome(self, setup: CheckSetup, ctx: CheckContext) -> Outcome:
        """Merge the page ranges (file-level hooks ran with page 0) and finish the report."""
        first = next(r for r in self.results if r.item.first)
        failed = next((r for r in self.results if r.failed), None)
        if failed is None and len({r.version for r in self.results}) > 1:
            # page ranges read different versions of the file: no verdict holds for either
            failed = failed_result(first.item, "file.unreadable", CHANGED_WHILE_CHECKED)
        if failed is not None:
            reason = failed.error or failed.error_rule or "failed"
            if not failed.item.first:
                reason = f"pages {failed.item.start + 1}-{failed.item.stop}: {reason}"
            # a file that changed under the check keeps no hash: its next scan checks it again
            digest = None if failed.error == CHANGED_WHILE_CHECKED else first.sha256
            report = error_report(Path(self.path), failed.error_rule or "", reason, digest)
            report.kind = first.kind  # type: ignore[assignment]
            report.page_count = first.page_count
            rule = failed.error_rule
        else:
            base = FileReport(
                path=display_path(self.path),
                source=self.path,
                sha256=first.sha256,
                kind=first.kind,  # type: ignore[arg-type]
                page_count=first.page_count,
            )
            pages = [p for r in self.results for p in r.pages]
            findings = [
                f for r in sorted(self.results, key=lambda r: r.item.start) for f in r.findings
            ]
            report = finish_report(base, pages, findings, ctx, setup.options)
            # no page could be judged (each refused, BC905): an error, its finding the reason
            rule = report.findings[0].name if report.status == "error" else None
        report.seconds = round(sum(r.seconds for r in self.results), 4)
        versions = {r.version for r in self.results}
        version = versions.pop() if len(versions) == 1 else None
        return Outcome(source=self.path, report=report, error_rule=rule, version=version)


def iter_outcomes(
    paths: Iterable[str], executor: Executor, setup: CheckSetup, ctx: CheckContext
) -> Iterator[Outcome]:
    """Check files on `executor`, yielding each file's Outcome as soon as it is complete.

    Page ranges of a large file go to the front of the queue so files finish in order and
    few are open at a time.
    """
    files = iter(paths)
    queue: deque[WorkItem] = deque()
    open_files: dict[str, FileAssembly] = {}
    exhausted = False
    while True:
        while executor.has_room():
            if not queue and not exhausted:
                nxt = next(files, None)
                if nxt is None:
                    exhausted = True
                else:
                    queue.append(WorkItem(nxt))
            if not queue:
                break
            executor.submit(queue.popleft())
        if not executor.busy():
            return
        for result in executor.wait():
            assembly = open_files.setdefault(result.item.path, FileAssembly(result.item.path))
            queue.extendleft(reversed(assembly.add(result, setup.chunk_pages)))
            if assembly.complete:
                del open_files[result.item.path]
                yield assembly.outcome(setup, ctx)
