"""Local runners: stdin/stdout/stderr plumbing, timeouts that kill the whole process
group, and infrastructure failures reported as InfraError rather than test failures."""

from __future__ import annotations

import dataclasses
import os
import signal
import time
from pathlib import Path

import pytest

from targets.config import Target
from targets.errors import InfraError
from targets.runners.native import NativeRunner
from targets.runners.qemu import QemuRunner


def script(tmp_path: Path, name: str, body: str) -> Path:
    path = tmp_path / name
    path.write_text("#!/bin/sh\n" + body)
    path.chmod(0o755)
    return path


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except FileNotFoundError:
        return False
    return state != "Z"


def test_args_stdin_and_both_streams(tmp_path: Path) -> None:
    # Large output on both streams deadlocks a runner that reads them one after another.
    binary = script(tmp_path, "echoer", 'echo "args: $*"; cat; head -c 300000 /dev/zero >&2;'
                    ' head -c 300000 /dev/zero; exit 5\n')
    with NativeRunner().session(binary, []) as session:
        result = session.run(["a", "b c"], stdin=b"input\n", timeout=30)
    assert result.stdout.startswith(b"args: a b c\ninput\n")
    assert len(result.stdout) == len(b"args: a b c\ninput\n") + 300000
    assert len(result.stderr) == 300000
    assert (result.returncode, result.timed_out, result.signal_name) == (5, False, None)
    assert result.describe_exit() == "exit code 5"


@pytest.mark.timeout(60)
def test_timeout_kills_the_process_group(tmp_path: Path) -> None:
    pidfile = tmp_path / "child.pid"
    binary = script(tmp_path, "hang", f"sleep 300 &\necho $! > {pidfile}\necho started\nwait\n")
    started = time.monotonic()
    with NativeRunner().session(binary, []) as session:
        result = session.run([], timeout=1.0)
    assert time.monotonic() - started < 10
    assert result.timed_out
    assert result.stdout == b"started\n"
    assert result.describe_exit().startswith("timed out after 1.")
    child = int(pidfile.read_text())
    deadline = time.monotonic() + 5
    while alive(child) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not alive(child), "the background child survived the timeout"


@pytest.mark.timeout(60)
def test_timeout_gives_up_on_an_escaped_descendant(tmp_path: Path) -> None:
    pidfile = tmp_path / "escaped.pid"
    binary = script(tmp_path, "escape", f"setsid sleep 300 &\necho $! > {pidfile}\nwait\n")
    started = time.monotonic()
    with NativeRunner().session(binary, []) as session:
        result = session.run([], timeout=1.0)
    try:
        assert result.timed_out
        assert time.monotonic() - started < 20
    finally:
        os.kill(int(pidfile.read_text()), signal.SIGKILL)


def test_session_path_and_missing_files(tmp_path: Path) -> None:
    binary = script(tmp_path, "ok", "exit 0\n")
    data = tmp_path / "data.txt"
    data.write_text("x")
    with NativeRunner().session(binary, [data]) as session:
        assert session.path(data) == str(data.resolve())
    with pytest.raises(InfraError, match="missing.txt: no such file"):
        with NativeRunner().session(binary, [tmp_path / "missing.txt"]):
            pass


def test_exec_failure_is_infra_error(tmp_path: Path) -> None:
    not_executable = tmp_path / "plain"
    not_executable.write_text("not a program")
    with NativeRunner().session(not_executable, []) as session:
        with pytest.raises(InfraError, match="cannot start .*plain: Permission denied"):
            session.run([])


def test_missing_qemu_is_infra_error(all_targets: dict[str, Target], tmp_path: Path) -> None:
    target = dataclasses.replace(all_targets["aarch64"], qemu="qemu-kiln-missing")
    binary = script(tmp_path, "prog", "exit 0\n")
    runner = QemuRunner(target)
    assert runner.description == "qemu-kiln-missing -cpu cortex-a53"
    with pytest.raises(InfraError) as err:
        with runner.session(binary, []):
            pass
    assert str(err.value) == ("qemu-kiln-missing is not installed or not on PATH; install the "
                              "Debian package qemu-user (or run ./bootstrap.sh)")


def test_qemu_runner_needs_an_emulated_target(all_targets: dict[str, Target]) -> None:
    with pytest.raises(InfraError, match="x86_64 is not configured for QEMU"):
        QemuRunner(all_targets["x86_64"])

