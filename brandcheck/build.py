"""Which brandcheck this is: its version and a digest of its code, so other code's results show."""

from __future__ import annotations

import functools
import hashlib
from pathlib import Path

import brandcheck


@functools.cache
def code_digest() -> str:
    """The first 12 hex digits of a SHA-256 over the package's files (names and contents).

    A checkout between releases keeps its version number while what it finds changes; the
    digest tells two such builds apart. Bytecode caches are left out, so it depends on the
    source only (about 3 ms, once a process)."""
    package = Path(brandcheck.__file__).resolve().parent
    digest = hashlib.sha256()
    files = sorted(p for p in package.rglob("*") if p.is_file() and "__pycache__" not in p.parts)
    for path in files:
        digest.update(path.relative_to(package).as_posix().encode() + b"\0")
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()[:12]


def code_version() -> str:
    """This brandcheck's version and code digest, as scans store them: ``0.1.0+c0ffee123456``."""
    return f"{brandcheck.__version__}+{code_digest()}"
