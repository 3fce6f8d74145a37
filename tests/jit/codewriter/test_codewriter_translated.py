"""The codewriter's jitcodes for instances, lists, strs, dicts, tuples and the runtime's C
helpers run translated in the blackhole interpreter and give what the functions give, on
a 64-bit target and on a 32-bit one (armel, under QEMU): blackhole_program.py and
dict_program.py print both."""

from __future__ import annotations

from pathlib import Path

import pytest

from targets.config import REPO_ROOT, load_targets
from targets.environments.host import HostEnvironment
from toolchain.driver import translate

PROGRAM = Path(__file__).parent / "blackhole_program.py"


@pytest.mark.parametrize("target_name", ["x86_64", "armel"])
def test_jitcodes_run_translated(target_name: str, tmp_path: Path,
                                 monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KILN_CW_TARGET", target_name)
    monkeypatch.setenv("KILN_CW_SCRATCH", str(tmp_path))
    target = load_targets()[target_name]
    env = HostEnvironment()
    binary = tmp_path / "blackhole_program"
    env.compile(target, translate(PROGRAM, target, tmp_path / "c"), binary,
                REPO_ROOT / "build")
    with env.runner(target).session(binary, []) as session:
        result = session.run([], timeout=120)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.decode().splitlines()
    names = [line.split()[0] for line in lines]
    for case in ["make_point", "pick", "list_ops", "list_after", "float_list", "str_ops",
                 "divisions", "shapes", "exceptions", "pops_and_strs", "escapes", "pairs"]:
        assert case in names
    assert len(lines) == 1 + 2 + 8 + 20 + 4 + 6 + 3 + 7 + 2 + 2 + 4
    assert "escapes raised_5 raised_5" in lines
    for line in lines:
        name, jit, direct = line.split()
        assert jit == direct, line


DICT_PROGRAM = Path(__file__).parent / "dict_program.py"


@pytest.mark.parametrize("target_name", ["x86_64", "armel"])
def test_dict_and_list_edit_jitcodes_run_translated(target_name: str, tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    """dict_cases.py: dicts of every key kind (and word, float, bool values), KeyError
    and ZeroDivisionError caught, list pop(i)/del/insert/reverse/sort/extend, `[x] * n`,
    tuples and unsigned division give in the blackhole what the functions give."""
    monkeypatch.setenv("KILN_CW_TARGET", target_name)
    monkeypatch.setenv("KILN_CW_SCRATCH", str(tmp_path))
    target = load_targets()[target_name]
    env = HostEnvironment()
    binary = tmp_path / "dict_program"
    env.compile(target, translate(DICT_PROGRAM, target, tmp_path / "c"), binary,
                REPO_ROOT / "build")
    with env.runner(target).session(binary, []) as session:
        result = session.run([], timeout=120)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.decode().splitlines()
    assert len(lines) == 9 * 5
    for line in lines:
        name, n, jit, direct = line.split()
        assert jit == direct, line
