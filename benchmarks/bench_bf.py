"""Measures the translated BF interpreter: translation time and peak memory, binary size
per target, and the long corpus program's run time on x86_64 against the plain C switch
interpreter in benchmarks/bf_switch.c (gcc -O2), run side by side in alternation.

    .venv/bin/python benchmarks/bench_bf.py [--runs 7] [--targets x86_64,aarch64]

Binaries are built with the front door (`scons target=T`), so what is measured is what a
user gets. Results are printed as Markdown for docs/performance.md.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO_ROOT))

from targets.config import load_targets  # noqa: E402  (needs the path above)

BF = REPO_ROOT / "interpreters" / "bf" / "bf.py"
PROGRAM = REPO_ROOT / "interpreters" / "bf" / "tests" / "primes.b"
BASELINE_SOURCE = REPO_ROOT / "benchmarks" / "bf_switch.c"
SCONS = REPO_ROOT / ".venv" / "bin" / "scons"


def fail(message: str) -> None:
    print(f"bench_bf: error: {message}", file=sys.stderr)
    sys.exit(1)


def run_measured(argv: list[str]) -> tuple[float, os.struct_rusage,
                                          subprocess.CompletedProcess[bytes]]:
    """Runs `argv`; returns (wall seconds, resource usage of that process, result).
    os.wait4 gives the rusage of exactly this child, not the maximum over all children."""
    started = time.perf_counter()
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        process = subprocess.Popen(argv, stdout=out, stderr=err, cwd=REPO_ROOT)
        _, status, usage = os.wait4(process.pid, 0)
        elapsed = time.perf_counter() - started
        process.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        done = subprocess.CompletedProcess(argv, process.returncode, out.read(), err.read())
    return elapsed, usage, done


def measure_translation(target: str, output: Path) -> tuple[float, int]:
    """(wall seconds, peak RSS in KiB) of translating BF for `target`."""
    elapsed, usage, done = run_measured(
        [sys.executable, "-m", "toolchain", "translate", str(BF), "--target", target,
         "-o", str(output)])
    if done.returncode != 0:
        fail(f"translating for {target} failed:\n{done.stderr.decode()}")
    return elapsed, usage.ru_maxrss


def build_with_scons(target: str, build_dir: Path) -> Path:
    done = subprocess.run([str(SCONS), "-C", str(REPO_ROOT), f"target={target}",
                           f"build_dir={build_dir}"], capture_output=True, text=True)
    if done.returncode != 0:
        fail(f"scons target={target} failed:\n{done.stdout[-2000:]}{done.stderr[-2000:]}")
    return build_dir / target / "bf" / "bf"


def build_baseline(build_dir: Path) -> Path:
    output = build_dir / "bf_switch"
    build_dir.mkdir(parents=True, exist_ok=True)
    done = subprocess.run(["gcc", "-O2", "-o", str(output), str(BASELINE_SOURCE)],
                          capture_output=True, text=True)
    if done.returncode != 0:
        fail(f"compiling the baseline failed:\n{done.stderr}")
    return output


def time_runs(binaries: dict[str, Path], program: Path,
              runs: int) -> dict[str, dict[str, list[float]]]:
    """Alternates the binaries run by run (and the order within a round), so that
    machine noise falls on both alike; every run's output is checked. Returns the wall
    and the CPU (user + system) seconds of each run. CPU time is the steadier of the two
    on a shared machine."""
    expected = program.with_suffix(".out").read_bytes()
    times: dict[str, dict[str, list[float]]] = {
        name: {"wall": [], "cpu": []} for name in binaries}
    names = list(binaries)
    for round_number in range(runs):
        order = names if round_number % 2 == 0 else names[::-1]
        for name in order:
            elapsed, usage, done = run_measured([str(binaries[name]), str(program)])
            if done.returncode != 0 or done.stdout != expected:
                fail(f"{name} gave wrong output or exit {done.returncode} on {program.name}")
            times[name]["wall"].append(elapsed)
            times[name]["cpu"].append(usage.ru_utime + usage.ru_stime)
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7, help="timed runs of each binary")
    parser.add_argument("--targets", default=",".join(load_targets()),
                        help="targets to translate and size (comma-separated)")
    parser.add_argument("--build-dir", type=Path, default=REPO_ROOT / "build",
                        help="the scons build directory (default: build)")
    args = parser.parse_args()
    targets = [name for name in args.targets.split(",") if name]
    build_dir = args.build_dir.resolve()
    if args.runs < 1:
        fail("--runs must be at least 1")

    print("## Translation (python -m toolchain translate interpreters/bf/bf.py)\n")
    print("| target | time (s) | peak RSS (MiB) |\n|---|---|---|")
    with tempfile.TemporaryDirectory() as scratch:
        for target in targets:
            elapsed, rss = measure_translation(target, Path(scratch) / target)
            print(f"| {target} | {elapsed:.2f} | {rss / 1024:.0f} |")

    print("\n## Binary size (scons target=T; not stripped)\n")
    print("| target | bytes |\n|---|---|")
    binaries = {target: build_with_scons(target, build_dir) for target in targets}
    for target, binary in binaries.items():
        print(f"| {target} | {binary.stat().st_size} |")

    translated = binaries.get("x86_64") or build_with_scons("x86_64", build_dir)
    baseline = build_baseline(build_dir / "bench")
    times = time_runs({"translated": translated, "bf_switch -O2": baseline}, PROGRAM,
                      args.runs)
    print(f"\n## {PROGRAM.name} on x86_64, {args.runs} alternating runs each\n")
    print("| binary | measure | min (s) | median (s) |\n|---|---|---|---|")
    for name, measures in times.items():
        for measure, samples in measures.items():
            print(f"| {name} | {measure} | {min(samples):.3f} | "
                  f"{statistics.median(samples):.3f} |")
    print()
    for measure in ("wall", "cpu"):
        ours, theirs = times["translated"][measure], times["bf_switch -O2"][measure]
        print(f"ratio translated / baseline, {measure}: {min(ours) / min(theirs):.2f} (min), "
              f"{statistics.median(ours) / statistics.median(theirs):.2f} (median)")


if __name__ == "__main__":
    main()
