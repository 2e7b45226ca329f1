"""JSON report writer: the versioned `brandcheck.report/1` document."""

from __future__ import annotations

import json
import math
from typing import IO, Any

from brandcheck.report import Report

_ADDED_IN_1 = ("notes",)  # Report fields added to brandcheck.report/1 after its first release


def to_dict(report: Report) -> dict[str, Any]:
    """The report as plain JSON-ready data (schema field first); a number that is not finite
    (a measurement gone wrong, a bug) is null, as JSON has no NaN: the report still parses,
    and a check against the schema, which types the field as a number, points at the bug."""
    return finite(report.model_dump(mode="json", by_alias=True))


def finite(value: Any) -> Any:
    """``value`` with every float that is NaN or infinite replaced by None, at any depth."""
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, dict):
        return {k: finite(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [finite(v) for v in value]
    return value


def dump(data: Any, stream: IO[str]) -> None:
    """Strict JSON (no NaN, which jq and most parsers refuse), UTF-8 as it is, indented."""
    json.dump(finite(data), stream, ensure_ascii=False, indent=2, allow_nan=False)
    stream.write("\n")


def write(report: Report, stream: IO[str]) -> None:
    dump(to_dict(report), stream)


def json_schema() -> dict[str, Any]:
    """The JSON Schema of the report, generated from the pydantic model."""
    schema = Report.model_json_schema(by_alias=True, mode="serialization")
    # every report writes every field, so the schema requires them, except those added since
    # brandcheck.report/1 was first written: an older report of the same id stays valid
    schema["required"] = [name for name in schema["required"] if name not in _ADDED_IN_1]
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = "https://brandcheck.invalid/schema/brandcheck.report-1.schema.json"
    return schema
