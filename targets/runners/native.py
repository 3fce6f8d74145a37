"""The native runner: the host executes the target's binaries directly (x86_64)."""

from __future__ import annotations

from targets.runners.base import LocalRunner


class NativeRunner(LocalRunner):
    def __init__(self) -> None:
        super().__init__(prefix=(), description="native")
