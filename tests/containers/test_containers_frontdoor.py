"""env=docker through the front door, as a user types it: `scons target=armhf
env=docker check` end to end in a real container, the clear error when there is no
engine (while env=host keeps working), and the slow all-target run."""

from __future__ import annotations

import os
import pty
import re
import select
import signal
import subprocess
import time
from pathlib import Path

import pytest
from container_helpers import kiln_containers

from targets.config import REPO_ROOT, load_targets
from targets.environments.engine import Engine

SCONS = REPO_ROOT / ".venv" / "bin" / "scons"
CORPUS_SIZE = len(list((REPO_ROOT / "interpreters" / "bf" / "tests").glob("*.b")))


def scons(*args: str, env: dict[str, str] | None = None,
          timeout: float = 1800) -> subprocess.CompletedProcess[str]:
    done = subprocess.run([str(SCONS), "-C", str(REPO_ROOT), *args], capture_output=True,
                          text=True, timeout=timeout, env=env)
    assert "Traceback" not in done.stdout + done.stderr, done.stdout + done.stderr
    return done


def without_engine(tmp_path: Path) -> dict[str, str]:
    """The environment of a machine with no container engine: DOCKER_HOST names a
    socket nobody listens on, and PATH is /usr/bin and /bin without podman or docker."""
    tools = tmp_path / "bin"
    tools.mkdir()
    for directory in (Path("/usr/bin"), Path("/bin")):
        for tool in directory.iterdir():
            if tool.name not in ("podman", "docker") and not (tools / tool.name).exists():
                (tools / tool.name).symlink_to(tool)
    runtime = tmp_path / "runtime"
    runtime.mkdir()
    env = dict(os.environ, PATH=str(tools), XDG_RUNTIME_DIR=str(runtime),
               DOCKER_HOST=f"unix://{tmp_path / 'nobody-listens.sock'}")
    return env


@pytest.fixture(scope="module")
def armhf_build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("armhf-docker")


def test_armhf_check_in_a_container(armhf_build: Path) -> None:
    tmp_path = armhf_build
    done = scons("target=armhf", "env=docker", f"build_dir={tmp_path}", "check")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "container engine: Podman Engine" in done.stdout
    assert "(container kiln/armhf, qemu-arm -cpu cortex-a8" in done.stdout
    assert f"{CORPUS_SIZE} passed, 0 failed" in done.stdout
    binary = tmp_path / "armhf" / "bf" / "bf"
    assert (binary.stat().st_uid, binary.stat().st_gid) == (os.getuid(), os.getgid())
    assert (tmp_path / "armhf" / "reports" / "bf.xml").is_file()


def test_ctrl_c_during_check_leaves_no_container(armhf_build: Path, engine: Engine) -> None:
    """Ctrl-C while the corpus runs in the container: scons stops within seconds (not
    after the running case) and the container is gone. Counted during and after."""
    proc = subprocess.Popen([str(SCONS), "-C", str(REPO_ROOT), "target=armhf", "env=docker",
                             f"build_dir={armhf_build}", "check"],
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        assert proc.stdout is not None
        assert any(line.startswith("PASS") for line in proc.stdout), "no case ran"
        assert len(kiln_containers(engine, proc.pid)) == 1
        proc.send_signal(signal.SIGINT)
        started = time.monotonic()
        rest = proc.communicate(timeout=60)[0]
        assert time.monotonic() - started < 15, rest
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode != 0
    assert "Build interrupted" in rest
    assert kiln_containers(engine, proc.pid) == set()


def test_no_engine_error_and_host_still_works(tmp_path: Path) -> None:
    env = without_engine(tmp_path)
    failed = scons("target=armhf", "env=docker", f"build_dir={tmp_path / 'b1'}", env=env)
    assert failed.returncode != 0
    assert "error: no container engine is available for env=docker" in failed.stderr
    assert "./bootstrap.sh --with-containers" in failed.stderr
    assert not (tmp_path / "b1" / "armhf" / "bf" / "bf").exists()
    worked = scons("target=armhf", "env=host", f"build_dir={tmp_path / 'b2'}", "check",
                   env=env)
    assert worked.returncode == 0, worked.stdout + worked.stderr
    assert f"{CORPUS_SIZE} passed, 0 failed" in worked.stdout


def test_images_noop_is_fast_and_needs_env_docker(tmp_path: Path) -> None:
    scons("env=docker", "target=armhf", f"build_dir={tmp_path}", "images")  # builds if new
    started = time.monotonic()
    done = scons("env=docker", "target=armhf", f"build_dir={tmp_path}", "images")
    assert time.monotonic() - started < 5.0, done.stdout
    assert done.returncode == 0, done.stdout + done.stderr
    assert re.search(r"^armhf: kiln/armhf:[0-9a-f]{16} \(up to date, \d+ MB\)$", done.stdout,
                     re.MULTILINE), done.stdout
    wrong = scons("target=armhf", f"build_dir={tmp_path}", "images")
    assert wrong.returncode != 0
    assert "error: 'images' belongs to the container environment" in wrong.stderr


def test_shell_is_interactive_and_leaves_nothing(engine: Engine, tmp_path: Path) -> None:
    """`shell` on a real terminal (a pty): commands run as the invoking user in the
    target's image with the tree mounted, and the container goes with the shell."""
    controller, terminal = pty.openpty()
    proc = subprocess.Popen([str(SCONS), "-C", str(REPO_ROOT), "env=docker", "target=armhf",
                             f"build_dir={tmp_path}", "shell"],
                            stdin=terminal, stdout=terminal, stderr=terminal,
                            start_new_session=True)
    os.close(terminal)
    seen = b""
    try:
        seen += read_until(controller, rb"\$ ")
        os.write(controller, b"echo KILN-$((6*7)) $(id -u) $PWD; "
                             b"ls /opt/kiln/sysroot/usr/include/gc.h\n")
        # The answer, then the next prompt (possibly all in one read).
        seen += read_until(controller, rb"KILN-42[^$]*\$ ")
        during = kiln_containers(engine, proc.pid)
        os.write(controller, b"exit\n")
        assert proc.wait(timeout=60) == 0
    finally:
        if proc.poll() is None:
            proc.kill()
        os.close(controller)
    text = seen.decode(errors="replace")
    assert f"KILN-42 {os.getuid()} {REPO_ROOT}\r\n/opt/kiln/sysroot/usr/include/gc.h\r\n" in text
    assert "[kiln armhf]" in text
    assert len(during) == 1
    assert kiln_containers(engine, proc.pid) == set()


def read_until(fd: int, pattern: bytes, timeout: float = 60) -> bytes:
    data = b""
    deadline = time.monotonic() + timeout
    while not re.search(pattern, data):
        assert time.monotonic() < deadline, data
        ready, _, _ = select.select([fd], [], [], 1.0)
        if ready:
            data += os.read(fd, 4096)
    return data


@pytest.mark.slow
def test_every_target_in_its_container(tmp_path: Path) -> None:
    """Builds every image that is missing, then runs every target's corpus inside."""
    done = scons("target=all", "env=docker", f"build_dir={tmp_path}", "check",
                 timeout=5400)
    failures = [line for line in done.stdout.splitlines()
                if line.startswith(("FAIL", "      ", "INFRA", "check ", "error"))]
    assert done.returncode == 0, "\n".join(failures) + "\n" + done.stdout[-1500:] + done.stderr
    total = CORPUS_SIZE * len(load_targets())
    assert f"{total} passed, 0 failed" in done.stdout
