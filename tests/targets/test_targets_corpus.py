"""Corpus discovery, the pass/fail judgement, the untranslated runner, and the
`python -m targets.corpus bless|verify` command line, on a tiny real interpreter."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from targets.config import REPO_ROOT
from targets.corpus import discover, judge
from targets.errors import CorpusError
from targets.runners.base import RunResult

UPPER_VM = '''\
import os

from toolchain.rlib.jit import JitDriver

driver = JitDriver(greens=[], reds=["data"])


def entry_point(argv):
    fd = os.open(argv[1], os.O_RDONLY)
    data = os.read(fd, 4096)
    os.close(fd)
    os.write(1, data.upper())
    for arg in argv[2:]:
        os.write(1, arg.encode() + b"\\n")
    os.write(1, os.read(0, 4096))
    if data.startswith(b"fail"):
        return 3
    return 0
'''


def make_interpreter(tmp_path: Path) -> Path:
    interp = tmp_path / "upper"
    tests = interp / "tests"
    tests.mkdir(parents=True)
    (interp / "upper.py").write_text(UPPER_VM)
    (tests / "plain.txt").write_text("hello\n")
    (tests / "full.txt").write_text("with input\n")
    (tests / "full.in").write_text("from stdin\n")
    (tests / "full.args").write_text("one 'two words'\n")
    return interp


def run_module(*args: str, cwd: Path = REPO_ROOT, stdin: bytes = b"") -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", *args], cwd=cwd, input=stdin,
                          capture_output=True, timeout=120)


def test_discover_pairs_programs_with_their_files(tmp_path: Path) -> None:
    tests = make_interpreter(tmp_path) / "tests"
    (tests / "full.out").write_text("")
    (tests / "plain.out").write_text("")
    (tests / "README").write_text("ignored: no suffix")
    cases = discover(tests)
    assert [c.name for c in cases] == ["full", "plain"]
    full, plain = cases
    assert (full.program.name, full.expected.name) == ("full.txt", "full.out")
    assert full.args() == ["one", "two words"]
    assert full.stdin_bytes() == b"from stdin\n"
    assert (plain.args(), plain.stdin_bytes(), plain.stdin) == ([], b"", None)


def test_discover_reports_inconsistencies(tmp_path: Path) -> None:
    tests = make_interpreter(tmp_path) / "tests"
    (tests / "orphan.in").write_text("x")
    with pytest.raises(CorpusError) as err:
        discover(tests)
    message = str(err.value)
    assert message.startswith(f"{tests}: inconsistent corpus:")
    assert "orphan.in has no program orphan.<ext> beside it" in message
    assert "plain.txt has no expected output plain.out (run: python -m targets.corpus bless)" \
        in message
    (tests / "orphan.in").unlink()
    assert [c.name for c in discover(tests, require_expected=False)] == ["full", "plain"]


def test_discover_two_programs_one_name(tmp_path: Path) -> None:
    (tmp_path / "a.b").write_text("")
    (tmp_path / "a.bf").write_text("")
    with pytest.raises(CorpusError, match="case 'a' has two programs, a.b and a.bf"):
        discover(tmp_path)


def test_discover_missing_or_empty(tmp_path: Path) -> None:
    with pytest.raises(CorpusError, match="corpus directory does not exist"):
        discover(tmp_path / "nope")
    with pytest.raises(CorpusError, match="corpus has no test programs"):
        discover(tmp_path)


def result(stdout: bytes, returncode: int = 0, stderr: bytes = b"",
           timed_out: bool = False) -> RunResult:
    return RunResult(returncode, stdout, stderr, 0.1, timed_out)


def test_judge() -> None:
    assert judge(b"hello\n", result(b"hello\n")) is None
    report = judge(b"hello world\n", result(b"hello wOrld\n!!", stderr=b"warn 1\nwarn 2\n"))
    assert report == ("stdout differs at byte 7 (expected 12 bytes, got 14)\n"
                      "  expected: b'hello world\\n'\n"
                      "  got:      b'hello wOrld\\n!!'\n"
                      "stderr (last lines):\n  warn 1\n  warn 2")
    assert judge(b"ab", result(b"abc")).startswith("stdout differs at byte 2 (expected 2")
    assert judge(b"ok", result(b"ok", returncode=-11)) == "killed by SIGSEGV"
    assert judge(b"ok", result(b"ok", returncode=1)) == "exit code 1"
    assert judge(b"ok", result(b"", returncode=-9, timed_out=True)).startswith(
        "timed out after 0.1s (killed)\nstdout differs at byte 0")


def test_untranslated_runs_entry_point(tmp_path: Path) -> None:
    interp = make_interpreter(tmp_path)
    program = interp / "tests" / "plain.txt"
    done = run_module("targets.untranslated", str(interp / "upper.py"), str(program), "x",
                      stdin=b"in\n")
    assert (done.returncode, done.stdout) == (0, b"HELLO\nx\nin\n")
    # As a script (how the untranslated runner starts it) it works from any directory.
    done = subprocess.run([sys.executable, str(REPO_ROOT / "targets" / "untranslated.py"),
                           str(interp / "upper.py"), str(program)], cwd=tmp_path,
                          capture_output=True, timeout=120)
    assert (done.returncode, done.stdout) == (0, b"HELLO\n")
    program.write_text("fail\n")
    done = run_module("targets.untranslated", str(interp / "upper.py"), str(program))
    assert (done.returncode, done.stdout) == (3, b"FAIL\n")


def test_untranslated_user_errors(tmp_path: Path) -> None:
    done = run_module("targets.untranslated", str(tmp_path / "nope.py"))
    assert done.returncode == 2
    assert done.stderr.decode() == f"error: {tmp_path / 'nope.py'}: no such interpreter module\n"
    (tmp_path / "noentry.py").write_text("x = 1\n")
    done = run_module("targets.untranslated", str(tmp_path / "noentry.py"))
    assert done.returncode == 2
    assert b"defines no entry_point(argv) function" in done.stderr
    (tmp_path / "program.em").write_text("print 1\n")
    done = run_module("targets.untranslated", str(tmp_path / "program.em"))
    assert done.returncode == 2
    assert done.stderr.decode() == (f"error: {tmp_path / 'program.em'}: an interpreter "
                                    "module is a .py file\n")


def test_bless_then_verify(tmp_path: Path) -> None:
    interp = make_interpreter(tmp_path)
    tests = interp / "tests"
    done = run_module("targets.corpus", "bless", str(interp))
    assert done.returncode == 0, done.stderr
    assert (tests / "plain.out").read_bytes() == b"HELLO\n"
    assert (tests / "full.out").read_bytes() == b"WITH INPUT\none\ntwo words\nfrom stdin\n"
    lines = done.stdout.decode().splitlines()
    assert lines[0].startswith("blessing 2 cases of")
    assert lines[1].startswith("wrote full.out: 36 bytes (")

    done = run_module("targets.corpus", "verify", str(interp))
    assert done.returncode == 0
    assert done.stdout.decode().splitlines()[-1] == "2 passed, 0 failed"

    (tests / "plain.out").write_bytes(b"HELLO?\n")
    done = run_module("targets.corpus", "verify", str(interp))
    out = done.stdout.decode()
    assert done.returncode == 1
    assert "FAIL  plain" in out
    assert "stdout differs at byte 5 (expected 7 bytes, got 6)" in out
    assert out.splitlines()[-1] == "1 passed, 1 failed"


def test_bless_keeps_old_output_when_the_interpreter_fails(tmp_path: Path) -> None:
    interp = make_interpreter(tmp_path)
    tests = interp / "tests"
    (tests / "plain.txt").write_text("fail\n")
    (tests / "plain.out").write_text("old\n")
    done = run_module("targets.corpus", "bless", str(interp))
    assert done.returncode == 1
    assert "FAIL  plain: exit code 3, plain.out left as it was" in done.stdout.decode()
    assert (tests / "plain.out").read_text() == "old\n"
    assert sorted(p.name for p in tests.iterdir() if p.name.startswith(".")) == []


def test_corpus_cli_user_errors(tmp_path: Path) -> None:
    done = run_module("targets.corpus", "verify", str(tmp_path))
    assert done.returncode == 2
    assert done.stderr.decode() == (f"error: {tmp_path}: no interpreter module "
                                    f"{tmp_path.name}.py in it\n")
    done = run_module("targets.corpus", "blss", str(tmp_path))
    assert done.returncode == 2
    assert b"invalid choice: 'blss'" in done.stderr
