"""The per-architecture Boehm GC sysroot and the gcc command line that links against it.

Why a private apt state: adding foreign architectures to the host's dpkg broke
`apt-get update` here (one out-of-sync security index), and a multiarch install of
several architectures at once broke on version skew. So each Debian architecture gets
its own throw-away apt state holding only the host's main suite; `apt-get download`
fetches libgc-dev and libgc1 for that architecture and `dpkg-deb -x` unpacks them. The
host's package manager is never touched, and x86_64 uses the same path (no host
libgc-dev needed).

Layout: `<build_dir>/sysroots/<debian_arch>/usr/{include,lib/<multiarch>}`. Targets that
share a Debian architecture (armel and armel-vfp) share a sysroot; softfp objects link
against armel's soft-float libgc.a because both use the same base calling convention.
libatomic-ops-dev is not fetched: Debian's gc.h does not include atomic_ops.h and
libgc.a has no undefined AO_ symbols.

`gcc_argv` is the one compile command line; the host and container environments both
call it, so that the same C gives the same binary wherever it is compiled.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Sequence

from targets.config import REPO_ROOT, Target
from targets.environments import TranslationLike
from targets.errors import SysrootError

PACKAGES = ("libgc-dev", "libgc1")
STAMP = ".kiln-sysroot"
# Suites that are not the release itself; they are left out of the private apt state.
_SIDE_SUITES = ("-security", "-updates", "-backports", "-proposed-updates", "/updates")

Log = Callable[[str], None]


def _print(line: str) -> None:
    print(line, flush=True)


def sysroot_dir(target: Target, build_dir: Path) -> Path:
    return build_dir / "sysroots" / target.debian_arch


def libgc_archive(target: Target, sysroot: Path) -> Path:
    return sysroot / "usr" / "lib" / target.multiarch / "libgc.a"


@dataclass(frozen=True)
class AptSource:
    uri: str
    suite: str
    signed_by: tuple[str, ...]  # the Signed-By value, one entry per line (may be a key)

    def deb822(self) -> str:
        lines = ["Types: deb", f"URIs: {self.uri}", f"Suites: {self.suite}", "Components: main"]
        if self.signed_by:
            lines.append(f"Signed-By: {self.signed_by[0]}")
            lines.extend(f" {line}" for line in self.signed_by[1:])
        return "\n".join(lines) + "\n"


def main_suite_sources(etc_apt: Path = Path("/etc/apt")) -> list[AptSource]:
    """The host's `deb` sources of a release's main component, from both the one-line
    (`sources.list`, `*.list`) and the deb822 (`*.sources`) formats."""
    found: list[AptSource] = []
    one_line = [etc_apt / "sources.list", *sorted((etc_apt / "sources.list.d").glob("*.list"))]
    for path in one_line:
        if path.is_file():
            found += _parse_one_line(path.read_text(encoding="utf-8", errors="replace"))
    for path in sorted((etc_apt / "sources.list.d").glob("*.sources")):
        found += _parse_deb822(path.read_text(encoding="utf-8", errors="replace"))
    unique: list[AptSource] = []
    for source in found:
        if source not in unique:
            unique.append(source)
    return unique


def _is_main_suite(suite: str, components: Sequence[str]) -> bool:
    return "main" in components and not any(s in suite for s in _SIDE_SUITES)


def _parse_one_line(text: str) -> list[AptSource]:
    sources = []
    for raw in text.splitlines():
        words = raw.split("#", 1)[0].split()
        if not words or words[0] != "deb":
            continue
        words = words[1:]
        options: dict[str, str] = {}
        if words and words[0].startswith("["):
            inner = []
            while words:
                word = words.pop(0)
                inner.append(word)
                if word.endswith("]"):
                    break
            for option in " ".join(inner).strip("[] ").split():
                key, _, value = option.partition("=")
                options[key.lower()] = value
        if len(words) < 3:
            continue
        uri, suite, components = words[0], words[1], words[2:]
        if _is_main_suite(suite, components):
            signed = (options["signed-by"],) if options.get("signed-by") else ()
            sources.append(AptSource(uri, suite, signed))
    return sources


def _parse_deb822(text: str) -> list[AptSource]:
    sources = []
    for stanza in _deb822_stanzas(text):
        if "deb" not in stanza.get("types", [""])[0].split():
            continue
        if stanza.get("enabled", ["yes"])[0].strip().lower() == "no":
            continue
        components = stanza.get("components", [""])[0].split()
        signed = tuple(line for line in stanza.get("signed-by", []) if line.strip())
        for uri in stanza.get("uris", [""])[0].split():
            for suite in stanza.get("suites", [""])[0].split():
                if _is_main_suite(suite, components):
                    sources.append(AptSource(uri, suite, signed))
    return sources


def _deb822_stanzas(text: str) -> list[dict[str, list[str]]]:
    """Stanzas as field name (lower case) -> value lines; continuation lines (leading
    white space) carry multi-line values such as an embedded Signed-By key."""
    stanzas: list[dict[str, list[str]]] = []
    current: dict[str, list[str]] = {}
    last = ""
    for line in text.splitlines():
        if line.startswith("#"):
            continue
        if not line.strip():
            if current:
                stanzas.append(current)
            current, last = {}, ""
        elif line[0] in " \t" and last:
            current[last].append(line.strip())
        elif ":" in line:
            key, _, value = line.partition(":")
            last = key.strip().lower()
            current[last] = [value.strip()]
    if current:
        stanzas.append(current)
    return stanzas


def prepare_sysroot(target: Target, build_dir: Path, log: Log = _print,
                    etc_apt: Path = Path("/etc/apt")) -> Path:
    """The Boehm GC sysroot for `target`'s Debian architecture, fetched if not there.

    Atomic (built in a temporary directory, then renamed into place) and idempotent (an
    existing, complete sysroot is returned at once).
    """
    final = sysroot_dir(target, build_dir)
    if (final / STAMP).is_file():
        return final
    arch = target.debian_arch
    sources = main_suite_sources(etc_apt)
    if not sources:
        raise SysrootError(
            f"no Debian main suite found in {etc_apt}/sources.list or "
            f"{etc_apt}/sources.list.d/; the Boehm GC sysroot for {arch} is fetched from it")
    try:
        final.parent.mkdir(parents=True, exist_ok=True)
        work = Path(tempfile.mkdtemp(prefix=f".{arch}.", dir=final.parent))
    except OSError as err:
        raise SysrootError(f"cannot create the sysroot under {final.parent}: "
                           f"{err.strerror}") from None
    try:
        root = _fetch_and_unpack(target, sources, work, log)
        try:
            os.rename(root, final)
        except OSError as err:
            # Another build finished the same sysroot first; theirs is as good as ours.
            if not (final / STAMP).is_file():
                raise SysrootError(
                    f"cannot move the new sysroot into {final}: {err.strerror}; "
                    "it is not one Kiln made, so remove it and build again") from None
    finally:
        shutil.rmtree(work, ignore_errors=True)
    log(f"sysroot {arch}: ready in {final}")
    return final


def _fetch_and_unpack(target: Target, sources: list[AptSource], work: Path, log: Log) -> Path:
    arch = target.debian_arch
    for sub in ("state/lists/partial", "cache/archives/partial", "sources.list.d", "debs"):
        (work / sub).mkdir(parents=True)
    (work / "state" / "status").touch()
    (work / "sources.list").touch()
    (work / "sources.list.d" / "main.sources").write_text(
        "\n".join(s.deb822() for s in sources), encoding="utf-8")
    options = _apt_options(work, arch)
    log(f"sysroot {arch}: apt-get update (private state, {sources[0].uri} {sources[0].suite})")
    _apt([*options, "update"], work, arch, "update")
    log(f"sysroot {arch}: apt-get download {' '.join(PACKAGES)}")
    _apt([*options, "download", *PACKAGES], work / "debs", arch, "download")
    root = work / "root"
    debs = sorted((work / "debs").glob("*.deb"))
    log(f"sysroot {arch}: unpacking {', '.join(d.name for d in debs)}")
    for deb in debs:
        done = subprocess.run(["dpkg-deb", "-x", str(deb), str(root)],
                              capture_output=True, text=True)
        if done.returncode != 0:
            raise SysrootError(f"dpkg-deb -x {deb.name} failed:\n{_tail(done.stderr)}")
    archive = libgc_archive(target, root)
    if not archive.is_file() or not (root / "usr" / "include" / "gc.h").is_file():
        raise SysrootError(
            f"the {arch} packages {', '.join(PACKAGES)} did not provide usr/include/gc.h "
            f"and usr/lib/{target.multiarch}/libgc.a; is 'multiarch: {target.multiarch}' "
            f"right for target {target.name}?")
    (root / STAMP).write_text("".join(f"{d.name}\n" for d in debs), encoding="utf-8")
    return root


def _apt_options(work: Path, arch: str) -> list[str]:
    settings = {
        "Dir::State": work / "state",
        "Dir::State::status": work / "state" / "status",
        "Dir::Cache": work / "cache",
        "Dir::Etc::SourceList": work / "sources.list",
        "Dir::Etc::SourceParts": work / "sources.list.d",
        "APT::Architecture": arch,
        "APT::Architectures": arch,
    }
    if os.geteuid() == 0:
        # The private directories belong to root; without this apt tries to drop to
        # the _apt user for downloads and warns that it cannot.
        settings["APT::Sandbox::User"] = "root"
    argv = ["apt-get", "-q"]
    for key, value in settings.items():
        argv += ["-o", f"{key}={value}"]
    return argv


def _apt(argv: list[str], cwd: Path, arch: str, verb: str) -> None:
    try:
        done = subprocess.run(argv, cwd=cwd, capture_output=True, text=True)
    except FileNotFoundError:
        raise SysrootError(
            "apt-get is not installed: the Boehm GC sysroot is fetched with Debian's apt "
            "(use a Debian host, or env=docker)") from None
    if done.returncode != 0:
        raise SysrootError(
            f"apt-get {verb} for Debian architecture {arch} failed "
            f"(exit {done.returncode}):\n{_tail(done.stderr or done.stdout)}")


def _tail(text: str, lines: int = 12) -> str:
    return "\n".join("    " + line for line in text.rstrip().splitlines()[-lines:])


def gcc_argv(target: Target, translation: TranslationLike, output: Path, sysroot: Path,
             static: bool = False, root: Path = REPO_ROOT) -> list[str]:
    """The gcc command line that builds `output` from a translation.

    `root` is the tree as the compiling environment sees it; mapping it (and a sysroot
    outside it) to fixed names keeps paths out of the binary, so the host and a
    container produce identical bytes. libgc.a is linked by path, so that nothing
    can pick a shared libgc instead; -static-libgcc keeps libgcc_s out of NEEDED (armel
    needs its unwinder otherwise), leaving only libc, libm and the loader.
    """
    argv = [target.compiler, "-O2", *target.cflags, f"-ffile-prefix-map={root}=."]
    if not sysroot.is_relative_to(root):
        argv.append(f"-ffile-prefix-map={sysroot}=/sysroot")
    for include in translation.include_dirs:
        argv += ["-I", str(include)]
    argv += ["-isystem", str(sysroot / "usr" / "include")]
    argv += [str(source) for source in translation.c_sources]
    argv += ["-o", str(output)]
    libs = [*translation.libs, "pthread", "m"]
    for lib in dict.fromkeys(libs):
        argv.append(str(libgc_archive(target, sysroot)) if lib == "gc" else f"-l{lib}")
    argv += ["-static-libgcc", *target.ldflags]
    if static:
        argv.append("-static")
    return argv
