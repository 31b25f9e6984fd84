"""``ahp-eval check --format junit``: JUnit XML, as CI systems read test reports.

One ``<testsuite>`` per file. A valid file has one test case per judgment matrix and
one for its total ranking; a failing case carries a ``<failure>`` whose message gives
CR and threshold, and whose text lists the finding and the worst judgments. An invalid
file is one test case whose ``<error>`` holds every problem, one per line.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from ahp_eval.ahp.findings import Case, FileReport

__all__ = ["render_junit", "xml_text"]

_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def xml_text(text: str) -> str:
    """``text`` with the characters XML 1.0 cannot hold shown as ``\\uXXXX``."""
    return _NOT_XML.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def _case(suite: ET.Element, path: str, case: Case) -> None:
    element = ET.SubElement(
        suite,
        "testcase",
        classname=xml_text(path),
        name=xml_text(case.name),
        file=xml_text(path),
        line=str(case.line),
    )
    if not case.passed:
        failure = ET.SubElement(
            element, "failure", message=xml_text(case.measure), type="inconsistent"
        )
        failure.text = xml_text("\n".join(str(f) for f in case.findings))
    else:
        out = ET.SubElement(element, "system-out")
        out.text = xml_text(case.measure)


def _suite(root: ET.Element, report: FileReport) -> None:
    invalid = report.status == "invalid"
    failures = sum(not c.passed for c in report.cases)
    suite = ET.SubElement(
        root,
        "testsuite",
        name=xml_text(report.path),
        tests=str(1 if invalid else len(report.cases)),
        failures=str(0 if invalid else failures),
        errors=str(int(invalid)),
        skipped="0",
    )
    if invalid:
        element = ET.SubElement(
            suite,
            "testcase",
            classname=xml_text(report.path),
            name="valid evaluation file",
            file=xml_text(report.path),
            line=str(report.findings[0].line if report.findings else 1),
        )
        count = len(report.findings)
        error = ET.SubElement(
            element,
            "error",
            message=f"invalid evaluation file: {count} problem{'s' if count != 1 else ''}",
            type="invalid",
        )
        error.text = xml_text("\n".join(str(f) for f in report.findings))
        return
    for case in report.cases:
        _case(suite, report.path, case)


def render_junit(reports: list[FileReport]) -> str:
    """Every file's checks as one JUnit XML document (UTF-8)."""
    root = ET.Element("testsuites", name="ahp-eval check")
    for report in reports:
        _suite(root, report)
    suites = root.findall("testsuite")
    for key in ("tests", "failures", "errors"):
        root.set(key, str(sum(int(s.get(key, "0")) for s in suites)))
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"
