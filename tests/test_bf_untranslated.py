"""The BF interpreter run untranslated on CPython: it still produces every expected
output of its corpus (the oracle the translated binaries are checked against), and its
error paths give a message and exit status 1."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parent.parent
BF = REPO_ROOT / "interpreters" / "bf" / "bf.py"
CORPUS = REPO_ROOT / "interpreters" / "bf" / "tests"
PROGRAMS = sorted(CORPUS.glob("*.b"))
# The properties the corpus must keep covering, by case name.
REQUIRED_CASES = {"hello", "nested_loops", "reverse_input", "wraparound", "brackets",
                  "primes", "comments", "empty", "deep_nesting", "eof"}


def run_bf(python: str, *args: str | Path, stdin: bytes = b"",
           timeout: float = 900) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run([python, "-m", "targets.untranslated", str(BF), *map(str, args)],
                          input=stdin, capture_output=True, timeout=timeout, cwd=REPO_ROOT)


def test_corpus_covers_the_required_programs() -> None:
    assert REQUIRED_CASES <= {p.stem for p in PROGRAMS}
    for program in PROGRAMS:
        assert program.with_suffix(".out").is_file(), f"{program.name} has no .out"


@pytest.mark.parametrize("program", PROGRAMS, ids=[p.stem for p in PROGRAMS])
def test_cpython_reproduces_expected_output(python: str, program: Path) -> None:
    stdin_file = program.with_suffix(".in")
    stdin = stdin_file.read_bytes() if stdin_file.is_file() else b""
    done = run_bf(python, program, stdin=stdin)
    assert done.returncode == 0, done.stderr.decode()
    assert done.stdout == program.with_suffix(".out").read_bytes()


def test_without_a_program_prints_usage(python: str) -> None:
    done = run_bf(python)
    assert done.returncode == 1
    assert done.stdout == b""
    assert done.stderr == b"bf: usage: bf PROGRAM.b\n"


@pytest.mark.parametrize("source, position", [(b"+[", 1), (b"x]", 0), (b"[[]", 0)])
def test_unmatched_bracket_is_reported(python: str, tmp_path: Path, source: bytes,
                                       position: int) -> None:
    program = tmp_path / "bad.b"
    program.write_bytes(source)
    done = run_bf(python, program)
    assert done.returncode == 1
    assert done.stderr == b"bf: unmatched bracket at command %d\n" % position


def test_moving_left_of_the_tape_is_reported_after_earlier_output(
        python: str, tmp_path: Path) -> None:
    program = tmp_path / "left.b"
    program.write_bytes(b"+" * 65 + b".>.<<")
    done = run_bf(python, program)
    assert done.returncode == 1
    assert done.stdout == b"A\x00"
    assert done.stderr == b"bf: moved left of the first cell at command 69\n"


def test_tape_grows_to_the_right_and_output_is_flushed_in_chunks(
        python: str, tmp_path: Path) -> None:
    # 20000 fresh cells, each printed (zero), is more output than one buffer holds.
    program = tmp_path / "long.b"
    program.write_bytes(b".>" * 20000 + b"+.")
    done = run_bf(python, program)
    assert done.returncode == 0, done.stderr.decode()
    assert done.stdout == b"\x00" * 20000 + b"\x01"


def test_input_is_read_only_after_pending_output_is_flushed(
        python: str, tmp_path: Path) -> None:
    # The prompt must reach stdout before the program blocks reading stdin.
    program = tmp_path / "prompt.b"
    program.write_bytes(b"+" * 63 + b".[-],.")
    process = subprocess.Popen(
        [python, "-m", "targets.untranslated", str(BF), str(program)],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=REPO_ROOT)
    try:
        assert process.stdout is not None and process.stdin is not None
        assert process.stdout.read(1) == b"?"
        process.stdin.write(b"x")
        process.stdin.close()
        assert process.stdout.read() == b"x"
        assert process.wait(timeout=60) == 0
    finally:
        process.kill()
        process.wait()
