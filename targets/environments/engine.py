"""Finding a container engine for env=docker, and starting Podman's API when needed.

Everything talks to the engine through the `docker` Python SDK, which speaks the
Docker Engine API; Podman serves the same API from `podman system service`. Detection
order: `DOCKER_HOST`, then `/var/run/docker.sock`, then Podman's own sockets (system
and per-user), then a private Podman service that Kiln starts itself. That private
service exits on its own after a few idle minutes, so back-to-back commands reuse it
(which keeps a no-op `images` fast) and nothing is left running for long.
"""

from __future__ import annotations

import fcntl
import os
import shutil
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import docker
import docker.errors
import requests.exceptions

from targets.errors import KilnError

Log = Callable[[str], None]

# Seconds of inactivity after which the Podman service Kiln started exits by itself.
SERVICE_IDLE_SECONDS = 600
_START_WAIT_SECONDS = 15.0
_PING_TIMEOUT = 3
_API_TIMEOUT = 1800

INSTALL_HINT = (
    "To get one on Debian: ./bootstrap.sh --with-containers "
    "(or, as root: docker/install-engine.sh), which installs Podman;\n"
    "or start a Docker Engine, or point DOCKER_HOST at a running engine.\n"
    "env=host (the default) needs no container engine.")


class EngineUnavailableError(KilnError):
    """No container engine answers and none could be started."""


@dataclass
class Engine:
    client: docker.DockerClient
    url: str
    product: str        # "Podman Engine 4.3.1" or "Docker Engine 26.1.0"
    how: str            # how it was found: "DOCKER_HOST", "started by Kiln", ...

    @property
    def is_podman(self) -> bool:
        return self.product.startswith("Podman")

    def describe(self) -> str:
        return f"{self.product} at {self.url} ({self.how})"

    def cli(self) -> list[str]:
        """A command-line client for this engine, for interactive use (`shell`)."""
        if self.is_podman and shutil.which("podman") and self.how != "DOCKER_HOST":
            return ["podman"]
        if shutil.which("docker"):
            return ["docker", "--host", self.url]
        if shutil.which("podman"):
            return ["podman", "--url", self.url]
        raise EngineUnavailableError(
            f"an interactive shell needs the 'docker' or 'podman' command-line client for "
            f"{self.describe()}; neither is on PATH")


def private_socket() -> Path:
    """Where Kiln's own Podman service listens: a directory only this user can enter."""
    runtime = os.environ.get("XDG_RUNTIME_DIR")
    base = Path(runtime) if runtime else Path("/tmp") / f"kiln-{os.getuid()}"
    return base / "kiln-podman" / "podman.sock"


def _podman_sockets() -> list[Path]:
    found = [Path("/run/podman/podman.sock")]
    runtime = os.environ.get("XDG_RUNTIME_DIR")
    if runtime:
        found.append(Path(runtime) / "podman" / "podman.sock")
    return found


def connect(log: Log | None = None) -> Engine:
    """The first engine that answers, starting Podman if nothing does.

    Raises `EngineUnavailableError` listing everything tried and how to get an engine.
    """
    tried: list[str] = []
    candidates: list[tuple[str, str]] = []
    if os.environ.get("DOCKER_HOST"):
        candidates.append((os.environ["DOCKER_HOST"], "DOCKER_HOST"))
    else:
        tried.append("DOCKER_HOST: not set")
    candidates.append(("unix:///var/run/docker.sock", "Docker's default socket"))
    for sock in _podman_sockets():
        candidates.append((f"unix://{sock}", "Podman's socket"))
    candidates.append((f"unix://{private_socket()}", "Kiln's Podman service"))
    for url, how in candidates:
        engine = _try(url, how, tried)
        if engine:
            return _announce(engine, log)
    engine = _start_podman(tried, log)
    return _announce(engine, log)


def _announce(engine: Engine, log: Log | None) -> Engine:
    if log:
        log(f"container engine: {engine.describe()}")
    return engine


def _try(url: str, how: str, tried: list[str]) -> Engine | None:
    if url.startswith("unix://") and not Path(url[len("unix://"):]).exists():
        tried.append(f"{url} ({how}): no such socket")
        return None
    try:
        probe = docker.DockerClient(base_url=url, timeout=_PING_TIMEOUT, version="auto")
        version = probe.version()
        probe.close()
    except (docker.errors.DockerException, requests.exceptions.RequestException,
            OSError) as err:
        tried.append(f"{url} ({how}): no answer ({_short(err)})")
        return None
    client = docker.DockerClient(base_url=url, timeout=_API_TIMEOUT,
                                 version=version.get("ApiVersion"))
    return Engine(client=client, url=url, product=_product(version), how=how)


def _product(version: dict) -> str:
    for component in version.get("Components") or []:
        name = component.get("Name", "")
        if name in ("Podman Engine", "Engine"):
            label = "Docker Engine" if name == "Engine" else name
            return f"{label} {component.get('Version', '?')}"
    return f"Docker Engine {version.get('Version', '?')}"


def _short(err: BaseException) -> str:
    text = str(err).strip().splitlines()
    line = text[-1] if text else type(err).__name__
    return line if len(line) <= 120 else line[:117] + "..."


def _start_podman(tried: list[str], log: Log | None) -> Engine:
    podman = shutil.which("podman")
    if podman is None:
        tried.append("podman: not installed (not on PATH)")
        raise EngineUnavailableError(
            "no container engine is available for env=docker. Tried:\n"
            + "".join(f"  - {line}\n" for line in tried) + INSTALL_HINT)
    sock = private_socket()
    sock.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    url = f"unix://{sock}"
    # Two builds starting at once must not start two services on one socket.
    with open(sock.parent / "start.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        engine = _try(url, "Kiln's Podman service", [])
        if engine:
            return engine
        sock.unlink(missing_ok=True)
        if log:
            log(f"starting '{podman} system service' on {url} "
                f"(exits after {SERVICE_IDLE_SECONDS} s idle)")
        logfile = sock.parent / "service.log"
        with open(logfile, "wb") as out:
            service = subprocess.Popen(
                [podman, "system", "service", f"--time={SERVICE_IDLE_SECONDS}", url],
                stdin=subprocess.DEVNULL, stdout=out, stderr=subprocess.STDOUT,
                start_new_session=True)
        deadline = time.monotonic() + _START_WAIT_SECONDS
        attempts: list[str] = []
        while time.monotonic() < deadline:
            if service.poll() is not None:
                break
            engine = _try(url, "started by Kiln", attempts)
            if engine:
                return engine
            time.sleep(0.2)
    tail = logfile.read_text(errors="replace").strip().splitlines()[-10:]
    if service.poll() is None:
        service.kill()
    tried.append(f"{podman} system service {url}: did not answer within "
                 f"{_START_WAIT_SECONDS:.0f} s")
    raise EngineUnavailableError(
        "no container engine is available for env=docker. Tried:\n"
        + "".join(f"  - {line}\n" for line in tried)
        + ("podman's log:\n" + "".join(f"    {line}\n" for line in tail) if tail else "")
        + "Is Podman configured? docker/install-engine.sh sets runtime runc and "
        "default_ulimits = [] in /etc/containers/containers.conf.\n" + INSTALL_HINT)


def list_kiln_containers(engine: Engine, pid: int | None = None) -> list[str]:
    """Ids of the containers, running or not, that Kiln created (label `kiln`), or only
    those created by process `pid` (label `kiln.pid`)."""
    label = "kiln" if pid is None else f"kiln.pid={pid}"
    found = engine.client.containers.list(all=True, filters={"label": label})
    return [c.id for c in found]
