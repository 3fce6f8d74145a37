"""The result model's JUnit writer and the `target=all` summary table."""

from __future__ import annotations

import os
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from targets.results import CaseResult, SuiteResult, format_summary, write_atomic, write_junit


def suites() -> list[SuiteResult]:
    good = SuiteResult("x86_64.bf", {"target": "x86_64", "runner": "native"}, [
        CaseResult("hello", "passed", 0.25), CaseResult("loops", "passed", 1.5)])
    bad = SuiteResult("armel.bf", {"target": "armel", "runner": "qemu-arm -cpu arm926,vfp=off"}, [
        CaseResult("hello", "passed", 0.5),
        CaseResult("loops", "failed", 2.0, "stdout differs at byte 3\n  expected: b'abc'")])
    broken = SuiteResult("i686.bf", {"target": "i686"}, [CaseResult("hello", "error", 0.0,
                                                                    "not run: no qemu")],
                         infra_error="qemu-i386 is not installed\nmore detail")
    return [good, bad, broken]


def test_junit_counts_properties_and_messages(tmp_path: Path) -> None:
    path = tmp_path / "deep" / "report.xml"
    write_junit(suites(), path)
    root = ET.parse(path).getroot()
    assert root.tag == "testsuites"
    assert (root.get("tests"), root.get("failures"), root.get("errors")) == ("6", "1", "2")
    good, bad, broken = root.findall("testsuite")
    assert (good.get("name"), good.get("tests"), good.get("failures"), good.get("time")) == \
        ("x86_64.bf", "2", "0", "1.750")
    assert {p.get("name"): p.get("value") for p in bad.iter("property")} == \
        {"target": "armel", "runner": "qemu-arm -cpu arm926,vfp=off"}
    failure = bad.find("testcase[@name='loops']/failure")
    assert failure is not None
    assert failure.get("message") == "stdout differs at byte 3"
    assert failure.text == "stdout differs at byte 3\n  expected: b'abc'"
    assert (broken.get("tests"), broken.get("errors")) == ("2", "2")
    infra = broken.find("testcase[@name='(infrastructure)']/error")
    assert infra is not None and infra.get("message") == "qemu-i386 is not installed"
    assert [p.name for p in path.parent.iterdir()] == ["report.xml"]


def test_summary_table() -> None:
    lines = format_summary(suites()).splitlines()
    assert [line.split() for line in lines[:4]] == [
        ["target", "cases", "passed", "time"],
        ["x86_64", "2", "2", "1.8s"],
        ["armel", "2", "1", "2.5s"],
        ["i686", "1", "infra", "error", "0.0s"]]
    assert lines[4] == "1 of 3 targets passed (3 of 5 cases)"


def test_suite_ok() -> None:
    good, bad, broken = suites()
    assert good.ok and not bad.ok and not broken.ok
    assert not SuiteResult("empty", {}).ok


def test_write_atomic_replaces_whole_file_or_nothing(tmp_path: Path) -> None:
    path = tmp_path / "out.txt"
    write_atomic(path, b"first")
    write_atomic(path, b"second")
    assert path.read_bytes() == b"second"
    assert oct(os.stat(path).st_mode & 0o777) == "0o644"

    with pytest.raises(TypeError):
        write_atomic(path, "not bytes")  # type: ignore[arg-type]
    assert path.read_bytes() == b"second"
    assert [p.name for p in tmp_path.iterdir()] == ["out.txt"]
