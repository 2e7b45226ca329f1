"""JUnit XML: parses with ElementTree; a suite per file, a testcase per rule, counts add up."""

from __future__ import annotations

import io
import xml.etree.ElementTree as ET

from brandcheck.report import FileReport, Finding, Report
from brandcheck.reporters import junit
from brandcheck.rules import Severity


def _parse(report: Report) -> ET.Element:
    out = io.StringIO()
    junit.write(report, out)
    return ET.fromstring(out.getvalue().encode("utf-8"))


def test_suites_cases_and_counts_match_the_report(mixed_report: Report) -> None:
    root = _parse(mixed_report)
    suites = root.findall("testsuite")
    assert [s.get("name") for s in suites] == [f.path for f in mixed_report.files]
    fail_on = mixed_report.fail_on
    for suite, file in zip(suites, mixed_report.files, strict=True):
        cases = suite.findall("testcase")
        assert int(suite.get("tests")) == len(cases)
        # Jenkins cuts a classname at its last dot: "brochure.pdf" would be a class "pdf"
        assert {c.get("classname") for c in cases} == {file.path.replace(".", "_")}
        failures = [c for c in cases if c.find("failure") is not None]
        errors = [c for c in cases if c.find("error") is not None]
        assert int(suite.get("failures")) == len(failures)
        assert int(suite.get("errors")) == len(errors)
        if file.status == "error":
            assert len(errors) == 1 and errors[0].get("name").startswith("BC9")
            continue
        rules = {f.rule for f in file.findings}
        if not rules:
            assert [c.get("name") for c in cases] == ["all checks"]
            continue
        assert {c.get("name").split()[0] for c in cases} == rules
        failing = {f.rule for f in file.findings if f.severity.rank >= Severity(fail_on).rank}
        assert {c.get("name").split()[0] for c in failures} == failing
    assert int(root.get("tests")) == sum(int(s.get("tests")) for s in suites)
    assert int(root.get("failures")) == sum(int(s.get("failures")) for s in suites)
    assert int(root.get("errors")) == sum(int(s.get("errors")) for s in suites) == 1


def test_every_finding_of_a_rule_is_in_its_testcase_and_control_chars_are_dropped() -> None:
    file = FileReport(path="bad\x01name\x0b.pdf", kind="pdf", status="fail", page_count=3)
    file.findings = [
        Finding.of("font.too_small", "6 pt \x00text <b>&", page=0, measured=6.0, expected=8.0),
        Finding.of("font.too_small", "5 pt text", page=2),
        Finding.of("accessibility.untagged", "not tagged"),
    ]
    report = Report(profile="stockholm", target="print", files=[file]).summarise()
    root = _parse(report)
    suite = root.find("testsuite")
    assert suite.get("name") == "badname.pdf"
    small = suite.find("testcase[@name='BC303 font.too_small']")
    failure = small.find("failure")
    assert failure.get("type") == "error"
    assert "6 pt text <b>&" in failure.text and "5 pt text" in failure.text
    assert "page 3" in failure.text
    untagged = suite.find("testcase[@name='BC504 accessibility.untagged']")
    assert untagged.find("failure") is None  # info is below --fail-on error
    assert "not tagged" in untagged.find("system-out").text
    assert (suite.get("tests"), suite.get("failures")) == ("2", "1")
