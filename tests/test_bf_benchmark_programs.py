"""The BF programs of benchmarks/bench_bf_jit.py are known-correct: the committed `.b`
and `.out` files are what benchmarks/bf_programs/generate.py writes, each `.out` is what
Python computes for the program, and small variants of every program, run by the plain
C interpreter benchmarks/bf_switch.c, print exactly what Python computes. The full-size
programs take seconds; bench_bf_jit.py checks every run of them against the `.out`."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path

import pytest

from targets.config import REPO_ROOT

PROGRAMS_DIR = REPO_ROOT / "benchmarks" / "bf_programs"


def load(path: Path, name: str):
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


generate = load(PROGRAMS_DIR / "generate.py", "bf_programs_generate")
bench = load(REPO_ROOT / "benchmarks" / "bench_bf_jit.py", "bench_bf_jit")

SMALL = {
    "fib": generate.Fib(prints=6, steps=9),
    "fib-one-step": generate.Fib(prints=3, steps=1),
    "loops": generate.Loops(rounds=2, rows=7),
    "mandel": generate.Mandel(frames=2, columns=9, rows=5, maxit=6, maxit_step=3),
}


@pytest.fixture(scope="module")
def bf_switch(tmp_path_factory: pytest.TempPathFactory) -> Path:
    binary = tmp_path_factory.mktemp("bf_switch") / "bf_switch"
    subprocess.run(["gcc", "-O2", "-o", str(binary),
                    str(REPO_ROOT / "benchmarks" / "bf_switch.c")], check=True)
    return binary


def test_every_program_is_generated() -> None:
    assert sorted(p.stem for p in PROGRAMS_DIR.glob("*.b")) == sorted(generate.PROGRAMS)
    for name, spec in generate.PROGRAMS.items():
        assert (PROGRAMS_DIR / f"{name}.b").read_text() == spec.program(), \
            f"{name}.b is stale: run python benchmarks/bf_programs/generate.py"
        assert (PROGRAMS_DIR / f"{name}.out").read_bytes() == spec.expected(), name


def test_python_oracles() -> None:
    assert generate.Fib(prints=3, steps=5).expected() == b"8\n89\n987\n"
    assert [generate.fib(n) for n in range(8)] == [0, 1, 1, 2, 3, 5, 8, 13]
    assert generate.Loops(rounds=2, rows=3).expected().count(b"\n") == 2
    # By hand, in sixteenths: c = -2 stays bounded (z = -32, 32, 32, ...); c = 0.5 gives
    # z = 8, 12, 17, 26, 50 (each z * z // 16 + 8) and 50 > 32 stops it after 5; c = i
    # gives z = 32i, then -64 + 32i (the truncated square leaves |z| = 2 exactly), so 2.
    assert generate.mandel_count(-32, 0, 10) == 10
    assert generate.mandel_count(8, 0, 10) == 5
    assert generate.mandel_count(0, 32, 10) == 2

@pytest.mark.parametrize("name", list(SMALL))
def test_small_variant_on_bf_switch(name: str, bf_switch: Path, tmp_path: Path) -> None:
    spec = SMALL[name]
    program = tmp_path / f"{name}.b"
    program.write_text(spec.program())
    done = subprocess.run([str(bf_switch), str(program)], capture_output=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout == spec.expected()


def test_counters_are_eight_bit() -> None:
    with pytest.raises(ValueError):
        generate.Fib(prints=256, steps=1).program()
    with pytest.raises(ValueError):
        generate.Loops(rounds=0).program()
    with pytest.raises(ValueError):
        generate.Mandel(frames=1, maxit=81).program()


def test_jit_summary_parsing() -> None:
    stderr = ("[1ba6ec] {jit-summary\nTracing:      \t69\t0.029427\n"
              "Backend:      \t71\t0.023466\nTOTAL:      \t\t1.728230\n"
              "abort: trace too long:\t1\nabort: compiling:\t0\nabort: bad loop: \t0\n"
              "Total # of loops:\t26\nTotal # of bridges:\t45\n[1ba6ee] jit-summary}\n")
    summary = bench.parse_jit_summary(stderr)
    assert summary["Tracing count"] == 69 and summary["Backend time"] == 0.023466
    assert summary["Total # of loops"] == 26 and summary["Total # of bridges"] == 45
    assert summary["abort: trace too long"] == 1
    with pytest.raises(SystemExit):
        bench.parse_jit_summary("no summary at all\n")
