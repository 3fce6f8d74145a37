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
        removed: set[tuple[str, str]] = set()
        while True:
            now, holders = self._try(hold_for)
            if self._held:
                return
            stale = [(path, h) for path, h in holders
                     if h.expires <= now or h.run_id == self._run_id]
            if stale:
                for path, holder in stale:
                    if (path, holder.token) in removed:
                        # Still there after we removed it: not a link we can clear.
                        raise InfraError(f"{self._conn.endpoint.label}: cannot clear the "
                                         f"stale lock {path} ({holder.owner}); remove it "
                                         f"on the board by hand")
                    removed.add((path, holder.token))
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
        # The expiry is computed on the board, by its own clock, inside the same command.
        token = f"kiln|{local_owner()}|{self._run_id}|"
        lines = [f"mkdir -p {shlex.quote(self._dir)} || exit 1",
                 f"now=$(date +%s); echo \"now $now\"; "
                 f"token={shlex.quote(token)}$((now + {int(hold_for) + 60}))"]
        for slot in range(self._slots):
            q = shlex.quote(f"{self._dir}/.kiln-lock.{slot}")
            # A directory in the way would swallow the link (`ln` puts it inside).
            lines.append(f'if [ -e {q} ] && [ ! -L {q} ]; then echo "blocked {slot}"; '
                         f'elif ln -s "$token" {q} 2>/dev/null; then echo "got {slot} $token"; '
                         f'exit 0; else echo "held {slot} $(readlink {q})"; fi')
        out = self._conn.check("\n".join(lines), "taking the board lock").decode()
        now, holders = 0, []
        for line in out.splitlines():
            word, _, rest = line.partition(" ")
            if word == "now":
                now = int(rest)
                continue
            slot, _, link = rest.partition(" ")
            path = f"{self._dir}/.kiln-lock.{slot}"
            if word == "blocked":
                raise InfraError(f"{self._conn.endpoint.label}: {path} is in the way of the "
                                 f"board lock and is not a Kiln lock; remove it on the board")
            if word == "got":
                self._held = (path, link)
            elif word == "held":
                holders.append((path, Holder.parse(link)))
        return now, holders

    def release_script(self) -> str:
        """Shell commands that drop our slot (and only ours); empty when none is held."""
        if self._held is None:
            return ""
        path, token = self._held
        self._held = None
        q = shlex.quote(path)
        return f'[ "$(readlink {q})" = {shlex.quote(token)} ] && rm -f {q}; true'
