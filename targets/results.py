"""The one result model of every test run (check, boards, the CI matrix), its JUnit XML
writer, the `target=all` summary table, and the atomic file write they rely on."""

from __future__ import annotations

import os
import tempfile
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import Path
from typing import Sequence

OUTCOMES = ("passed", "failed", "error")


@dataclass
class CaseResult:
    name: str
    outcome: str  # one of OUTCOMES
    duration: float
    message: str = ""


@dataclass
class SuiteResult:
    name: str
    properties: dict[str, str]
    cases: list[CaseResult] = field(default_factory=list)
    infra_error: str | None = None

    @property
    def passed(self) -> int:
        return sum(case.outcome == "passed" for case in self.cases)

    @property
    def failed(self) -> int:
        """Cases that did not pass, errors included."""
        return len(self.cases) - self.passed

    @property
    def duration(self) -> float:
        return sum(case.duration for case in self.cases)

    @property
    def ok(self) -> bool:
        return self.infra_error is None and self.failed == 0 and bool(self.cases)


def write_atomic(path: Path, data: bytes) -> None:
    """Write `path` so that readers see either the old file or the whole new one."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, partial = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.chmod(partial, 0o644)
        os.replace(partial, path)
    except BaseException:
        Path(partial).unlink(missing_ok=True)
        raise


def write_junit(suites: Sequence[SuiteResult], path: Path) -> None:
    """Write the suites as one JUnit XML document (atomically)."""
    root = ET.Element("testsuites")
    totals = {"tests": 0, "failures": 0, "errors": 0}
    total_time = 0.0
    for suite in suites:
        element = _suite_element(suite)
        root.append(element)
        for key in totals:
            totals[key] += int(element.get(key, "0"))
        total_time += suite.duration
    for key, value in totals.items():
        root.set(key, str(value))
    root.set("time", f"{total_time:.3f}")
    ET.indent(root)
    write_atomic(path, ET.tostring(root, encoding="utf-8", xml_declaration=True) + b"\n")


def _suite_element(suite: SuiteResult) -> ET.Element:
    cases = list(suite.cases)
    failures = sum(case.outcome == "failed" for case in cases)
    errors = sum(case.outcome == "error" for case in cases)
    element = ET.Element("testsuite", name=suite.name)
    properties = ET.SubElement(element, "properties")
    for key, value in suite.properties.items():
        ET.SubElement(properties, "property", name=key, value=value)
    for case in cases:
        node = ET.SubElement(element, "testcase", classname=suite.name, name=case.name,
                             time=f"{case.duration:.3f}")
        if case.outcome in ("failed", "error"):
            tag = "failure" if case.outcome == "failed" else "error"
            first_line = case.message.splitlines()[0] if case.message else case.outcome
            detail = ET.SubElement(node, tag, message=first_line)
            detail.text = case.message
    tests = len(cases)
    if suite.infra_error is not None:
        # JUnit has no suite-level error; a synthetic case makes CI viewers show it.
        node = ET.SubElement(element, "testcase", classname=suite.name,
                             name="(infrastructure)", time="0.000")
        detail = ET.SubElement(node, "error", message=suite.infra_error.splitlines()[0])
        detail.text = suite.infra_error
        tests += 1
        errors += 1
    element.set("tests", str(tests))
    element.set("failures", str(failures))
    element.set("errors", str(errors))
    element.set("skipped", "0")
    element.set("time", f"{suite.duration:.3f}")
    return element


def format_summary(results: Sequence[SuiteResult]) -> str:
    """The `target=all` table: target, cases, passed, time; an infra error shows as such."""
    header = ("target", "cases", "passed", "time")
    rows = [header]
    for suite in results:
        passed = "infra error" if suite.infra_error else str(suite.passed)
        rows.append((suite.properties.get("target", suite.name), str(len(suite.cases)),
                     passed, f"{suite.duration:.1f}s"))
    widths = [max(len(row[i]) for row in rows) for i in range(len(header))]
    lines = ["  ".join(cell.ljust(w) for cell, w in zip(row, widths)).rstrip() for row in rows]
    total_cases = sum(len(s.cases) for s in results)
    total_passed = sum(s.passed for s in results)
    lines.append(f"{sum(s.ok for s in results)} of {len(results)} targets passed "
                 f"({total_passed} of {total_cases} cases)")
    return "\n".join(lines)
