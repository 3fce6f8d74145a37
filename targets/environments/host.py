"""The host environment: the machine's own gcc and cross gccs, the private-apt libgc
sysroot, and local runners (native for x86_64, QEMU user mode for the rest)."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

from targets.config import Target
from targets.environments import TranslationLike
from targets.environments.sysroot import gcc_argv
from targets.environments.sysroot import prepare_sysroot as _prepare_sysroot
from targets.errors import CompileError, MissingToolchainError
from targets.runners.base import Runner
from targets.runners.native import NativeRunner
from targets.runners.qemu import QemuRunner


class HostEnvironment:
    name = "host"

    def check_toolchain(self, target: Target) -> None:
        """Raise `MissingToolchainError` naming the Debian package of anything missing."""
        missing = []
        if shutil.which(target.compiler) is None:
            missing.append((target.compiler, target.compiler_package))
        if target.qemu and shutil.which(target.qemu) is None:
            missing.append((target.qemu, "qemu-user"))
        # QEMU's -L prefix is the cross C library; Debian names its package after the
        # architecture, so it is derived here rather than configured twice.
        if target.qemu_ld_prefix and not Path(target.qemu_ld_prefix, "lib").is_dir():
            missing.append((f"the {target.debian_arch} C library in {target.qemu_ld_prefix}",
                            f"libc6-dev-{target.debian_arch}-cross"))
        if missing:
            what = " and ".join(tool for tool, _ in missing)
            packages = " ".join(dict.fromkeys(package for _, package in missing))
            raise MissingToolchainError(
                f"target {target.name} needs {what}, which is not installed.\n"
                f"Install the Debian package: apt-get install {packages}\n"
                f"or set up everything at once with: ./bootstrap.sh")

    def prepare_sysroot(self, target: Target, build_dir: Path) -> Path:
        return _prepare_sysroot(target, build_dir)

    def compile(self, target: Target, translation: TranslationLike, output: Path,
                build_dir: Path, static: bool = False) -> None:
        """Compile and link `translation` into `output`, which appears only when whole."""
        self.check_toolchain(target)
        sysroot = self.prepare_sysroot(target, build_dir)
        output.parent.mkdir(parents=True, exist_ok=True)
        partial = output.with_name(f".{output.name}.{os.getpid()}.tmp")
        argv = gcc_argv(target, translation, partial, sysroot.resolve(), static)
        try:
            done = subprocess.run(argv, capture_output=True, text=True)
            if done.returncode != 0:
                lines = done.stderr.rstrip().splitlines()[-30:]
                raise CompileError(
                    f"compiling for {target.name} failed (exit {done.returncode}):\n"
                    f"  {' '.join(argv)}\n" + "\n".join(lines))
            os.replace(partial, output)
        finally:
            partial.unlink(missing_ok=True)

    def runner(self, target: Target) -> Runner:
        return QemuRunner(target) if target.qemu else NativeRunner()
