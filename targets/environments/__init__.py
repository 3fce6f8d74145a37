"""Target environments: where translated C is compiled for a target (the host's cross
toolchains, or later a per-target container) and which runner executes the result."""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Protocol, Sequence

from targets.config import Target
from targets.errors import KilnError
from targets.runners.base import Runner


class TranslationLike(Protocol):
    """What an environment needs of `toolchain.driver.Translation` (targets/ does not
    import the toolchain)."""

    c_sources: Sequence[Path]
    include_dirs: Sequence[Path]
    libs: Sequence[str]


class Environment(Protocol):
    name: str

    def check_toolchain(self, target: Target) -> None: ...

    def prepare_sysroot(self, target: Target, build_dir: Path) -> Path: ...

    def compile(self, target: Target, translation: TranslationLike, output: Path,
                build_dir: Path, static: bool = False) -> None: ...

    def runner(self, target: Target) -> Runner: ...


ENVIRONMENTS = ("host", "docker")


@functools.cache
def get_environment(name: str) -> Environment:
    """The environment called `name` (one instance per process, so a container engine
    connection is made once); an unknown name lists the valid ones."""
    # Imported on demand: the host path must not need the docker SDK, and the
    # environments import this module for `TranslationLike`.
    if name == "host":
        from targets.environments.host import HostEnvironment
        return HostEnvironment()
    if name == "docker":
        from targets.environments.container import DockerEnvironment
        return DockerEnvironment()
    raise KilnError(f"unknown environment '{name}'; valid environments: {', '.join(ENVIRONMENTS)}")
