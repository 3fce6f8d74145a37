"""The host environment for real: cross gcc, private-apt libgc sysroots, QEMU with the
pinned CPUs. Each target compiles and runs a GC-using program; `readelf -d` shows only
libc (and libm and the loader); static builds have no dynamic section."""

from __future__ import annotations

import dataclasses
import re
import shutil
import subprocess
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from targets_helpers import CRASHER, GC_PROGRAM, FakeTranslation, gc_program_expected, write_c

from targets.config import DEFAULT_CONFIG_DIR, Target, resolve_target
from targets.environments import get_environment
from targets.environments.host import HostEnvironment
from targets.environments.sysroot import gcc_argv, libgc_archive, prepare_sysroot
from targets.errors import CompileError, KilnError, MissingToolchainError, SysrootError

NAMES = ["x86_64", "i686", "aarch64", "armhf", "armel-vfp", "armel"]
ALLOWED_NEEDED = re.compile(r"^(libc\.so\.6|libm\.so\.6|ld-linux[-.\w]*\.so\.\d)$")

host = HostEnvironment()


def needed_libraries(binary: Path) -> list[str] | None:
    """NEEDED entries of `readelf -d`, or None when there is no dynamic section."""
    out = subprocess.run(["readelf", "-d", str(binary)], capture_output=True, text=True,
                         check=True).stdout
    if "There is no dynamic section" in out:
        return None
    return re.findall(r"\(NEEDED\)\s+Shared library: \[([^\]]+)\]", out)


def run_binary(target: Target, binary: Path, args: list[str] | None = None) -> bytes:
    with host.runner(target).session(binary, []) as session:
        result = session.run(args or [], timeout=120)
    assert result.returncode == 0, (result.describe_exit(), result.stderr)
    return result.stdout


@pytest.mark.parametrize("name", NAMES)
def test_gc_program_builds_and_runs(name: str, all_targets: dict[str, Target], build_dir: Path,
                                    gc_translation: FakeTranslation) -> None:
    target = all_targets[name]
    output = build_dir / name / "gcprog"
    host.compile(target, gc_translation, output, build_dir)
    needed = needed_libraries(output)
    assert needed and "libc.so.6" in needed
    assert all(ALLOWED_NEEDED.match(lib) for lib in needed), needed
    assert run_binary(target, output) == gc_program_expected(target.word_bits)
    assert not list(output.parent.glob(".*.tmp")), "a temporary output was left behind"


@pytest.mark.parametrize("name", NAMES)
def test_static_build_has_no_dynamic_section(name: str, all_targets: dict[str, Target],
                                             build_dir: Path,
                                             gc_translation: FakeTranslation) -> None:
    target = all_targets[name]
    output = build_dir / name / "gcprog-static"
    host.compile(target, gc_translation, output, build_dir, static=True)
    assert needed_libraries(output) is None
    assert run_binary(target, output) == gc_program_expected(target.word_bits)


def test_armel_binary_has_no_vfp_instructions(all_targets: dict[str, Target],
                                              build_dir: Path,
                                              gc_translation: FakeTranslation) -> None:
    """The arm926,vfp=off CPU is what makes the armel run a proof; check that it
    really traps VFP code, and that our armel build contains none."""
    armel = all_targets["armel"]
    vfp_build = dataclasses.replace(armel, cflags=("-march=armv5te", "-mfpu=vfp",
                                                   "-mfloat-abi=softfp"))
    output = build_dir / "armel" / "gcprog-vfp"
    host.compile(vfp_build, gc_translation, output, build_dir)
    with host.runner(armel).session(output, []) as session:
        trapped = session.run([], timeout=60)
    assert trapped.signal_name == "SIGILL"
    assert run_binary(armel, build_dir / "armel" / "gcprog") == gc_program_expected(32)


def test_sysroot_is_idempotent_and_shared(all_targets: dict[str, Target],
                                          build_dir: Path) -> None:
    first = prepare_sysroot(all_targets["armel"], build_dir)
    started = time.monotonic()
    again = prepare_sysroot(all_targets["armel-vfp"], build_dir, log=pytest.fail)
    assert time.monotonic() - started < 0.5
    assert again == first == build_dir / "sysroots" / "armel"
    assert libgc_archive(all_targets["armel"], first).is_file()
    assert (first / "usr" / "include" / "gc.h").is_file()
    assert sorted(p.name for p in first.parent.iterdir() if p.name.startswith(".")) == []


def test_concurrent_preparations_agree(all_targets: dict[str, Target], tmp_path: Path) -> None:
    """Two builds racing for one sysroot: one rename wins, the other uses its result."""
    target = all_targets["x86_64"]
    with ThreadPoolExecutor(max_workers=2) as pool:
        paths = list(pool.map(lambda _: prepare_sysroot(target, tmp_path, log=lambda _: None),
                              range(2)))
    assert paths[0] == paths[1] == tmp_path / "sysroots" / "amd64"
    assert libgc_archive(target, paths[0]).is_file()
    assert [p.name for p in (tmp_path / "sysroots").iterdir()] == ["amd64"]


def test_foreign_directory_in_the_way(all_targets: dict[str, Target], tmp_path: Path) -> None:
    in_the_way = tmp_path / "sysroots" / "amd64" / "something"
    in_the_way.mkdir(parents=True)
    with pytest.raises(SysrootError, match="it is not one Kiln made, so remove it"):
        prepare_sysroot(all_targets["x86_64"], tmp_path, log=lambda _: None)
    assert [p.name for p in (tmp_path / "sysroots").iterdir()] == ["amd64"]


def test_sysroot_apt_failure_is_clear_and_leaves_nothing(all_targets: dict[str, Target],
                                                         tmp_path: Path) -> None:
    bogus = dataclasses.replace(all_targets["aarch64"], debian_arch="kilnbogus")
    lines: list[str] = []
    with pytest.raises(SysrootError) as err:
        prepare_sysroot(bogus, tmp_path, log=lines.append)
    message = str(err.value)
    assert message.startswith("apt-get download for Debian architecture kilnbogus failed (exit 100)")
    assert "Unable to locate package libgc-dev" in message
    assert any("apt-get update" in line for line in lines)
    assert list((tmp_path / "sysroots").iterdir()) == []


def test_compile_output_does_not_depend_on_tree_location(all_targets: dict[str, Target],
                                                         build_dir: Path,
                                                         tmp_path: Path) -> None:
    target = all_targets["aarch64"]
    sysroot = prepare_sysroot(target, build_dir)
    binaries = []
    for tree in ("first", "elsewhere/second"):
        root = tmp_path / tree
        translation = write_c(root / "build" / "c", "gcprog.c", GC_PROGRAM)
        translation.include_dirs.append(root / "build" / "c")
        output = root / "gcprog"
        argv = gcc_argv(target, translation, output, sysroot, root=root)
        subprocess.run(argv, check=True, cwd=tmp_path)
        binaries.append(output.read_bytes())
    assert binaries[0] == binaries[1]


def test_compile_error_is_reported_and_leaves_nothing(all_targets: dict[str, Target],
                                                      build_dir: Path, tmp_path: Path) -> None:
    translation = write_c(tmp_path, "broken.c", "int main(void) { return undefined_name; }\n")
    output = tmp_path / "out" / "broken"
    with pytest.raises(CompileError) as err:
        host.compile(all_targets["armhf"], translation, output, build_dir)
    assert "compiling for armhf failed" in str(err.value)
    assert "undefined_name" in str(err.value)
    assert list(output.parent.iterdir()) == []


def test_crash_is_reported_with_its_signal(all_targets: dict[str, Target], build_dir: Path,
                                           tmp_path: Path) -> None:
    translation = write_c(tmp_path, "crash.c", CRASHER)
    for name in ("x86_64", "aarch64"):
        target = all_targets[name]
        output = tmp_path / name / "crash"
        host.compile(target, translation, output, build_dir)
        with host.runner(target).session(output, []) as session:
            result = session.run([], timeout=60)
        assert result.stdout == b"about to crash\n"
        assert result.signal_name == "SIGSEGV"
        assert result.describe_exit() == "killed by SIGSEGV"


def test_missing_cross_compiler_names_the_package(tmp_path: Path) -> None:
    configs = tmp_path / "targets"
    shutil.copytree(DEFAULT_CONFIG_DIR, configs)
    path = configs / "aarch64.yaml"
    path.write_text(path.read_text()
                    .replace("cross_prefix: aarch64-linux-gnu-", "cross_prefix: kiln-none-")
                    .replace("compiler_package: gcc-aarch64-linux-gnu",
                             "compiler_package: gcc-kiln-none")
                    .replace("qemu: qemu-aarch64", "qemu: qemu-kiln-none"))
    target = resolve_target("arm64", configs)
    with pytest.raises(MissingToolchainError) as err:
        host.check_toolchain(target)
    message = str(err.value)
    assert "target aarch64 needs kiln-none-gcc and qemu-kiln-none" in message
    assert "apt-get install gcc-kiln-none qemu-user" in message
    assert "./bootstrap.sh" in message


def test_missing_cross_libc_names_the_package(all_targets: dict[str, Target],
                                               tmp_path: Path) -> None:
    target = dataclasses.replace(all_targets["armhf"], qemu_ld_prefix=str(tmp_path / "none"))
    with pytest.raises(MissingToolchainError) as err:
        host.check_toolchain(target)
    assert str(err.value).startswith(
        f"target armhf needs the armhf C library in {tmp_path / 'none'}, which is not "
        "installed.\nInstall the Debian package: apt-get install libc6-dev-armhf-cross\n")


def test_installed_toolchains_pass_the_check(all_targets: dict[str, Target]) -> None:
    for target in all_targets.values():
        host.check_toolchain(target)


def test_get_environment() -> None:
    assert get_environment("host").name == "host"
    assert get_environment("host") is get_environment("host")
    assert get_environment("docker").name == "docker"
    with pytest.raises(KilnError, match="unknown environment 'dokcer'; valid environments: "
                                        "host, docker$"):
        get_environment("dokcer")
