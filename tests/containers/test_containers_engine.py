"""Engine detection: the order DOCKER_HOST, docker.sock, Podman's sockets, a private
Podman service; and the message when there is no engine at all."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from targets.config import REPO_ROOT
from targets.environments.engine import Engine, private_socket

NO_ENGINE_SNIPPET = """
from targets.environments.engine import connect
from targets.errors import KilnError
try:
    connect(print)
except KilnError as err:
    print(f"error: {err}")
    raise SystemExit(2)
"""


def dead_socket(path: Path) -> Path:
    """A unix socket file nobody listens on (connections are refused)."""
    server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    server.bind(str(path))
    server.close()
    return path


def no_engine_env(tmp_path: Path) -> dict[str, str]:
    """DOCKER_HOST at a dead socket, no podman on PATH, and a private runtime directory
    so neither Podman's per-user socket nor Kiln's own service can be found."""
    runtime = tmp_path / "runtime"
    runtime.mkdir()
    env = dict(os.environ)
    env.update(DOCKER_HOST=f"unix://{dead_socket(tmp_path / 'dead.sock')}",
               PATH=str(tmp_path / "empty-bin"), XDG_RUNTIME_DIR=str(runtime),
               PYTHONPATH=str(REPO_ROOT))
    return env


def test_no_engine_is_a_clear_error(tmp_path: Path) -> None:
    if Path("/var/run/docker.sock").exists() or Path("/run/podman/podman.sock").exists():
        pytest.fail("this test needs a machine without a system-wide engine socket")
    done = subprocess.run([sys.executable, "-c", NO_ENGINE_SNIPPET], capture_output=True,
                          text=True, env=no_engine_env(tmp_path), cwd=REPO_ROOT)
    assert done.returncode == 2, done.stdout + done.stderr
    assert "Traceback" not in done.stdout + done.stderr
    message = done.stdout
    assert "no container engine is available for env=docker" in message
    assert f"unix://{tmp_path / 'dead.sock'} (DOCKER_HOST): no answer" in message
    assert "podman: not installed" in message
    assert "./bootstrap.sh --with-containers" in message
    assert "env=host (the default) needs no container engine" in message


def test_engine_is_named(engine: Engine) -> None:
    assert engine.client.ping()
    assert engine.is_podman, engine.describe()
    assert engine.describe().startswith("Podman Engine ")


def test_docker_host_is_preferred(engine: Engine, tmp_path: Path) -> None:
    """A working DOCKER_HOST is used as is and reported as such."""
    env = dict(os.environ, DOCKER_HOST=engine.url, PYTHONPATH=str(REPO_ROOT))
    done = subprocess.run(
        [sys.executable, "-c",
         "from targets.environments.engine import connect; print(connect().how)"],
        capture_output=True, text=True, env=env, cwd=REPO_ROOT)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "DOCKER_HOST"


def test_private_service_is_started_when_nothing_listens(tmp_path: Path) -> None:
    """With no socket anywhere, Kiln starts `podman system service` on a socket of its
    own under XDG_RUNTIME_DIR, says so, and the next connection reuses it."""
    runtime = tmp_path / "rt"
    runtime.mkdir()
    env = dict(os.environ, XDG_RUNTIME_DIR=str(runtime), PYTHONPATH=str(REPO_ROOT))
    env.pop("DOCKER_HOST", None)
    code = ("from targets.environments.engine import connect\n"
            "e = connect(print)\nprint('HOW', e.how)\n")
    first = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                           env=env, cwd=REPO_ROOT, timeout=60)
    second = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            env=env, cwd=REPO_ROOT, timeout=60)
    sock = runtime / "kiln-podman" / "podman.sock"
    try:
        assert first.returncode == 0, first.stdout + first.stderr
        if Path("/run/podman/podman.sock").exists():
            pytest.fail("a system Podman socket exists; this test needs none")
        assert "starting '" in first.stdout and "system service" in first.stdout
        assert "HOW started by Kiln" in first.stdout
        assert "container engine: Podman Engine" in first.stdout
        assert "HOW Kiln's Podman service" in second.stdout, second.stdout + second.stderr
        assert "starting '" not in second.stdout
        assert sock.is_socket()
        assert (sock.parent.stat().st_mode & 0o777) == 0o700
    finally:
        stop_service(sock)


def stop_service(sock: Path) -> None:
    """End the Podman service this test started (found by its socket argument)."""
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        try:
            argv = (proc / "cmdline").read_bytes().split(b"\0")
        except OSError:
            continue
        if b"system" in argv and f"unix://{sock}".encode() in argv:
            os.kill(int(proc.name), 15)


def test_private_socket_location(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_RUNTIME_DIR", "/run/user/1234")
    assert private_socket() == Path("/run/user/1234/kiln-podman/podman.sock")
    monkeypatch.delenv("XDG_RUNTIME_DIR")
    assert private_socket() == Path(f"/tmp/kiln-{os.getuid()}/kiln-podman/podman.sock")
