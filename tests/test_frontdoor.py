"""The front door as a user drives it: real `scons` runs that translate, cross-compile
with the real toolchains and run the BF corpus natively or under real QEMU."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import time
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from targets.build import VARIABLES
from targets.config import load_targets

REPO_ROOT = Path(__file__).resolve().parent.parent
SCONS = REPO_ROOT / ".venv" / "bin" / "scons"
BF_DIR = REPO_ROOT / "interpreters" / "bf"
CORPUS_SIZE = len(list((BF_DIR / "tests").glob("*.b")))
TARGETS = list(load_targets())


def scons(*args: str, env: dict[str, str] | None = None,
          timeout: float = 900) -> subprocess.CompletedProcess[str]:
    done = subprocess.run([str(SCONS), "-C", str(REPO_ROOT), *args], capture_output=True,
                          text=True, timeout=timeout, env=env)
    # A user's mistake must never show a Python traceback.
    assert "Traceback" not in done.stdout + done.stderr, done.stdout + done.stderr
    return done


def needed_libraries(binary: Path) -> list[str]:
    dynamic = subprocess.run(["readelf", "-d", str(binary)], capture_output=True,
                             text=True, check=True).stdout
    return re.findall(r"\(NEEDED\)\s+Shared library: \[([^\]]+)\]", dynamic)


@pytest.fixture(scope="module")
def build_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One build tree for the module, so sysroots are fetched once per target."""
    return tmp_path_factory.mktemp("frontdoor-build")


@pytest.fixture
def bf_copy(tmp_path: Path) -> Path:
    """A copy of the BF interpreter and its corpus, free to edit."""
    copy = tmp_path / "bf"
    shutil.copytree(BF_DIR, copy, ignore=shutil.ignore_patterns("__pycache__"))
    return copy / "bf.py"


# --- what needs no build ----------------------------------------------------------

def test_target_list_prints_the_table() -> None:
    done = scons("target=list")
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    header = next(line for line in lines if line.startswith("name"))
    for column in ("aliases", "triple", "float ABI", "QEMU CPU", "JIT backend"):
        assert column in header
    rows = {line.split()[0]: line for line in lines[lines.index(header) + 1:] if line.strip()}
    assert list(rows) == TARGETS
    assert "amd64" in rows["x86_64"] and "arm64" in rows["aarch64"]
    assert "arm926" in rows["armel"] and "soft" in rows["armel"]


def test_unknown_target_lists_names_and_aliases() -> None:
    done = scons("target=sparc")
    assert done.returncode != 0
    assert "unknown target 'sparc'" in done.stderr
    for spelling in [*TARGETS, "amd64", "arm64"]:
        assert spelling in done.stderr


def test_misspelt_variable_is_named_with_the_valid_ones() -> None:
    done = scons("traget=aarch64")
    assert done.returncode != 0
    assert "unknown variable traget" in done.stderr
    assert all(name in done.stderr for name in VARIABLES)


def test_help_documents_every_variable_and_alias() -> None:
    done = scons("-h")
    assert done.returncode == 0, done.stderr
    for name in VARIABLES:
        assert re.search(rf"^{name}: ", done.stdout, re.MULTILINE), name
    assert "build" in done.stdout and "check" in done.stdout


@pytest.mark.parametrize("argument, message", [
    ("target=i686 jit=1", "target i686 has no JIT backend; targets with one: "),
    ("board=nosuchboard", "unknown board 'nosuchboard'"),
    ("env=podman", "allowed values: host, docker"),
    ("static=maybe", "static=maybe: not a boolean"),
    ("interp=nosuchvm", "known interpreters: bf"),
])
def test_reserved_and_invalid_values_are_errors(argument: str, message: str) -> None:
    done = scons(*argument.split())
    assert done.returncode != 0
    assert message in done.stderr


def test_missing_cross_compiler_names_the_package(tmp_path: Path) -> None:
    # A PATH with nothing on it: SCons runs from the venv by absolute path.
    env = {**os.environ, "PATH": str(tmp_path)}
    done = scons("target=aarch64", f"build_dir={tmp_path / 'build'}", env=env)
    assert done.returncode != 0
    assert "aarch64-linux-gnu-gcc" in done.stderr
    assert "apt-get install gcc-aarch64-linux-gnu" in done.stderr
    assert "./bootstrap.sh" in done.stderr
    assert not (tmp_path / "build" / "aarch64" / "bf" / "bf").exists()


# --- builds and checks, with the real toolchains ---------------------------------

@pytest.mark.parametrize("target", TARGETS)
def test_check_passes_on_every_target(target: str, build_dir: Path) -> None:
    done = scons(f"target={target}", f"build_dir={build_dir}", "check")
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    lines = done.stdout.splitlines()
    assert f"{CORPUS_SIZE} passed, 0 failed" in lines
    assert sum(line.startswith("PASS ") for line in lines) == CORPUS_SIZE
    if target == "armel":
        # The run that proves no VFP instruction slipped in.
        assert "qemu-arm -cpu arm926" in done.stdout

    report = ET.parse(build_dir / target / "reports" / "bf.xml").getroot()
    suite = report if report.tag == "testsuite" else report.find("testsuite")
    assert suite is not None
    assert (suite.get("tests"), suite.get("failures"), suite.get("errors")) == \
        (str(CORPUS_SIZE), "0", "0")

    # Nothing beyond the target's libc, libm and dynamic loader (which some glibc ports,
    # AArch64 among them, list as NEEDED).
    needed = needed_libraries(build_dir / target / "bf" / "bf")
    assert "libc.so.6" in needed
    extra = [name for name in needed if name not in ("libc.so.6", "libm.so.6")
             and not re.fullmatch(r"ld-linux[\w.-]*\.so\.\d", name)]
    assert extra == []


def test_all_check_ends_with_the_summary_table(bf_copy: Path, build_dir: Path) -> None:
    # The full corpus ran on every target above; two cases keep this run short.
    kept = {"hello", "wraparound"}
    for path in (bf_copy.parent / "tests").iterdir():
        if path.stem not in kept:
            path.unlink()
    done = scons("target=all", f"interp={bf_copy}", f"build_dir={build_dir}", "check")
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    lines = done.stdout.splitlines()
    header = next(i for i, line in enumerate(lines) if line.split()[:4] ==
                  ["target", "cases", "passed", "time"])
    rows = [line.split() for line in lines[header + 1:header + 1 + len(TARGETS)]]
    assert [row[0] for row in rows] == TARGETS
    assert all(row[1] == row[2] == str(len(kept)) for row in rows)
    assert f"{len(TARGETS) * len(kept)} passed, 0 failed" in lines[header:]
    for target in TARGETS:
        assert (build_dir / target / "reports" / "bf.xml").is_file()


def test_failing_case_fails_the_check(bf_copy: Path, tmp_path: Path) -> None:
    (bf_copy.parent / "tests" / "hello.out").write_bytes(b"Goodbye\n")
    done = scons("target=x86_64", f"interp={bf_copy}", f"build_dir={tmp_path / 'b'}", "check")
    assert done.returncode != 0
    assert f"{CORPUS_SIZE - 1} passed, 1 failed" in done.stdout.splitlines()
    assert re.search(r"^FAIL\s+hello\b", done.stdout, re.MULTILINE)
    report = ET.parse(tmp_path / "b" / "x86_64" / "reports" / "bf.xml").getroot()
    assert "Goodbye" in ET.tostring(report, encoding="unicode")


def test_noop_rebuild_is_fast_and_an_edit_retranslates(bf_copy: Path, tmp_path: Path) -> None:
    args = ("target=aarch64", f"interp={bf_copy}", f"build_dir={tmp_path / 'b'}")
    first = scons(*args)
    assert first.returncode == 0, first.stderr
    assert "translate bf for aarch64" in first.stdout
    binary = tmp_path / "b" / "aarch64" / "bf" / "bf"
    assert binary.is_file()

    started = time.monotonic()
    again = scons(*args)
    elapsed = time.monotonic() - started
    assert again.returncode == 0, again.stderr
    assert "is up to date" in again.stdout
    assert "translate" not in again.stdout and "compile" not in again.stdout
    assert elapsed < 2.0, f"no-op build took {elapsed:.2f}s"

    source = bf_copy.read_text()
    edited_source = source.replace('b"usage: bf PROGRAM.b"', 'b"usage: bf FILE"')
    assert edited_source != source
    bf_copy.write_text(edited_source)
    edited = scons(*args)
    assert edited.returncode == 0, edited.stderr
    assert "translate bf for aarch64" in edited.stdout
    assert "compile bf for aarch64" in edited.stdout
    usage = subprocess.run(["qemu-aarch64", "-L", "/usr/aarch64-linux-gnu", str(binary)],
                           capture_output=True, timeout=60)
    assert (usage.returncode, usage.stderr) == (1, b"bf: usage: bf FILE\n")


def test_static_build_is_fully_static(tmp_path: Path) -> None:
    build = tmp_path / "b"
    done = scons("target=armel", "static=1", f"build_dir={build}")
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    binary = build / "armel" / "bf" / "bf"
    dynamic = subprocess.run(["readelf", "-d", str(binary)], capture_output=True,
                             text=True, check=True).stdout
    assert "There is no dynamic section" in dynamic
    # Static, it runs without QEMU being told where the target's libraries are.
    hello = subprocess.run(["qemu-arm", "-cpu", "arm926,vfp=off", str(binary),
                            str(BF_DIR / "tests" / "hello.b")], capture_output=True, timeout=60)
    assert hello.stdout == (BF_DIR / "tests" / "hello.out").read_bytes()


# --- bootstrap.sh -----------------------------------------------------------------

def test_bootstrap_second_run_installs_nothing() -> None:
    # The suite runs after bootstrap.sh (README, .ci/run), so this is the second run.
    started = time.monotonic()
    done = subprocess.run(["bash", str(REPO_ROOT / "bootstrap.sh")], capture_output=True,
                          text=True, timeout=600, cwd=REPO_ROOT)
    assert done.returncode == 0, done.stderr
    assert "skipping apt" in done.stdout
    assert ".venv is up to date with requirements.txt" in done.stdout
    assert time.monotonic() - started < 10


def test_bootstrap_rejects_an_unknown_option() -> None:
    done = subprocess.run(["bash", str(REPO_ROOT / "bootstrap.sh"), "--with-containres"],
                          capture_output=True, text=True, timeout=60, cwd=REPO_ROOT)
    assert done.returncode != 0
    assert "unknown option '--with-containres'" in done.stderr
