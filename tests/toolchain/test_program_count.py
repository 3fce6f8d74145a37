"""The differential corpus keeps the size issue 3 asks for: at least 100 subset programs,
counted exactly as test_programs.py collects them."""

from __future__ import annotations

from test_programs import PROGRAMS

MINIMUM_PROGRAMS = 100


def test_corpus_holds_at_least_100_programs() -> None:
    assert len(PROGRAMS) >= MINIMUM_PROGRAMS, (
        f"only {len(PROGRAMS)} programs under tests/toolchain/programs/")


def test_every_program_has_an_entry_point() -> None:
    missing = [p.name for p in PROGRAMS if "def entry_point(argv):" not in p.read_text()]
    assert missing == []
