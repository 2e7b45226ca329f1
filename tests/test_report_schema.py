"""The JSON report validates against the committed JSON Schema, which matches the model."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from brandcheck.api import check_paths
from brandcheck.reporters.json import json_schema, to_dict

SCHEMA_FILE = (
    Path(__file__).resolve().parents[1] / "brandcheck/schema/brandcheck.report-1.schema.json"
)


def test_committed_schema_matches_the_model():
    committed = json.loads(SCHEMA_FILE.read_text())
    assert committed == json_schema(), (
        "the report model changed: regenerate with "
        "`brandcheck schema > brandcheck/schema/brandcheck.report-1.schema.json`"
    )


def test_real_report_validates(tmp_path: Path, text_pdf: Path, png_file: Path):
    (tmp_path / "zero.png").write_bytes(b"")
    report = check_paths([text_pdf, png_file, tmp_path / "zero.png"], "stockholm")
    data = json.loads(json.dumps(to_dict(report)))
    jsonschema.validate(data, json.loads(SCHEMA_FILE.read_text()))
    assert data["summary"]["files"] == 3 and data["summary"]["errors"] == 1


def test_schema_requires_what_every_report_writes(text_pdf: Path):
    # a client generated from the schema must not type every field as optional
    schema = json.loads(SCHEMA_FILE.read_text())
    data = to_dict(check_paths([text_pdf], "stockholm"))
    for key in ("schema", "files", "summary"):
        broken = {k: v for k, v in data.items() if k != key}
        with pytest.raises(jsonschema.ValidationError):
            jsonschema.validate(broken, schema)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({**data, "schema": "brandcheck.report/2"}, schema)
    # notes came after brandcheck.report/1 was first written: a report without them is valid
    jsonschema.validate({k: v for k, v in data.items() if k != "notes"}, schema)
    finding = schema["$defs"]["Finding"]
    assert {"rule", "severity", "message", "page", "bbox", "details"} <= set(finding["required"])


def test_schema_rejects_a_broken_report(text_pdf: Path):
    data = to_dict(check_paths([text_pdf], "stockholm"))
    data["files"][0]["status"] = "maybe"
    try:
        jsonschema.validate(data, json.loads(SCHEMA_FILE.read_text()))
    except jsonschema.ValidationError:
        return
    raise AssertionError("an invalid status must not validate")


def test_a_measurement_that_is_not_a_number_is_null_not_invalid_json(text_pdf: Path):
    import io

    from brandcheck.reporters import sarif
    from brandcheck.reporters.json import write

    def strict(text: str) -> dict:
        def refuse(name: str) -> None:
            raise AssertionError(f"{name} is not JSON")

        return json.loads(text, parse_constant=refuse)

    report = check_paths([text_pdf], "stockholm")
    report.files[0].pages[0].width = float("nan")  # a measurement gone wrong
    report.files[0].findings[0].details["share"] = float("inf")
    for writer in (write, sarif.write):
        out = io.StringIO()
        writer(report, out)
        strict(out.getvalue())
    data = strict(json.dumps(to_dict(report), allow_nan=False))
    assert data["files"][0]["pages"][0]["width"] is None
    assert data["files"][0]["findings"][0]["details"]["share"] is None
