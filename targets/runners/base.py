"""The runner interface (`RunResult`, `Runner`, `Session`) and the local process
machinery that the native and QEMU runners share.

Why a process group: QEMU and test programs may fork, and a timeout must not leave
anything behind, so every child starts a new session and a timeout kills the group.
"""

from __future__ import annotations

import os
import signal
import subprocess
import time
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import ContextManager, Iterator, Protocol, Sequence

from targets.errors import InfraError


@dataclass
class RunResult:
    returncode: int
    stdout: bytes
    stderr: bytes
    duration: float
    timed_out: bool

    @property
    def signal_name(self) -> str | None:
        """The signal that killed the program (``SIGSEGV``), or None if it exited."""
        if self.returncode >= 0:
            return None
        try:
            return signal.Signals(-self.returncode).name
        except ValueError:
            return f"signal {-self.returncode}"

    def describe_exit(self) -> str:
        """A short phrase for a report: how the program ended."""
        if self.timed_out:
            return f"timed out after {self.duration:.1f}s (killed)"
        if self.signal_name:
            return f"killed by {self.signal_name}"
        return f"exit code {self.returncode}"


class Session(Protocol):
    def path(self, local: Path) -> str: ...

    def run(self, args: Sequence[str], stdin: bytes = b"",
            timeout: float = 60.0) -> RunResult: ...


class Runner(Protocol):
    description: str

    def session(self, binary: Path, files: Sequence[Path]) -> ContextManager[Session]: ...


class LocalSession:
    """Runs `prefix + [binary] + args` on this machine; files stay where they are."""

    def __init__(self, prefix: Sequence[str], binary: Path) -> None:
        self._argv = [*prefix, str(binary.resolve())]

    def path(self, local: Path) -> str:
        return str(local.resolve())

    def run(self, args: Sequence[str], stdin: bytes = b"",
            timeout: float = 60.0) -> RunResult:
        argv = [*self._argv, *args]
        start = time.monotonic()
        try:
            proc = subprocess.Popen(argv, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                    stderr=subprocess.PIPE, start_new_session=True)
        except OSError as err:
            raise InfraError(f"cannot start {argv[0]}: {err.strerror or err}") from None
        timed_out = False
        try:
            stdout, stderr = proc.communicate(stdin, timeout=timeout)
        except subprocess.TimeoutExpired:
            timed_out = True
            _kill_group(proc.pid)
            try:
                stdout, stderr = proc.communicate(timeout=5.0)
            except subprocess.TimeoutExpired:
                # A descendant left the group and still holds the pipes; its output
                # is abandoned rather than waited for.
                for pipe in (proc.stdout, proc.stderr):
                    if pipe:
                        pipe.close()
                proc.wait()
                stdout, stderr = b"", b""
        return RunResult(returncode=proc.returncode, stdout=stdout, stderr=stderr,
                         duration=time.monotonic() - start, timed_out=timed_out)


class LocalRunner:
    """A runner whose sessions are local processes started through `prefix`."""

    def __init__(self, prefix: Sequence[str], description: str) -> None:
        self._prefix = list(prefix)
        self.description = description

    @contextmanager
    def session(self, binary: Path, files: Sequence[Path] = ()) -> Iterator[LocalSession]:
        for needed in (binary, *files):
            if not needed.exists():
                raise InfraError(f"{needed}: no such file to run or stage")
        yield LocalSession(self._prefix, binary)


def _kill_group(pgid: int) -> None:
    try:
        os.killpg(pgid, signal.SIGKILL)
    except ProcessLookupError:
        pass
