"""Which brandcheck this is: its version and a digest of its code, so other code's results show."""

from __future__ import annotations

import functools
import hashlib
from pathlib import Path

import brandcheck

#: the kinds of file the package is made of (its modules, templates and schema); a checkout's
#: other files (editor swap files, `.orig` merge leftovers, `.DS_Store`, compiled `.so`/`.pyc`)
#: are not its code, and would make one build look like another
CODE_SUFFIXES = frozenset({".py", ".j2", ".json"})


def _is_code(path: Path, package: Path) -> bool:
    """Whether ``path``, under ``package``, is one of the package's own files."""
    parts = path.relative_to(package).parts
    hidden = any(part.startswith(".") or part == "__pycache__" for part in parts)
    return path.suffix in CODE_SUFFIXES and not hidden and path.is_file()


@functools.cache
def code_digest() -> str:
    """The first 12 hex digits of a SHA-256 over the package's files (names and contents).

    A checkout between releases keeps its version number while what it finds changes; the
    digest tells two such builds apart. Only the package's own kinds of file count
    (``CODE_SUFFIXES``, hidden files and bytecode caches left out), with Windows line ends read
    as Unix ones, so the same source gives the same digest in a wheel, a checkout with stray
    files, and a Windows checkout (about 7 ms, once a process)."""
    package = Path(brandcheck.__file__).resolve().parent
    digest = hashlib.sha256()
    files = sorted(p for p in package.rglob("*") if _is_code(p, package))
    for path in files:
        digest.update(path.relative_to(package).as_posix().encode() + b"\0")
        digest.update(hashlib.sha256(path.read_bytes().replace(b"\r\n", b"\n")).digest())
    return digest.hexdigest()[:12]


def code_version() -> str:
    """This brandcheck's version and code digest, as scans store them: ``0.1.0+c0ffee123456``."""
    return f"{brandcheck.__version__}+{code_digest()}"
