"""The SQLite results store of a scan: one row per file, findings in their own table."""

from __future__ import annotations

import contextlib
import functools
import json
import os
import sqlite3
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from brandcheck.errors import BrandcheckError, UsageError
from brandcheck.pipeline import display_path
from brandcheck.report import FileReport

SCHEMA_VERSION = 4
# opened and read as they are; a scan adds what they lack (schema 1: `skipped`, `unreached`
# and `mounts`; schema 2: `unreached` and `mounts`; schema 3: `mounts`)
_OLDER_SCHEMAS = ("1", "2", "3")
BUSY_SECONDS = 30.0  # how long to wait for another program's lock on the database

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS files (
    id INTEGER PRIMARY KEY,
    path TEXT NOT NULL UNIQUE,
    folder TEXT NOT NULL,
    size INTEGER NOT NULL,
    mtime_ns INTEGER NOT NULL,
    sha256 TEXT,
    profile_name TEXT NOT NULL,
    profile_digest TEXT NOT NULL,
    options_digest TEXT NOT NULL,
    tool_version TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('pass', 'fail', 'error')),
    worst TEXT,
    kind TEXT,
    page_count INTEGER NOT NULL DEFAULT 0,
    error_rule TEXT,
    error TEXT,
    findings INTEGER NOT NULL DEFAULT 0,
    seconds REAL NOT NULL DEFAULT 0,
    checked_at TEXT NOT NULL,
    scan_id INTEGER
);
CREATE TABLE IF NOT EXISTS findings (
    id INTEGER PRIMARY KEY,
    file_id INTEGER NOT NULL REFERENCES files(id) ON DELETE CASCADE,
    seq INTEGER NOT NULL,
    rule TEXT NOT NULL,
    name TEXT NOT NULL,
    severity TEXT NOT NULL,
    message TEXT NOT NULL,
    page INTEGER,
    pages TEXT,
    count INTEGER NOT NULL DEFAULT 1,
    data TEXT NOT NULL,
    UNIQUE (file_id, seq)
);
CREATE INDEX IF NOT EXISTS findings_rule ON findings(rule);
CREATE INDEX IF NOT EXISTS files_folder ON files(folder);
CREATE TABLE IF NOT EXISTS scans (
    id INTEGER PRIMARY KEY,
    started TEXT NOT NULL,
    finished TEXT,
    roots TEXT NOT NULL,
    profile_name TEXT NOT NULL,
    profile_digest TEXT NOT NULL,
    options_digest TEXT NOT NULL,
    tool_version TEXT NOT NULL,
    planned INTEGER NOT NULL DEFAULT 0,
    skipped INTEGER NOT NULL DEFAULT 0,
    checked INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE IF NOT EXISTS skipped (path TEXT PRIMARY KEY);
CREATE TABLE IF NOT EXISTS unreached (path TEXT PRIMARY KEY, reason TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS mounts (path TEXT PRIMARY KEY);
"""


@dataclass(frozen=True)
class FileState:
    """What makes a stored result current: the file's identity and the check setup."""

    size: int
    mtime_ns: int
    profile_digest: str
    options_digest: str
    tool_version: str


@dataclass(frozen=True)
class StoredFile:
    """A stored row, enough to decide whether a file must be checked again."""

    path: str
    size: int
    mtime_ns: int
    sha256: str | None
    profile_digest: str
    options_digest: str
    tool_version: str
    status: str
    error_rule: str | None = None

    def is_stale(self, state: FileState) -> bool:
        """The profile, the options or the tool version changed since this result."""
        return (self.profile_digest, self.options_digest, self.tool_version) != (
            state.profile_digest,
            state.options_digest,
            state.tool_version,
        )


class StoreWriteError(BrandcheckError):
    """The results database could not be written (a full disk, storage gone): what was
    written before is kept, and the same scan run again resumes."""


def _writes(method: Callable) -> Callable:
    """A store method that writes: SQLite's OperationalError (``database or disk is full``,
    an I/O error) becomes a StoreWriteError that says what to do."""

    @functools.wraps(method)
    def write(self: ResultStore, *args: object, **kwargs: object) -> object:
        try:
            return method(self, *args, **kwargs)
        except sqlite3.DatabaseError as exc:
            if _corrupt(exc):
                raise _damaged(self.shown, str(exc)) from exc
            if not isinstance(exc, sqlite3.OperationalError):
                raise
            if _busy(exc):
                raise StoreWriteError(
                    f"another program holds the results database {self.shown} ({exc}); the "
                    "results so far are kept: run the same command again once it is done"
                ) from exc
            raise StoreWriteError(
                f"the results database {self.shown} could not be written ({exc}); the results "
                "so far are kept: free space (or fix its storage) and run the same command "
                "again to resume"
            ) from exc

    return write


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _damage(db: sqlite3.Connection) -> str | None:
    """SQLite's first complaint about a damaged database file; None when it reads whole."""
    try:
        first = db.execute("PRAGMA quick_check(1)").fetchone()
    except sqlite3.DatabaseError as exc:
        return str(exc)
    if first is None or first[0] == "ok":
        return None
    lines = [line for line in str(first[0]).splitlines() if not line.startswith("***")]
    return " ".join(lines)


def _corrupt(why: str | Exception) -> bool:
    """Whether SQLite failed because the database file is damaged."""
    return str(getattr(why, "sqlite_errorname", "")).startswith("SQLITE_CORRUPT")


def _busy(exc: Exception) -> bool:
    """Whether SQLite failed because another connection holds a lock on the database."""
    return str(getattr(exc, "sqlite_errorname", "")).startswith(("SQLITE_BUSY", "SQLITE_LOCKED"))


def _damaged(shown: str, damage: str) -> UsageError:
    """The refusal of a damaged scan database (a disk fault, a copy taken while a scan wrote
    it), with what to do."""
    return UsageError(
        f"{shown}: the scan database is damaged ({damage}); restore it from a copy, or "
        "scan into a new --db (every file is checked again)"
    )


def _not_ours(db: sqlite3.Connection | None, shown: str, why: str | Exception) -> UsageError:
    """The refusal of a database that is not a scan database, or one that is damaged: that is
    not the wrong file given."""
    damage = str(why) if _corrupt(why) else (_damage(db) if db is not None else None)
    if damage is not None:
        return _damaged(shown, damage)
    return UsageError(f"{shown}: not a brandcheck scan database ({why})")


def _reads(method: Callable) -> Callable:
    """A store method that reads: a damaged page met there (the schema stamp read whole, the
    rest not) is refused as damage, not a traceback."""

    @functools.wraps(method)
    def read(self: ResultStore, *args: object, **kwargs: object) -> object:
        try:
            return method(self, *args, **kwargs)
        except sqlite3.DatabaseError as exc:
            if not _corrupt(exc):
                raise
            raise _damaged(self.shown, str(exc)) from exc

    return read


def _check_schema(db: sqlite3.Connection, path: Path) -> None:
    """Refuse a database of another schema version, one without a schema stamp, or a damaged
    one."""
    shown = display_path(path)
    if db.execute("SELECT 1 FROM sqlite_master WHERE name='meta'").fetchone() is None:
        raise _not_ours(db, shown, "it has no schema version")
    try:
        found = db.execute("SELECT value FROM meta WHERE key='schema'").fetchone()
    except sqlite3.OperationalError as exc:  # a meta table of another program's
        if _busy(exc):
            raise
        raise _not_ours(db, shown, str(exc)) from exc
    if found is None:
        raise _not_ours(db, shown, "it has no schema version")
    elif str(found[0]) not in (str(SCHEMA_VERSION), *_OLDER_SCHEMAS):
        raise UsageError(
            f"{shown}: scan database schema {found[0]!r} is not supported (this brandcheck "
            f"reads schema {SCHEMA_VERSION}); "
            + (
                "it was written by a newer brandcheck: use that one, or scan into a new --db"
                if str(found[0]).isdigit() and int(found[0]) > SCHEMA_VERSION
                else "scan into a new --db"
            )
        )


@functools.cache
def _our_columns() -> dict[str, list[tuple]]:
    """Each table of a scan database and its columns, as ``_SCHEMA`` makes them."""
    with contextlib.closing(sqlite3.connect(":memory:")) as mem:
        mem.executescript(_SCHEMA)
        return _columns(mem)


def _columns(db: sqlite3.Connection) -> dict[str, list[tuple]]:
    """Each table's columns: name, type, not null, default and key, as SQLite lists them."""
    tables = [r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type='table'")]
    return {t: [tuple(r)[1:] for r in db.execute(f'PRAGMA table_info("{t}")')] for t in tables}


def _half_made(db: sqlite3.Connection) -> bool:
    """Whether a database holds some of a scan database's tables, each exactly as ours, and no
    row in its meta table (not even the schema stamp): a scan stopped while it created it,
    before creation was one transaction. It is finished, not refused; another program's
    database, however alike, is refused."""
    ours, found = _our_columns(), _columns(db)
    if not found.keys() <= ours.keys() or any(found[t] != ours[t] for t in found):
        return False
    return db.execute("SELECT COUNT(*) FROM meta").fetchone()[0] == 0


def _still_there(fd: int, name: Path) -> bool:
    """Whether the open file ``fd`` is still the file at ``name``."""
    try:
        return os.fstat(fd).st_ino == os.stat(name).st_ino
    except FileNotFoundError:
        return False


def _open_read_only(path: Path) -> sqlite3.Connection:
    """A read-only connection; on storage that cannot be written at all (no WAL index can be
    made there) the database is read as immutable, unless a write-ahead log beside it holds
    results that reading it so would leave out."""
    real, shown = path.resolve(), display_path(path)
    uri = real.as_uri()
    wal = real.with_name(real.name + "-wal")  # beside the file a link leads to, as SQLite has it
    error: Exception | None = None
    for query in ("mode=ro", "mode=ro&immutable=1"):
        if error is not None and wal.is_file() and wal.stat().st_size:
            raise UsageError(
                f"{shown}: cannot read it here ({error}); its write-ahead log {wal.name} holds "
                "results that only a writable copy can read: copy both to writable storage"
            )
        try:
            db = sqlite3.connect(f"{uri}?{query}", uri=True, timeout=BUSY_SECONDS)
            db.row_factory = sqlite3.Row
            _check_schema(db, path)
        except sqlite3.OperationalError as exc:
            if _busy(exc):  # held by a program writing it: reading it as immutable would
                raise UsageError(  # read it half written, or not at all
                    f"{shown}: another program holds the scan database ({exc}); try again "
                    "once it is done"
                ) from exc
            error = exc
            continue
        except sqlite3.DatabaseError as exc:
            raise _not_ours(None, shown, exc) from exc
        return db
    raise UsageError(f"{shown}: cannot open the scan database ({error})")


class ResultStore:
    """A scan's SQLite database (WAL mode). Each file's result is one transaction."""

    def __init__(self, path: Path | str, read_only: bool = False, claim: bool = False) -> None:
        """Open (or create) the database; ``read_only`` for reports, which also works where
        the database cannot be written (a read-only share, an archived copy). ``claim`` takes
        it for one scan (see ``claim``) before it is opened, so of two scans starting at once
        on a new database one is told another scan has it, and never half creates it.

        A database of another program or schema version is refused before anything in it
        changes (no table added, its journal mode kept)."""
        self.path = Path(path)
        self.shown = display_path(self.path)
        self._lock: int | None = None  # descriptor held while a scan has the database (claim)
        self._made_lock: Path | None = None  # the lock file, if this claim created it
        for folder in (self.path.parent, self._real_folder()):  # the second through a link
            if not folder.is_dir():
                raise UsageError(f"{self.shown}: its folder {display_path(folder)} does not exist")
        if self.path.is_dir():
            raise UsageError(
                f"{self.shown} is a folder: give the database's file name "
                f"({display_path(self.path / 'archive.sqlite')}, say)"
            )
        if read_only:
            self.db = _open_read_only(self.path)
            return
        if claim:
            self.claim()
        try:
            self.db = self._open()
        except BaseException as exc:  # a lock file made for a file refused is not left there
            self._release(refused=isinstance(exc, UsageError))
            raise

    def _open(self) -> sqlite3.Connection:
        db: sqlite3.Connection | None = None
        try:
            db = sqlite3.connect(self.path, timeout=BUSY_SECONDS, isolation_level=None)
            db.row_factory = sqlite3.Row
            names = "SELECT name FROM sqlite_master WHERE type='table'"
            tables = {r[0] for r in db.execute(names)}
            if tables and "meta" not in tables:  # another program's database
                raise sqlite3.DatabaseError(f"it holds other tables: {', '.join(sorted(tables))}")
            if tables and not _half_made(db):
                _check_schema(db, self.path)  # another program's or schema's: left untouched
            # a database of an older schema gets the tables it lacks and this schema's stamp
            stamp = (
                f"INSERT OR IGNORE INTO meta VALUES ('schema', '{SCHEMA_VERSION}');\n"
                f"UPDATE meta SET value = '{SCHEMA_VERSION}' WHERE key = 'schema';"
            )
            db.executescript(f"BEGIN;\n{_SCHEMA}\n{stamp}\nCOMMIT;")  # all of it, or nothing
            _check_schema(db, self.path)
            db.execute("PRAGMA journal_mode=WAL")  # only once the database is ours
            db.execute("PRAGMA synchronous=NORMAL")
            db.execute("PRAGMA foreign_keys=ON")
        except sqlite3.OperationalError as exc:  # cannot be opened or written
            if db is not None:
                db.close()
            raise UsageError(
                self._unwritable(str(exc)) or f"{self.shown}: cannot open the scan database ({exc})"
            ) from exc
        except sqlite3.DatabaseError as exc:
            db.close()  # type: ignore[union-attr]  # connect raises OperationalError only
            raise _not_ours(None, self.shown, exc) from exc
        except BaseException:
            if db is not None:
                db.close()
            raise
        return db

    def _real_folder(self) -> Path:
        """The folder of the database file itself, when ``--db`` names it through a link:
        SQLite keeps its write-ahead log there, and the scan its lock file."""
        return Path(os.path.realpath(self.path)).parent

    def _unwritable(self, why: str) -> str | None:
        """The message for a database whose folder cannot be written (a read-only share), or
        None when it can: a scan keeps its write-ahead log and its lock file beside it."""
        folder = next(
            (f for f in (self.path.parent, self._real_folder()) if not os.access(f, os.W_OK)),
            None,
        )
        if folder is None:
            return None
        return (
            f"{self.shown}: its folder {display_path(folder)} cannot be written ({why}), and a "
            "scan keeps its results, their write-ahead log and its lock file there: give a --db "
            "on writable storage (`scan report` reads a database where it is)"
        )

    def claim(self) -> None:
        """Take the database for one scan until it is closed: a second scan of it at the same
        time (which would check every file again beside the first) is refused. The lock is on
        a file beside the database (``<db>.lock``), released when the process ends; beside
        the file itself, when ``--db`` names it through a link, so two scans that name one
        database by two links are refused too."""
        import fcntl

        real = Path(os.path.realpath(self.path))
        name = real.with_name(real.name + ".lock")
        made = not os.path.lexists(name)
        try:  # NFS emulates flock with a write lock, which needs a descriptor open for writing
            lock = os.open(name, os.O_RDWR | os.O_CREAT, 0o666)
        except OSError as first:  # its reason: the second try's is "no such file" alike
            try:  # elsewhere reading is enough: another user's lock file (mode 644) will do
                lock = os.open(name, os.O_RDONLY)
            except OSError as exc:
                message = self._unwritable(first.strerror) or (
                    f"{display_path(name)}: cannot open the scan's lock file ({first.strerror})"
                )
                raise UsageError(message) from exc
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
            if not _still_there(lock, name):  # removed by a refused claim between our open
                os.close(lock)  # and our lock: take the file that is there now
                return self.claim()
        except BlockingIOError as exc:
            os.close(lock)
            raise UsageError(
                f"{self.shown}: another scan is using this database; wait for it to finish "
                "or give another --db"
            ) from exc
        except OSError as exc:
            os.close(lock)
            raise UsageError(f"{display_path(name)}: cannot lock it ({exc.strerror})") from exc
        self._lock = lock
        self._made_lock = name if made else None

    def _release(self, refused: bool = False) -> None:
        """Let the lock go; a lock file this claim made for a database then ``refused`` (not
        a scan database, another schema) is removed: nothing is left beside a file that was
        not ours."""
        if self._lock is not None:
            if refused and self._made_lock is not None:
                with contextlib.suppress(OSError):
                    self._made_lock.unlink()
            os.close(self._lock)
            self._lock = None

    def close(self) -> None:
        self.db.close()
        self._release()

    def __enter__(self) -> ResultStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- reading -------------------------------------------------------------------------

    @_reads
    def stored(self) -> dict[str, StoredFile]:
        """Every stored file by path (one query; used to plan a rerun)."""
        rows = self.db.execute(
            "SELECT path, size, mtime_ns, sha256, profile_digest, options_digest, tool_version,"
            " status, error_rule FROM files"
        )
        return {r["path"]: StoredFile(**dict(r)) for r in rows}

    @_reads
    def skipped(self) -> list[str] | None:
        """The files the latest scans found but did not check (not a PDF, image or SVG), by
        path; None for a database of schema 1, which did not record them."""
        try:
            rows = self.db.execute("SELECT path FROM skipped ORDER BY path").fetchall()
        except sqlite3.OperationalError:  # no such table: read where it is, not migrated
            return None
        return [r[0] for r in rows]

    @_reads
    def mounts(self) -> set[str]:
        """The folders inside the archive that were mount points (a share mounted there) at
        the latest scans, as row keys; none for a database of schema 1 to 3."""
        try:
            return {r[0] for r in self.db.execute("SELECT path FROM mounts")}
        except sqlite3.OperationalError:  # no such table: read where it is, not migrated
            return set()

    @_reads
    def unreached(self) -> list[tuple[str, str]] | None:
        """The folders the latest scans could not list and the files they could not look at
        (so never checked, and without a row), by path, with the reason; None for a database
        of schema 1 or 2, which did not record them."""
        try:
            rows = self.db.execute("SELECT path, reason FROM unreached ORDER BY path").fetchall()
        except sqlite3.OperationalError:  # no such table: read where it is, not migrated
            return None
        return [(r[0], r[1]) for r in rows]

    @_reads
    def count(self, table: str = "files") -> int:
        if table not in ("files", "findings", "scans"):
            raise ValueError(table)
        return int(self.db.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0])

    def rows(self, sql: str, params: tuple = ()) -> Iterator[sqlite3.Row]:
        """Run a read-only query (for reports)."""
        try:
            yield from self.db.execute(sql, params)
        except sqlite3.DatabaseError as exc:  # as ``_reads``, for the rows as they come
            if not _corrupt(exc):
                raise
            raise _damaged(self.shown, str(exc)) from exc

    # -- writing -------------------------------------------------------------------------

    @_writes
    def begin_scan(
        self, roots: list[str], profile_name: str, state: FileState, planned: int, skipped: int
    ) -> int:
        cur = self.db.execute(
            "INSERT INTO scans (started, roots, profile_name, profile_digest, options_digest,"
            " tool_version, planned, skipped) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (
                _now(),
                json.dumps(roots),
                profile_name,
                state.profile_digest,
                state.options_digest,
                state.tool_version,
                planned,
                skipped,
            ),
        )
        return int(cur.lastrowid or 0)

    @_writes
    def end_scan(self, scan_id: int, checked: int, covered: list[str] | None = None) -> None:
        """Record the scan finished; with ``covered``, its roots become those it looked at
        (a root that listed nothing, or could not be listed, does not finish a stopped scan
        of it)."""
        if covered is None:
            self.db.execute(
                "UPDATE scans SET finished=?, checked=? WHERE id=?", (_now(), checked, scan_id)
            )
            return
        self.db.execute(
            "UPDATE scans SET finished=?, checked=?, roots=? WHERE id=?",
            (_now(), checked, json.dumps(covered), scan_id),
        )

    @_writes
    def replace_under(
        self,
        table: str,
        roots: list[str],
        rows: list[tuple],
        keep: Callable[[str], bool] = lambda _: False,
        folders: frozenset[str] = frozenset(),
    ) -> None:
        """Replace the rows of ``table`` (keyed by ``path``) at or under ``roots``, and those
        that are one of ``folders`` or directly in one, by ``rows``, in one transaction; rows
        that ``keep`` holds (under a folder that could not be listed) stay.

        A scan's listing is kept this way in three tables, each row keyed by a row key: the
        files not checked (``skipped``: path), the folders that could not be listed and the
        files that could not be looked at (``unreached``: path, reason; a place a later scan
        lists, or finds gone, is no longer named), and the mount points walked (``mounts``:
        path). ``folders`` are the folders the scan went into (a linked folder's real place
        lies outside the roots)."""
        marks = ", ".join("?" for _ in rows[0]) if rows else ""
        with self.db:
            self.db.execute("BEGIN IMMEDIATE")
            if folders:
                found = self.db.execute(f"SELECT path FROM {table}").fetchall()
                gone = [
                    (r[0],)
                    for r in found
                    if (r[0] in folders or os.path.dirname(r[0]) in folders) and not keep(r[0])
                ]
                self.db.executemany(f"DELETE FROM {table} WHERE path = ?", gone)
            for root in roots:
                inside = root if root.endswith("/") else root + "/"  # the root "/" is its own
                found = self.db.execute(
                    f"SELECT path FROM {table} WHERE path = ? OR substr(path, 1, ?) = ?",
                    (root, len(inside), inside),
                ).fetchall()
                gone = [(r[0],) for r in found if not keep(r[0])]
                self.db.executemany(f"DELETE FROM {table} WHERE path = ?", gone)
            if rows:
                self.db.executemany(f"INSERT OR REPLACE INTO {table} VALUES ({marks})", rows)

    @_writes
    def forget(self, path: str) -> None:
        """Drop a file's row and its findings (a key no file has any more)."""
        self.db.execute("DELETE FROM files WHERE path=?", (path,))

    @_writes
    def rename(self, old: str, new: str, mtime_ns: int | None = None) -> None:
        """Move a file's row and its findings to a new key; with ``mtime_ns``, the new place's
        mtime too (a file moved or copied, its old place gone: the content, by hash, is the one
        checked)."""
        self.db.execute(
            "UPDATE files SET path=?, folder=?, mtime_ns=COALESCE(?, mtime_ns) WHERE path=?",
            (new, os.path.dirname(new), mtime_ns, old),
        )

    @_writes
    def touch(self, path: str, mtime_ns: int) -> None:
        """The file was touched but its content (hash) is unchanged: keep the result."""
        self.db.execute("UPDATE files SET mtime_ns=? WHERE path=?", (mtime_ns, path))

    @_writes
    def record(
        self,
        report: FileReport,
        state: FileState,
        profile_name: str,
        scan_id: int | None = None,
        error_rule: str | None = None,
        key: str | None = None,
    ) -> None:
        """Insert or replace one file's result and its findings in a single transaction, as
        the row ``key`` (default: the report's path)."""
        worst = report.worst()
        path = key if key is not None else report.path
        values = {
            "path": path,
            "folder": os.path.dirname(path),
            "size": state.size,
            "mtime_ns": state.mtime_ns,
            "sha256": report.sha256,
            "profile_name": profile_name,
            "profile_digest": state.profile_digest,
            "options_digest": state.options_digest,
            "tool_version": state.tool_version,
            "status": report.status,
            "worst": worst.value if worst else None,
            "kind": report.kind,
            "page_count": report.page_count,
            "error_rule": error_rule,
            "error": report.error,
            "findings": len(report.findings),
            "seconds": report.seconds,
            "checked_at": _now(),
            "scan_id": scan_id,
        }
        cols = ", ".join(values)
        marks = ", ".join("?" for _ in values)
        updates = ", ".join(f"{c}=excluded.{c}" for c in values if c != "path")
        with self.db:
            self.db.execute("BEGIN IMMEDIATE")
            file_id = self.db.execute(
                f"INSERT INTO files ({cols}) VALUES ({marks}) "
                f"ON CONFLICT(path) DO UPDATE SET {updates} RETURNING id",
                tuple(values.values()),
            ).fetchone()[0]
            self.db.execute("DELETE FROM findings WHERE file_id=?", (file_id,))
            self.db.executemany(
                "INSERT INTO findings (file_id, seq, rule, name, severity, message, page, pages,"
                " count, data) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [
                    (
                        file_id,
                        seq,
                        f.rule,
                        f.name,
                        f.severity.value,
                        f.message,
                        f.page,
                        json.dumps(f.pages) if f.pages else None,
                        f.count,
                        f.model_dump_json(),
                    )
                    for seq, f in enumerate(report.findings)
                ],
            )
