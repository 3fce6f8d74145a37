"""Reading back the JUnit XML that `targets.results.write_junit` writes, so that the matrix
runner can fold a `scons ... check` job's report into the one result model."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

from targets.results import CaseResult, SuiteResult

# write_junit reports a suite's infrastructure error as a synthetic case of this name.
INFRA_CASE = "(infrastructure)"


def read_junit(path: Path) -> list[SuiteResult]:
    """The suites of one report; a report that cannot be read is a ValueError."""
    try:
        root = ET.parse(path).getroot()
    except (OSError, ET.ParseError) as err:
        raise ValueError(f"{path}: unreadable JUnit report: {err}") from None
    suites = []
    for element in root.iter("testsuite"):
        suite = SuiteResult(name=element.get("name", path.stem), properties={
            p.get("name", ""): p.get("value", "") for p in element.iter("property")})
        for case in element.iter("testcase"):
            failure, error = case.find("failure"), case.find("error")
            detail = failure if failure is not None else error
            message = (detail.text or detail.get("message", "")) if detail is not None else ""
            if case.get("name") == INFRA_CASE:
                suite.infra_error = message
                continue
            outcome = "failed" if failure is not None else "error" if error is not None \
                else "passed"
            suite.cases.append(CaseResult(case.get("name", "?"), outcome,
                                          float(case.get("time", "0")), message))
        suites.append(suite)
    return suites
