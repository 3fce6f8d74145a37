"""env=docker through the front door, as a user types it: `scons target=armhf
env=docker check` end to end in a real container, the clear error when there is no
engine (while env=host keeps working), and the slow all-target run."""

from __future__ import annotations

import os
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
    after the running case) and the container is gone. Counted before and after."""
    before = kiln_containers(engine)
    proc = subprocess.Popen([str(SCONS), "-C", str(REPO_ROOT), "target=armhf", "env=docker",
                             f"build_dir={armhf_build}", "check"],
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        assert proc.stdout is not None
        assert any(line.startswith("PASS") for line in proc.stdout), "no case ran"
        assert len(kiln_containers(engine) - before) == 1
        proc.send_signal(signal.SIGINT)
        started = time.monotonic()
        rest = proc.communicate(timeout=60)[0]
        assert time.monotonic() - started < 15, rest
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode != 0
    assert "Build interrupted" in rest
    assert kiln_containers(engine) == before


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


@pytest.mark.slow
def test_every_target_in_its_container(tmp_path: Path) -> None:
    """Builds every image that is missing, then runs every target's corpus inside."""
    done = scons("target=all", "env=docker", f"build_dir={tmp_path}", "check",
                 timeout=5400)
    assert done.returncode == 0, done.stdout[-4000:] + done.stderr
    total = CORPUS_SIZE * len(load_targets())
    assert f"{total} passed, 0 failed" in done.stdout
