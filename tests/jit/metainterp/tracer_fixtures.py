"""Fixtures shared by the tests that run the JIT in the test process."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from jit.metainterp.jitlog import JITLOG


@pytest.fixture(autouse=True)
def pristine_jitlog() -> Iterator[None]:
    """Tests that run the JIT in this process leave the prebuilt JIT log as they found
    it: a later in-process translation would freeze their counts into its binary."""
    yield
    JITLOG.__init__()  # type: ignore[misc]
