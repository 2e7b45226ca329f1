"""Picklable work items (a file, or a page range of a large PDF) and the worker function."""

from __future__ import annotations

import contextlib
import fnmatch
import hashlib
import os
import stat
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from brandcheck.api import ready_context
from brandcheck.batch_defaults import DEFAULT_CHUNK_PAGES
from brandcheck.checks import CheckContext
from brandcheck.document import open_document
from brandcheck.errors import InputError
from brandcheck.pipeline import (
    CHANGED_WHILE_CHECKED,
    RunOptions,
    check_document_pages,
    file_identity,
    sha256_of,
)
from brandcheck.profile import LogoTemplateSpec, Profile
from brandcheck.report import Finding, PageReport


@dataclass(frozen=True)
class CheckSetup:
    """What every worker needs besides the item: the profile, the run options, the chunk size,
    and the profile's logo files as this process read them."""

    profile: Profile
    options: RunOptions
    chunk_pages: int = DEFAULT_CHUNK_PAGES
    logo_data: tuple[bytes | None, ...] | None = None
    """The content of each of ``profile.logo_paths()`` (None where it cannot be read), read
    when the setup is made: a worker that does not see a logo file (one on the scanning
    machine only, a Dask worker on another host) or sees another version of it uses this."""

    def __post_init__(self) -> None:
        if self.logo_data is None:
            object.__setattr__(self, "logo_data", tuple(map(_read, self.profile.logo_paths())))

    @property
    def key(self) -> str:
        return f"{self.profile.digest}:{self.options!r}:{self.chunk_pages}"


@dataclass(frozen=True)
class WorkItem:
    """One unit of work: a file, or pages [start, stop) of it.

    ``stop is None`` is the first look at a file: the worker opens it, checks at most
    ``chunk_pages`` pages (with the file-level hooks) and reports the page count, so the
    scheduler can hand the remaining page ranges to other workers.
    """

    path: str
    start: int = 0
    stop: int | None = None

    @property
    def first(self) -> bool:
        return self.stop is None


@dataclass
class ItemResult:
    """What a worker sends back for one item (picklable; PageReports keep their facts)."""

    item: WorkItem
    page_count: int = 0
    kind: str = "unknown"
    sha256: str | None = None
    stop: int = 0
    pages: list[PageReport] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    error_rule: str | None = None
    error: str | None = None
    seconds: float = 0.0
    version: tuple[int, int] | None = None  # the file's (size, mtime) as this item saw it
    tool_version: str | None = None  # the brandcheck of the Dask worker that sent it

    @property
    def failed(self) -> bool:
        return self.error_rule is not None

    def remaining(self, chunk_pages: int) -> list[WorkItem]:
        """The page-range items still to do after a first look at a large file."""
        if not self.item.first or self.failed:
            return []
        return [
            WorkItem(self.item.path, s, min(s + chunk_pages, self.page_count))
            for s in range(self.stop, self.page_count, chunk_pages)
        ]


def failed_result(item: WorkItem, rule: str, reason: str, seconds: float = 0.0) -> ItemResult:
    """An ItemResult for an item that could not be checked (timeout, crash, bad input)."""
    return ItemResult(item=item, error_rule=rule, error=reason, seconds=seconds)


def _read(logo: tuple[LogoTemplateSpec, Path]) -> bytes | None:
    try:
        return logo[1].read_bytes()
    except OSError:
        return None  # the check setup's own loading says why


_CONTEXTS: dict[str, CheckContext] = {}


def _logo_copies() -> Path:
    """This user's folder of logo files that workers could not see: one per user, so workers
    ended by a kill (which runs no clean-up) leave one copy of each logo, not one each. Taken
    only if it is this user's own folder that nobody else may write to."""
    folder = Path(tempfile.gettempdir()) / f"brandcheck-logos-{os.getuid()}"
    with contextlib.suppress(FileExistsError):
        folder.mkdir(mode=0o700)
    st = os.lstat(folder)
    if not stat.S_ISDIR(st.st_mode) or st.st_uid != os.getuid() or st.st_mode & 0o022:
        raise OSError(f"{folder} is not this user's own folder: logo files are not copied there")
    return folder


def _logo_copy(name: str, data: bytes) -> str:
    """A file named ``name`` holding ``data``, in a folder of its content's hash."""
    folder = _logo_copies() / hashlib.sha256(data).hexdigest()[:16]
    copy = folder / name
    with contextlib.suppress(OSError):
        if copy.read_bytes() == data:
            return str(copy)
    folder.mkdir(exist_ok=True)
    part = folder / f".{name}.{os.getpid()}.{threading.get_ident()}"
    part.write_bytes(data)
    os.replace(part, copy)  # whole, also when two workers write it at once
    return str(copy)


def _profile_here(setup: CheckSetup) -> Profile:
    """The setup's profile with each logo file this process cannot read as the setup's maker
    did replaced by a copy of what that process read (the profile's digest covers it)."""
    profile = setup.profile
    copies: dict[str, str] = {}
    for (spec, path), data in zip(profile.logo_paths(), setup.logo_data or (), strict=False):
        if data is None or _read((spec, path)) == data:
            continue
        copies[spec.id] = _logo_copy(path.name, data)
    if not copies:
        return profile

    def here(specs: list[LogoTemplateSpec]) -> list[LogoTemplateSpec]:
        return [s.model_copy(update={"file": copies.get(s.id, s.file)}) for s in specs]

    logo = profile.logo
    logo = logo.model_copy(
        update={
            "templates": here(logo.templates),
            "forbidden_templates": here(logo.forbidden_templates),
        }
    )
    return profile.model_copy(update={"logo": logo})


def _context(setup: CheckSetup) -> CheckContext:
    """One CheckContext per worker process and setup, so check caches survive across files."""
    ctx = _CONTEXTS.get(setup.key)
    if ctx is None:
        # the logo files are loaded here, not during a page's checks, where MuPDF's warnings
        # about them would count as that page's damage
        ctx = ready_context(_profile_here(setup), setup.options)
        _CONTEXTS.clear()
        _CONTEXTS[setup.key] = ctx
    return ctx


def _test_hooks(path: str) -> None:
    """TEST-ONLY fault injection, inert unless the test suite sets these variables.

    BRANDCHECK_TEST_DELAY="GLOB=SECONDS" sleeps on matching file names (a hanging file);
    BRANDCHECK_TEST_CRASH="GLOB" kills the worker process on them (a crashing file).
    """
    delay = os.environ.get("BRANDCHECK_TEST_DELAY")
    crash = os.environ.get("BRANDCHECK_TEST_CRASH")
    if not (delay or crash):
        return
    name = Path(path).name
    if delay:
        pattern, _, seconds = delay.rpartition("=")
        if fnmatch.fnmatch(name, pattern):
            time.sleep(float(seconds))
    if crash and fnmatch.fnmatch(name, crash):
        os._exit(70)


def run_item(item: WorkItem, setup: CheckSetup) -> ItemResult:
    """Check one work item in this process; input problems become a failed ItemResult."""
    started = time.perf_counter()
    _test_hooks(item.path)
    ctx = _context(setup)
    path = Path(item.path)
    result = ItemResult(item=item)
    before = None
    try:
        before = file_identity(path)
        with open_document(
            path, limits=setup.options.limits, password=setup.options.password
        ) as doc:
            result.page_count, result.kind = doc.page_count, doc.kind
            stop = item.stop
            if stop is None:
                stop = min(doc.page_count, setup.chunk_pages)
            result.stop = stop
            result.pages, result.findings = check_document_pages(
                doc, ctx, range(item.start, stop), item.first
            )
        if file_identity(path) != before:  # rewritten or replaced under this item
            raise InputError("file.unreadable", CHANGED_WHILE_CHECKED)
        # across items only size and mtime compare: on a cluster another host's network file
        # system gives the same file another device number
        result.version = before[2:]
    except InputError as exc:
        result = failed_result(item, exc.rule, exc.message)
        if before is not None and exc.message != CHANGED_WHILE_CHECKED:
            result.version = before[2:]  # this version cannot be checked: kept so
    except MemoryError:
        result = failed_result(item, "file.too_large", "ran out of memory while checking")
    if item.first:
        result.sha256 = sha256_of(path)
    result.seconds = time.perf_counter() - started
    return result
