"""The lock's decision logic with a scripted connection, for the one case a loopback sshd
logged in as root cannot produce: a stale lock we are not allowed to remove (another
user's link in a sticky /tmp). The real-sshd lock tests are in test_board_faults.py."""

from __future__ import annotations

import pytest

from targets.errors import InfraError
from targets.runners.boardlock import BoardLock


class ScriptedConnection:
    """Answers the lock's commands: the slot stays held by an expired, foreign link."""

    class endpoint:
        label = "board fake"

    def __init__(self) -> None:
        self.removals = 0

    def check(self, command: str, what: str, stdin: bytes = b"") -> bytes:
        if what == "taking the board lock":
            return b"now 1000\nheld 0 kiln|bob@lab pid 7|feed|900\n"
        assert what == "removing a stale board lock"
        self.removals += 1
        return b""


def test_stale_lock_that_will_not_go_is_an_error_not_a_loop():
    conn = ScriptedConnection()
    lock = BoardLock(conn, "/tmp/kiln", 1, "mine", lambda line: None)
    with pytest.raises(InfraError, match=r"cannot clear the stale lock .* \(bob@lab pid 7\)"):
        lock.acquire(hold_for=60, wait=0)
    assert conn.removals == 1
