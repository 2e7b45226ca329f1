"""The generated hostile set through `brandcheck check`, the API and the bare document layer."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import check_json, hashes
from isolated import IsolatedChecker

from brandcheck.api import check_paths
from brandcheck.pipeline import RunOptions


def _assert_expected(path: Path, expected: str, status: str, names: list[str]) -> None:
    where = f"{path.name}: {status} {names}"
    if status == "error":
        assert names and names[0].startswith("file."), where
    if expected == "ok":
        assert status in ("pass", "fail"), where
    elif expected == "error":
        assert status == "error", where
    elif expected != "any":
        assert expected in names, where


def test_check_cli_gives_every_hostile_file_one_outcome(hostile_set: dict[Path, str]) -> None:
    folder = next(iter(hostile_set)).parent
    before = hashes(list(hostile_set))
    run = check_json(folder)
    assert run.returncode == 3  # documented: at least one input could not be read
    outcomes = run.outcomes()
    assert set(outcomes) == {str(p) for p in hostile_set}
    for path, expected in hostile_set.items():
        f = outcomes[str(path)]
        _assert_expected(path, expected, f["status"], [x["name"] for x in f["findings"]])
        if f["status"] == "error":
            assert f["error"]
    assert hashes(list(hostile_set)) == before


def test_api_matches_expectations_and_names_the_reason(hostile_set: dict[Path, str]) -> None:
    report = check_paths(list(hostile_set), options=RunOptions(ocr="off"))
    assert len(report.files) == len(hostile_set)
    by_path = {f.path: f for f in report.files}
    for path, expected in hostile_set.items():
        f = by_path[str(path)]
        _assert_expected(path, expected, f.status, [x.name for x in f.findings])
    bomb = by_path[str(next(p for p in hostile_set if p.name == "bomb-100k.png"))]
    assert "megapixels is above the limit" in (bomb.error or "")  # refused from the header


def test_document_layer_raises_only_input_error(hostile_set: dict[Path, str]) -> None:
    """open_document and every page accessor: a bad file is an InputError, never another type."""
    problems = []
    with IsolatedChecker(mode="doc", timeout=60) as child:
        for path in hostile_set:
            out = child.check(path)
            if out.status not in ("pass", "error"):
                problems.append((path.name, out.status, out.error, out.stderr[-800:]))
    assert not problems, problems


@pytest.mark.parametrize(
    ("name", "rule"),
    [("page-tree-cycle.pdf", "cycle in page tree"), ("page-count-absurd.pdf", "number of pages")],
)
def test_broken_page_trees_give_the_library_reason(
    hostile_set: dict[Path, str], name: str, rule: str
) -> None:
    """Regression: these raised FzErrorFormat/RuntimeError out of the run (pdf.js corpus)."""
    path = next(p for p in hostile_set if p.name == name)
    f = check_paths([path], options=RunOptions(ocr="off")).files[0]
    assert f.status == "error" and f.findings[0].name == "file.unreadable"
    assert rule in (f.error or "")


def test_repaired_pdf_is_checked_with_a_warning(hostile_set: dict[Path, str]) -> None:
    path = next(p for p in hostile_set if p.name == "broken-xref.pdf")
    f = check_paths([path], options=RunOptions(ocr="off")).files[0]
    assert f.status in ("pass", "fail") and f.page_count == 1
    repaired = [x for x in f.findings if x.name == "file.repaired"]
    assert repaired and repaired[0].severity.value == "warning"
