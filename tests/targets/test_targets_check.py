"""`run_check` end to end with a real compiled corpus interpreter (natively and under
QEMU): per-case lines, failure reports, the closing line, and the JUnit report."""

from __future__ import annotations

import dataclasses
import io
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from targets_helpers import CAT_VM, write_c

from targets.check import run_check
from targets.config import Target
from targets.environments.host import HostEnvironment
from targets.results import SuiteResult
from targets.runners.native import NativeRunner
from targets.runners.qemu import QemuRunner

host = HostEnvironment()


def make_corpus(directory: Path) -> Path:
    directory.mkdir(parents=True)
    (directory / "plain.p").write_bytes(b"hello\n")
    (directory / "plain.out").write_bytes(b"hello\n")
    (directory / "full.p").write_bytes(b"prog\n")
    (directory / "full.args").write_text("-x 'y z'")
    (directory / "full.in").write_bytes(b"stdin data\n")
    (directory / "full.out").write_bytes(b"prog\n-x\ny z\nstdin data\n")
    (directory / "wrong.p").write_bytes(b"actual output\n")
    (directory / "wrong.out").write_bytes(b"actual 0utput\n")
    (directory / "exit3.p").write_bytes(b"exit3\n")
    (directory / "exit3.out").write_bytes(b"exit3\n")
    return directory


def check(target: Target, binary: Path, corpus: Path, runner, report: Path,
          **kwargs) -> tuple[SuiteResult, list[str]]:
    out = io.StringIO()
    suite = run_check(target, binary, corpus, runner, report, out=out, **kwargs)
    return suite, out.getvalue().splitlines()


@pytest.mark.parametrize("name", ["x86_64", "aarch64", "armel"])
def test_check_with_a_real_binary(name: str, all_targets: dict[str, Target], build_dir: Path,
                                  tmp_path: Path) -> None:
    target = all_targets[name]
    binary = tmp_path / "catvm"
    host.compile(target, write_c(tmp_path / "src", "catvm.c", CAT_VM), binary, build_dir)
    corpus = make_corpus(tmp_path / "tests")
    report = tmp_path / "reports" / "check.xml"
    suite, lines = check(target, binary, corpus, host.runner(target), report)

    description = "native" if name == "x86_64" else f"{target.qemu} -cpu {target.qemu_cpu}"
    assert lines[0] == f"check {name}: 4 cases of {corpus} with catvm ({description})"
    assert [line.split()[:2] for line in lines if line[:4] in ("PASS", "FAIL")] == [
        ["FAIL", "exit3"], ["PASS", "full"], ["PASS", "plain"], ["FAIL", "wrong"]]
    text = "\n".join(lines)
    assert "      exit code 3\n      stderr (last lines):\n        asked to exit 3" in text
    assert "      stdout differs at byte 7 (expected 14 bytes, got 14)" in text
    assert "      expected: b'actual 0utput\\n'" in text
    assert lines[-1] == "2 passed, 2 failed"
    assert (suite.passed, suite.failed, suite.ok) == (2, 2, False)

    root = ET.parse(report).getroot()
    assert (root.get("tests"), root.get("failures"), root.get("errors")) == ("4", "2", "0")
    (testsuite,) = root.findall("testsuite")
    props = {p.get("name"): p.get("value") for p in testsuite.iter("property")}
    assert props["target"] == name and props["runner"] == description
    failed = {c.get("name") for c in testsuite.iter("testcase") if c.find("failure") is not None}
    assert failed == {"exit3", "wrong"}


def test_per_case_timeout(all_targets: dict[str, Target], tmp_path: Path) -> None:
    vm = tmp_path / "slowvm"
    vm.write_text('#!/bin/sh\ncase "$1" in *slow*) sleep 60;; esac\ncat "$1"\n')
    vm.chmod(0o755)
    corpus = tmp_path / "tests"
    corpus.mkdir()
    for name in ("fast", "slow"):
        (corpus / f"{name}.p").write_text(f"{name}\n")
        (corpus / f"{name}.out").write_text(f"{name}\n")
    suite, lines = check(all_targets["x86_64"], vm, corpus, NativeRunner(),
                         tmp_path / "r.xml", timeout=1.0)
    assert lines[-1] == "1 passed, 1 failed"
    assert any(line.startswith("      timed out after 1.") for line in lines)
    assert suite.cases[1].duration < 10


def test_infra_error_is_recorded_not_raised(all_targets: dict[str, Target],
                                            tmp_path: Path) -> None:
    target = dataclasses.replace(all_targets["armhf"], qemu="qemu-kiln-missing")
    binary = tmp_path / "prog"
    binary.write_bytes(b"\x7fELF")
    corpus = make_corpus(tmp_path / "tests")
    report = tmp_path / "r.xml"
    suite, lines = check(target, binary, corpus, QemuRunner(target), report)
    assert suite.infra_error and "qemu-user" in suite.infra_error
    assert [c.outcome for c in suite.cases] == ["error"] * 4
    assert lines[1].startswith("INFRA ERROR  qemu-kiln-missing is not installed")
    assert lines[-1] == "0 passed, 4 failed"
    root = ET.parse(report).getroot()
    assert (root.get("tests"), root.get("failures"), root.get("errors")) == ("5", "0", "5")
