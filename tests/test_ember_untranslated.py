"""The Ember interpreter run untranslated on CPython: it reproduces every expected
output of its corpus (the oracle for the translated binaries), every program of
interpreters/ember/errors fails with exactly its expected message and status, and its
command-line errors are reported without a traceback."""

from __future__ import annotations

import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

REPO_ROOT = Path(__file__).resolve().parent.parent
EMBER_DIR = REPO_ROOT / "interpreters" / "ember"
EMBER = EMBER_DIR / "ember.py"
CORPUS = EMBER_DIR / "tests"
ERRORS = EMBER_DIR / "errors"
BENCHMARKS = EMBER_DIR / "benchmarks"
PROGRAMS = sorted(CORPUS.glob("*.em"))
ERROR_PROGRAMS = sorted(ERRORS.glob("*.em"))
# What the corpus must keep covering, by case name.
REQUIRED_CASES = {"fib", "classes", "try_catch", "throw_values", "nested_try", "dicts",
                  "lists", "strings", "arith_float", "recursion_limit", "stdin_lines",
                  "program_args"}


def run_ember(*args: str | Path, stdin: bytes = b"", cwd: Path = REPO_ROOT,
              timeout: float = 600) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, str(REPO_ROOT / "targets" / "untranslated.py"), str(EMBER),
         *map(str, args)],
        input=stdin, capture_output=True, timeout=timeout, cwd=cwd)


def expected_status(program: Path) -> int:
    match = re.match(r"# status: (\d+)\n", program.read_text())
    assert match, f"{program.name} does not start with '# status: N'"
    return int(match.group(1))


def test_corpus_is_complete() -> None:
    assert len(PROGRAMS) >= 40
    assert REQUIRED_CASES <= {p.stem for p in PROGRAMS}
    for program in PROGRAMS:
        assert program.with_suffix(".out").is_file(), f"{program.name} has no .out"


@pytest.mark.parametrize("program", PROGRAMS, ids=[p.stem for p in PROGRAMS])
def test_cpython_reproduces_expected_output(program: Path) -> None:
    stdin_file = program.with_suffix(".in")
    args_file = program.with_suffix(".args")
    args = shlex.split(args_file.read_text()) if args_file.is_file() else []
    done = run_ember(program, *args,
                     stdin=stdin_file.read_bytes() if stdin_file.is_file() else b"")
    assert done.returncode == 0, done.stderr.decode()
    assert done.stdout == program.with_suffix(".out").read_bytes()


@pytest.mark.parametrize("program", ERROR_PROGRAMS, ids=[p.stem for p in ERROR_PROGRAMS])
def test_failing_program_reports_its_error(program: Path) -> None:
    # Run from the errors directory so that syntax errors name the file as given.
    done = run_ember(program.name, cwd=ERRORS)
    stdout_file = program.with_suffix(".out")
    assert done.returncode == expected_status(program), done.stderr.decode()
    assert done.stderr == program.with_suffix(".err").read_bytes()
    assert done.stdout == (stdout_file.read_bytes() if stdout_file.is_file() else b"")
    assert b"Traceback" not in done.stderr


def test_error_programs_cover_every_kind_of_failure() -> None:
    statuses = {expected_status(p) for p in ERROR_PROGRAMS}
    assert statuses == {1, 2, 3}
    assert sum(p.stem.startswith("syntax_") for p in ERROR_PROGRAMS) >= 6


def test_without_a_program_prints_usage() -> None:
    done = run_ember()
    assert done.returncode == 2
    assert done.stdout == b""
    assert done.stderr == b"ember: usage: ember PROGRAM.em [ARGS...]\n"


def test_missing_program_file_is_reported(tmp_path: Path) -> None:
    missing = tmp_path / "nope.em"
    done = run_ember(missing)
    assert done.returncode == 2
    assert done.stderr == f"ember: cannot open {missing}\n".encode()


def test_output_before_a_crash_is_flushed_in_order(tmp_path: Path) -> None:
    program = tmp_path / "big.em"
    # More than the 8 KiB output buffer, so that some is written before the error.
    program.write_text('for i in range(3000) do print(i) end\nprint(1 // 0)\n')
    done = run_ember(program)
    assert done.returncode == 1
    assert done.stdout == "".join(f"{i}\n" for i in range(3000)).encode()
    assert done.stderr.startswith(b"ember: uncaught ZeroDivisionError")


@pytest.mark.parametrize("name, args, expected", [
    ("fib", ["15"], b"610\n"),
    ("strings", ["200"], b"419703 600\n"),
    ("wordcount", ["2"], b"60 822 pomi 128\n"),
    ("nbody", ["100"], b"-0.169075164\n-0.169050762\n"),
    # richards checks its own classic counts and throws if they differ.
    ("richards", ["1"], b"richards 1 ok\n"),
])
def test_benchmarks_run_at_a_small_size(name: str, args: list[str], expected: bytes) -> None:
    done = run_ember(BENCHMARKS / f"{name}.em", *args)
    assert done.returncode == 0, done.stderr.decode()
    assert done.stdout == expected


# --------------------------------------------------------------- in-process units

@pytest.fixture(scope="module")
def em_objects():  # type: ignore[no-untyped-def]
    sys.path.insert(0, str(EMBER_DIR))
    try:
        import em_objects
        yield em_objects
    finally:
        sys.path.remove(str(EMBER_DIR))


KEYS = st.one_of(st.integers(-5, 40), st.sampled_from(["a", "b", "c", "", "long key"]))


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.booleans(), KEYS, st.integers()), max_size=120))
def test_guest_dict_matches_a_python_dict(em_objects, operations) -> None:  # type: ignore[no-untyped-def]
    """Insertion order, overwrites and deletions (which compact the table) behave like
    Python's dict, whose keys 1 and "1" differ as Ember's do."""
    def wrap(key: int | str):  # type: ignore[no-untyped-def]
        return em_objects.W_Int(key) if isinstance(key, int) else em_objects.W_Str(key)

    guest = em_objects.W_Dict()
    model: dict[int | str, int] = {}
    for is_set, key, value in operations:
        if is_set:
            guest.set(wrap(key), em_objects.W_Int(value))
            model[key] = value
        else:
            assert guest.delete(wrap(key)) == (key in model)
            model.pop(key, None)
        assert guest.count == len(model)
    assert [k.value for k in guest.live_keys()] == list(model)
    assert [v.value for v in guest.live_values()] == list(model.values())
    for key, value in model.items():
        assert guest.get(wrap(key)).value == value


# --------------------------------------------------------------- the benchmark runner

BENCH = REPO_ROOT / "benchmarks" / "ember" / "bench.py"


@pytest.mark.parametrize("args, message", [
    (["--only", "fib,nosuch"], "error: unknown benchmark 'nosuch'; choose from fib, nbody, "
                               "strings, wordcount, richards\n"),
    (["--runs", "0"], "error: --runs must be at least 1\n"),
])
def test_bench_rejects_bad_options(args: list[str], message: str) -> None:
    done = subprocess.run([sys.executable, str(BENCH), "--no-write", *args],
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 2
    assert done.stderr == message


def test_bench_reports_an_unusable_nuitka_python(tmp_path: Path) -> None:
    missing = tmp_path / "no-python"
    done = subprocess.run([sys.executable, str(BENCH), "--no-write", "--only", "fib",
                           "--binary", str(tmp_path / "no-binary"),
                           "--nuitka-python", str(missing)],
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 1
    assert done.stderr == f"error: cannot run {missing}: No such file or directory\n"


def test_bench_compares_the_ways_and_writes_no_file_when_told(tmp_path: Path) -> None:
    done = subprocess.run([sys.executable, str(BENCH), "--no-write", "--runs", "1",
                           "--only", "fib", "--binary", str(tmp_path / "no-binary")],
                          capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    assert "| fib (27) |" in done.stdout
    assert "- cpython:" in done.stdout
