"""The headline property of env=docker: the same translation compiled with env=host
and with env=docker gives bit-identical binaries (aarch64, armhf, armel).

The translation and the host's sysroot live under the repository's build/ directory,
exactly where `scons` puts them, so the -ffile-prefix-map mapping is the real one.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path
from typing import Iterator

import pytest
from container_helpers import sha256

from targets.config import REPO_ROOT, Target
from targets.environments.container import DockerEnvironment
from targets.environments.host import HostEnvironment
from toolchain.driver import translate

BF = REPO_ROOT / "interpreters" / "bf" / "bf.py"


@pytest.fixture(scope="module")
def tree_build_dir() -> Iterator[Path]:
    (REPO_ROOT / "build").mkdir(exist_ok=True)
    directory = Path(tempfile.mkdtemp(prefix="parity.", dir=REPO_ROOT / "build"))
    yield directory
    shutil.rmtree(directory, ignore_errors=True)


@pytest.mark.parametrize("name", ["aarch64", "armhf", "armel"])
@pytest.mark.parametrize("static", [False, True], ids=["dynamic", "static"])
def test_host_and_container_binaries_are_identical(
        name: str, static: bool, targets: dict[str, Target], docker_env: DockerEnvironment,
        tree_build_dir: Path) -> None:
    target = targets[name]
    build_dir = tree_build_dir / name
    translation = translate(BF, target, build_dir / "c")
    host_binary = build_dir / f"bf-host-{static}"
    docker_binary = build_dir / f"bf-docker-{static}"
    HostEnvironment().compile(target, translation, host_binary, build_dir, static)
    docker_env.compile(target, translation, docker_binary, build_dir, static)
    assert host_binary.stat().st_size > 10_000
    assert sha256(docker_binary) == sha256(host_binary)
