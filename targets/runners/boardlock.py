"""The per-board lock: at most `max_parallel_jobs` Kiln runs use a board at once.

Why a symlink: `ln -s TOKEN PATH` is atomic on every POSIX file system and on busybox, and
the link itself carries the owner and expiry, so there is no window in which a lock exists
without saying who holds it. Slot N is `<work_dir>/.kiln-lock.N`. A lock whose expiry (by
the board's clock) has passed is taken over; a lock held by an earlier attempt of the same
run is reclaimed, since that attempt's connection is known to be dead.
"""

from __future__ import annotations

import getpass
import os
import shlex
import socket
import time
from dataclasses import dataclass
from typing import Callable

from targets.errors import InfraError
from targets.runners.ssh_transport import Connection

_POLL = 1.0


class LockHeldError(InfraError):
    """The board is busy with another run and we were not allowed to wait longer."""


@dataclass(frozen=True)
class Holder:
    owner: str
    run_id: str
    expires: int    # seconds since the epoch, by the board's clock
    token: str      # the link's exact text, to remove only what we saw

    @classmethod
    def make(cls, owner: str, run_id: str, expires: int) -> "Holder":
        return cls(owner, run_id, expires, f"kiln|{owner}|{run_id}|{expires}")

    @classmethod
    def parse(cls, token: str) -> "Holder":
        parts = token.split("|")
        if len(parts) != 4 or parts[0] != "kiln" or not parts[3].isdigit():
            # Not ours to understand: treat as expired, so a broken lock cannot wedge a board.
            return cls(f"unknown ({token!r})", "", 0, token)
        return cls(parts[1], parts[2], int(parts[3]), token)


def local_owner() -> str:
    return f"{getpass.getuser()}@{socket.gethostname()} pid {os.getpid()}"


class BoardLock:
    def __init__(self, conn: Connection, work_dir: str, slots: int, run_id: str,
                 report: Callable[[str], None]) -> None:
        self._conn = conn
        self._dir = work_dir
        self._slots = slots
        self._run_id = run_id
        self._report = report
        self._held: tuple[str, str] | None = None   # (path, token)

    def acquire(self, hold_for: float, wait: float) -> None:
        """Take a free slot, waiting up to `wait` seconds for one."""
        give_up = time.monotonic() + wait
        announced = False
        while True:
            now, holders = self._try(hold_for)
            if self._held:
                return
            stale = [(path, h) for path, h in holders
                     if h.expires <= now or h.run_id == self._run_id]
            if stale:
                for path, holder in stale:
                    self._report(f"{self._conn.endpoint.label}: taking over stale lock "
                                 f"{path} of {holder.owner}")
                    self._conn.check(
                        f'[ "$(readlink {shlex.quote(path)})" = '
                        f'{shlex.quote(holder.token)} ] && rm -f {shlex.quote(path)}; true',
                        "removing a stale board lock")
                continue
            busy = "; ".join(f"{h.owner} (run {h.run_id}, expires in {h.expires - now} s)"
                             for _, h in holders)
            if time.monotonic() >= give_up:
                raise LockHeldError(
                    f"{self._conn.endpoint.label} is busy: locked by {busy}"
                    + (f"; gave up after waiting {wait:.0f} s" if wait else
                       "; not waiting (lock_wait is 0)"))
            if not announced:
                self._report(f"{self._conn.endpoint.label} is busy ({busy}); waiting up to "
                             f"{wait:.0f} s")
                announced = True
            time.sleep(min(_POLL, max(0.0, give_up - time.monotonic())))

    def _try(self, hold_for: float) -> tuple[int, list[tuple[str, Holder]]]:
        """One atomic attempt on every slot: the board's clock and the current holders."""
        out = self._conn.check(f"mkdir -p {shlex.quote(self._dir)} && date +%s",
                               "creating the work directory").decode()
        now = int(out.split()[-1])
        token = Holder.make(local_owner(), self._run_id, now + int(hold_for) + 60).token
        lines = []
        for slot in range(self._slots):
            path = f"{self._dir}/.kiln-lock.{slot}"
            q = shlex.quote(path)
            lines.append(f"if ln -s {shlex.quote(token)} {q} 2>/dev/null; then "
                         f"echo 'got {slot}'; exit 0; fi; echo \"held {slot} $(readlink {q})\"")
        out = self._conn.check("; ".join(lines), "taking the board lock").decode()
        holders = []
        for line in out.splitlines():
            word, slot, *rest = line.split(" ", 2)
            path = f"{self._dir}/.kiln-lock.{slot}"
            if word == "got":
                self._held = (path, token)
            elif word == "held":
                holders.append((path, Holder.parse(rest[0] if rest else "")))
        return now, holders

    def release(self) -> None:
        if self._held is None:
            return
        path, token = self._held
        q = shlex.quote(path)
        self._conn.check(f'[ "$(readlink {q})" = {shlex.quote(token)} ] && rm -f {q}; true',
                         "releasing the board lock")
        self._held = None
