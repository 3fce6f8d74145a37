"""The SSH board runner and `board=` checks: stage a binary and its corpus on a board, run
the cases there, retry infrastructure failures, and leave the board as it was found.

Timeouts are layered: the connection has its own (`connect_timeout`, also bounding every
housekeeping command), each case has its deadline (from the check), and the whole run on a
board has one more (`run_timeout`) that cuts the case deadlines short when it runs out.

Retries: an `InfraError` (connect, auth, host key, dropped link, power) repeats the whole
board run up to `retries` times; a failed case is never retried. A busy board is not
retried either: the lock's own `lock_wait` already decided how long to wait.
"""

from __future__ import annotations

import shlex
import subprocess
import sys
import threading
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path
from typing import Callable, Iterator, Sequence, TextIO

from targets.boards import Board
from targets.check import DEFAULT_TIMEOUT, run_check
from targets.config import Target
from targets.errors import InfraError
from targets.results import SuiteResult, write_junit
from targets.runners.base import RunResult
from targets.runners.boardlock import BoardLock, LockHeldError
from targets.runners.ssh_transport import Connection


class PowerError(InfraError):
    """A board power command failed."""


class SshSession:
    """Runs the staged binary on the board, inside the run's own directory."""

    def __init__(self, conn: Connection, run_dir: str, binary: str, staged: dict[Path, str],
                 wrapper: Sequence[str], deadline: float,
                 report: Callable[[str], None]) -> None:
        self._conn = conn
        self._run_dir = run_dir
        self._argv = [*wrapper, binary]
        self._staged = staged
        self._deadline = deadline
        self._report = report
        self._overall_reported = False

    def path(self, local: Path) -> str:
        try:
            return self._staged[local.resolve()]
        except KeyError:
            raise InfraError(f"{local} was not staged on the board") from None

    def run(self, args: Sequence[str], stdin: bytes = b"", timeout: float = 60.0) -> RunResult:
        remaining = self._deadline - time.monotonic()
        if remaining < timeout and not self._overall_reported:
            self._report(f"{self._conn.endpoint.label}: the run's overall deadline "
                         f"(run_timeout) cuts this case's deadline to {max(remaining, 0):.0f} s")
            self._overall_reported = True
        if remaining <= 0:
            # Not started at all: the case is reported as timed out, with the reason.
            return RunResult(returncode=-9, stdout=b"", duration=0.0, timed_out=True,
                             stderr=b"kiln: not run: the run's overall deadline (run_timeout)"
                                    b" has passed")
        # Not `exec`: paramiko ignores SSH's exit-signal message, so the shell stays to turn
        # a death by signal N into exit status 128+N, which is read back as -N below. A
        # program that itself exits with 129-159 is therefore reported as killed by a signal
        # (the container runner makes the same trade).
        script = (f"cd {shlex.quote(self._run_dir)} && "
                  f"{shlex.join([*self._argv, *args])}; exit $?")
        result = self._conn.run(script, stdin=stdin, timeout=max(0.0, min(timeout, remaining)),
                                what="running a test case")
        returncode = result.returncode
        if not result.timed_out and 128 < returncode < 160:
            returncode = 128 - returncode
        return RunResult(returncode=returncode, stdout=result.stdout, stderr=result.stderr,
                         duration=result.duration, timed_out=result.timed_out)


class SshRunner:
    """A `Runner` for one board; one instance serves every attempt of one run."""

    def __init__(self, board: Board, report: Callable[[str], None]) -> None:
        self.board = board
        self.run_id = uuid.uuid4().hex[:12]
        self._report = report
        self._attempt = 0
        self.lock_was_held = False
        # What a dropped attempt left on the board, for the next attempt to clean up.
        self._orphan_dirs: list[str] = []
        self._orphan_pids: set[int] = set()
        via = f" via {board.jump.host}" if board.jump else ""
        wrapper = f", exec_wrapper: {shlex.join(board.exec_wrapper)}" if board.exec_wrapper \
            else ""
        self.description = (f"ssh {board.login.user}@{board.login.host}:{board.login.port}"
                            f"{via} (board {board.name}{wrapper})")

    @contextmanager
    def session(self, binary: Path, files: Sequence[Path] = ()) -> Iterator[SshSession]:
        board = self.board
        self._attempt += 1
        self._power("on" if self._attempt == 1 else "cycle")
        for needed in (binary, *files):
            if not needed.is_file():
                raise InfraError(f"{needed}: no such file to stage on board {board.name}")
        conn = Connection(board.login, board.jump, timeout=board.connect_timeout,
                          report=self._report)
        run_dir = f"{board.work_dir}/run-{self.run_id}-{self._attempt}"
        try:
            lock = BoardLock(conn, board.work_dir, board.max_parallel_jobs, self.run_id,
                             self._report)
            try:
                lock.acquire(hold_for=board.run_timeout, wait=board.lock_wait)
            except LockHeldError:
                self.lock_was_held = True
                raise
            try:
                self._clean_orphans(conn)
                self._orphan_dirs.append(run_dir)
                session = self._stage(conn, run_dir, binary, files)
                yield session
            except BaseException:
                self._clean_up(conn, run_dir, lock, failing=True)
                raise
            self._clean_up(conn, run_dir, lock, failing=False)
        finally:
            conn.close()

    def _clean_up(self, conn: Connection, run_dir: str, lock: BoardLock,
                  failing: bool) -> None:
        """One round trip: the run directory, our lock slot, and the work directory itself
        once no other run uses it. When the board cannot be reached, a retry does it (our
        lock slot carries the run id, so the retry may reclaim it); after a run that
        already failed, the first error is the one worth reporting."""
        try:
            if not conn.alive:
                raise InfraError(f"{conn.endpoint.label}: connection lost before cleanup")
            conn.check(f"rm -rf {shlex.quote(run_dir)}; {lock.release_script()}; "
                       f"rmdir {shlex.quote(self.board.work_dir)} 2>/dev/null; true",
                       "cleaning up the run")
        except InfraError as err:
            self._orphan_pids |= conn.running
            if not failing:
                self._report(f"WARNING: {err}; {run_dir} is left on the board, and its "
                             f"lock slot until it expires")
            return
        self._orphan_dirs = [d for d in self._orphan_dirs if d != run_dir]

    def _stage(self, conn: Connection, run_dir: str, binary: Path,
               files: Sequence[Path]) -> SshSession:
        conn.check(f"mkdir -p {shlex.quote(run_dir)}/files", "creating the run directory")
        remote_binary = f"{run_dir}/{binary.name}"
        conn.upload(binary, remote_binary, 0o755)
        staged: dict[Path, str] = {binary.resolve(): remote_binary}
        used: set[str] = set()
        for index, local in enumerate(files):
            if local.resolve() in staged:
                continue
            name = local.name if local.name not in used else f"{index}-{local.name}"
            used.add(name)
            staged[local.resolve()] = f"{run_dir}/files/{name}"
            conn.upload(local, staged[local.resolve()], 0o644)
        deadline = time.monotonic() + self.board.run_timeout
        return SshSession(conn, run_dir, remote_binary, staged, self.board.exec_wrapper,
                          deadline, self._report)

    def _clean_orphans(self, conn: Connection) -> None:
        for pid in sorted(self._orphan_pids):
            conn.kill(pid)
        self._orphan_pids.clear()
        if self._orphan_dirs:
            self._report(f"board {self.board.name}: removing what the dropped attempt left: "
                         f"{', '.join(self._orphan_dirs)}")
            conn.check("rm -rf " + " ".join(shlex.quote(d) for d in self._orphan_dirs),
                       "removing the directories of a dropped attempt")
            self._orphan_dirs.clear()

    def _power(self, action: str) -> None:
        command = getattr(self.board.power, action)
        if not command:
            return
        self._report(f"board {self.board.name}: power {action}")
        try:
            done = subprocess.run(command, shell=True, capture_output=True, text=True,
                                  timeout=self.board.connect_timeout * 4)
        except subprocess.TimeoutExpired:
            raise PowerError(f"board {self.board.name}: power {action} command timed out: "
                             f"{command}") from None
        if done.returncode != 0:
            detail = (done.stderr.strip().splitlines() or [f"exit {done.returncode}"])[-1]
            raise PowerError(f"board {self.board.name}: power {action} command failed "
                             f"({detail}): {command}")

    def power_off(self) -> None:
        self._power("off")


def check_on_board(board: Board, target: Target, binary: Path, corpus_dir: Path,
                   report_path: Path, out: TextIO | None = None) -> SuiteResult:
    """`scons target=T board=NAME check` for one board, with retries and power handling."""
    stream = out or sys.stdout

    def report(line: str) -> None:
        print(line, file=stream, flush=True)

    if board.login.insecure_accept_host_key or (board.jump and
                                                board.jump.insecure_accept_host_key):
        report(f"WARNING: board {board.name}: insecure_accept_host_key is in effect; the "
               f"board's identity is NOT verified")
    runner = SshRunner(board, report)
    timeout = board.case_timeout or DEFAULT_TIMEOUT
    attempts = 0
    while True:
        attempts += 1
        suite = run_check(target, binary, corpus_dir, runner, report_path, timeout, stream)
        if suite.infra_error is None or runner.lock_was_held or attempts > board.retries:
            break
        report(f"board {board.name}: infrastructure error; retrying in {board.retry_delay:g}"
               f" s (attempt {attempts + 1} of {board.retries + 1})")
        time.sleep(board.retry_delay)
    try:
        runner.power_off()
    except PowerError as err:
        report(f"INFRA ERROR  {err}")
        suite.infra_error = suite.infra_error or str(err)
    suite.properties.update(board=board.name, attempts=str(attempts))
    if board.login.insecure_accept_host_key:
        suite.properties["insecure_accept_host_key"] = "true"
    write_junit([suite], report_path)
    return suite


class _Prefixed:
    """A text stream that prefixes each line with the board's name (parallel boards)."""

    def __init__(self, prefix: str, sink: TextIO, lock: threading.Lock) -> None:
        self._prefix, self._sink, self._lock, self._pending = prefix, sink, lock, ""

    def write(self, text: str) -> int:
        self._pending += text
        *lines, self._pending = self._pending.split("\n")
        if lines:
            with self._lock:
                self._sink.write("".join(f"{self._prefix}{line}\n" for line in lines))
                self._sink.flush()
        return len(text)

    def flush(self) -> None:
        pass


def check_on_boards(boards: Sequence[Board], target: Target, binary: Path, corpus_dir: Path,
                    reports_dir: Path, out: TextIO | None = None) -> list[SuiteResult]:
    """Every board at once; each gets its report `<binary>-board-NAME.xml` and its lines."""
    stream = out or sys.stdout
    if len(boards) == 1:
        board = boards[0]
        return [check_on_board(board, target, binary, corpus_dir,
                               reports_dir / f"{binary.name}-board-{board.name}.xml",
                               stream)]
    lock = threading.Lock()
    with ThreadPoolExecutor(max_workers=len(boards)) as pool:
        futures = [pool.submit(check_on_board, b, target, binary, corpus_dir,
                               reports_dir / f"{binary.name}-board-{b.name}.xml",
                               _Prefixed(f"[{b.name}] ", stream, lock)) for b in boards]
        suites = [f.result() for f in futures]
    passed = sum(s.passed for s in suites)
    failed = sum(s.failed for s in suites)
    print(f"{len(boards)} boards: " + ", ".join(
        f"{b.name} {'ok' if s.ok else 'INFRA ERROR' if s.infra_error else 'FAILED'}"
        for b, s in zip(boards, suites)), file=stream)
    print(f"{passed} passed, {failed} failed", file=stream, flush=True)
    return suites
