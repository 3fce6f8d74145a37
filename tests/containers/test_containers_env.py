"""The container environment for real: compile in the armhf image, run under QEMU in
it, file ownership, isolation, and that no container outlives its use (counted)."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from container_helpers import (
    BEHAVIOUR_PROGRAM,
    GC_PROGRAM,
    kiln_containers,
    write_program,
)

from targets.config import REPO_ROOT, Target
from targets.environments.container import DockerEnvironment
from targets.environments.engine import Engine
from targets.errors import CompileError

OTHER_USER = (4321, 4321)


@pytest.fixture(scope="module")
def behaviour(docker_env: DockerEnvironment, targets: dict[str, Target],
              tmp_path_factory: pytest.TempPathFactory) -> Path:
    work = tmp_path_factory.mktemp("behaviour")
    program = write_program(work / "src", "behave.c", BEHAVIOUR_PROGRAM)
    binary = work / "out" / "behave"
    docker_env.compile(targets["armhf"], program, binary, work / "build")
    return binary


def test_compile_and_run_armhf(docker_env: DockerEnvironment, engine: Engine,
                               targets: dict[str, Target], tmp_path: Path) -> None:
    before = kiln_containers(engine, os.getpid())
    program = write_program(tmp_path / "src", "gc.c", GC_PROGRAM)
    binary = tmp_path / "out" / "gc"
    docker_env.compile(targets["armhf"], program, binary, tmp_path / "build")
    assert binary.read_bytes()[:4] == b"\x7fELF"
    assert [p.name for p in binary.parent.iterdir()] == ["gc"]  # no partial left
    runner = docker_env.runner(targets["armhf"])
    assert "qemu-arm -cpu cortex-a8" in runner.description
    with runner.session(binary) as session:
        assert session.path(binary) == str(binary.resolve())
        result = session.run(["a", "b"])
    assert (result.returncode, result.timed_out) == (0, False), result
    assert result.stdout == b"bits 32 total 49950 half 1.50\n"
    assert kiln_containers(engine, os.getpid()) == before


def test_output_belongs_to_the_invoking_user(engine: Engine, targets: dict[str, Target],
                                             tmp_path: Path) -> None:
    """The container runs as the given uid:gid, so its outputs are theirs, not root's."""
    other = DockerEnvironment(log=print, engine=engine, user=OTHER_USER)
    out = tmp_path / "out"
    out.mkdir()
    os.chown(out, *OTHER_USER)
    program = write_program(tmp_path / "src", "gc.c", GC_PROGRAM)
    other.compile(targets["armhf"], program, out / "gc", tmp_path / "build")
    stat = (out / "gc").stat()
    assert (stat.st_uid, stat.st_gid) == OTHER_USER


def test_session_semantics_match_the_local_runner(docker_env: DockerEnvironment,
                                                  targets: dict[str, Target],
                                                  behaviour: Path) -> None:
    with docker_env.runner(targets["armhf"]).session(behaviour) as session:
        echoed = session.run(["x"], stdin=b"line\n")
        assert echoed.stdout == b"arg x\nline\n" and echoed.stderr == b"done\n"
        assert session.run(["exit", "7"]).returncode == 7
        crashed = session.run(["crash"])
        assert crashed.returncode == -signal.SIGSEGV and crashed.signal_name == "SIGSEGV"
        assert crashed.stdout == b"arg crash\n"
        spun = session.run(["spin"], timeout=2)
        assert spun.timed_out and spun.returncode == -signal.SIGKILL
        assert 2 <= spun.duration < 10


def test_containers_are_unprivileged(docker_env: DockerEnvironment, engine: Engine,
                                     targets: dict[str, Target], behaviour: Path) -> None:
    before = kiln_containers(engine, os.getpid())
    with docker_env.runner(targets["armhf"]).session(behaviour):
        [new] = kiln_containers(engine, os.getpid()) - before
        container = engine.client.containers.get(new)
        host_config = container.attrs["HostConfig"]
        _, status = container.exec_run(["cat", "/proc/self/status"])
        _, links = container.exec_run(["cat", "/proc/net/dev"])
    assert host_config["Privileged"] is False
    assert "CapEff:\t0000000000000000" in status.decode()
    assert host_config["NetworkMode"] == "none"
    assert [line.split(":")[0].strip() for line in links.decode().splitlines()[2:]] == ["lo"]
    assert any("no-new-privileges" in opt for opt in host_config["SecurityOpt"] or [])
    assert kiln_containers(engine, os.getpid()) == before


def test_compile_error_is_reported_and_cleaned_up(docker_env: DockerEnvironment,
                                                  engine: Engine,
                                                  targets: dict[str, Target],
                                                  tmp_path: Path) -> None:
    before = kiln_containers(engine, os.getpid())
    program = write_program(tmp_path / "src", "bad.c", "int main(void) { return nope; }\n")
    with pytest.raises(CompileError) as caught:
        docker_env.compile(targets["armhf"], program, tmp_path / "out" / "bad",
                           tmp_path / "build")
    assert "compiling for armhf in kiln/armhf:" in str(caught.value)
    assert re.search(r"error: .nope. undeclared", str(caught.value))
    assert list((tmp_path / "out").iterdir()) == []
    assert kiln_containers(engine, os.getpid()) == before


INTERRUPTED_RUN = """
import sys
from pathlib import Path
from targets.config import resolve_target
from targets.environments.container import DockerEnvironment
env = DockerEnvironment()
with env.runner(resolve_target("armhf")).session(Path(sys.argv[1])) as session:
    print("running", flush=True)
    session.run(["spin"], timeout=300)
"""


@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM])
def test_interrupted_run_leaves_no_container(engine: Engine, behaviour: Path,
                                             signum: int) -> None:
    """Ctrl-C (SIGINT) or SIGTERM while a program runs in a container: the container
    is gone afterwards. Counted with the engine, during and after."""
    proc = subprocess.Popen([sys.executable, "-c", INTERRUPTED_RUN, str(behaviour)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env=dict(os.environ, PYTHONPATH=str(REPO_ROOT)), cwd=REPO_ROOT)
    try:
        assert proc.stdout is not None
        lines = iter(proc.stdout.readline, "")
        assert "running\n" in lines
        time.sleep(1.0)
        assert len(kiln_containers(engine, proc.pid)) == 1
        proc.send_signal(signum)
        proc.wait(timeout=60)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode != 0
    assert kiln_containers(engine, proc.pid) == set()
