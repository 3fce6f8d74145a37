"""Fixtures for the env=docker tests: a real engine (Podman on these machines) and one
DockerEnvironment per session. No engine is a failure, not a skip: the default test
run must exercise a real container (./bootstrap.sh --with-containers installs Podman)."""

from __future__ import annotations

from pathlib import Path

import pytest

from targets.config import Target, load_targets
from targets.environments.container import DockerEnvironment
from targets.environments.engine import Engine, connect


@pytest.fixture(scope="session")
def targets() -> dict[str, Target]:
    return load_targets()


@pytest.fixture(scope="session")
def engine() -> Engine:
    return connect(print)


@pytest.fixture(scope="session")
def docker_env(engine: Engine) -> DockerEnvironment:
    return DockerEnvironment(log=print, engine=engine)


@pytest.fixture(scope="session")
def shared_build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("build")
