"""The QEMU user-mode runner: `qemu-<arch> -L <loader prefix> -cpu <pinned cpu>`.

binfmt_misc is not assumed, so QEMU is always named explicitly, and the CPU is always
pinned, so that an instruction beyond the target's baseline traps in tests.
"""

from __future__ import annotations

import shutil
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator, Sequence

from targets.config import Target
from targets.errors import InfraError
from targets.runners.base import LocalRunner, LocalSession


def qemu_prefix(target: Target) -> list[str]:
    """The command that runs a binary of `target` here: `qemu-ARCH -L PREFIX -cpu CPU`,
    or nothing when the target runs natively.  The container runner uses it too."""
    if not target.qemu:
        return []
    if not (target.qemu_cpu and target.qemu_ld_prefix):
        raise InfraError(f"target {target.name} is not configured for QEMU")
    return [target.qemu, "-L", target.qemu_ld_prefix, "-cpu", target.qemu_cpu]


class QemuRunner(LocalRunner):
    def __init__(self, target: Target) -> None:
        prefix = qemu_prefix(target)
        if not prefix:
            raise InfraError(f"target {target.name} is not configured for QEMU")
        self.qemu = prefix[0]
        super().__init__(prefix=prefix, description=f"{target.qemu} -cpu {target.qemu_cpu}")

    @contextmanager
    def session(self, binary: Path, files: Sequence[Path] = ()) -> Iterator[LocalSession]:
        if shutil.which(self.qemu) is None:
            raise InfraError(
                f"{self.qemu} is not installed or not on PATH; "
                "install the Debian package qemu-user (or run ./bootstrap.sh)")
        with super().session(binary, files) as session:
            yield session
