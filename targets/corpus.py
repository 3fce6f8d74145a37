"""Interpreter test corpora: finding the cases, running them in a runner session,
judging the output, and blessing expected outputs from the untranslated interpreter.

A corpus is `interpreters/<vm>/tests/`: `NAME.<ext>` is a program, `NAME.out` its
expected stdout, optional `NAME.in` its stdin and `NAME.args` extra arguments (shell
words). A case passes when the program exits 0 and its stdout equals `NAME.out` byte for
byte. The interpreter module of `interpreters/<vm>/` is `interpreters/<vm>/<vm>.py`.

    python -m targets.corpus bless interpreters/bf    # rewrite every NAME.out
    python -m targets.corpus verify interpreters/bf   # check CPython still agrees
"""

from __future__ import annotations

import argparse
import os
import shlex
import sys
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator, Sequence, TextIO

from targets.errors import CorpusError, KilnError
from targets.results import CaseResult, write_atomic
from targets.runners.base import LocalRunner, RunResult, Session

DATA_SUFFIXES = (".out", ".in", ".args")
UNTRANSLATED = Path(__file__).resolve().parent / "untranslated.py"


@dataclass(frozen=True)
class Case:
    name: str
    program: Path
    expected: Path
    stdin: Path | None = None
    args_file: Path | None = None

    def args(self) -> list[str]:
        if self.args_file is None:
            return []
        return shlex.split(self.args_file.read_text(encoding="utf-8"))

    def stdin_bytes(self) -> bytes:
        return self.stdin.read_bytes() if self.stdin else b""


def discover(directory: Path, require_expected: bool = True) -> list[Case]:
    """The cases of a corpus directory, sorted by name. Files without a suffix and
    dot files are ignored; every other inconsistency is a `CorpusError`."""
    if not directory.is_dir():
        raise CorpusError(f"{directory}: corpus directory does not exist")
    programs: dict[str, Path] = {}
    data: dict[str, set[str]] = {}
    for path in sorted(directory.iterdir()):
        if not path.is_file() or path.name.startswith(".") or not path.suffix:
            continue
        name = path.name[: -len(path.suffix)]
        if path.suffix in DATA_SUFFIXES:
            data.setdefault(name, set()).add(path.suffix)
        elif name in programs:
            raise CorpusError(
                f"{directory}: case '{name}' has two programs, {programs[name].name} "
                f"and {path.name}")
        else:
            programs[name] = path
    problems = [f"{name}{suffix} has no program {name}.<ext> beside it"
                for name, suffixes in sorted(data.items()) if name not in programs
                for suffix in sorted(suffixes)]
    if require_expected:
        problems += [f"{path.name} has no expected output {name}.out "
                     "(run: python -m targets.corpus bless)"
                     for name, path in programs.items() if ".out" not in data.get(name, ())]
    if problems:
        raise CorpusError(f"{directory}: " + "\n  ".join(["inconsistent corpus:", *problems]))
    if not programs:
        raise CorpusError(f"{directory}: corpus has no test programs")
    cases = []
    for name, program in sorted(programs.items()):
        present = data.get(name, set())
        cases.append(Case(
            name=name, program=program, expected=directory / f"{name}.out",
            stdin=directory / f"{name}.in" if ".in" in present else None,
            args_file=directory / f"{name}.args" if ".args" in present else None))
    return cases


def judge(expected: bytes, result: RunResult) -> str | None:
    """None when the run passes; otherwise a short report of what went wrong."""
    lines = []
    if result.timed_out or result.returncode != 0:
        lines.append(result.describe_exit())
    if result.stdout != expected:
        offset = next((i for i, (a, b) in enumerate(zip(expected, result.stdout)) if a != b),
                      min(len(expected), len(result.stdout)))
        lines.append(f"stdout differs at byte {offset} (expected {len(expected)} bytes, "
                     f"got {len(result.stdout)})")
        start = max(0, offset - 16)
        lines.append(f"  expected: {expected[start:offset + 24]!r}")
        lines.append(f"  got:      {result.stdout[start:offset + 24]!r}")
    if not lines:
        return None
    stderr = result.stderr.decode("utf-8", "replace").rstrip().splitlines()[-5:]
    if stderr:
        lines.append("stderr (last lines):")
        lines += [f"  {line[:200]}" for line in stderr]
    return "\n".join(lines)


def run_cases(session: Session, cases: Sequence[Case], timeout: float, out: TextIO,
              jobs: int = 1) -> Iterator[CaseResult]:
    """Run each case, print one PASS/FAIL line (and on failure its report) and yield
    its result, in case order. An `InfraError` propagates; nothing is judged after it."""
    width = max((len(case.name) for case in cases), default=0)

    def one(case: Case) -> CaseResult:
        result = session.run([session.path(case.program), *case.args()],
                             stdin=case.stdin_bytes(), timeout=timeout)
        message = judge(case.expected.read_bytes(), result)
        outcome = "passed" if message is None else "failed"
        return CaseResult(case.name, outcome, result.duration, message or "")

    with ThreadPoolExecutor(max_workers=max(1, jobs)) as pool:
        for case_result in pool.map(one, cases):
            word = "PASS" if case_result.outcome == "passed" else "FAIL"
            print(f"{word}  {case_result.name:<{width}}  {case_result.duration:7.2f}s",
                  file=out, flush=True)
            for line in case_result.message.splitlines():
                print(f"      {line}", file=out, flush=True)
            yield case_result


def untranslated_runner() -> LocalRunner:
    """A runner whose 'binary' is an interpreter module run on CPython."""
    return LocalRunner(prefix=(sys.executable, str(UNTRANSLATED)),
                       description="untranslated (CPython)")


def interpreter_paths(interp_dir: Path) -> tuple[Path, Path]:
    """(the interpreter module, the corpus directory) of `interpreters/<vm>/`."""
    vm = interp_dir / f"{interp_dir.resolve().name}.py"
    if not vm.is_file():
        raise CorpusError(f"{interp_dir}: no interpreter module {vm.name} in it")
    return vm, interp_dir / "tests"


def bless(interp_dir: Path, timeout: float, jobs: int, out: TextIO) -> int:
    """Rewrite every NAME.out from the untranslated interpreter; returns failures."""
    vm, corpus = interpreter_paths(interp_dir)
    cases = discover(corpus, require_expected=False)
    print(f"blessing {len(cases)} cases of {corpus} with {vm} on CPython", file=out, flush=True)
    failures = 0

    def one(case: Case) -> tuple[Case, RunResult]:
        return case, session.run([session.path(case.program), *case.args()],
                                 stdin=case.stdin_bytes(), timeout=timeout)

    with untranslated_runner().session(vm, [case.program for case in cases]) as session:
        with ThreadPoolExecutor(max_workers=max(1, jobs)) as pool:
            for case, result in pool.map(one, cases):
                if result.returncode != 0 or result.timed_out:
                    failures += 1
                    print(f"FAIL  {case.name}: {result.describe_exit()}, {case.expected.name} "
                          "left as it was", file=out, flush=True)
                    for line in result.stderr.decode("utf-8", "replace").splitlines()[-5:]:
                        print(f"      {line}", file=out, flush=True)
                    continue
                write_atomic(case.expected, result.stdout)
                print(f"wrote {case.expected.name}: {len(result.stdout)} bytes "
                      f"({result.duration:.2f}s)", file=out, flush=True)
    return failures


def verify(interp_dir: Path, timeout: float, jobs: int, out: TextIO) -> int:
    """Check that CPython still produces every NAME.out; returns failures."""
    vm, corpus = interpreter_paths(interp_dir)
    cases = discover(corpus)
    with untranslated_runner().session(vm, [case.program for case in cases]) as session:
        results = list(run_cases(session, cases, timeout, out, jobs))
    passed = sum(r.outcome == "passed" for r in results)
    print(f"{passed} passed, {len(results) - passed} failed", file=out, flush=True)
    return len(results) - passed


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m targets.corpus",
        description="Bless or verify an interpreter's test corpus against the "
                    "interpreter run untranslated on CPython.")
    parser.add_argument("command", choices=("bless", "verify"),
                        help="bless: rewrite every NAME.out; verify: check they still agree")
    parser.add_argument("interpreter", type=Path,
                        help="the interpreter directory, e.g. interpreters/bf")
    parser.add_argument("--timeout", type=float, default=3600.0,
                        help="seconds allowed per case (default: %(default)s)")
    parser.add_argument("-j", "--jobs", type=int, default=os.cpu_count() or 1,
                        help="cases run at once (default: %(default)s)")
    options = parser.parse_args(argv)
    action = bless if options.command == "bless" else verify
    try:
        failures = action(options.interpreter, options.timeout, options.jobs, sys.stdout)
    except KilnError as err:
        print(f"error: {err}", file=sys.stderr)
        return 2
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
