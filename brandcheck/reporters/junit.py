"""JUnit XML writer for CI test tabs: one testsuite per file, one testcase per rule.

- A testcase is a rule that reported something in that file (``name`` "BC501
  production.image_resolution", ``classname`` the file path with its dots as ``_``: Jenkins
  cuts a classname at its last dot into package and class, and showed every file as a class
  "pdf" or "png"; the suite's ``name`` keeps the path as it is). It has a ``<failure>`` when any of
  its findings is at or above the run's ``--fail-on`` severity; findings below it leave the
  testcase passing and are listed in its ``<system-out>``. Every finding of the rule is one line
  of the failure text (page, message, measured, expected), so merged or repeated findings stay
  readable in one CI entry. Values are written in words with their units (``words``).
- A file with no findings gets one passing testcase, "all checks", so it shows up as passed.
- A file that could not be read gets one testcase with an ``<error>`` (its BC9xx rule).
- Characters XML 1.0 cannot carry (control characters in file names or PDF text) are dropped.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from typing import IO

from brandcheck.report import FileReport, Finding, Report
from brandcheck.reporters import words
from brandcheck.rules import Severity, get_rule

_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def xml_text(value: object) -> str:
    """`value` as text XML 1.0 can hold."""
    return _NOT_XML.sub("", str(value))


def _line(f: Finding) -> str:
    parts = [f"[{f.severity.value}] {words.where(f)}: {f.message}"]
    if f.count > 1:
        parts.append(f"(×{f.count})")
    values = "; ".join(f"{label.lower()} {text}" for label, text in words.measured_expected(f))
    if values:
        parts.append(f"({values})")
    return " ".join(parts)


def _case(suite: ET.Element, name: str, path: str) -> ET.Element:
    classname = xml_text(path).replace(".", "_")
    return ET.SubElement(
        suite, "testcase", {"name": xml_text(name), "classname": classname, "time": "0"}
    )


def _suite(
    root: ET.Element, file: FileReport, fail_on: Severity, timestamp: str, notes: list[str]
) -> ET.Element:
    suite = ET.SubElement(
        root,
        "testsuite",
        {
            "name": xml_text(file.path),
            "timestamp": timestamp,
            "time": f"{file.seconds:.3f}",
            "skipped": "0",
        },
    )
    props = ET.SubElement(suite, "properties")
    for key, value in (("kind", file.kind), ("status", file.status), ("pages", file.page_count)):
        ET.SubElement(props, "property", {"name": key, "value": xml_text(value)})
    if file.sha256:
        ET.SubElement(props, "property", {"name": "sha256", "value": file.sha256})
    for note in notes:  # the run's, on each file's suite: <testsuites> has no properties
        ET.SubElement(props, "property", {"name": "note", "value": xml_text(note)})
    tests = failures = errors = 0
    if file.status == "error":
        finding = file.findings[0] if file.findings else None
        rule = get_rule(finding.rule if finding else "file.unreadable")
        case = _case(suite, f"{rule.code} {rule.name}", file.path)
        message = file.error or (finding.message if finding else "the file could not be checked")
        error = ET.SubElement(case, "error", {"message": xml_text(message), "type": rule.name})
        error.text = xml_text(message)
        tests, errors = 1, 1
    else:
        by_rule: dict[str, list[Finding]] = {}
        for f in file.findings:
            by_rule.setdefault(f.rule, []).append(f)
        for code, findings in by_rule.items():
            tests += 1
            case = _case(suite, f"{code} {findings[0].name}", file.path)
            text = xml_text("\n".join(_line(f) for f in findings))
            worst = max((f.severity for f in findings), key=lambda s: s.rank)
            if worst.rank >= fail_on.rank:
                failures += 1
                first = findings[0].message
                more = f" (and {len(findings) - 1} more)" if len(findings) > 1 else ""
                failure = ET.SubElement(
                    case, "failure", {"message": xml_text(first + more), "type": worst.value}
                )
                failure.text = text
            else:
                ET.SubElement(case, "system-out").text = text
        if not by_rule:
            tests = 1
            _case(suite, "all checks", file.path)
    suite.set("tests", str(tests))
    suite.set("failures", str(failures))
    suite.set("errors", str(errors))
    return suite


def to_xml(report: Report) -> ET.Element:
    """The report as a JUnit ``<testsuites>`` element."""
    root = ET.Element("testsuites", {"name": xml_text(f"brandcheck ({report.profile})")})
    totals = {"tests": 0, "failures": 0, "errors": 0}
    seconds = 0.0
    for file in report.files:
        suite = _suite(root, file, report.fail_on, report.created, report.notes)
        for key in totals:
            totals[key] += int(suite.get(key, "0"))
        seconds += file.seconds
    for key, value in totals.items():
        root.set(key, str(value))
    root.set("time", f"{seconds:.3f}")
    return root


def write(report: Report, stream: IO[str]) -> None:
    tree = ET.ElementTree(to_xml(report))
    ET.indent(tree)
    stream.write('<?xml version="1.0" encoding="UTF-8"?>\n')
    tree.write(stream, encoding="unicode", xml_declaration=False)
    stream.write("\n")
