"""Measures BF with the meta-tracing JIT (issue 6, "Performance"): translation and build
time and peak memory with the JIT against without, and the long programs of
benchmarks/bf_programs/ run four ways, side by side in alternation:

- `jit`: build/x86_64/bf-jit/bf with the default parameters;
- `jit off`: the same binary with `--jit off` (what the woven-in hooks cost);
- `no jit`: build/x86_64/bf/bf, translated without the JIT;
- `bf_switch -O2`: the plain C switch interpreter, benchmarks/bf_switch.c.

    .venv/bin/python benchmarks/bench_bf_jit.py [--runs 7] [--programs fib,loops]

Every run's output must equal the program's `.out` (the oracle in
bf_programs/generate.py made it), or the script fails loudly. Every run has
`KILNLOG=jit-summary:-`, so the JIT binary's jit-summary (stderr at exit) gives the
loop and bridge counts and the warm-up: tracing plus backend time per compiled trace.
Binaries are built with the front door (`scons target=x86_64 [jit=1]`) in a build
directory of their own, which also makes the from-scratch build timing possible.
Prints Markdown for docs/performance.md.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO_ROOT / "benchmarks"))

from bench_bf import BF, SCONS, build_baseline, run_measured  # noqa: E402  (path above)

PROGRAMS_DIR = REPO_ROOT / "benchmarks" / "bf_programs"
TARGET = "x86_64"
JIT_OFF = ["--jit", "off"]
# The jit-summary lines read here, as RPython prints them: "Tracing: <tab>N<tab>seconds".
TIMED_PHASES = ("Tracing", "Backend")
COUNTS = ("Total # of loops", "Total # of bridges", "abort: trace too long",
          "abort: compiling", "abort: bad loop")


def fail(message: str) -> None:
    print(f"bench_bf_jit: error: {message}", file=sys.stderr)
    sys.exit(1)


@dataclass
class Samples:
    """CPU (user + system) and wall seconds of every run of one way on one program."""
    cpu: list[float]
    wall: list[float]


def summarize(values: list[float], digits: int = 3) -> str:
    return f"{min(values):.{digits}f} / {statistics.median(values):.{digits}f}"


def parse_jit_summary(stderr: str) -> dict[str, float]:
    """The counts and timings of the `{jit-summary ... jit-summary}` section."""
    found: dict[str, float] = {}
    inside = False
    for line in stderr.splitlines():
        if "{jit-summary" in line:
            inside = True
        elif "jit-summary}" in line:
            inside = False
        elif inside and ":" in line:
            name, _, rest = line.rpartition(":")
            fields = rest.split()
            if name in TIMED_PHASES and len(fields) == 2:
                found[name + " count"] = float(fields[0])
                found[name + " time"] = float(fields[1])
            elif name in COUNTS and len(fields) == 1:
                found[name] = float(fields[0])
    missing = [name for name in (*[p + " time" for p in TIMED_PHASES], *COUNTS)
               if name not in found]
    if missing:
        fail(f"no {', '.join(missing)} in the jit-summary:\n{stderr[-2000:]}")
    return found


# --- building ----------------------------------------------------------------------

def scons_build(build_dir: Path, jit: bool) -> tuple[Path, float, int]:
    """Builds BF from scratch with the front door (translation and C compilation);
    returns the binary, the wall seconds and the peak RSS in KiB of the whole build
    (wait4 reports the largest of scons and the processes it waited for)."""
    name = "bf-jit" if jit else "bf"
    shutil.rmtree(build_dir / TARGET / name, ignore_errors=True)
    argv = [str(SCONS), "-Q", "-C", str(REPO_ROOT), f"target={TARGET}",
            f"build_dir={build_dir}"] + (["jit=1"] if jit else [])
    elapsed, usage, done = run_measured(argv)
    if done.returncode != 0:
        fail(f"{' '.join(argv)} failed:\n{done.stdout.decode()[-2000:]}"
             f"{done.stderr.decode()[-2000:]}")
    return build_dir / TARGET / name / "bf", elapsed, usage.ru_maxrss


def translate(output: Path, jit: bool) -> tuple[float, float, int]:
    """(wall s, CPU s, peak RSS KiB) of `python -m toolchain translate` alone."""
    argv = [sys.executable, "-m", "toolchain", "translate", str(BF), "--target", TARGET,
            "-o", str(output)] + (["--jit"] if jit else [])
    elapsed, usage, done = run_measured(argv)
    if done.returncode != 0:
        fail(f"translating {'with' if jit else 'without'} the JIT failed:\n"
             f"{done.stderr.decode()[-2000:]}")
    return elapsed, usage.ru_utime + usage.ru_stime, usage.ru_maxrss


def measure_builds(build_dir: Path, runs: int) -> dict[str, Path]:
    """Prints the translation and build tables; returns the binaries of the last build."""
    translations: dict[bool, list[tuple[float, float, int]]] = {False: [], True: []}
    builds: dict[bool, list[tuple[float, int]]] = {False: [], True: []}
    binaries: dict[bool, Path] = {}
    with tempfile.TemporaryDirectory() as scratch:
        for round_number in range(runs):
            for jit in ((False, True) if round_number % 2 == 0 else (True, False)):
                translations[jit].append(translate(Path(scratch) / str(jit), jit))
                binary, elapsed, rss = scons_build(build_dir, jit)
                builds[jit].append((elapsed, rss))
                binaries[jit] = binary
    print(f"### Translation and build, {runs} alternating runs each\n")
    print("`python -m toolchain translate interpreters/bf/bf.py [--jit]` alone, and the "
          f"whole front-door build from scratch (`scons target={TARGET} [jit=1]`: "
          "translation plus gcc), min / median:\n")
    print("| | translate wall (s) | translate CPU (s) | translate peak RSS (MiB) | "
          "build wall (s) | build peak RSS (MiB) | binary (bytes) |")
    print("|---|---|---|---|---|---|---|")
    for jit in (False, True):
        walls, cpus, rsses = zip(*translations[jit])
        build_walls, build_rsses = zip(*builds[jit])
        print(f"| {'with the JIT' if jit else 'without'} | {summarize(list(walls), 2)} | "
              f"{summarize(list(cpus), 2)} | {max(rsses) / 1024:.0f} | "
              f"{summarize(list(build_walls), 2)} | {max(build_rsses) / 1024:.0f} | "
              f"{binaries[jit].stat().st_size} |")
    print()
    return {"jit": binaries[True], "no jit": binaries[False]}


# --- running -----------------------------------------------------------------------

def run_program(ways: dict[str, list[str]], program: Path, runs: int, keep_dir: Path
                ) -> tuple[dict[str, Samples], list[dict[str, float]]]:
    """Runs every way `runs` times, alternating (and reversing the order every other
    round) so that machine noise falls on all alike; checks every output (a wrong one
    is kept in `keep_dir`). Returns the samples and the jit-summary of each `jit` run."""
    expected = program.with_suffix(".out").read_bytes()
    samples = {name: Samples([], []) for name in ways}
    summaries: list[dict[str, float]] = []
    names = list(ways)
    for round_number in range(runs):
        for name in (names if round_number % 2 == 0 else names[::-1]):
            elapsed, usage, done = run_measured(ways[name] + [str(program)])
            if done.returncode != 0 or done.stdout != expected:
                kept = keep_dir / f"{program.stem}.{name.replace(' ', '_')}.actual"
                kept.write_bytes(done.stdout)
                fail(f"{name} on {program.name}: exit {done.returncode}, output "
                     f"{'equal' if done.stdout == expected else 'DIFFERENT'} "
                     f"(kept in {kept}); stderr:\n{done.stderr.decode()[-2000:]}")
            samples[name].cpu.append(usage.ru_utime + usage.ru_stime)
            samples[name].wall.append(elapsed)
            if name == "jit":
                summaries.append(parse_jit_summary(done.stderr.decode()))
    return samples, summaries


def print_program(program: Path, runs: int, samples: dict[str, Samples]) -> None:
    print(f"### {program.name}, {runs} alternating runs of each way\n")
    print("| way | CPU min / median (s) | wall min / median (s) |\n|---|---|---|")
    for name, measured in samples.items():
        print(f"| {name} | {summarize(measured.cpu)} | {summarize(measured.wall)} |")
    print()
    jit = samples["jit"].cpu
    for other in ("no jit", "bf_switch -O2", "jit off"):
        theirs = samples[other].cpu
        print(f"- {other} / jit, CPU: {min(theirs) / min(jit):.2f} (min), "
              f"{statistics.median(theirs) / statistics.median(jit):.2f} (median)")
    off, plain = samples["jit off"].cpu, samples["no jit"].cpu
    print(f"- jit off / no jit, CPU: {min(off) / min(plain):.2f} (min), "
          f"{statistics.median(off) / statistics.median(plain):.2f} (median)\n")


def print_warmup(summaries: dict[str, list[dict[str, float]]]) -> None:
    """Warm-up per program, medians over the runs: a compiled trace is a loop or a
    bridge (the Backend count), each traced once (the Tracing count)."""
    print("### jit-summary of the `jit` runs (medians over the runs)\n")
    print("| program | loops | bridges | aborts | tracing (ms) | backend (ms) | "
          "(tracing + backend) / compiled trace (ms) | per loop (ms) |")
    print("|---|---|---|---|---|---|---|---|")
    for name, runs in summaries.items():
        median = {key: statistics.median(summary[key] for summary in runs)
                  for key in runs[0]}
        loops, bridges = median["Total # of loops"], median["Total # of bridges"]
        aborts = sum(median[key] for key in COUNTS if key.startswith("abort"))
        tracing, backend = median["Tracing time"] * 1000, median["Backend time"] * 1000
        compiled = median["Backend count"]
        print(f"| {name} | {loops:.0f} | {bridges:.0f} | {aborts:.0f} | {tracing:.1f} | "
              f"{backend:.1f} | {(tracing + backend) / max(compiled, 1):.3f} | "
              f"{(tracing + backend) / max(loops, 1):.3f} |")
    print()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7, help="timed runs of each way")
    parser.add_argument("--build-runs", type=int, default=3,
                        help="translations and from-scratch builds of each kind")
    parser.add_argument("--programs", default="",
                        help="comma-separated names in benchmarks/bf_programs/ "
                             "(default: every .b there)")
    parser.add_argument("--build-dir", type=Path, default=REPO_ROOT / "build" / "bench-jit",
                        help="a scons build directory for these binaries alone")
    args = parser.parse_args()
    if args.runs < 1 or args.build_runs < 1:
        fail("--runs and --build-runs must be at least 1")
    names = [name for name in args.programs.split(",") if name] or sorted(
        path.stem for path in PROGRAMS_DIR.glob("*.b"))
    programs = [PROGRAMS_DIR / f"{name}.b" for name in names]
    for program in programs:
        if not program.is_file() or not program.with_suffix(".out").is_file():
            fail(f"{program} or its .out is missing (python {PROGRAMS_DIR}/generate.py)")

    os.environ["KILNLOG"] = "jit-summary:-"
    build_dir = args.build_dir.resolve()
    binaries = measure_builds(build_dir, args.build_runs)
    baseline = build_baseline(build_dir / "baseline")
    ways = {"jit": [str(binaries["jit"])],
            "jit off": [str(binaries["jit"])] + JIT_OFF,
            "no jit": [str(binaries["no jit"])],
            "bf_switch -O2": [str(baseline)]}
    summaries: dict[str, list[dict[str, float]]] = {}
    for program in programs:
        samples, summaries[program.name] = run_program(ways, program, args.runs, build_dir)
        print_program(program, args.runs, samples)
    print_warmup(summaries)


if __name__ == "__main__":
    main()
