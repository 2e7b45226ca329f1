"""A hot folder: check each new file once it is fully written, copy it to a pass or fail folder
and write its report beside the copy. Input files are never moved or changed."""

from __future__ import annotations

import os
import shutil
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from brandcheck.batch.engine import Outcome, iter_outcomes
from brandcheck.batch.executors import Executor
from brandcheck.batch.work import CheckSetup
from brandcheck.checks import CheckContext
from brandcheck.errors import UsageError
from brandcheck.inputs import collect_inputs
from brandcheck.report import Report
from brandcheck.reporters import extension, get_writer

Signature = tuple[int, int]


@dataclass
class HotFolder:
    """Polls `in_dir`; a file is ready when its size and mtime are unchanged over two polls.

    Copies keep the input's relative path and mtime. Reports go beside the copy as
    `NAME.brandcheck.<ext>` (or under `reports_dir`), never into `in_dir`; they are written
    before the copy appears. A file whose copy with the same size and mtime is already in the
    pass or fail folder counts as done, so a restarted watcher does not check it again. A file
    whose report or copy cannot be written is noted in ``problems`` and left for a restarted
    watcher; the others go on. An empty file is ready once it has stayed empty for
    ``empty_grace`` seconds (a writer may create a file and fill it a moment later).
    """

    in_dir: Path
    pass_dir: Path
    fail_dir: Path
    setup: CheckSetup
    ctx: CheckContext
    formats: list[str] = field(default_factory=lambda: ["json"])
    reports_dir: Path | None = None
    empty_grace: float = 30.0
    problems: list[tuple[Path, str]] = field(default_factory=list)
    _last: dict[str, Signature] = field(default_factory=dict, repr=False)
    _done: dict[str, Signature] = field(default_factory=dict, repr=False)
    _empty_since: dict[str, float] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        inside = self.in_dir.resolve()
        for out in (self.pass_dir, self.fail_dir, self.reports_dir):
            if out is None:
                continue
            o = out.resolve()
            if o == inside or inside in o.parents or o in inside.parents:
                raise UsageError(f"{out} must not be inside {self.in_dir} or contain it")
            try:
                out.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise UsageError(f"cannot use {out} as an output folder: {exc}") from exc
        for name in self.formats:
            get_writer(name)

    def _signature(self, path: Path) -> Signature | None:
        try:
            st = path.stat()
        except OSError:
            return None
        return (st.st_size, st.st_mtime_ns)

    def _already_copied(self, rel: Path, sig: Signature) -> bool:
        return any(self._signature(d / rel) == sig for d in (self.pass_dir, self.fail_dir))

    def poll(self) -> list[Path]:
        """Files that are complete (stable since the last poll) and not yet handled."""
        files, _problems = collect_inputs([self.in_dir])
        ready: list[Path] = []
        now: dict[str, Signature] = {}
        for path in files:
            sig = self._signature(path)
            if sig is None:
                continue  # gone
            key = str(path)
            now[key] = sig
            if self._done.get(key) == sig or self._last.get(key) != sig:
                continue
            if sig[0] == 0 and not self._empty_long_enough(key):
                continue  # maybe about to be written: wait
            if self._already_copied(path.relative_to(self.in_dir), sig):
                self._done[key] = sig
                continue
            ready.append(path)
        self._last = now
        self._empty_since = {k: t for k, t in self._empty_since.items() if now.get(k, (1,))[0] == 0}
        return ready

    def _empty_long_enough(self, key: str) -> bool:
        since = self._empty_since.setdefault(key, time.monotonic())
        return time.monotonic() - since >= self.empty_grace

    def _copy(self, src: Path, dest: Path) -> None:
        dest.parent.mkdir(parents=True, exist_ok=True)
        part = dest.with_name(f".{dest.name}.part")
        shutil.copy2(src, part)
        os.replace(part, dest)

    def _write_reports(self, outcome: Outcome, copy: Path, rel: Path) -> None:
        report = Report(
            profile=self.setup.profile.name,
            target=self.setup.options.target,  # type: ignore[arg-type]
            fail_on=self.setup.options.fail_on,
            files=[outcome.report],
        ).summarise()
        base = (self.reports_dir / rel) if self.reports_dir is not None else copy
        base.parent.mkdir(parents=True, exist_ok=True)
        for name in self.formats:
            target = base.with_name(f"{base.name}.brandcheck.{extension(name)}")
            with target.open("w", encoding="utf-8", newline="\n") as fh:
                get_writer(name)(report, fh)

    def handle(self, outcome: Outcome) -> Path | None:
        """Write the checked file's report, then copy it to its folder; return the copy, or
        None when either cannot be written (noted in ``problems``; a restarted watcher tries
        the file again, since no copy marks it done)."""
        src = Path(outcome.source)
        rel = src.relative_to(self.in_dir)
        passed = outcome.report.status == "pass"
        dest_dir, other = (
            (self.pass_dir, self.fail_dir) if passed else (self.fail_dir, self.pass_dir)
        )
        sig = self._signature(src)
        if sig is not None:
            self._done[str(src)] = sig  # handled in this run, written or not
        copy = dest_dir / rel
        try:
            stale = other / rel
            for old in [stale, *stale.parent.glob(f"{stale.name}.brandcheck.*")]:
                old.unlink(missing_ok=True)  # an older version went the other way
            self._write_reports(outcome, copy, rel)
            self._copy(src, copy)
        except OSError as exc:
            self.problems.append((src, f"cannot write its report or copy: {exc}"))
            return None
        return copy

    def process(self, executor: Executor, ready: list[Path]) -> Iterator[Outcome]:
        for outcome in iter_outcomes([str(p) for p in ready], executor, self.setup, self.ctx):
            self.handle(outcome)
            yield outcome

    def run(
        self,
        executor: Executor,
        interval: float = 2.0,
        once: bool = False,
        on_file: Callable[[Outcome], None] | None = None,
    ) -> list[Outcome]:
        """Poll until interrupted; with `once`, handle what is complete now and return."""
        handled: list[Outcome] = []
        self.poll()
        while True:
            time.sleep(interval)
            for outcome in self.process(executor, self.poll()):
                if once:
                    handled.append(outcome)
                if on_file:
                    on_file(outcome)
            if once:
                return handled
