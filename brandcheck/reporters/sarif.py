"""SARIF 2.1.0 writer for code-scanning dashboards: one result per finding.

- ``tool.driver.rules`` holds the registry entry of every rule that has a result (``helpUri`` is
  the rule's source when it is a URL); each result points at it by ``ruleId``/``ruleIndex``.
- ``level``: error -> error, warning -> warning, info -> note.
- Each result has one location: the file as an artifact (paths relative to the working directory
  use ``uriBaseId`` ``SRCROOT``). SARIF regions are lines, characters or bytes, none of which fits
  a box on a PDF page, so no ``region`` is written; the page (1-based), all pages, the bbox and all
  boxes (page units, origin top left) go into the location's and the result's ``properties``.
- Files that could not be read are results too (their BC9xx finding), level error.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
from pathlib import Path, PurePosixPath
from typing import IO, Any
from urllib.parse import quote

from brandcheck import __version__
from brandcheck.report import FileReport, Finding, Report
from brandcheck.reporters.json import dump
from brandcheck.rule_notes import NOTES
from brandcheck.rules import get_rule

SARIF_SCHEMA = (
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
)
_LEVEL = {"error": "error", "warning": "warning", "info": "note"}
_ROOT = "SRCROOT"


def _artifact_uri(path: str) -> tuple[str, str | None]:
    """(uri, uriBaseId) for a file's path as on disk: paths in the working directory relative
    to SRCROOT (however they were typed: a CI job's ``$GITHUB_WORKSPACE/designs`` and
    ``designs`` give one uri, so its alerts match), others file URIs; a name's bytes that are
    not UTF-8 are percent-encoded as they are (``%FF``)."""
    p = Path(path)
    if p.is_absolute():
        p = _under_cwd(p)
        if p.is_absolute():
            return p.as_uri(), None
    posix = PurePosixPath(*p.parts).as_posix()
    return quote(os.fsencode(posix), safe="/"), _ROOT


def _under_cwd(p: Path) -> Path:
    """``p`` relative to the working directory where it is inside it, also where one of them
    is reached through a linked folder (macOS's /tmp and /var, $PWD in a linked checkout);
    else ``p``. The file's own name is kept, link or not."""
    cwd = Path.cwd()
    with contextlib.suppress(ValueError):
        return p.relative_to(cwd)
    with contextlib.suppress(ValueError, OSError):
        real_cwd = Path(os.path.realpath(cwd))
        return Path(os.path.realpath(p.parent)).relative_to(real_cwd) / p.name
    return p


def _descriptor(code: str) -> dict[str, Any]:
    rule = get_rule(code)
    out: dict[str, Any] = {
        "id": rule.code,
        "name": rule.name,
        "shortDescription": {"text": rule.summary},
        "fullDescription": {"text": f"{rule.summary} Source: {rule.source}."},
        "defaultConfiguration": {"level": _LEVEL[rule.severity.value]},
        "properties": {"tags": ["brand", rule.family], "source": rule.source},
    }
    if rule.source.startswith(("https://", "http://")):
        out["helpUri"] = rule.source
    note = NOTES.get(rule.code)
    if note:  # what the rule judges and leaves out, on the alert's page (docs/RULES.md)
        out["help"] = {"text": f"{rule.summary} {note}"}
    return out


def _jsonable(value: Any) -> Any:
    return json.loads(json.dumps(value, default=str))


_CELLS = 3  # a finding without a name is placed by the cell of a 3 x 3 grid its box's centre is in


def _identity(file: FileReport, f: Finding) -> str:
    """What tells a finding from the file's others of its rule on its page, without measured
    numbers or exact coordinates: a re-export that moves the off-palette box by 10 px or makes
    the logo 1 mm wider is the same problem, and code scanning must keep its alert (and whether
    someone dismissed it). The finding's merge key where its check gives one (the colour, the
    phrase), else a measured name (a font, a colour), else the part of the page its box is in
    (top left ... bottom right of a 3 x 3 grid), so that of two small logos on a page the one
    removed does not hand its alert to the other."""
    if f.merge_key:
        return f.merge_key
    if isinstance(f.measured, str):
        return f.measured
    page = next((p for p in file.pages if p.index == f.page), None)
    if f.bbox is None or page is None or page.width <= 0 or page.height <= 0:
        return ""
    cx, cy = (f.bbox[0] + f.bbox[2]) / 2, (f.bbox[1] + f.bbox[3]) / 2
    col = min(_CELLS - 1, max(0, int(_CELLS * cx / page.width)))
    row = min(_CELLS - 1, max(0, int(_CELLS * cy / page.height)))
    return f"cell {row},{col}"


def _fingerprints(file: FileReport, findings: list[Finding]) -> list[str]:
    """Each finding's ``partialFingerprints`` value: the file (as its artifact uri), the rule,
    the (first) page unless the finding has a merge key (which names it across its pages) and
    ``_identity``, numbered where several of a file share them (in report
    order, which is stable)."""
    uri, _ = _artifact_uri(file.on_disk)
    seen: dict[str, int] = {}
    out = []
    for f in findings:
        # a merge key names the finding across its pages (one for the file, or a page's own
        # "...@p3"): the page it is told on first moves when that place is fixed
        page = None if f.merge_key else f.page
        key = json.dumps([uri, f.rule, page, _identity(file, f)], default=str)
        seen[key] = seen.get(key, -1) + 1
        out.append(hashlib.sha256(f"{key}#{seen[key]}".encode()).hexdigest()[:32])
    return out


def _result(
    file: FileReport, f: Finding, artifact: int, rule_index: int, fingerprint: str
) -> dict[str, Any]:
    uri, base = _artifact_uri(file.on_disk)
    artifact_location: dict[str, Any] = {"uri": uri, "index": artifact}
    if base:
        artifact_location["uriBaseId"] = base
    where: dict[str, Any] = {}
    if f.page is not None:
        where["page"] = f.page + 1
    if f.pages:
        where["pages"] = [p + 1 for p in f.pages]
    if f.bbox is not None:
        where["bbox"] = list(f.bbox)
    if f.boxes:
        where["boxes"] = [list(b) for b in f.boxes]
    location: dict[str, Any] = {"physicalLocation": {"artifactLocation": artifact_location}}
    if where:
        location["properties"] = where
    props: dict[str, Any] = {"severity": f.severity.value, "count": f.count, "status": file.status}
    props.update(where)
    for key in ("measured", "expected"):
        value = getattr(f, key)
        if value is not None:
            props[key] = _jsonable(value)
    if f.details:
        props["details"] = _jsonable(f.details)
    return {
        "ruleId": f.rule,
        "ruleIndex": rule_index,
        "level": _LEVEL[f.severity.value],
        "message": {"text": f.message or f.name},
        "locations": [location],
        "partialFingerprints": {"brandcheckFinding/v2": fingerprint},
        "properties": props,
    }


def _findings(file: FileReport) -> list[Finding]:
    if file.status == "error" and not file.findings:
        return [Finding.of("file.unreadable", file.error or "the file could not be checked")]
    return file.findings


def to_sarif(report: Report) -> dict[str, Any]:
    """The report as a SARIF 2.1.0 log (a plain dict)."""
    rule_ids: dict[str, int] = {}
    results: list[dict[str, Any]] = []
    artifacts: list[dict[str, Any]] = []
    for index, file in enumerate(report.files):
        uri, base = _artifact_uri(file.on_disk)
        artifact: dict[str, Any] = {"location": {"uri": uri}}
        if base:
            artifact["location"]["uriBaseId"] = base
        if file.sha256:
            artifact["hashes"] = {"sha-256": file.sha256}
        artifact["properties"] = {
            "kind": file.kind,
            "status": file.status,
            "pages": file.page_count,
        }
        artifacts.append(artifact)
        findings = _findings(file)
        for f, fingerprint in zip(findings, _fingerprints(file, findings), strict=True):
            rule_index = rule_ids.setdefault(f.rule, len(rule_ids))
            results.append(_result(file, f, index, rule_index, fingerprint))
    run: dict[str, Any] = {
        "tool": {
            "driver": {
                "name": "brandcheck",
                "version": __version__,
                "semanticVersion": __version__,
                "rules": [_descriptor(code) for code in rule_ids],
            }
        },
        "originalUriBaseIds": {_ROOT: {"uri": Path.cwd().as_uri() + "/"}},
        "artifacts": artifacts,
        "results": results,
        "invocations": [_invocation(report)],
        "columnKind": "unicodeCodePoints",
        "properties": {
            "profile": report.profile,
            "target": report.target,
            "failOn": report.fail_on.value,
            "summary": report.summary.model_dump(mode="json"),
        },
    }
    return {"$schema": SARIF_SCHEMA, "version": "2.1.0", "runs": [run]}


def _invocation(report: Report) -> dict[str, Any]:
    """The run's invocation, with the report's notes as notifications about how the tool was
    configured (the profile's stand-in logo artwork, say)."""
    invocation: dict[str, Any] = {"executionSuccessful": True, "startTimeUtc": report.created}
    if report.notes:
        invocation["toolConfigurationNotifications"] = [
            {"level": "note", "message": {"text": note}} for note in report.notes
        ]
    return invocation


def write(report: Report, stream: IO[str]) -> None:
    dump(to_sarif(report), stream)
