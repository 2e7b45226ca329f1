"""Scan a folder tree into a results store: plan (skip finished files), check, record."""

from __future__ import annotations

import hashlib
import os
import stat
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from brandcheck.api import ready_context, resolve_profile
from brandcheck.batch.engine import Outcome, iter_outcomes
from brandcheck.batch.executors import (
    DEFAULT_MEMORY_MB,
    DEFAULT_TIMEOUT,
    ClusterError,
    DaskExecutor,
    Executor,
    ProcessExecutor,
    SerialExecutor,
)
from brandcheck.batch.gone import (
    Places,
    Successors,
    folder_is_empty,
    forget_gone,
    nearest_folder,
)
from brandcheck.batch.keys import store_key
from brandcheck.batch.mounts import SHARE_AWAY, mount_points, shares_away
from brandcheck.batch.store import FileState, ResultStore, StoredFile, StoreWriteError
from brandcheck.batch.work import DEFAULT_CHUNK_PAGES, CheckSetup
from brandcheck.build import code_version
from brandcheck.inputs import InputProblem, collect_inputs
from brandcheck.pipeline import RunOptions, display_path, sha256_of
from brandcheck.profile import Profile

PLAN_STEP = 500  # files compared between two progress reports while planning
RESUME = "the results so far are saved: run the same command again to resume"
#: how `scan report` names a folder given whose latest scan listed no file to check in it
EMPTY_ROOT = (
    "its latest scan found no PDF, image or SVG in it (an unmounted share's empty mount "
    "point, a wrong path): nothing was checked there; results under it are earlier scans'"
)
#: the same, for a folder given that listed only files not to check (a Word file, an EPS,
#: a note left in a share's mount point)
ONLY_OTHERS_ROOT = (
    "its latest scan found no PDF, image or SVG in it, only files that are not (listed as not "
    "checked): nothing was checked there; results under it are earlier scans'"
)


def options_digest(options: RunOptions) -> str:
    """A digest of the run options that change results (not the password)."""
    rules = options.rules
    parts = (
        options.target,
        options.fail_on.value,
        sorted(rules.select) if rules.select is not None else None,
        sorted(rules.ignore),
        sorted((k, v.value) for k, v in rules.severity.items()),
        options.limits,
        options.ocr,
    )
    return hashlib.sha256(repr(parts).encode()).hexdigest()[:16]


@dataclass
class ScanPlan:
    """Which files a scan will check, and why; the rest already have a current result."""

    todo: list[str] = field(default_factory=list)
    states: dict[str, FileState] = field(default_factory=dict)
    reasons: dict[str, int] = field(
        default_factory=lambda: {"new": 0, "changed": 0, "stale": 0, "retry": 0}
    )
    skipped: int = 0
    problems: list[InputProblem] = field(default_factory=list)
    keys: list[str] = field(default_factory=list)
    """Every file found, as stored (see ``store_key``)."""
    key_of: dict[str, str] = field(default_factory=dict)
    """The store key of each file to check, by its path."""
    gone: int = 0
    """Stored files under the roots that are no longer there: their results were removed."""
    moved: int = 0
    """New paths whose content a gone path had: its result was carried over, not checked."""
    kept: dict[str, int] = field(default_factory=dict)
    """Roots that listed no file, with how many stored results under each were kept."""
    empty: dict[str, int] = field(default_factory=dict)
    """Folders given that listed no file to check (no PDF, image or SVG; nothing that could
    not be listed in them), with how many files not to check (a Word file, an EPS) each
    listed: with none, an unmounted share's mount point or a wrong path. Nothing was
    scanned there, so the scan exits 2, as `check` with no file to check."""
    not_documents: list[Path] = field(default_factory=list)
    """Files in the folders scanned that are not a PDF, image or SVG: never checked."""
    roots: list[str] = field(default_factory=list)
    """The paths given, as row keys (links resolved), as the scan's record names them."""
    covered: list[str] = field(default_factory=list)
    """Of ``roots``, those this scan looked at: not missing, listed, and not kept because
    they listed no file (a share that did not mount). Only they finish a stopped scan."""

    @property
    def found(self) -> int:
        return len(self.todo) + self.skipped


@dataclass
class ScanSummary:
    """What a scan did."""

    plan: ScanPlan
    checked: int = 0
    passed: int = 0
    failed: int = 0
    errors: int = 0
    pages: int = 0
    seconds: float = 0.0
    interrupted: bool = False
    stopped: str | None = None  # why the scan stopped before its end, other than Ctrl-C
    vanished: set[str] = field(default_factory=set)
    """Keys of files deleted or moved away after planning, before their check could read
    them: nothing is recorded for them, and a result of an older version is removed (the next
    scan sees them gone, or checks them where they were moved)."""
    lost_roots: dict[str, int] = field(default_factory=dict)
    """Folders given that list no file any more (a share that went away during the scan),
    with how many files to check there could not be read: not gone, not checked."""
    current: dict[str, int] = field(default_factory=dict)
    """Outcome counts over every file found (checked now or earlier), from the store."""

    def add(self, outcome: Outcome) -> None:
        self.checked += 1
        self.pages += outcome.pages
        status = outcome.report.status
        self.passed += status == "pass"
        self.failed += status == "fail"
        self.errors += status == "error"


def _storable(mtime_ns: int) -> int:
    """A modification time as SQLite stores it (64-bit): a file dated after 2262 (or a broken
    clock's) is kept at the largest time it can hold, not a crash of every scan."""
    return max(-(2**63), min(mtime_ns, 2**63 - 1))


def plan_scan(
    paths: Iterable[str | Path],
    store: ResultStore,
    base: FileState,
    retry_errors: bool = False,
    password: bool = False,
    forget_empty: bool = False,
    on_planning: Callable[[int, int], None] | None = None,
    *,
    verify: bool = False,
) -> ScanPlan:
    """Find files and keep those without a current result (new, changed, stale, retried).

    Each file's row is keyed by its real place (links in its folders resolved), so an archive
    reached through a link, or a linked folder inside it, has one row per file however it is
    named; the file is opened by the path the listing gave. With ``password`` (one is given
    this run) files stored as encrypted are retried too. ``on_planning(done, found)`` is
    told how far the comparison has got, every few hundred files. With ``verify`` a file whose
    size and mtime are unchanged is hashed too, and checked again when its content changed (an
    edit whose tool restored the old mtime, a copy made with ``cp -p`` over it).
    """
    roots = [os.path.abspath(p) for p in paths]
    not_documents: list[Path] = []
    walked: list[Path] = []
    files, problems = collect_inputs(roots, not_documents, walked=walked)
    stored = store.stored()
    real = _RealPlaces()
    real_roots = [display_path(real.root(r)) for r in roots]
    if not forget_empty:  # a share inside that did not mount: kept, as a folder not listed
        away = shares_away(store.mounts(), real_roots)
        problems += [InputProblem(Path(path), SHARE_AWAY) for path in away]
    own = _store_files(store, real)  # a --db inside the archive is not part of it
    not_documents = [p for p in not_documents if real(os.path.abspath(p)) not in own]
    plan = ScanPlan(problems=problems, not_documents=not_documents)
    keys = {os.path.abspath(f): store_key(real(os.path.abspath(f))) for f in files}
    taken = set(keys.values())
    kept = _not_looked_at(plan, roots, taken, stored, real, forget_empty)
    successors = Successors(stored, taken, kept, base)
    seen: set[str] = set()
    for done, file in enumerate(files):
        if on_planning is not None and done % PLAN_STEP == 0:
            on_planning(done, len(files))
        path = os.path.abspath(file)
        key = keys[path]
        if key in seen:
            continue  # the same file again, through a second link to its folder
        seen.add(key)
        try:
            st = os.stat(path)
        except OSError as exc:
            plan.problems.append(InputProblem(Path(path), f"cannot stat: {exc.strerror}"))
            continue
        if not stat.S_ISREG(st.st_mode):  # a FIFO or device named on the command line
            plan.problems.append(InputProblem(Path(path), "not a regular file"))
            continue
        mtime_ns = _storable(st.st_mtime_ns)
        state = FileState(
            st.st_size, mtime_ns, base.profile_digest, base.options_digest, base.tool_version
        )
        plan.keys.append(key)
        shown = display_path(path)
        if key != shown and shown in stored and shown not in taken:
            if shown != path:  # an older version's key that files printing alike shared
                store.forget(shown)
                del stored[shown]
            elif key not in stored:  # an older version's: the path as listed, through links
                store.rename(shown, key)
                stored[key] = replace(stored.pop(shown), path=key)
        row = stored.get(key)
        if row is None and (moved := successors.take(path, key, st.st_size)) is not None:
            store.rename(moved.path, key, mtime_ns)  # moved here: its result comes along
            del stored[moved.path]
            row = stored[key] = replace(moved, path=key, mtime_ns=mtime_ns)
            plan.moved += 1
        if row is None:
            reason = "new"
        elif row.is_stale(state):
            reason = "stale"
        elif row.size != st.st_size:
            reason = "changed"
        elif row.mtime_ns != mtime_ns:
            if row.sha256 is not None and sha256_of(Path(path)) == row.sha256:
                store.touch(row.path, mtime_ns)
                reason = None
            else:
                reason = "changed"
        elif verify and row.sha256 is not None and sha256_of(Path(path)) != row.sha256:
            reason = "changed"
        elif row.status == "error" and (
            retry_errors or (password and row.error_rule == "file.encrypted")
        ):
            reason = "retry"
        else:
            reason = None
        if reason is None:
            plan.skipped += 1
            continue
        plan.reasons[reason] += 1
        plan.todo.append(path)
        plan.states[path] = state
        plan.key_of[path] = key
    if on_planning is not None:
        on_planning(len(files), len(files))
    # a linked folder's rows are keyed by its real place, which may lie outside the roots
    folders = frozenset(store_key(real.root(os.path.abspath(f))) for f in walked)
    plan.gone = forget_gone(store, stored, taken, [real.root(r) for r in roots], kept, folders)
    # the files not checked, and the paths that could not be listed or looked at, as found
    # now: those under a root that listed none, or under a folder that could not be listed,
    # are kept (as their results are)
    looked_at = [store_key(real.root(r)) for r in roots if display_path(r) not in plan.kept]
    plan.roots = [store_key(real.root(r)) for r in roots]
    unlisted = {os.path.abspath(p.path) for p in plan.problems}
    hollow = _empty_roots(roots, taken, plan.problems, real)
    plan.empty = {display_path(r): _files_under(r, plan.not_documents) for r in hollow}
    plan.covered = [
        store_key(real.root(r))
        for r in roots
        if display_path(r) not in plan.kept and r not in unlisted and r not in hollow
    ]
    store.replace_under(
        "skipped",
        looked_at,
        [(store_key(real(os.path.abspath(p))),) for p in plan.not_documents],
        keep=kept.holds,
        folders=folders,
    )
    unreached = [(_problem_key(p, roots, real), p.reason) for p in plan.problems]
    unreached += [
        (store_key(real.root(r)), ONLY_OTHERS_ROOT if plan.empty[display_path(r)] else EMPTY_ROOT)
        for r in hollow
    ]
    store.replace_under("unreached", looked_at, unreached, keep=kept.holds, folders=folders)
    mounts = [(p,) for p in mount_points(walked, real.root)]
    store.replace_under("mounts", looked_at, mounts, keep=kept.holds, folders=folders)
    return plan


def _empty_roots(
    roots: list[str], found: set[str], problems: list[InputProblem], real: _RealPlaces
) -> list[str]:
    """The folders given in which nothing to check was listed and nothing failed to be
    listed (those are reported as such): each, once, as given."""
    unlisted = [display_path(os.path.abspath(p.path)) for p in problems]
    empty: list[str] = []
    for root in roots:
        if root in empty or not os.path.isdir(root) or _lists_a_file(root, found, real):
            continue
        given = Places([display_path(root)])
        if not any(given.holds(path) for path in unlisted):
            empty.append(root)
    return empty


def _files_under(root: str, paths: list[Path]) -> int:
    """How many of ``paths`` (as listed) lie in or under a folder given."""
    place = Places([root])
    return sum(1 for p in paths if place.holds(os.path.abspath(p)))


def _lists_a_file(root: str, found: set[str], real: _RealPlaces) -> bool:
    """Whether a file to check was found at or under a root (``found``: row keys)."""
    place = Places([display_path(real.root(root))])
    return any(place.holds(key) for key in found)


def _problem_key(problem: InputProblem, roots: list[str], real: _RealPlaces) -> str:
    """The row key of a path that could not be listed or looked at: a root given through a
    link is keyed as the scan's roots are (resolved whole), so its next scan finds it."""
    path = os.path.abspath(problem.path)
    return store_key(real.root(path) if path in roots else real(path))


def _store_files(store: ResultStore, real: _RealPlaces) -> set[str]:
    """The real paths of the results database and the files SQLite and the scan keep beside
    it (write-ahead log, shared memory, journal, lock file), by the name given and, when that
    is a link, beside the file it leads to, where SQLite and the lock keep theirs."""
    names = {real(os.path.abspath(store.path)), os.path.realpath(store.path)}
    return {db + suffix for db in names for suffix in ("", "-wal", "-shm", "-journal", ".lock")}


def _not_looked_at(
    plan: ScanPlan,
    roots: list[str],
    found: set[str],
    stored: dict[str, StoredFile],
    real: _RealPlaces,
    forget_empty: bool = False,
) -> Places:
    """The places whose stored rows this scan cannot judge: paths that could not be listed
    (a locked folder, a missing root) and roots that listed no file while rows are stored
    under them (a share that did not mount shows as an empty folder). Each such root gets
    a warning in ``plan.kept``."""
    kept = Places()
    for problem in plan.problems:
        path = os.path.abspath(problem.path)
        kept.add(display_path(path))
        kept.add(display_path(real.root(path)))
    for root in roots:
        if forget_empty or not os.path.exists(root):
            continue  # told its files are gone; or missing, and a problem already
        if _lists_a_file(root, found, real):
            continue
        place = Places([display_path(real.root(root))])
        rows = sum(1 for key in stored if place.holds(key))
        if rows:
            kept.paths |= place.paths
            plan.kept[display_path(root)] = rows
    return kept


class _RealPlaces:
    """A path with the links in its folders resolved (the name itself kept), each folder
    resolved once: archives hold many files per folder."""

    def __init__(self) -> None:
        self._folders: dict[str, str] = {}

    def __call__(self, path: str) -> str:
        head, name = os.path.split(path)
        if head not in self._folders:
            self._folders[head] = os.path.realpath(head)
        return os.path.join(self._folders[head], name)

    def root(self, path: str) -> str:
        """A scan root: a folder (or a link to one) resolved whole, a file as above."""
        return os.path.realpath(path) if os.path.isdir(path) else self(path)


def _vanished(outcome: Outcome) -> bool:
    """Whether a file could not be checked because it is no longer there (deleted or moved
    away during the scan), rather than because it cannot be read."""
    if outcome.report.status != "error":
        return False
    try:
        os.lstat(outcome.source)
    except (FileNotFoundError, NotADirectoryError):
        return True
    except OSError:  # there, but its folder cannot be searched now: unreadable, not gone
        return False
    return False


def _sort_missing(summary: ScanSummary, missing: dict[str, str], folders: list[str]) -> None:
    """Tell files deleted or moved away during the scan (``vanished``) from files whose
    nearest folder still there, in a folder given, lists nothing now (``lost_roots``): a share
    that went away mid-scan (mounted at the folder given or at a folder in it) leaves an empty
    mount point, and its files are not gone, only out of reach."""
    given = Places(folders)
    for path, key in missing.items():
        folder = nearest_folder(path)
        if folder is None or not given.holds(folder) or folder_is_empty(folder) is False:
            summary.vanished.add(key)
        else:
            shown = display_path(folder)
            summary.lost_roots[shown] = summary.lost_roots.get(shown, 0) + 1


def make_executor(
    setup: CheckSetup,
    jobs: int | None = None,
    scheduler: Any = None,
    timeout: float | None = DEFAULT_TIMEOUT,
    memory_mb: int | None = DEFAULT_MEMORY_MB,
) -> Executor:
    """Dask when a scheduler (address, Client) is given; else `jobs` local processes;
    `jobs=0` runs in this process without time or memory limits."""
    if scheduler is not None:
        return DaskExecutor(setup, scheduler, timeout=timeout)
    if jobs == 0:
        return SerialExecutor(setup)
    return ProcessExecutor(setup, jobs or os.cpu_count() or 1, timeout, memory_mb)


def scan(
    paths: Iterable[str | Path],
    db: str | Path,
    profile: str | Path | Profile = "stockholm",
    options: RunOptions | None = None,
    *,
    jobs: int | None = None,
    scheduler: Any = None,
    timeout: float | None = DEFAULT_TIMEOUT,
    memory_mb: int | None = DEFAULT_MEMORY_MB,
    chunk_pages: int = DEFAULT_CHUNK_PAGES,
    retry_errors: bool = False,
    forget_empty: bool = False,
    verify: bool = False,
    on_planning: Callable[[int, int], None] | None = None,
    on_plan: Callable[[ScanPlan], None] | None = None,
    on_file: Callable[[Outcome], None] | None = None,
) -> ScanSummary:
    """Check every file under `paths` that has no current result in `db` and record each
    result as it arrives (one transaction per file), so an interrupted scan can resume."""
    options = options or RunOptions()
    prof = resolve_profile(profile)
    ctx = ready_context(prof, options)  # a broken logo file stops here, not once per file
    setup = CheckSetup(profile=prof, options=options, chunk_pages=chunk_pages)
    base = FileState(0, 0, prof.digest, options_digest(options), code_version())
    started = time.perf_counter()
    roots = [os.path.abspath(p) for p in paths]
    folders = [r for r in roots if os.path.isdir(r)]
    missing: dict[str, str] = {}  # files no longer there at their check, by path: their keys
    with ResultStore(db, claim=True) as store:
        has_password = options.password is not None
        plan = plan_scan(
            roots,
            store,
            base,
            retry_errors,
            has_password,
            forget_empty,
            on_planning,
            verify=verify,
        )
        if on_plan:
            on_plan(plan)
        summary = ScanSummary(plan=plan)
        scan_id = None  # a scan whose workers cannot be had is not recorded as one
        if not plan.todo:
            scan_id = store.begin_scan(plan.roots, prof.name, base, 0, plan.skipped)
        else:
            try:
                with make_executor(setup, jobs, scheduler, timeout, memory_mb) as executor:
                    scan_id = store.begin_scan(
                        plan.roots, prof.name, base, len(plan.todo), plan.skipped
                    )
                    for outcome in iter_outcomes(plan.todo, executor, setup, ctx):
                        if _vanished(outcome):
                            missing[outcome.source] = plan.key_of[outcome.source]
                            continue
                        state = plan.states[outcome.source]
                        if outcome.version is not None:  # the version checked, not the planned
                            size, mtime_ns = outcome.version
                            state = replace(state, size=size, mtime_ns=_storable(mtime_ns))
                        key = plan.key_of[outcome.source]
                        store.record(
                            outcome.report, state, prof.name, scan_id, outcome.error_rule, key
                        )
                        summary.add(outcome)
                        if on_file:
                            on_file(outcome)
            except KeyboardInterrupt:
                summary.interrupted = True
            except ClusterError as exc:  # lost, or of another version
                summary.interrupted = True
                summary.stopped = f"{exc}; {RESUME}"
            except StoreWriteError as exc:  # a full disk: what is written stays, a rerun resumes
                summary.interrupted, summary.stopped = True, exc.message
        summary.seconds = time.perf_counter() - started
        _sort_missing(summary, missing, folders)
        if not summary.stopped:  # on a full disk the next scan removes them
            for key in summary.vanished:  # an older version's result, of a file not there now
                store.forget(key)
        stored = store.stored()
        for key in plan.keys:
            if key in summary.vanished:
                continue
            row = stored.get(key)
            status = row.status if row is not None else "unchecked"
            summary.current[status] = summary.current.get(status, 0) + 1
        if scan_id is not None and not summary.interrupted and not summary.lost_roots:
            store.end_scan(scan_id, summary.checked, plan.covered)
    return summary
