"""Session fixtures for the targets/ tests: the real target table, and one build
directory whose libgc sysroots are fetched with real apt once per session."""

from __future__ import annotations

from pathlib import Path

import pytest
from targets_helpers import GC_PROGRAM, FakeTranslation, write_c

from targets.config import Target, load_targets


@pytest.fixture(scope="session")
def all_targets() -> dict[str, Target]:
    return load_targets()


@pytest.fixture(scope="session")
def build_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("build")


@pytest.fixture(scope="session")
def gc_translation(tmp_path_factory: pytest.TempPathFactory) -> FakeTranslation:
    return write_c(tmp_path_factory.mktemp("gcsrc"), "gcprog.c", GC_PROGRAM)
