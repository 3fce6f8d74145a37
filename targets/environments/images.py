"""The per-target container images of env=docker: settings, content-hash tags, the
base image (registry pull or local debootstrap) and builds with visible progress.

Why content-hash tags: an image's tag is a hash of everything that shapes it (the
Dockerfile, the base recipe, the apt sources, the image settings and the target-config
fields that choose packages), so a tag that exists is up to date by construction. A
no-op `images` is then one lookup per target, and any edit to those inputs gets a new
tag, hence a rebuild, while edits that cannot change the image (a target's cflags, say)
rebuild nothing.
"""

from __future__ import annotations

import hashlib
import json
import re
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable

import docker.errors
import requests.exceptions

from targets.config import REPO_ROOT, Target
from targets.environments import sysroot
from targets.environments.engine import Engine
from targets.errors import KilnError
from targets.schema import load_and_validate

Log = Callable[[str], None]

DOCKER_DIR = REPO_ROOT / "docker"
SETTINGS_FILE = REPO_ROOT / "configs" / "containers.yaml"
BASE_RECIPE = DOCKER_DIR / "debootstrap-base.sh"
TAIL_LINES = 25
_HEARTBEAT_SECONDS = 15.0

SETTINGS_SCHEMA = {
    "base": {"type": "str", "allowed": ["debootstrap", "registry"]},
    "registry_image": {"type": "str"},
    "suite": {"type": "str"},
    "apt_sources": {"type": "list", "items": {"type": "str"}},
    "image_prefix": {"type": "str"},
    "sysroot_dir": {"type": "str"},
}

# Snapshot mirrors serve Release files whose Valid-Until has long passed; the host has
# the same setting for the same reason.
APT_CONF = """\
APT::Install-Recommends "false";
APT::Install-Suggests "false";
Acquire::Check-Valid-Until "false";
Acquire::Retries "3";
"""


class ImageError(KilnError):
    """A container image could not be found, pulled or built."""


@dataclass(frozen=True)
class Settings:
    base: str
    registry_image: str
    suite: str
    apt_sources: tuple[str, ...]
    image_prefix: str
    sysroot_dir: str


def load_settings(path: Path = SETTINGS_FILE) -> Settings:
    fields = load_and_validate(path, SETTINGS_SCHEMA)
    fields["apt_sources"] = tuple(fields["apt_sources"])
    return Settings(**fields)


@dataclass(frozen=True)
class ImageReport:
    target: str
    tag: str
    built: bool
    seconds: float
    size_bytes: int

    def describe(self) -> str:
        state = f"built in {self.seconds:.0f} s" if self.built else "up to date"
        return f"{self.target}: {self.tag} ({state}, {self.size_bytes / 1e6:.0f} MB)"


def image_packages(target: Target) -> list[str]:
    """The Debian packages (host architecture) that a target's image installs.

    Recommends are off in images, so the target libc's headers, which the cross
    compiler only recommends, are named here.
    """
    packages = [target.compiler_package]
    packages.append(f"libc6-dev-{target.debian_arch}-cross" if target.cross_prefix
                    else "libc6-dev")
    if target.qemu:
        packages.append("qemu-user")
    return packages


def apt_source_files(settings: Settings, etc_apt: Path = Path("/etc/apt")) -> dict[str, str]:
    """File name -> contents for the image's /etc/apt/sources.list.d/."""
    files: dict[str, str] = {}
    listed = [line for line in settings.apt_sources if line != "host"]
    if "host" in settings.apt_sources:
        paths = [etc_apt / "sources.list", *sorted((etc_apt / "sources.list.d").glob("*"))]
        for path in paths:
            if path.is_file() and path.suffix in (".list", ".sources"):
                files[f"host-{path.name}"] = path.read_text(encoding="utf-8")
        if not files:
            raise ImageError(
                f"configs/containers.yaml: apt_sources asks for the host's sources, but "
                f"{etc_apt} has none (not a Debian host?); list the image's apt sources "
                f"instead, e.g. apt_sources: [\"deb http://deb.debian.org/debian "
                f"bookworm main\"]")
    if listed:
        files["kiln.list"] = "".join(f"{line}\n" for line in listed)
    return files


def sysroot_sources(settings: Settings, etc_apt: Path = Path("/etc/apt")) -> str:
    """deb822 sources for the sysroot download: the release's main suite only, the
    same selection as the host environment's private apt state."""
    found = [sysroot.AptSource(words[1], words[2], ())
             for words in (line.split() for line in settings.apt_sources)
             if len(words) >= 4 and words[0] == "deb" and words[2] == settings.suite]
    if "host" in settings.apt_sources:
        found += sysroot.main_suite_sources(etc_apt)
    if not found:
        raise ImageError(
            f"configs/containers.yaml: no apt source serves the main suite "
            f"'{settings.suite}', which the Boehm GC sysroot is downloaded from")
    return "\n".join(source.deb822() for source in found)


def debootstrap_mirror(settings: Settings, etc_apt: Path = Path("/etc/apt")) -> str:
    """The Debian mirror the local base image is bootstrapped from."""
    for line in settings.apt_sources:
        words = line.split()
        if len(words) >= 3 and words[0] == "deb" and words[2] == settings.suite:
            return words[1]
    if "host" in settings.apt_sources:
        for source in sysroot.main_suite_sources(etc_apt):
            if source.suite == settings.suite:
                return source.uri
    raise ImageError(
        f"configs/containers.yaml: no apt source serves suite '{settings.suite}', so "
        f"there is no mirror to debootstrap the base image from")


def _digest(*parts: object) -> str:
    blob = json.dumps(parts, sort_keys=True, default=str).encode()
    return hashlib.sha256(blob).hexdigest()[:16]


def _image_exists(engine: Engine, ref: str) -> docker.models.images.Image | None:
    try:
        return engine.client.images.get(ref)
    except docker.errors.NotFound:
        return None


def ensure_base(engine: Engine, settings: Settings, log: Log) -> str:
    """A reference to the base image, pulled or bootstrapped if it is not there yet."""
    if settings.base == "registry":
        ref = settings.registry_image
        if _image_exists(engine, ref):
            return ref
        log(f"base image: pulling {ref}")
        repo, _, tag = ref.rpartition(":") if ":" in ref.split("/")[-1] else (ref, "", "")
        problem = ""
        try:
            # The engine reports a failed pull inside the stream, not as an HTTP error.
            for chunk in engine.client.api.pull(repo, tag=tag or "latest", stream=True,
                                                decode=True):
                problem = chunk.get("error", "") or problem
        except (docker.errors.APIError, requests.exceptions.RequestException) as err:
            problem = str(err)
        if problem or not _image_exists(engine, ref):
            raise ImageError(
                f"cannot pull the base image {ref}: {problem or 'the engine has no such image'}"
                f"\nWithout a reachable registry, set 'base: debootstrap' in "
                f"configs/containers.yaml")
        return ref
    mirror = debootstrap_mirror(settings)
    ref = (f"{settings.image_prefix}/base:"
           f"{_digest(BASE_RECIPE.read_bytes().decode(), settings.suite, mirror)}")
    if _image_exists(engine, ref):
        return ref
    _bootstrap_base(engine, settings, mirror, ref, log)
    return ref


def _bootstrap_base(engine: Engine, settings: Settings, mirror: str, ref: str,
                    log: Log) -> None:
    log(f"base image: bootstrapping Debian {settings.suite} from {mirror} "
        f"(docker/debootstrap-base.sh, about 30 s)")
    with tempfile.TemporaryDirectory(prefix="kiln-base.") as tmp:
        tarball = Path(tmp) / "rootfs.tar"
        done = subprocess.run(["sh", str(BASE_RECIPE), settings.suite, mirror, str(tarball)],
                              capture_output=True, text=True)
        if done.returncode != 0:
            raise ImageError(
                f"building the base image failed (docker/debootstrap-base.sh, exit "
                f"{done.returncode}):\n{_indent_tail(done.stdout + done.stderr)}")
        log(f"base image: importing into {ref}")
        repo, _, tag = ref.rpartition(":")
        with open(tarball, "rb") as stream:
            # A generator, not the file: the SDK declares a chunked body, and requests
            # chunk-encodes only bodies of unknown length.
            chunks = iter(lambda: stream.read(1 << 20), b"")
            reply = engine.client.api.import_image_from_stream(chunks, repository=repo,
                                                               tag=tag)
    # Podman's compatible API ignores the tag of an import, so tag the new id here.
    image = engine.client.images.get(_import_id(reply))
    image.tag(repo, tag)
    if f"docker.io/{repo}:latest" in image.tags or f"{repo}:latest" in image.tags:
        engine.client.images.remove(f"{repo}:latest")


def _import_id(reply: str | bytes) -> str:
    text = reply.decode() if isinstance(reply, bytes) else reply
    for line in text.splitlines():
        if line.strip():
            record = json.loads(line)
            if "error" in record:
                raise ImageError(f"importing the base image failed: {record['error']}")
            found = record.get("id") or record.get("status", "")
            if found.startswith("sha256:"):
                return found
    raise ImageError(f"importing the base image gave no image id: {text[:300]}")


@dataclass(frozen=True)
class ImageSpec:
    target: str
    tag: str
    buildargs: dict[str, str]
    files: dict[str, str]   # build-context path -> contents


def image_spec(target: Target, settings: Settings, base_ref: str) -> ImageSpec:
    """Everything a target's image is built from, and the tag naming exactly that."""
    buildargs = {
        "BASE_IMAGE": base_ref,
        "PACKAGES": " ".join(image_packages(target)),
        "SYSROOT_ARCH": target.debian_arch,
        "SYSROOT_PACKAGES": " ".join(sysroot.PACKAGES),
        "SYSROOT_DIR": settings.sysroot_dir,
    }
    files = {"Dockerfile": (DOCKER_DIR / "Dockerfile").read_text(encoding="utf-8"),
             "apt.conf": APT_CONF}
    for name, text in apt_source_files(settings).items():
        files[f"apt-sources/{name}"] = text
    files["sysroot.sources"] = sysroot_sources(settings)
    tag = f"{settings.image_prefix}/{target.name}:{_digest(buildargs, files)}"
    return ImageSpec(target=target.name, tag=tag, buildargs=buildargs, files=files)


def ensure_image(engine: Engine, target: Target, settings: Settings, log: Log,
                 log_dir: Path) -> ImageReport:
    """The target's image, built first if no image carries its content-hash tag."""
    start = time.monotonic()
    base = ensure_base(engine, settings, log)
    spec = image_spec(target, settings, base)
    found = _image_exists(engine, spec.tag) or _adopt_same_content(engine, spec, log)
    built = found is None
    if found is None:
        build_image(engine, spec, log, log_dir)
        remove_outdated(engine, spec, log)
        found = engine.client.images.get(spec.tag)
    return ImageReport(target=target.name, tag=spec.tag, built=built,
                       seconds=time.monotonic() - start, size_bytes=int(found.attrs["Size"]))


def ensure_images(engine: Engine, targets: Iterable[Target], log: Log,
                  log_dir: Path, settings: Settings | None = None) -> list[ImageReport]:
    settings = settings or load_settings()
    reports = []
    for target in targets:
        report = ensure_image(engine, target, settings, log, log_dir)
        log(report.describe())
        reports.append(report)
    return reports


_STEP = re.compile(r"^(STEP \d+/\d+:|Step \d+/\d+ :)")


def build_image(engine: Engine, spec: ImageSpec, log: Log, log_dir: Path,
                nocache: bool = False) -> None:
    """Build `spec` with progress on `log`; a failure names the step and shows the log
    tail. `nocache` ignores cached layers (a cold build, e.g. to pick up newer packages
    from a mirror that is not a snapshot)."""
    log_dir.mkdir(parents=True, exist_ok=True)
    log_path = log_dir / f"{spec.target}.log"
    log(f"[{spec.target}] building {spec.tag} (full log: {log_path})")
    lines: list[str] = []
    step = "(before the first step)"
    error = ""
    with tempfile.TemporaryDirectory(prefix="kiln-image.") as context:
        for name, text in spec.files.items():
            path = Path(context) / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
        last_note = time.monotonic()
        pending = ""
        with open(log_path, "w", encoding="utf-8") as out:
            try:
                stream = engine.client.api.build(
                    path=context, tag=spec.tag, buildargs=spec.buildargs, decode=True,
                    network_mode="host", rm=True, forcerm=True, pull=False, nocache=nocache)
                for chunk in stream:
                    if "error" in chunk or "errorDetail" in chunk:
                        detail = chunk.get("errorDetail") or {}
                        error = chunk.get("error") or detail.get("message", "")
                        out.write(f"ERROR: {error}\n")
                        continue
                    # The engine splits its output anywhere, not at line ends.
                    pending += str(chunk.get("stream", ""))
                    *complete, pending = pending.split("\n")
                    for line in complete:
                        out.write(line + "\n")
                        lines.append(line)
                        if _STEP.match(line):
                            step = line
                            log(f"[{spec.target}] {_clip(line, 110)}")
                            last_note = time.monotonic()
                        elif line.strip() and time.monotonic() - last_note > _HEARTBEAT_SECONDS:
                            log(f"[{spec.target}]   ... {_clip(line.strip(), 100)}")
                            last_note = time.monotonic()
                    del lines[:-200]
            except (docker.errors.APIError, docker.errors.BuildError,
                    requests.exceptions.RequestException) as err:
                error = str(err)
    if error or _image_exists(engine, spec.tag) is None:
        tail = "\n".join(f"    {line}" for line in lines[-TAIL_LINES:])
        raise ImageError(
            f"building the {spec.target} image failed at\n  {_clip(step, 300)}\n"
            f"error: {error or 'the engine reported no image'}\n"
            f"last {min(len(lines), TAIL_LINES)} lines of its log ({log_path}):\n{tail}")


def _clip(text: str, width: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[:width - 3] + "..."


def _indent_tail(text: str) -> str:
    return "\n".join(f"    {line}" for line in text.rstrip().splitlines()[-TAIL_LINES:])


def _adopt_same_content(engine: Engine, spec: ImageSpec,
                        log: Log) -> docker.models.images.Image | None:
    """Another target's image with the same content hash (armel and armel-vfp differ
    only in compiler flags), tagged for this target too instead of built again."""
    digest = spec.tag.rpartition(":")[2]
    for image in engine.client.images.list():
        if any(tag.endswith(f":{digest}") for tag in image.tags):
            repo = spec.tag.rpartition(":")[0]
            image.tag(repo, digest)
            log(f"[{spec.target}] same content as {image.tags[0]}: tagged {spec.tag}")
            return engine.client.images.get(spec.tag)
    return None


def remove_image(engine: Engine, ref: str) -> None:
    """Remove one image by reference; an absent one is fine."""
    try:
        engine.client.images.remove(ref, force=True)
    except docker.errors.NotFound:
        pass


def remove_outdated(engine: Engine, spec: ImageSpec, log: Log) -> None:
    """Drop this target's images with other hashes: they can never be used again, and
    keeping every generation is how container images grow to gigabytes."""
    repo = spec.tag.rpartition(":")[0]
    # Engines may spell a short name with a registry in front.
    spellings = (repo, f"docker.io/{repo}", f"localhost/{repo}")
    for image in engine.client.images.list(name=repo):
        stale = [tag for tag in image.tags
                 if tag.rpartition(":")[0] in spellings and not tag.endswith(spec.tag)]
        for tag in stale:
            try:
                engine.client.images.remove(tag)
                log(f"[{spec.target}] removed the outdated image {tag}")
            except docker.errors.APIError:
                pass  # still in use by a container; a later build removes it
