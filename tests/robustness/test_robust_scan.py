"""The generated hostile set through `brandcheck scan`: one stored outcome per file, no crash."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import hashes, run_cli

from brandcheck.cli import app

HAS_SCAN = any(group.name == "scan" for group in app.registered_groups)


@pytest.mark.skipif(not HAS_SCAN, reason="brandcheck scan is not there yet")
def test_scan_stores_one_outcome_per_hostile_file(
    hostile_set: dict[Path, str], tmp_path: Path
) -> None:
    from brandcheck.batch.store import ResultStore

    folder = next(iter(hostile_set)).parent
    before = hashes(list(hostile_set))
    db = tmp_path / "hostile.db"
    run = run_cli(
        "scan",
        "run",
        folder,
        "--db",
        db,
        "--jobs",
        "2",
        "--timeout",
        "120",
        "--ocr",
        "off",
        timeout=900,
    )
    assert run.returncode == 3
    with ResultStore(db) as store:
        rows = {r["path"]: r for r in store.rows("SELECT path, status, error_rule FROM files")}
        names: dict[str, set[str]] = {}
        for r in store.rows(
            "SELECT files.path AS path, findings.name AS name FROM findings"
            " JOIN files ON files.id = findings.file_id"
        ):
            names.setdefault(r["path"], set()).add(r["name"])
    assert set(rows) == {str(p) for p in hostile_set}
    for path, expected in hostile_set.items():
        row = rows[str(path)]
        if expected == "ok":
            assert row["status"] in ("pass", "fail"), (path.name, row["status"])
        elif expected == "error":
            assert row["status"] == "error", path.name
        elif expected != "any":
            assert expected in names.get(str(path), set()) | {row["error_rule"]}, path.name
    assert hashes(list(hostile_set)) == before
