"""A hot folder: check each new file once it is fully written, copy it to a pass or fail folder
and write its report beside the copy. Input files are never moved or changed."""

from __future__ import annotations

import contextlib
import errno
import os
import stat
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

from brandcheck.atomic import atomic_text, fitting_name
from brandcheck.batch.engine import Outcome, iter_outcomes
from brandcheck.batch.executors import Executor
from brandcheck.batch.work import CheckSetup
from brandcheck.batch_defaults import DEFAULT_SETTLE
from brandcheck.checks import CheckContext
from brandcheck.complete import looks_complete
from brandcheck.errors import UsageError
from brandcheck.inputs import collect_inputs
from brandcheck.pipeline import CUT
from brandcheck.report import Report
from brandcheck.reporters import FORMATS, extension, get_writer
from brandcheck.run_notes import dpi_notes, run_notes

Signature = tuple[int, int]
INCOMPLETE_WAIT = 300.0  # seconds a file cut short (no end marker) must be quiet to be taken
#: why a link in the hot folder is not taken (said once per link)
LINK_REFUSED = "a symbolic link: a hot folder follows no link (not checked, not copied)"
# names a file has while a browser, an upload or an editor still writes it (renamed after),
# and lock files an open document leaves beside it: never a document dropped in
_PARTIAL_SUFFIXES = (
    ".part",
    ".partial",
    ".filepart",  # WinSCP
    ".crdownload",  # Chrome
    ".crswap",  # Chrome's file system access
    ".download",  # Safari
    ".tmp",
    "~",
)
_LOCK_PREFIXES = ("~$",)  # Microsoft Office: ~$report.docx while report.docx is open
#: why a file named as a report is not taken (said once per file)
REPORT_REFUSED = (
    "named as a brandcheck report: its copy would take the place of the report of the file "
    "it names (not checked, not copied)"
)
_REPORT_SUFFIXES = tuple(f".brandcheck.{ext}".lower() for _, ext in FORMATS.values())


def _in_progress(name: str) -> bool:
    """Whether a file's name says it is still being written, or a lock beside an open file
    (Emacs's #name#, Office's ~$name)."""
    low = name.lower()
    return (
        low.endswith(_PARTIAL_SUFFIXES)
        or low.startswith(_LOCK_PREFIXES)
        or (low.startswith("#") and low.endswith("#"))
    )


def _named_as_report(name: str) -> bool:
    """Whether a name is one the watcher gives reports (``a.pdf.brandcheck.json``): such a
    file dropped in (a fail folder's contents put back) would overwrite, or be overwritten
    by, the report of the file it names."""
    return name.lower().endswith(_REPORT_SUFFIXES)


def cut_short(outcome: Outcome) -> bool:
    """Whether the checked file had to be repaired and is not whole (truncated), as its check
    found (``pipeline.CUT``), which failed it; watch's stdout says why."""
    return any(f.name == "file.repaired" and CUT in f.details for f in outcome.report.findings)


def _report_path(base: Path, ext: str) -> Path:
    """Where the report in format ``ext`` of a file copied to (or reported as) ``base`` goes."""
    return base.with_name(fitting_name(base.name, f".brandcheck.{ext}"))


def _no_link_below(folder: Path, *roots: Path) -> None:
    """OSError when a folder between one of ``roots`` (an output folder) and ``folder`` is a
    link: the copy or report of ``IN/sub/x.pdf`` is not written through a link ``sub`` that
    someone put in the pass or fail folder."""
    for root in roots:
        if folder == root or root in folder.parents:
            step = root
            for part in folder.relative_to(root).parts:
                step = step / part
                if step.is_symlink():
                    raise OSError(errno.ELOOP, f"{step} is a link; nothing is written through it")
            return


class _InputGone(Exception):
    """The input file could not be opened for copying (its OSError is the cause)."""


@dataclass(frozen=True)
class WatchProblem:
    """A checked file that got no copy and no report: its input could not be read again
    (``input`` True), or a report or copy could not be written."""

    path: Path
    reason: str
    input: bool


@dataclass
class HotFolder:
    """Polls `in_dir`; a file is ready when it has settled: its size and mtime unchanged over
    two polls and for ``settle`` seconds (watched, or by its mtime's age), whatever the poll
    interval, and, for formats with an end marker (a PDF's ``%%EOF``, PNG's IEND, JPEG's end
    of image), with that marker in place. A file without it is still being written as far as
    anyone can tell, and is taken (to be reported as damaged) only once it has been quiet for
    ``incomplete_wait`` seconds. A file MuPDF had to repair (``file.repaired``) that still lacks
    its end marker (cut short: content lost) goes to the fail folder whatever its status.

    Symbolic links in it (to files or folders, inside or outside it, broken or not) are never
    followed, checked or copied: whoever may drop files there could otherwise have any file the
    watcher can read copied to the fail folder (``/etc/passwd``, its own
    ``/proc/self/environ``). Each is put in ``refused`` once, as are pipes, devices and
    entries that cannot be reached (``refused`` again only after it was gone for a poll).
    Files are opened for copying without following a link on any part of their path below
    ``in_dir``, so a file or folder replaced by a link after its check is not read either.

    Copies keep the input's relative path and mtime. Reports go beside the copy as
    `NAME.brandcheck.<ext>` (or under `reports_dir`), never into `in_dir`; they are written
    before the copy appears (see ``handle``). A file whose copy with the same size and mtime is
    already in the pass or fail folder counts as done, so a restarted watcher does not check it
    again. A file that cannot be read for copying, or whose report or copy cannot be written,
    is noted in ``problems`` and left for a restarted watcher; the others go on. An empty file
    is ready once it has stayed empty for ``empty_grace`` seconds (a writer may create a file
    and fill it a moment later).
    """

    in_dir: Path
    pass_dir: Path
    fail_dir: Path
    setup: CheckSetup
    ctx: CheckContext
    formats: list[str] = field(default_factory=lambda: ["json"])
    reports_dir: Path | None = None
    empty_grace: float = 30.0
    settle: float = DEFAULT_SETTLE
    incomplete_wait: float = INCOMPLETE_WAIT
    problems: list[WatchProblem] = field(default_factory=list)
    refused: list[WatchProblem] = field(default_factory=list)
    """Entries left where they are, each listed once while it stays: links, pipes, devices,
    entries that cannot be reached."""
    _last: dict[str, Signature] = field(default_factory=dict, repr=False)
    _ready: dict[str, Signature] = field(default_factory=dict, repr=False)
    _done: dict[str, Signature] = field(default_factory=dict, repr=False)
    _empty_since: dict[str, float] = field(default_factory=dict, repr=False)
    _since: dict[str, float] = field(default_factory=dict, repr=False)  # signature first seen
    _refused_now: set[tuple[str, str]] = field(default_factory=set, repr=False)
    notes: list[str] = field(default_factory=list, init=False, repr=False)  # every report's
    deferred: int = 0
    """Files that changed after their check (or while copied), left to be checked again."""

    def __post_init__(self) -> None:
        inside = self.in_dir.resolve()
        outs = [out for out in (self.pass_dir, self.fail_dir, self.reports_dir) if out]
        for out in outs:
            o = out.resolve()
            if o == inside or inside in o.parents or o in inside.parents:
                raise UsageError(f"{out} must not be inside {self.in_dir} or contain it")
        passed, failed = self.pass_dir.resolve(), self.fail_dir.resolve()
        if passed in failed.parents or failed in passed.parents:
            # a failing IN/ok/x.pdf would be copied to FAIL/ok/x.pdf, inside the pass folder
            raise UsageError(
                f"{self.pass_dir} (passing files) and {self.fail_dir} (failing files) are one "
                "inside the other: a file in a sub-folder of the same name would be copied "
                "into the wrong one; give two folders side by side"
            )
        if self.reports_dir is not None:
            self._reports_apart(self.reports_dir.resolve(), passed, failed)
        for out in outs:
            try:
                out.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise UsageError(f"cannot use {out} as an output folder: {exc}") from exc
        for name in self.formats:
            get_writer(name)
        self.notes = run_notes(self.setup.profile, self.ctx)

    def _reports_apart(self, reports: Path, passed: Path, failed: Path) -> None:
        """UsageError when the reports folder is, holds or lies in the pass or fail folder:
        the report of a failing file would be written there and then removed as the report an
        older version would have beside its copy in the pass folder (--reports-dir PASS), or
        lie in the pass folder beside the copy of another file of that name
        (PASS/reports/x.pdf) for whatever reads that folder next (a printer's hot folder)."""
        for folder, given, what in (
            (passed, self.pass_dir, "passing files"),
            (failed, self.fail_dir, "failing files"),
        ):
            if reports == folder or folder in reports.parents or reports in folder.parents:
                raise UsageError(
                    f"--reports-dir {self.reports_dir} and {given} ({what}) are the same folder "
                    "or one inside the other: reports would be mixed with the copies (and a "
                    "report lost when a file's verdict changes); give a folder of its own "
                    "beside them, or leave --reports-dir out to have each report beside its copy"
                )

    def _signature(self, path: Path) -> Signature | None:
        """Size and mtime of a regular file (not through a link); None for anything else."""
        try:
            st = os.lstat(path)
        except OSError:
            return None
        return (st.st_size, st.st_mtime_ns) if stat.S_ISREG(st.st_mode) else None

    def _already_copied(self, rel: Path, sig: Signature) -> bool:
        return any(self._signature(d / rel) == sig for d in (self.pass_dir, self.fail_dir))

    def poll(self) -> list[Path]:
        """Files that are complete (stable since the last poll) and not yet handled. Every file
        dropped in is taken, as a preflight server takes it: one that is not a PDF, image or
        SVG (an EPS, a Word file) goes to the fail folder with its reason, instead of lying in
        the folder unanswered; one named as a download or upload in progress (``.part``) is
        left until it is renamed. Links are not followed (nor one into the pass or fail
        folder); they and the entries that cannot be taken go to ``refused``."""
        others: list[Path] = []
        links: list[Path] = []
        files, problems = collect_inputs([self.in_dir], others, links)
        named = {p: self._named_as_report_at(p) for p in files + others}
        reports = sorted({place for place in named.values() if place is not None})
        self._note_refused(links, problems, reports)
        taken = [p for p, place in named.items() if place is None and not _in_progress(p.name)]
        ready: list[Path] = []
        now: dict[str, Signature] = {}
        since: dict[str, float] = {}
        for path in sorted(taken):
            sig = self._signature(path)
            if sig is None:
                continue  # gone
            key = str(path)
            now[key] = sig
            changed = self._last.get(key) != sig
            since[key] = time.monotonic() if changed else self._since.get(key, time.monotonic())
            if self._done.get(key) == sig or changed:
                continue
            if sig[0] == 0 and not self._empty_long_enough(key):
                continue  # maybe about to be written: wait
            if sig[0] and not self._settled(path, sig, since[key]):
                continue  # written to a moment ago, or cut short: wait
            if self._already_copied(path.relative_to(self.in_dir), sig):
                self._done[key] = sig
                continue
            ready.append(path)
            self._ready[key] = sig
        self._last, self._since = now, since
        self._empty_since = {k: t for k, t in self._empty_since.items() if now.get(k, (1,))[0] == 0}
        return ready

    def _named_as_report_at(self, path: Path) -> Path | None:
        """The file, or the folder on its way below ``in_dir``, named as a report
        (``x.pdf.brandcheck.json/inner.pdf``: the copy of that folder would take the place of
        the report of ``x.pdf``, or ``x.pdf``'s report could not be written); None when none
        is."""
        rel = path.relative_to(self.in_dir)
        for depth, part in enumerate(rel.parts, 1):
            if _named_as_report(part):
                return self.in_dir.joinpath(*rel.parts[:depth])
        return None

    def _note_refused(self, links: list[Path], problems: list, reports: list[Path]) -> None:
        """Put each link, problem entry and file named as a report not refused at the last
        poll in ``refused``."""
        now = {(str(p), LINK_REFUSED) for p in links}
        now |= {(str(p), REPORT_REFUSED) for p in reports}
        now |= {(str(p.path), f"{p.reason}; left where it is") for p in problems}
        for path, reason in sorted(now - self._refused_now):
            self.refused.append(WatchProblem(Path(path), reason, True))
        self._refused_now = now

    def _settled(self, path: Path, sig: Signature, since: float) -> bool:
        """Quiet long enough: ``settle`` seconds since the signature was first seen or since
        the file's mtime (a file that was there before the watcher started), and
        ``incomplete_wait`` seconds when its end marker is missing."""
        quiet = max(time.monotonic() - since, time.time() - sig[1] / 1e9)
        if quiet < self.settle:
            return False
        return quiet >= self.incomplete_wait or looks_complete(path)

    def _empty_long_enough(self, key: str) -> bool:
        since = self._empty_since.setdefault(key, time.monotonic())
        return time.monotonic() - since >= self.empty_grace

    def _write_reports(self, outcome: Outcome, copy: Path, rel: Path) -> list[Path]:
        """Write the file's report in each format (beside its copy, or under reports_dir);
        return the files written, so far as they got."""
        report = Report(
            profile=self.setup.profile.name,
            target=self.setup.options.target,  # type: ignore[arg-type]
            fail_on=self.setup.options.fail_on,
            # a picture's report says, as `check` does, that --dpi gave it no resolution
            notes=self.notes
            + dpi_notes(self.setup.options.limits.analysis_dpi, [outcome.report.kind]),
            files=[outcome.report],
        ).summarise()
        base = (self.reports_dir / rel) if self.reports_dir is not None else copy
        _no_link_below(base.parent, *(d for d in (self.reports_dir,) if d is not None))
        base.parent.mkdir(parents=True, exist_ok=True)
        written: list[Path] = []
        for name in self.formats:
            target = _report_path(base, extension(name))
            written.append(target)
            # a new version's report replaces the old whole; a link in its place is replaced
            with atomic_text(target, follow_link=False) as fh:
                get_writer(name)(report, fh)
        return written

    def handle(self, outcome: Outcome) -> Path | None:
        """Copy the checked file to its folder with its report; return the copy.

        The copy is first written hidden (``.NAME.part``) from the input, which must still be
        the version that was checked (same size and mtime as when it was found ready, before
        and after copying); then the reports are written, copies of an older version in the
        other folder removed, and the copy renamed into place. None, with nothing left behind,
        when the input changed (it is checked again once stable) or when it cannot be read or
        an output cannot be written (noted in ``problems``; a restarted watcher tries again).
        """
        src = Path(outcome.source)
        key = str(src)
        checked = self._ready.pop(key, None)
        rel = src.relative_to(self.in_dir)
        passed = outcome.report.status == "pass"
        dest_dir, other = (
            (self.pass_dir, self.fail_dir) if passed else (self.fail_dir, self.pass_dir)
        )
        copy = dest_dir / rel
        part = copy.with_name(fitting_name(copy.name, ".part", "."))
        written: list[Path] = []
        try:
            if self._signature(src) != checked or not self._copied(src, part, checked):
                self._done.pop(key, None)
                self._last.pop(key, None)  # changed since it was checked: wait until stable
                self.deferred += 1
                return None
            self._done[key] = checked  # type: ignore[assignment]
            written = self._write_reports(outcome, copy, rel)
            for old in (other / rel, *self._report_paths(other / rel)):
                old.unlink(missing_ok=True)  # an older version went the other way
            os.replace(part, copy)
        except _InputGone as exc:
            self._done[key] = checked  # type: ignore[assignment]
            self.problems.append(WatchProblem(src, f"cannot read it: {exc.__cause__}", True))
            return None
        except OSError as exc:
            for leftover in (part, *written):
                with contextlib.suppress(OSError):  # its folder gone, its name refused
                    leftover.unlink(missing_ok=True)
            why = f"cannot write its report or copy: {exc}"
            self.problems.append(WatchProblem(src, why, False))
            return None
        return copy

    def _copied(self, src: Path, part: Path, checked: Signature | None) -> bool:
        """Copy ``src`` to ``part`` with its mtime; False (and no part) when the input changed
        while it was copied. Raises _InputGone when it cannot be read."""
        _no_link_below(part.parent, self.pass_dir, self.fail_dir)
        part.parent.mkdir(parents=True, exist_ok=True)
        try:
            reader = self._open_inside(src.relative_to(self.in_dir))
        except OSError as exc:
            raise _InputGone from exc
        flags = os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_NOFOLLOW | os.O_CLOEXEC
        with reader:
            st = os.fstat(reader.fileno())
            if (st.st_size, st.st_mtime_ns) != checked:
                return False
            part.unlink(missing_ok=True)  # a leftover, or a link someone put there
            # and never through a link put there now
            with open(os.open(part, flags, 0o666), "wb") as writer:
                while True:
                    try:
                        chunk = reader.read(1 << 20)
                    except OSError as exc:  # the input, not the output, failed
                        writer.close()
                        part.unlink(missing_ok=True)
                        raise _InputGone from exc
                    if not chunk:
                        break
                    writer.write(chunk)
        os.utime(part, ns=(st.st_atime_ns, st.st_mtime_ns))  # from the file read, not a path
        os.chmod(part, stat.S_IMODE(st.st_mode))
        if self._signature(src) != checked:
            part.unlink(missing_ok=True)
            return False
        return True

    def _open_inside(self, rel: Path) -> BinaryIO:
        """Open ``in_dir / rel`` for reading, following no link on the way below ``in_dir``
        (each folder opened from the one before with ``O_NOFOLLOW``) and not blocking on a
        pipe; OSError for a link, a pipe or a device put there after the poll."""
        base = os.O_RDONLY | os.O_CLOEXEC
        fd = os.open(self.in_dir, base | os.O_DIRECTORY)  # the folder named: as given
        try:
            for part in rel.parts[:-1]:
                below = os.open(part, base | os.O_DIRECTORY | os.O_NOFOLLOW, dir_fd=fd)
                os.close(fd)
                fd = below
            leaf = os.open(rel.name, base | os.O_NOFOLLOW | os.O_NONBLOCK, dir_fd=fd)
        except OSError as exc:
            if exc.errno in (errno.ELOOP, errno.ENOTDIR):
                raise OSError(exc.errno, f"it is a link now; {LINK_REFUSED}") from exc
            raise
        finally:
            os.close(fd)
        if not stat.S_ISREG(os.fstat(leaf).st_mode):
            os.close(leaf)
            raise OSError(errno.EINVAL, "not a regular file now; not opened")
        return os.fdopen(leaf, "rb")

    @staticmethod
    def _report_paths(copy: Path) -> list[Path]:
        """The reports beside a copy, in every format there is, named literally (not as a
        pattern: a file named ``*.png`` must not reach other files' reports)."""
        return [_report_path(copy, ext) for _, ext in FORMATS.values()]

    def process(self, executor: Executor, ready: list[Path]) -> Iterator[Outcome]:
        """Check the ready files; yield each outcome that was copied or became a problem (a
        file that changed while it was checked is left for a later poll)."""
        for outcome in iter_outcomes([str(p) for p in ready], executor, self.setup, self.ctx):
            known = len(self.problems)
            if self.handle(outcome) is not None or len(self.problems) > known:
                yield outcome

    def run(
        self,
        executor: Executor,
        interval: float = 2.0,
        once: bool = False,
        on_file: Callable[[Outcome], None] | None = None,
        on_refused: Callable[[WatchProblem], None] | None = None,
    ) -> list[Outcome]:
        """Poll until interrupted; with `once`, handle what is complete now and return.
        ``on_refused`` hears of each entry put in ``refused``, as the poll finds it."""
        handled: list[Outcome] = []

        def poll() -> list[Path]:
            known = len(self.refused)
            ready = self.poll()
            for problem in self.refused[known:]:
                if on_refused:
                    on_refused(problem)
            return ready

        poll()
        while True:
            time.sleep(interval)
            for outcome in self.process(executor, poll()):
                if once:
                    handled.append(outcome)
                if on_file:
                    on_file(outcome)
            if once:
                return handled
