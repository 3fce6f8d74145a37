"""Run Ember's benchmark programs five ways, side by side, and report min/median times.

    .venv/bin/python benchmarks/ember/bench.py [--runs 5] [--only fib,nbody]
        [--binary build/x86_64/ember/ember] [--jit-binary build/x86_64/ember-jit/ember]
        [--nuitka-python /path/to/python]

The ways run the same guest program with the same argument:
  jit         the binary from `scons target=x86_64 interp=ember jit=1` (with the JIT);
  translated  the binary from `scons target=x86_64 interp=ember` (no JIT);
  cpython     the interpreter source on this CPython (targets/untranslated.py);
  pypy3       the same source on PyPy3 (Debian package pypy3);
  nuitka      the source compiled by Nuitka, when a Python with Nuitka is given
              (`--nuitka-python`; `pip install nuitka` into any venv).
A way that is unavailable is named with the reason and left out; it never fails the
run.  Every way must print the same output, else the run stops with an error.  The
table (also written to benchmarks/ember/results.md unless --no-write) gives min and
median CPU time (user + system of the process, from wait4: steadier than wall time on
a shared machine), the median wall time, and each way's median CPU time relative to
CPython's.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent.parent
EMBER_DIR = REPO_ROOT / "interpreters" / "ember"
PROGRAMS = EMBER_DIR / "benchmarks"
UNTRANSLATED = REPO_ROOT / "targets" / "untranslated.py"
DEFAULT_BINARY = REPO_ROOT / "build" / "x86_64" / "ember" / "ember"
DEFAULT_JIT_BINARY = REPO_ROOT / "build" / "x86_64" / "ember-jit" / "ember"
NUITKA_BUILD = REPO_ROOT / "build" / "ember-nuitka"
RESULTS = Path(__file__).resolve().parent / "results.md"
# (program, argument): sized so that the translated binary runs for a few tenths of a
# second (well above process start-up) and CPython for several seconds.
BENCHMARKS = [("fib", "27"), ("nbody", "10000"), ("strings", "6000"),
              ("wordcount", "80"), ("richards", "2")]
# The launcher Nuitka compiles: the entry point exactly as targets/untranslated.py
# calls it, with the interpreter's directory importable.
NUITKA_LAUNCHER = """\
import sys
import ember
sys.exit(ember.entry_point(sys.argv))
"""


class BenchError(Exception):
    """A failure the user can act on; printed without a traceback."""


@dataclass
class Way:
    name: str
    command: list[str]            # the program path and its argument are appended
    cpu: dict[str, list[float]] = field(default_factory=dict)
    wall: dict[str, list[float]] = field(default_factory=dict)


def find_ways(binary: Path, jit_binary: Path, nuitka_python: str | None,
              log: list[str]) -> list[Way]:
    ways = []
    if jit_binary.is_file() and os.access(jit_binary, os.X_OK):
        ways.append(Way("jit", [str(jit_binary)]))
    else:
        log.append(f"jit: not measured, {jit_binary} does not exist "
                   "(build it with: scons target=x86_64 interp=ember jit=1)")
    if binary.is_file() and os.access(binary, os.X_OK):
        ways.append(Way("translated", [str(binary)]))
    else:
        log.append(f"translated: not measured, {binary} does not exist "
                   "(build it with: scons target=x86_64 interp=ember)")
    ways.append(Way("cpython", [sys.executable, str(UNTRANSLATED), str(EMBER_DIR / "ember.py")]))
    pypy = shutil.which("pypy3")
    if pypy:
        ways.append(Way("pypy3", [pypy, str(UNTRANSLATED), str(EMBER_DIR / "ember.py")]))
    else:
        log.append("pypy3: not measured, pypy3 is not installed (apt-get install pypy3)")
    if nuitka_python is None:
        log.append("nuitka: not measured, no --nuitka-python given "
                   "(a Python with `pip install nuitka`)")
    else:
        ways.append(Way("nuitka", [str(build_with_nuitka(nuitka_python))]))
    return ways


def build_with_nuitka(python: str) -> Path:
    """Compiles the interpreter with Nuitka into build/ember-nuitka/ (once)."""
    try:
        check = subprocess.run([python, "-m", "nuitka", "--version"], capture_output=True)
    except OSError as err:
        raise BenchError(f"cannot run {python}: {err.strerror}") from None
    if check.returncode != 0:
        raise BenchError(f"{python} cannot run Nuitka (pip install nuitka into it)")
    target = NUITKA_BUILD / "ember.bin"
    sources = sorted(EMBER_DIR.glob("*.py"))
    if target.is_file() and all(s.stat().st_mtime < target.stat().st_mtime for s in sources):
        return target
    NUITKA_BUILD.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=NUITKA_BUILD) as scratch:
        launcher = Path(scratch) / "ember_launcher.py"
        launcher.write_text(NUITKA_LAUNCHER)
        env = dict(os.environ, PYTHONPATH=f"{EMBER_DIR}{os.pathsep}{REPO_ROOT}")
        print(f"compiling with Nuitka ({python}) ...", flush=True)
        done = subprocess.run(
            [python, "-m", "nuitka", "--follow-imports", "--remove-output",
             "--assume-yes-for-downloads", f"--output-dir={scratch}",
             "--output-filename=ember.bin", str(launcher)],
            env=env, capture_output=True, text=True)
        built = Path(scratch) / "ember.bin"
        if done.returncode != 0 or not built.is_file():
            raise BenchError("Nuitka failed:\n" + "\n".join(done.stderr.splitlines()[-15:]))
        os.replace(built, target)
    return target


def run_once(command: list[str]) -> tuple[float, float, bytes]:
    """(CPU seconds, wall seconds, stdout) of one run."""
    with tempfile.TemporaryFile() as stderr:
        start = time.perf_counter()
        process = subprocess.Popen(command, stdin=subprocess.DEVNULL,
                                   stdout=subprocess.PIPE, stderr=stderr)
        assert process.stdout is not None
        output = process.stdout.read()
        process.stdout.close()
        # wait4 rather than wait: it also gives the child's own resource usage.
        _, status, usage = os.wait4(process.pid, 0)
        wall = time.perf_counter() - start
        process.returncode = os.waitstatus_to_exitcode(status)
        if process.returncode != 0:
            stderr.seek(0)
            raise BenchError(f"{' '.join(command)} exited with {process.returncode}:\n"
                             + stderr.read().decode(errors="replace")[-2000:])
    return usage.ru_utime + usage.ru_stime, wall, output


def measure(ways: list[Way], runs: int, benchmarks: list[tuple[str, str]]) -> None:
    for name, arg in benchmarks:
        program = PROGRAMS / f"{name}.em"
        expected: bytes | None = None
        for _ in range(runs):
            # Interleaving the ways spreads any drift of the machine over all of them.
            for way in ways:
                cpu, wall, output = run_once([*way.command, str(program), arg])
                if expected is None:
                    expected = output
                elif output != expected:
                    raise BenchError(f"{name}: {way.name} printed {output!r}, "
                                     f"expected {expected!r}")
                way.cpu.setdefault(name, []).append(cpu)
                way.wall.setdefault(name, []).append(wall)
        print(f"  {name} {arg}: " + ", ".join(
            f"{w.name} {statistics.median(w.cpu[name]):.3f}s" for w in ways), flush=True)


def table(ways: list[Way], runs: int, benchmarks: list[tuple[str, str]]) -> str:
    header = ["benchmark (arg)"]
    for way in ways:
        header += [f"{way.name} cpu min", f"{way.name} cpu median",
                   f"{way.name} wall median"]
    header += [f"{way.name}/cpython" for way in ways if way.name != "cpython"]
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    cpython = next(w for w in ways if w.name == "cpython")
    for name, arg in benchmarks:
        cells = [f"{name} ({arg})"]
        for way in ways:
            cells += [f"{min(way.cpu[name]):.3f}s", f"{statistics.median(way.cpu[name]):.3f}s",
                      f"{statistics.median(way.wall[name]):.3f}s"]
        base = statistics.median(cpython.cpu[name])
        cells += [f"{statistics.median(w.cpu[name]) / base:.3f}x"
                  for w in ways if w.name != "cpython"]
        lines.append("| " + " | ".join(cells) + " |")
    lines.append("")
    lines.append(f"{runs} runs per way, interleaved; times are of the whole process "
                 "(start-up included); ratios are of CPU medians, below 1 is faster "
                 "than CPython.")
    return "\n".join(lines)


def describe_ways(ways: list[Way]) -> list[str]:
    lines = []
    for way in ways:
        if way.name in ("cpython", "pypy3"):
            version = subprocess.run([way.command[0], "--version"], capture_output=True,
                                     text=True).stdout.strip().replace("\n", " ")
            lines.append(f"- {way.name}: {way.command[0]} ({version})")
        else:
            lines.append(f"- {way.name}: {way.command[0]}")
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3, help="runs per way (default 3)")
    parser.add_argument("--only", default="",
                        help="comma-separated benchmark names (default: all)")
    parser.add_argument("--binary", type=Path, default=DEFAULT_BINARY,
                        help="the translated interpreter (default: %(default)s)")
    parser.add_argument("--jit-binary", type=Path, default=DEFAULT_JIT_BINARY,
                        help="the interpreter translated with the JIT "
                             "(default: %(default)s)")
    parser.add_argument("--nuitka-python", default=None,
                        help="a Python that has Nuitka installed; omit to skip Nuitka")
    parser.add_argument("--no-write", action="store_true",
                        help=f"do not write {RESULTS.relative_to(REPO_ROOT)}")
    options = parser.parse_args(argv)
    known = [name for name, _ in BENCHMARKS]
    wanted = [n for n in options.only.split(",") if n] or known
    unknown = [n for n in wanted if n not in known]
    if unknown:
        print(f"error: unknown benchmark {unknown[0]!r}; choose from {', '.join(known)}",
              file=sys.stderr)
        return 2
    if options.runs < 1:
        print("error: --runs must be at least 1", file=sys.stderr)
        return 2
    benchmarks = [(n, a) for n, a in BENCHMARKS if n in wanted]
    notes: list[str] = []
    try:
        ways = find_ways(options.binary, options.jit_binary, options.nuitka_python, notes)
        for note in notes:
            print(note, flush=True)
        measure(ways, options.runs, benchmarks)
    except BenchError as err:
        print(f"error: {err}", file=sys.stderr)
        return 1
    report = "\n".join([table(ways, options.runs, benchmarks), "", *describe_ways(ways),
                        *[f"- {note}" for note in notes]])
    print(report)
    if not options.no_write:
        temporary = RESULTS.with_name(RESULTS.name + ".tmp")
        temporary.write_text(report + "\n")
        os.replace(temporary, RESULTS)
    return 0


if __name__ == "__main__":
    sys.exit(main())
