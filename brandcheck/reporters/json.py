"""JSON report writer: the versioned `brandcheck.report/1` document."""

from __future__ import annotations

import json
from typing import IO, Any

from brandcheck.report import Report


def to_dict(report: Report) -> dict[str, Any]:
    """The report as plain JSON-ready data (schema field first)."""
    return report.model_dump(mode="json", by_alias=True)


def write(report: Report, stream: IO[str]) -> None:
    json.dump(to_dict(report), stream, ensure_ascii=False, indent=2)
    stream.write("\n")


def json_schema() -> dict[str, Any]:
    """The JSON Schema of the report, generated from the pydantic model."""
    schema = Report.model_json_schema(by_alias=True, mode="serialization")
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = "https://brandcheck.invalid/schema/brandcheck.report-1.schema.json"
    return schema
