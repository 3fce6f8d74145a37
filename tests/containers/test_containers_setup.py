"""Setting up env=docker: docker/install-engine.sh, the base-image recipe, and the
registry path's failure message."""

from __future__ import annotations

import dataclasses
import subprocess

import pytest

from targets.config import REPO_ROOT
from targets.environments import images
from targets.environments.engine import Engine

INSTALL = REPO_ROOT / "docker" / "install-engine.sh"
RECIPE = REPO_ROOT / "docker" / "debootstrap-base.sh"
NOBODY = ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"]


def run(argv: list[str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(argv, capture_output=True, text=True, timeout=300, cwd="/")


def test_install_engine_is_idempotent() -> None:
    """On a machine where it already ran (CI runs bootstrap.sh --with-containers
    first), it installs nothing, rewrites nothing, and says so."""
    done = run(["sh", str(INSTALL)])
    assert done.returncode == 0, done.stdout + done.stderr
    assert "install-engine: already installed: podman runc debootstrap" in done.stdout
    assert "/etc/containers/containers.conf is up to date" in done.stdout
    conf = open("/etc/containers/containers.conf").read()
    assert "default_ulimits = []" in conf and 'runtime = "runc"' in conf


def test_install_engine_needs_root() -> None:
    done = run([*NOBODY, "sh", str(INSTALL)])
    assert done.returncode == 1
    assert "install-engine: must run as root" in done.stderr


def test_base_recipe_errors() -> None:
    usage = run(["sh", str(RECIPE)])
    assert usage.returncode == 2 and "usage:" in usage.stderr
    unprivileged = run([*NOBODY, "sh", str(RECIPE), "bookworm", "http://x", "/tmp/never.tar"])
    assert unprivileged.returncode == 1
    assert "debootstrap needs root" in unprivileged.stderr
    assert "base: registry" in unprivileged.stderr


def test_unreachable_registry_says_what_to_do(engine: Engine) -> None:
    # A registry on a loopback port nobody listens on: refused at once.
    settings = dataclasses.replace(images.load_settings(), base="registry",
                                   registry_image="localhost:1/kiln/none:1")
    with pytest.raises(images.ImageError) as caught:
        images.ensure_base(engine, settings, print)
    message = str(caught.value)
    assert message.startswith("cannot pull the base image localhost:1/kiln/none:1: ")
    assert "connection refused" in message.lower()
    assert "set 'base: debootstrap' in configs/containers.yaml" in message
