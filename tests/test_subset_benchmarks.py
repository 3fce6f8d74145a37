"""The translator benchmarks in benchmarks/subset/: each program, translated for x86_64,
prints what its hand-written C equivalent and CPython print (on a small size); and the
runner's errors reach the user as one clear message.  No timing is asserted here."""

from __future__ import annotations

import importlib.util
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from targets.config import REPO_ROOT

BENCH_DIR = REPO_ROOT / "benchmarks" / "subset"


def load_bench():
    spec = importlib.util.spec_from_file_location("subset_bench", BENCH_DIR / "bench.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


bench = load_bench()


def test_every_program_has_a_c_equivalent_and_sizes() -> None:
    programs = sorted(p.stem for p in BENCH_DIR.glob("*.py") if p.stem != "bench")
    assert programs == sorted(bench.PROGRAMS)
    assert sorted(bench.TEST_SIZES) == programs
    for name in programs:
        assert (BENCH_DIR / f"{name}.c").is_file(), name


@pytest.mark.parametrize("name", list(bench.PROGRAMS))
def test_translated_matches_c_and_cpython(name: str, tmp_path: Path) -> None:
    translated, handwritten = bench.build_pair(name, tmp_path)
    size = bench.TEST_SIZES[name]
    cpython = subprocess.run(
        [sys.executable, "-m", "targets.untranslated", str(BENCH_DIR / f"{name}.py"), size],
        capture_output=True, cwd=REPO_ROOT, timeout=300)
    assert cpython.returncode == 0, cpython.stderr
    assert cpython.stdout.strip(), f"{name} printed nothing on CPython"
    assert bench.run_measured([str(translated), size]).output == cpython.stdout
    assert bench.run_measured([str(handwritten), size]).output == cpython.stdout


def test_table_from_a_real_run(tmp_path: Path, monkeypatch, capsys) -> None:
    monkeypatch.setitem(bench.PROGRAMS, "fib", "20")
    monkeypatch.setattr(bench, "WORK_DIR", tmp_path)
    assert bench.main(["--runs", "2", "--only", "fib", "--no-write"]) == 0
    out = capsys.readouterr().out
    row = [line for line in out.splitlines() if line.startswith("| fib | 20 |")]
    assert len(row) == 1, out
    cells = [c.strip() for c in row[0].strip("|").split("|")]
    assert len(cells) == 8
    assert all(float(c) > 0 for c in cells[2:])


def test_translation_table_from_a_real_run(capsys) -> None:
    assert bench.main(["--translation", "--runs", "1", "--only", "bf", "--no-write"]) == 0
    out = capsys.readouterr().out
    row = [line for line in out.splitlines() if line.startswith("| bf |")]
    assert len(row) == 1, out
    peak_mib = float(row[0].strip("|").split("|")[-1])
    assert peak_mib > 1


def run_script(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, str(BENCH_DIR / "bench.py"), *args],
                          capture_output=True, text=True, cwd=REPO_ROOT, timeout=300)


def test_unknown_benchmark_lists_the_choices() -> None:
    done = run_script("--only", "fib,nosuch", "--no-write")
    assert done.returncode == 1
    assert "unknown benchmark nosuch; choose from: fib, nbody" in done.stderr
    assert "Traceback" not in done.stderr


def test_unknown_interpreter_lists_the_choices() -> None:
    done = run_script("--translation", "--only", "fib", "--no-write")
    assert done.returncode == 1
    assert "unknown benchmark fib; choose from: bf, ember" in done.stderr
    assert "Traceback" not in done.stderr


def test_runs_must_be_positive() -> None:
    done = run_script("--runs", "0")
    assert done.returncode == 2
    assert "--runs must be at least 1, not 0" in done.stderr
    assert "Traceback" not in done.stderr


def test_missing_gcc_names_the_package(tmp_path: Path) -> None:
    done = subprocess.run([sys.executable, str(BENCH_DIR / "bench.py"), "--no-write"],
                          capture_output=True, text=True, cwd=REPO_ROOT, timeout=300,
                          env={"PATH": str(tmp_path)})
    assert done.returncode == 1
    assert "gcc not found (apt-get install gcc)" in done.stderr
    assert "Traceback" not in done.stderr


def test_help_names_the_options() -> None:
    done = run_script("--help")
    assert done.returncode == 0
    for option in ("--runs", "--only", "--translation", "--no-write"):
        assert option in done.stdout


def copy_program(name: str, directory: Path) -> None:
    directory.mkdir(parents=True, exist_ok=True)
    for suffix in (".py", ".c"):
        shutil.copyfile(BENCH_DIR / f"{name}{suffix}", directory / f"{name}{suffix}")


def test_c_compile_error_is_reported_and_leaves_no_binary(tmp_path: Path, monkeypatch,
                                                         capsys) -> None:
    sources = tmp_path / "src"
    copy_program("fib", sources)
    (sources / "fib.c").write_text("int main(void) { return undefined_name; }\n")
    monkeypatch.setattr(bench, "HERE", sources)
    monkeypatch.setattr(bench, "WORK_DIR", tmp_path / "work")
    assert bench.main(["--only", "fib", "--runs", "1", "--no-write"]) == 1
    err = capsys.readouterr().err
    assert "gcc failed on fib.c" in err and "undefined_name" in err
    assert sorted(p.name for p in (tmp_path / "work" / "fib").iterdir()) == \
        ["c", "fib-translated"]


def test_translation_error_is_reported(tmp_path: Path, monkeypatch, capsys) -> None:
    sources = tmp_path / "src"
    copy_program("fib", sources)
    (sources / "fib.py").write_text(
        "def entry_point(argv):\n    with open(argv[0]) as f:\n        return 3\n")
    monkeypatch.setattr(bench, "HERE", sources)
    monkeypatch.setattr(bench, "WORK_DIR", tmp_path / "work")
    assert bench.main(["--only", "fib", "--runs", "1", "--no-write"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("bench.py: error: ")
    assert "fib.py:2" in err and "unsupported construct" in err


def test_differing_outputs_stop_the_run(tmp_path: Path, monkeypatch) -> None:
    # Two real binaries that print different things stand in for a wrong translation.
    fib, _ = bench.build_pair("fib", tmp_path)
    _, sieve = bench.build_pair("sieve", tmp_path)
    monkeypatch.setattr(bench, "build_pair", lambda name, work_dir: (fib, sieve))
    monkeypatch.setitem(bench.PROGRAMS, "fib", "10")
    with pytest.raises(bench.BenchError, match="fib 10: the translated program printed"):
        bench.bench_programs(["fib"], 1, tmp_path, log=lambda message: None)


def test_failing_program_reports_its_status_and_stderr(tmp_path: Path) -> None:
    script = tmp_path / "fails.sh"
    script.write_text("#!/bin/sh\necho broken >&2\nexit 3\n")
    script.chmod(0o755)
    with pytest.raises(bench.BenchError, match=r"exited with 3:\nbroken"):
        bench.run_measured([str(script)])


def test_results_file_is_replaced_whole(tmp_path: Path) -> None:
    target = tmp_path / "results.md"
    target.write_text("old\n")
    bench.write_atomic(target, "new\n")
    assert target.read_text() == "new\n"
    assert [p.name for p in tmp_path.iterdir()] == ["results.md"]
