"""`python -m ci run` for real: each job is `scons ... check` in its own build tree, with
JUnit per job, live progress, a Markdown summary and an honest exit status."""

from __future__ import annotations

import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET

import pytest

from ci.matrix import DEFAULT_CI_CONFIG
from targets.config import REPO_ROOT

pytestmark = pytest.mark.timeout(900)


def ci(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "ci", *args], cwd=REPO_ROOT,
                          capture_output=True, text=True)


def test_one_job_passes_with_junit_and_summary(tmp_path):
    done = ci("run", "--only", "target=i686,interp=bf", "--out", str(tmp_path))
    assert done.returncode == 0, done.stdout + done.stderr
    lines = done.stdout.splitlines()
    assert any(line.startswith("[start] i686 bf jit=off: scons target=i686")
               for line in lines)
    assert any(line.startswith("[1/1] PASSED") for line in lines)
    assert any("[skip]  i686 bf jit=on: excluded:" in line for line in lines)
    row = next(line for line in lines if line.startswith("| i686 | bf | off |"))
    assert "| passed |" in row
    assert lines[-1] == "1 of 1 jobs passed, 1 excluded"
    report = ET.parse(tmp_path / "reports" / "i686-bf-jit-off.xml").getroot()
    props = {p.get("name"): p.get("value") for p in report.iter("property")}
    assert props["target"] == "i686" and props["jit"] == "off" and props["interp"] == "bf"
    assert int(report.get("tests")) > 5 and report.get("failures") == "0"
    assert (tmp_path / "summary.md").read_text().startswith("| target | interpreter |")


def test_failing_job_fails_the_run(tmp_path):
    interp = tmp_path / "bfx"
    shutil.copytree(REPO_ROOT / "interpreters" / "bf", interp,
                    ignore=shutil.ignore_patterns("__pycache__"))
    (interp / "tests" / "hello.out").write_bytes(b"not what bf prints\n")
    config = tmp_path / "ci.yaml"
    config.write_text(DEFAULT_CI_CONFIG.read_text().replace(
        "interpreters: [bf, ember]", f"interpreters: [{interp / 'bf.py'}]"))
    done = ci("--config", str(config), "run", "--only", "target=x86_64,jit=off",
              "--out", str(tmp_path / "out"))
    assert done.returncode == 1, done.stdout + done.stderr
    assert "[1/1] FAILED" in done.stdout
    [report] = (tmp_path / "out" / "reports").glob("*.xml")
    root = ET.parse(report).getroot()
    assert root.get("failures") == "1"
    failed = {c.get("name") for c in root.iter("testcase") if c.find("failure") is not None}
    assert failed == {"hello"}


def test_build_failure_is_reported_as_a_failed_job(tmp_path):
    broken = tmp_path / "broken"
    (broken / "tests").mkdir(parents=True)
    (broken / "broken.py").write_text("def entry_point(argv):\n    return undefined_name\n")
    (broken / "tests" / "a.b").write_text("")
    (broken / "tests" / "a.out").write_text("")
    config = tmp_path / "ci.yaml"
    config.write_text(DEFAULT_CI_CONFIG.read_text().replace(
        "interpreters: [bf, ember]", f"interpreters: [{broken / 'broken.py'}]"))
    done = ci("--config", str(config), "run", "--only", "target=x86_64,jit=off",
              "--out", str(tmp_path / "out"))
    assert done.returncode == 1, done.stdout + done.stderr
    [report] = (tmp_path / "out" / "reports").glob("*.xml")
    [case] = ET.parse(report).getroot().iter("testcase")
    assert case.get("name") == "build" and "scons exited" in case.find("failure").text


def test_only_excluded_jobs_is_not_success(tmp_path):
    done = ci("run", "--only", "target=i686,interp=bf,jit=on", "--out", str(tmp_path))
    assert done.returncode == 1
    assert "no job ran: every selected job is excluded" in done.stdout
    assert "| i686 | bf | on | excluded [1] |" in done.stdout
    assert "[1] excluded: i686 has no JIT backend" in done.stdout


@pytest.mark.parametrize("args, message", [
    (("run", "--only", "target=vax"), "unknown target 'vax'"),
    (("run", "--only", "colour=red"), "unknown key 'colour'"),
    (("--config", "/nonexistent.yaml", "generate"), "cannot read config file"),
])
def test_user_errors_are_clean(args, message):
    done = ci(*args)
    assert done.returncode == 2
    assert message in done.stderr and "Traceback" not in done.stderr


def test_generate_check_reports_fresh_files():
    done = ci("generate", "--check")
    assert done.returncode == 0, done.stderr
