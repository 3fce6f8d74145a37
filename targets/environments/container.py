"""The container environment (env=docker): compile and run inside the target's image.

The parity trick: every directory a step needs is bind-mounted at the *same* path it
has on the host, and the compile command line is the host environment's own
(`sysroot.gcc_argv`). The only thing that differs is the sysroot's location, which
`-ffile-prefix-map` names `/sysroot` on both sides when it lies outside the tree, so
the same C gives the same bytes in either environment.

Containers run as the invoking user's uid:gid (so `build/` never fills with root-owned
files), with no network, all capabilities dropped and no-new-privileges, and are
removed in a `finally`, which also runs on Ctrl-C and SIGTERM: while a container
lives, both kill it and raise KeyboardInterrupt (see `_signals_interrupt`).
"""

from __future__ import annotations

import itertools
import os
import signal
import subprocess
import tempfile
import threading
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Callable, Iterable, Iterator, Sequence, TypeVar

import docker.errors
import requests.exceptions
from docker.models.containers import Container

from targets.config import REPO_ROOT, Target
from targets.environments import TranslationLike
from targets.environments.engine import Engine, connect
from targets.environments.images import ImageReport, Settings, ensure_image, load_settings
from targets.environments.sysroot import gcc_argv
from targets.errors import CompileError, InfraError, KilnError
from targets.runners.qemu import qemu_prefix
from targets.runners.base import RunResult

Log = Callable[[str], None]
T = TypeVar("T")
# `timeout -s KILL` exits 128+9 when it had to kill the program.
_KILLED_BY_TIMEOUT = 128 + signal.SIGKILL


def _print(line: str) -> None:
    print(line, flush=True)


def _outermost(paths: Iterable[Path]) -> list[Path]:
    """The directories to mount: each given one unless an ancestor is mounted too."""
    unique = sorted({p.resolve() for p in paths}, key=lambda p: len(p.parts))
    chosen: list[Path] = []
    for path in unique:
        if not any(path.is_relative_to(outer) for outer in chosen):
            chosen.append(path)
    return chosen


@contextmanager
def _signals_interrupt(stop: Callable[[], None]) -> Iterator[None]:
    """While a container lives, SIGINT and SIGTERM first `stop()` it, then raise
    KeyboardInterrupt, so the `finally` that removes it runs at once.

    The program inside a container is not in our process group, so a Ctrl-C never
    reaches it; and callers may wait for it on other threads (a corpus run in a thread
    pool waits for its running case before it lets an exception through). Killing the
    container ends those waits.
    """
    def interrupt(signum: int, frame: object) -> None:
        stop()
        raise KeyboardInterrupt(f"signal {signum}")
    try:
        previous = {sig: signal.signal(sig, interrupt) for sig in (signal.SIGINT, signal.SIGTERM)}
    except ValueError:  # not the main thread: leave signals alone
        yield
        return
    try:
        yield
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)


def _interruptible(call: Callable[[], T]) -> T:
    """`call()` on a helper thread while this one waits in short slices.

    A signal may be delivered to any thread of the process (SCons has several); Python
    runs the handler only when the main thread next wakes, and a blocking read from
    the engine may not wake for minutes. A main thread that polls a join wakes often.
    """
    outcome: list[T] = []
    failure: list[BaseException] = []

    def work() -> None:
        try:
            outcome.append(call())
        except BaseException as err:  # handed to the waiting thread below
            failure.append(err)

    helper = threading.Thread(target=work, daemon=True)
    helper.start()
    while helper.is_alive():
        helper.join(0.2)
    if failure:
        raise failure[0]
    return outcome[0]


@contextmanager
def running_container(engine: Engine, image: str, command: Sequence[str],
                      mounts: dict[Path, str], user: tuple[int, int], purpose: str,
                      workdir: Path | None = None) -> Iterator[Container]:
    """A started, unprivileged container that is removed however the block ends.

    `mounts` maps a host directory to "ro" or "rw"; it appears at the same path inside.
    """
    volumes = {str(path): {"bind": str(path), "mode": mode} for path, mode in mounts.items()}
    try:
        container = engine.client.containers.create(
            image, command=list(command), user=f"{user[0]}:{user[1]}", volumes=volumes,
            working_dir=str(workdir) if workdir else None, network_mode="none",
            labels={"kiln": purpose, "kiln.pid": str(os.getpid())},
            privileged=False, cap_drop=["ALL"],
            security_opt=["no-new-privileges"], detach=True,
            # `sleep` as PID 1 ignores SIGTERM, so the engine's polite stop would
            # wait out its 10 s grace period before every removal.
            stop_signal="SIGKILL")
    except (docker.errors.APIError, requests.exceptions.RequestException) as err:
        raise InfraError(f"cannot create a container from {image}: {err}") from None

    def kill() -> None:
        try:
            container.kill()
        except (docker.errors.APIError, requests.exceptions.RequestException):
            pass  # not running (any more); the removal below still happens

    try:
        with _signals_interrupt(kill):
            container.start()
            yield container
    finally:
        try:
            container.remove(force=True)
        except docker.errors.NotFound:
            pass


class DockerEnvironment:
    """`Environment` for env=docker; `user` is whose files the outputs become."""

    name = "docker"

    def __init__(self, log: Log = _print, user: tuple[int, int] | None = None,
                 settings: Settings | None = None, engine: Engine | None = None) -> None:
        self._log = log
        self.user = user or (os.getuid(), os.getgid())
        self._settings = settings
        self._engine = engine
        self._images: dict[str, ImageReport] = {}

    @property
    def settings(self) -> Settings:
        if self._settings is None:
            self._settings = load_settings()
        return self._settings

    @property
    def engine(self) -> Engine:
        if self._engine is None:
            self._engine = connect(self._log)
        return self._engine

    def image(self, target: Target, log_dir: Path | None = None) -> ImageReport:
        """The target's image, built (with progress) if its content hash has no tag."""
        if target.name not in self._images:
            logs = log_dir or REPO_ROOT / "build" / "images"
            self._images[target.name] = ensure_image(self.engine, target, self.settings,
                                                     self._log, logs)
        return self._images[target.name]

    def images(self, targets: Iterable[Target], log_dir: Path) -> list[ImageReport]:
        """`scons env=docker images`: every target's image, built or found, one line each."""
        reports = []
        for target in targets:
            reports.append(self.image(target, log_dir))
            self._log(reports[-1].describe())
        return reports

    def check_toolchain(self, target: Target) -> None:
        """An engine answers and the target's image exists (it is built if not)."""
        self.image(target)

    def prepare_sysroot(self, target: Target, build_dir: Path) -> Path:
        """The sysroot inside the image; it is part of the image, not of `build_dir`."""
        self.image(target, build_dir.parent / "images")
        return Path(self.settings.sysroot_dir)

    def compile(self, target: Target, translation: TranslationLike, output: Path,
                build_dir: Path, static: bool = False) -> None:
        """Compile and link inside the image; `output` appears only when whole."""
        sysroot = self.prepare_sysroot(target, build_dir)
        output = output.absolute()
        output.parent.mkdir(parents=True, exist_ok=True)
        partial = output.with_name(f".{output.name}.{os.getpid()}.tmp")
        argv = gcc_argv(target, translation, partial, sysroot, static)
        writable = output.parent.resolve()
        needed = [*(Path(s).parent for s in translation.c_sources),
                  *translation.include_dirs, writable]
        mounts = {path: "rw" if writable.is_relative_to(path) else "ro"
                  for path in _outermost(needed)}
        tag = self.image(target).tag
        try:
            with running_container(self.engine, tag, argv, mounts, self.user, "compile",
                                   workdir=output.parent) as container:
                status = _interruptible(container.wait)
                code = int(status.get("StatusCode", -1))
                if code != 0:
                    stderr = container.logs(stdout=False, stderr=True).decode(errors="replace")
                    lines = stderr.rstrip().splitlines()[-30:]
                    raise CompileError(
                        f"compiling for {target.name} in {tag} failed (exit {code}):\n"
                        f"  {' '.join(argv)}\n" + "\n".join(lines))
            os.replace(partial, output)
        finally:
            partial.unlink(missing_ok=True)

    def runner(self, target: Target) -> ContainerRunner:
        return ContainerRunner(self, target)

    def shell(self, target: Target, workdir: Path = REPO_ROOT) -> int:
        """An interactive shell in the target's image with `workdir` mounted."""
        tag = self.image(target).tag
        cli = self.engine.cli()
        workdir = workdir.resolve()
        name = f"kiln-shell-{os.getpid()}-{time.monotonic_ns()}"
        argv = [*cli, "run", "--rm", "-it", "--name", name,
                "--user", f"{self.user[0]}:{self.user[1]}", "--network=none",
                "--cap-drop=ALL", "--security-opt=no-new-privileges",
                "--label", "kiln=shell", "--label", f"kiln.pid={os.getpid()}",
                "-v", f"{workdir}:{workdir}", "-w", str(workdir),
                "-e", f"PS1=[kiln {target.name}] \\w$ ", tag, "bash", "--norc"]
        self._log(f"shell in {tag} ({target.description}); {workdir} is mounted; "
                  f"exit to leave")
        try:
            return subprocess.call(argv)
        finally:
            # The client's --rm may finish removing only after the client has exited.
            try:
                self.engine.client.containers.get(name).remove(force=True)
            except docker.errors.NotFound:
                pass


class ContainerRunner:
    """Runs a binary inside the target's image, under QEMU where the target needs it."""

    def __init__(self, env: DockerEnvironment, target: Target) -> None:
        self._env = env
        self._target = target
        self._prefix = qemu_prefix(target)
        inside = f"{target.qemu} -cpu {target.qemu_cpu}" if target.qemu else "native"
        self.description = f"container {env.settings.image_prefix}/{target.name}, {inside}"

    @contextmanager
    def session(self, binary: Path, files: Sequence[Path] = ()) -> Iterator[ContainerSession]:
        for needed in (binary, *files):
            if not needed.exists():
                raise InfraError(f"{needed}: no such file to run or stage")
        try:
            tag = self._env.image(self._target).tag
        except KilnError as err:
            raise InfraError(f"the {self._target.name} container is not available: {err}")
        staged = [binary.resolve().parent, *(f.resolve().parent for f in files)]
        with tempfile.TemporaryDirectory(prefix="kiln-stdin.") as scratch:
            scratch_dir = Path(scratch)
            if self._env.user != (os.getuid(), os.getgid()):
                os.chown(scratch_dir, *self._env.user)
            mounts = {path: "ro" for path in _outermost(staged)}
            mounts[scratch_dir] = "rw"
            with running_container(self._env.engine, tag, ["sleep", "infinity"], mounts,
                                   self._env.user, "run") as container:
                yield ContainerSession(container, [*self._prefix, str(binary.resolve())],
                                       scratch_dir, self._env.user)


class ContainerSession:
    """Files are mounted at their own paths, so `path` is the identity."""

    def __init__(self, container: Container, argv: list[str], scratch: Path,
                 user: tuple[int, int]) -> None:
        self._container = container
        self._argv = argv
        self._scratch = scratch
        self._user = f"{user[0]}:{user[1]}"
        self._runs = itertools.count()

    def path(self, local: Path) -> str:
        return str(local.resolve())

    def run(self, args: Sequence[str], stdin: bytes = b"",
            timeout: float = 60.0) -> RunResult:
        # Runs may come from several threads at once (a corpus run in parallel).
        stdin_file = self._scratch / f"stdin.{next(self._runs)}"
        stdin_file.write_bytes(stdin)
        # The engine's exec has no simple stdin, so stdin comes from a mounted file;
        # the deadline is enforced inside by coreutils' timeout.
        command = ["sh", "-c", 'f=$1; shift; exec "$@" < "$f"', "sh", str(stdin_file),
                   "timeout", "-s", "KILL", f"{timeout:g}", *self._argv, *args]
        start = time.monotonic()
        try:
            code, (stdout, stderr) = _interruptible(
                lambda: self._container.exec_run(command, user=self._user, demux=True))
        except (docker.errors.APIError, requests.exceptions.RequestException) as err:
            raise InfraError(f"exec in container {self._container.short_id} failed: {err}")
        finally:
            stdin_file.unlink(missing_ok=True)
        duration = time.monotonic() - start
        timed_out = code == _KILLED_BY_TIMEOUT and duration >= timeout
        return RunResult(returncode=_as_returncode(code, timed_out), stdout=stdout or b"",
                         stderr=stderr or b"", duration=duration, timed_out=timed_out)


def _as_returncode(code: int | None, timed_out: bool) -> int:
    """Exit statuses as the local runners report them: a program killed by a signal
    is negative. A shell can only say 128+N, so an exit status 129-159 is read as a
    signal (the narrow difference from env=host; docs/design.md)."""
    if code is None:
        return -1
    if timed_out:
        return -signal.SIGKILL
    if 128 < code < 160:
        return -(code - 128)
    return code
