"""Per-target images: packages and tags derived from the configs, the no-op fast path,
the size budget, and what a failed build shows."""

from __future__ import annotations

import dataclasses
import re
import time
from pathlib import Path

import pytest

from targets.config import Target
from targets.environments import images
from targets.environments.engine import Engine
from targets.environments.images import (
    ImageError,
    ImageSpec,
    Settings,
    build_image,
    ensure_images,
    image_packages,
    image_spec,
    load_settings,
)

SIZE_BUDGET = 600 * 1000 * 1000


def settings(**changes: object) -> Settings:
    return dataclasses.replace(load_settings(), **changes)


def test_packages_come_from_the_target_config(targets: dict[str, Target]) -> None:
    assert image_packages(targets["armhf"]) == [
        "gcc-arm-linux-gnueabihf", "libc6-dev-armhf-cross", "qemu-user"]
    assert image_packages(targets["aarch64"]) == [
        "gcc-aarch64-linux-gnu", "libc6-dev-arm64-cross", "qemu-user"]
    assert image_packages(targets["x86_64"]) == ["gcc", "libc6-dev"]


def test_tag_hashes_exactly_what_shapes_the_image(targets: dict[str, Target],
                                                  monkeypatch: pytest.MonkeyPatch,
                                                  tmp_path: Path) -> None:
    armhf = targets["armhf"]
    plain = image_spec(armhf, settings(), "kiln/base:x").tag
    assert plain.startswith("kiln/armhf:") and len(plain.split(":")[1]) == 16
    assert image_spec(armhf, settings(), "kiln/base:x").tag == plain
    # A compiler flag does not change what is installed: no rebuild.
    flags = dataclasses.replace(armhf, cflags=(*armhf.cflags, "-O3"))
    assert image_spec(flags, settings(), "kiln/base:x").tag == plain
    # What is installed, where from, and on what base all do.
    other_compiler = dataclasses.replace(armhf, compiler_package="gcc-12-arm-linux-gnueabihf")
    assert image_spec(other_compiler, settings(), "kiln/base:x").tag != plain
    assert image_spec(armhf, settings(), "kiln/base:y").tag != plain
    assert image_spec(armhf, settings(sysroot_dir="/opt/other"), "kiln/base:x").tag != plain
    # An edited Dockerfile rebuilds.
    edited = tmp_path / "docker"
    edited.mkdir()
    (edited / "Dockerfile").write_text(
        (images.DOCKER_DIR / "Dockerfile").read_text() + "# edited\n")
    monkeypatch.setattr(images, "DOCKER_DIR", edited)
    assert image_spec(armhf, settings(), "kiln/base:x").tag != plain


def test_apt_sources_from_config_and_host(tmp_path: Path) -> None:
    listed = settings(apt_sources=("deb http://mirror.example/debian bookworm main",))
    assert images.apt_source_files(listed, tmp_path) == {
        "kiln.list": "deb http://mirror.example/debian bookworm main\n"}
    assert images.debootstrap_mirror(listed, tmp_path) == "http://mirror.example/debian"
    assert "URIs: http://mirror.example/debian" in images.sysroot_sources(listed, tmp_path)

    (tmp_path / "sources.list.d").mkdir()
    (tmp_path / "sources.list.d" / "debian.sources").write_text(
        "Types: deb\nURIs: http://deb.example/debian\nSuites: bookworm bookworm-updates\n"
        "Components: main\n")
    host = settings(apt_sources=("host",))
    assert list(images.apt_source_files(host, tmp_path)) == ["host-debian.sources"]
    assert images.debootstrap_mirror(host, tmp_path) == "http://deb.example/debian"
    sysroot_only = images.sysroot_sources(host, tmp_path)
    assert "Suites: bookworm\n" in sysroot_only and "updates" not in sysroot_only


def test_no_host_sources_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(ImageError, match="has none .not a Debian host.*apt_sources:"):
        images.apt_source_files(settings(apt_sources=("host",)), tmp_path)


def test_settings_errors_name_file_and_key(tmp_path: Path) -> None:
    bad = tmp_path / "containers.yaml"
    bad.write_text((images.SETTINGS_FILE.read_text()).replace(
        "base: debootstrap", "base: floppy"))
    with pytest.raises(Exception, match=r"containers.yaml: key 'base': 'floppy' is not "
                                        r"allowed; allowed values: debootstrap, registry"):
        load_settings(bad)


def test_image_is_small_and_a_noop_is_fast(engine: Engine, targets: dict[str, Target],
                                           tmp_path: Path) -> None:
    lines: list[str] = []
    first = ensure_images(engine, [targets["armhf"]], lines.append, tmp_path)[0]
    assert first.size_bytes < SIZE_BUDGET, first.describe()
    started = time.monotonic()
    again = ensure_images(engine, [targets["armhf"]], lines.append, tmp_path)[0]
    assert time.monotonic() - started < 5.0
    assert not again.built and again.tag == first.tag
    assert lines[-1] == again.describe() and "up to date" in lines[-1]


def test_failed_build_shows_step_and_log_tail(engine: Engine, targets: dict[str, Target],
                                              tmp_path: Path) -> None:
    good = image_spec(targets["armhf"], load_settings(),
                      images.ensure_base(engine, load_settings(), print))
    broken = ImageSpec(target="broken", tag="kiln/broken:test",
                       buildargs={**good.buildargs, "PACKAGES": "kiln-no-such-package"},
                       files=good.files)
    with pytest.raises(ImageError) as caught:
        build_image(engine, broken, print, tmp_path)
    message = str(caught.value)
    assert re.match(r"building the broken image failed at\n  STEP \d+/\d+: RUN set -eux; "
                    r"apt-get update; apt-get install -y \$PACKAGES;", message), message
    assert "exit status 100" in message
    assert "E: Unable to locate package kiln-no-such-package" in message
    assert str(tmp_path / "broken.log") in message
    assert engine.client.images.list(name="kiln/broken") == []


def test_outdated_generations_are_removed(engine: Engine) -> None:
    """After a build, the target's images with other hashes go; the current one and
    other targets' images stay."""
    base = engine.client.images.get(images.ensure_base(engine, load_settings(), print))
    for tag in ("old", "new"):
        base.tag("kiln/outdated-test", tag)
    base.tag("kiln/outdated-test-other", "old")
    spec = ImageSpec(target="t", tag="kiln/outdated-test:new", buildargs={}, files={})
    lines: list[str] = []
    try:
        images.remove_outdated(engine, spec, lines.append)
        left = {tag.split("/", 1)[-1] for tag in engine.client.images.get(base.id).tags}
        assert "kiln/outdated-test:new" in left and "kiln/outdated-test-other:old" in left
        assert "kiln/outdated-test:old" not in left
        [line] = lines
        assert line.startswith("[t] removed the outdated image ")
        assert line.endswith("kiln/outdated-test:old")
    finally:
        for ref in ("kiln/outdated-test:new", "kiln/outdated-test:old",
                    "kiln/outdated-test-other:old"):
            if engine.client.images.list(name=ref):
                engine.client.api.remove_image(ref)


def test_targets_with_equal_content_share_one_image(engine: Engine,
                                                    targets: dict[str, Target]) -> None:
    """armel and armel-vfp differ only in compiler flags: one image, two tags."""
    base = images.ensure_base(engine, load_settings(), print)
    armel = image_spec(targets["armel"], load_settings(), base)
    vfp = image_spec(targets["armel-vfp"], load_settings(), base)
    assert armel.tag.split(":")[1] == vfp.tag.split(":")[1]
    assert armel.tag != vfp.tag

    donor = engine.client.images.get(base)
    donor.tag("kiln/share-test-a", "feedface00000000")
    spec = ImageSpec(target="b", tag="kiln/share-test-b:feedface00000000", buildargs={},
                     files={})
    lines: list[str] = []
    try:
        adopted = images._adopt_same_content(engine, spec, lines.append)
        assert adopted is not None and adopted.id == donor.id
        assert lines[0].startswith("[b] same content as ")
    finally:
        for ref in ("kiln/share-test-a:feedface00000000", spec.tag):
            if engine.client.images.list(name=ref):
                engine.client.api.remove_image(ref)
