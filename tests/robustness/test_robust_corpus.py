"""The real-world corpus (pdf.js and Pillow test files): one outcome each, no hang, no change.

The corpus lives outside the repository ($BRANDCHECK_CORPUS or ../shared/corpus) and is never
copied into it; these tests skip when it is absent.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from conftest import TRACEBACK, hashes, shared_corpus
from isolated import IsolatedChecker

PER_FILE_SECONDS = 120.0

ROOT = shared_corpus()
pytestmark = [
    pytest.mark.skipif(ROOT is None, reason="shared corpus absent (set BRANDCHECK_CORPUS)"),
    pytest.mark.slow,
]


def _files() -> list[Path]:
    assert ROOT is not None
    with (ROOT / "MANIFEST.tsv").open(encoding="utf-8") as fh:
        listed = [ROOT / row["local_file"] for row in csv.DictReader(fh, delimiter="\t")]
    return [p for p in listed if p.is_file()]


def test_every_corpus_file_gets_one_outcome_within_the_time_limit() -> None:
    files = _files()
    before = hashes(files)
    bad = []
    with IsolatedChecker(mode="check", timeout=PER_FILE_SECONDS, memory_limit_mb=4096) as child:
        for path in files:
            out = child.check(path)
            if out.status not in ("pass", "fail", "error") or TRACEBACK in out.stderr:
                bad.append((path.name, out.status, out.error, out.stderr[-600:]))
            elif out.status == "error":
                assert out.rules and out.rules[0].startswith("file.") and out.error, path.name
    assert not bad, bad
    assert hashes(files) == before


def test_scan_gives_every_corpus_file_one_stored_outcome(tmp_path: Path) -> None:
    from conftest import run_cli

    from brandcheck.batch.store import ResultStore

    files = _files()
    before = hashes(files)
    db = tmp_path / "corpus.db"
    run = run_cli(
        "scan",
        "run",
        ROOT,
        "--db",
        db,
        "--jobs",
        "2",
        "--timeout",
        str(PER_FILE_SECONDS),
        "--ocr",
        "off",
        timeout=1800,
    )
    assert run.returncode == 3  # the corpus holds unreadable files on purpose
    with ResultStore(db) as store:
        rows = list(store.rows("SELECT path, status, error_rule FROM files"))
    # rows are keyed by each file's real place (the corpus may be reached through a link)
    real = sorted(str(p.parent.resolve() / p.name) for p in files)
    assert sorted(r["path"] for r in rows) == real
    assert all(r["status"] != "error" or r["error_rule"] for r in rows)
    assert hashes(files) == before
