"""Differential tests: every subset program gives the same output and exit status on
CPython and translated, on all six targets (under QEMU with the pinned CPU model)."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import TARGETS, run_untranslated

PROGRAMS_DIR = Path(__file__).parent / "programs"
PROGRAMS = sorted(p for p in PROGRAMS_DIR.glob("[a-z]*.py") if p.stem != "support")


@pytest.mark.parametrize("target_name", TARGETS)
@pytest.mark.parametrize("program", PROGRAMS, ids=lambda p: p.stem)
def test_translated_matches_cpython(program: Path, target_name: str, targets_by_name,
                                    build_and_run) -> None:
    expected = run_untranslated(program, [])
    assert expected.stdout, f"{program.name} printed nothing on CPython"
    got = build_and_run(program, targets_by_name[target_name])
    assert got.stdout == expected.stdout
    assert got.returncode == expected.returncode, got.stderr
