"""Every shipped sample shows the findings its name promises, and the report validates."""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest

from brandcheck.api import check_paths

REPO = Path(__file__).resolve().parents[1]
SAMPLES = REPO / "samples"


def _expected() -> dict[str, tuple[str, tuple[str, ...]]]:
    spec = importlib.util.spec_from_file_location("make_samples", SAMPLES / "make_samples.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.EXPECTED


EXPECTED = _expected()


def test_every_sample_file_is_listed():
    on_disk = {p.relative_to(SAMPLES).as_posix() for p in SAMPLES.rglob("*") if p.is_file()}
    assert on_disk - {"make_samples.py"} == set(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_sample_shows_its_findings(name: str):
    profile, codes = EXPECTED[name]
    [file] = check_paths([SAMPLES / name], profile).files
    found = {f.rule for f in file.findings}
    if codes:
        assert set(codes) <= found, f"{name}: expected {codes}, got {sorted(found)}"
    else:
        errors = [f"{f.rule} {f.message}" for f in file.findings if f.severity.value == "error"]
        assert file.status == "pass" and not errors, f"{name}: {errors}"


def test_samples_json_report_validates_against_the_schema(tmp_path: Path):
    out = tmp_path / "report.json"
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "brandcheck",
            "check",
            str(SAMPLES),
            "--format",
            "json",
            "--output",
            str(out),
        ],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 3, result.stderr  # the broken samples cannot be read
    data = json.loads(out.read_text())
    schema = json.loads((REPO / "brandcheck/schema/brandcheck.report-1.schema.json").read_text())
    jsonschema.validate(data, schema)
    assert data["summary"]["files"] == len(EXPECTED)
    assert "Traceback" not in result.stderr
