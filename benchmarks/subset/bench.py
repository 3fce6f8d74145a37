"""Measures the translator: subset programs translated to C against hand-written C
equivalents, and how long translating the example interpreters takes.

    .venv/bin/python benchmarks/subset/bench.py [--runs 5] [--only fib,sieve] [--no-write]
    .venv/bin/python benchmarks/subset/bench.py --translation [--runs 5]

Programs: each NAME.py here is a program in Kiln's subset and NAME.c the same algorithm
and data structures written by hand.  NAME.py is translated for x86_64 and compiled by
the host environment (the same gcc -O2 command line `scons` uses); NAME.c is compiled
with `gcc -O2` against the same Boehm GC.  Both run with the same size argument,
alternately, `--runs` times each; their outputs must be equal.  Times are CPU seconds
(user + system) of the measured process, from wait4: the machine is shared, so wall
time says more about the other jobs than about the program.

--translation times `python -m toolchain translate` on BF and Ember in a fresh process
per run: wall and CPU seconds and the process's peak RSS.

The table is printed and, unless --no-write, also written to results.md next to this
file (or results-translation.md for --translation).
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO_ROOT = HERE.parent.parent
if str(REPO_ROOT) not in sys.path:
    sys.path.insert(0, str(REPO_ROOT))

from targets.config import resolve_target  # noqa: E402  (needs the path above)
from targets.environments.host import HostEnvironment  # noqa: E402
from targets.errors import KilnError  # noqa: E402
from toolchain.driver import translate  # noqa: E402

SYSROOT_BUILD_DIR = REPO_ROOT / "build"
WORK_DIR = REPO_ROOT / "build" / "bench" / "subset"
RESULTS = HERE / "results.md"
TRANSLATION_RESULTS = HERE / "results-translation.md"
# Program and size argument: each size makes the hand-written C run for a few tenths of
# a second on this machine (well above process start-up), the translated one a little
# longer.
PROGRAMS = {
    "fib": "42",
    "nbody": "8000000",
    "sieve": "20000000",
    "strings": "600000",
    "wordcount": "4000000",
    "binarytrees": "17",
}
# Small sizes for the correctness test, where CPython must finish quickly too.
TEST_SIZES = {
    "fib": "18",
    "nbody": "1000",
    "sieve": "20000",
    "strings": "2000",
    "wordcount": "30000",
    "binarytrees": "6",
}
INTERPRETERS = {
    "bf": REPO_ROOT / "interpreters" / "bf" / "bf.py",
    "ember": REPO_ROOT / "interpreters" / "ember" / "ember.py",
}


class BenchError(Exception):
    """A failure the user can act on; printed without a traceback."""


@dataclass
class Run:
    cpu: float           # user + system seconds of the process
    wall: float
    max_rss_kib: int
    output: bytes


@dataclass
class Series:
    cpu: list[float] = field(default_factory=list)
    wall: list[float] = field(default_factory=list)
    rss_kib: list[int] = field(default_factory=list)

    def add(self, run: Run) -> None:
        self.cpu.append(run.cpu)
        self.wall.append(run.wall)
        self.rss_kib.append(run.max_rss_kib)


def run_measured(argv: list[str], cwd: Path = REPO_ROOT) -> Run:
    """Runs argv to completion; a non-zero exit is a BenchError with its stderr."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        started = time.perf_counter()
        try:
            process = subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=out,
                                       stderr=err, cwd=cwd)
        except OSError as exc:
            raise BenchError(f"cannot run {argv[0]}: {exc.strerror}") from None
        # wait4, not wait: it returns this child's own rusage (CPU time, peak RSS).
        _, status, usage = os.wait4(process.pid, 0)
        wall = time.perf_counter() - started
        process.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        if process.returncode != 0:
            tail = err.read().decode(errors="replace")[-2000:]
            raise BenchError(f"{' '.join(argv)} exited with {process.returncode}:\n{tail}")
        return Run(usage.ru_utime + usage.ru_stime, wall, usage.ru_maxrss, out.read())


def c_compiler_argv(source: Path, output: Path) -> list[str]:
    """The hand-written C's command line: gcc -O2 with the sysroot's static Boehm GC."""
    sysroot = SYSROOT_BUILD_DIR / "sysroots" / "amd64" / "usr"
    return ["gcc", "-O2", "-isystem", str(sysroot / "include"), str(source), "-o",
            str(output), str(sysroot / "lib" / "x86_64-linux-gnu" / "libgc.a"),
            "-lpthread", "-lm"]


def build_pair(name: str, work_dir: Path) -> tuple[Path, Path]:
    """(translated binary, hand-written C binary) for benchmark `name`."""
    target = resolve_target("x86_64")
    env = HostEnvironment()
    env.check_toolchain(target)
    env.prepare_sysroot(target, SYSROOT_BUILD_DIR)  # the C side links its libgc.a too
    out = work_dir / name
    out.mkdir(parents=True, exist_ok=True)
    translation = translate(HERE / f"{name}.py", target, out / "c")
    translated = out / f"{name}-translated"
    env.compile(target, translation, translated, SYSROOT_BUILD_DIR)
    handwritten = out / f"{name}-c"
    partial = out / f".{name}-c.partial"
    done = subprocess.run(c_compiler_argv(HERE / f"{name}.c", partial),
                          capture_output=True, text=True)
    if done.returncode != 0:
        partial.unlink(missing_ok=True)
        raise BenchError(f"gcc failed on {name}.c:\n{done.stderr[-2000:]}")
    partial.rename(handwritten)
    return translated, handwritten


def select(only: str | None, known: dict[str, object]) -> list[str]:
    if not only:
        return list(known)
    names = [n.strip() for n in only.split(",") if n.strip()]
    unknown = [n for n in names if n not in known]
    if unknown or not names:
        raise BenchError(f"unknown benchmark {', '.join(unknown) or repr(only)}; "
                         f"choose from: {', '.join(known)}")
    return names


def bench_programs(names: list[str], runs: int, work_dir: Path,
                   log=print) -> dict[str, tuple[Series, Series]]:
    results = {}
    for name in names:
        log(f"building {name} ...")
        translated, handwritten = build_pair(name, work_dir)
        size = PROGRAMS[name]
        pair = (Series(), Series())
        for nr in range(runs):
            # Alternating spreads any drift in the machine's load over both sides.
            got = run_measured([str(translated), size])
            want = run_measured([str(handwritten), size])
            if got.output != want.output:
                raise BenchError(f"{name} {size}: the translated program printed "
                                 f"{got.output!r}, the C program {want.output!r}")
            pair[0].add(got)
            pair[1].add(want)
            log(f"  run {nr + 1}: translated {got.cpu:.3f} s, C {want.cpu:.3f} s")
        results[name] = pair
    return results


def program_table(results: dict[str, tuple[Series, Series]]) -> str:
    lines = ["| program | size | translated min (s) | translated median (s) | C min (s) "
             "| C median (s) | ratio of mins | ratio of medians |",
             "|---|---|---|---|---|---|---|---|"]
    for name, (translated, handwritten) in results.items():
        tmin, tmed = min(translated.cpu), statistics.median(translated.cpu)
        cmin, cmed = min(handwritten.cpu), statistics.median(handwritten.cpu)
        lines.append(f"| {name} | {PROGRAMS[name]} | {tmin:.3f} | {tmed:.3f} | {cmin:.3f} "
                     f"| {cmed:.3f} | {tmin / cmin:.2f} | {tmed / cmed:.2f} |")
    return "\n".join(lines)


def bench_translation(names: list[str], runs: int, log=print) -> dict[str, Series]:
    results = {}
    for name in names:
        series = Series()
        with tempfile.TemporaryDirectory(prefix="kiln-bench-") as scratch:
            for nr in range(runs):
                run = run_measured([sys.executable, "-m", "toolchain", "translate",
                                    str(INTERPRETERS[name]), "--target", "x86_64",
                                    "-o", str(Path(scratch) / name)])
                series.add(run)
                log(f"  {name} run {nr + 1}: wall {run.wall:.2f} s, cpu {run.cpu:.2f} s, "
                    f"peak RSS {run.max_rss_kib / 1024:.0f} MiB")
        results[name] = series
    return results


def translation_table(results: dict[str, Series]) -> str:
    lines = ["| interpreter | wall min (s) | wall median (s) | CPU min (s) | CPU median (s) "
             "| peak RSS max (MiB) |", "|---|---|---|---|---|---|"]
    for name, s in results.items():
        lines.append(f"| {name} | {min(s.wall):.2f} | {statistics.median(s.wall):.2f} "
                     f"| {min(s.cpu):.2f} | {statistics.median(s.cpu):.2f} "
                     f"| {max(s.rss_kib) / 1024:.0f} |")
    return "\n".join(lines)


def machine_note(runs: int) -> str:
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    return (f"{time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}, {runs} runs each, "
            f"{os.cpu_count()} cores, load average {load} at the end, "
            f"Python {platform.python_version()}.")


def write_atomic(path: Path, text: str) -> None:
    partial = path.with_name(f".{path.name}.partial")
    partial.write_text(text)
    partial.rename(path)


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="bench.py",
        description="Translated subset programs against hand-written C (CPU time, "
                    "min and median of alternating runs), or with --translation the "
                    "translator's own time and peak memory on BF and Ember.")
    parser.add_argument("--runs", type=int, default=5,
                        help="runs of each side (default 5)")
    parser.add_argument("--only", metavar="A,B",
                        help="comma-separated subset of: " + ", ".join(PROGRAMS)
                        + " (with --translation: " + ", ".join(INTERPRETERS) + ")")
    parser.add_argument("--translation", action="store_true",
                        help="measure translation time and peak RSS instead")
    parser.add_argument("--no-write", action="store_true",
                        help="print the table only; leave the results file alone")
    args = parser.parse_args(argv)
    if args.runs < 1:
        parser.error(f"--runs must be at least 1, not {args.runs}")
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if shutil.which("gcc") is None:
        print("bench.py: error: gcc not found (apt-get install gcc)", file=sys.stderr)
        return 1
    try:
        if args.translation:
            names = select(args.only, INTERPRETERS)
            table = translation_table(bench_translation(names, args.runs))
            command = "benchmarks/subset/bench.py --translation"
            results_file = TRANSLATION_RESULTS
        else:
            names = select(args.only, PROGRAMS)
            table = program_table(bench_programs(names, args.runs, WORK_DIR))
            command = "benchmarks/subset/bench.py"
            results_file = RESULTS
    except (BenchError, KilnError) as err:
        print(f"bench.py: error: {err}", file=sys.stderr)
        return 1
    report = (f"# {command}\n\n    .venv/bin/python {command} --runs {args.runs}"
              + (f" --only {','.join(names)}" if args.only else "")
              + f"\n\n{machine_note(args.runs)}\n\n{table}\n")
    print()
    print(report)
    if not args.no_write:
        write_atomic(results_file, report)
    return 0


if __name__ == "__main__":
    sys.exit(main())
