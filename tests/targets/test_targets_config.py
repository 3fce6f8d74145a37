"""The target table as configured: names, aliases, lookups, and the `target=list` table."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from targets.config import DEFAULT_CONFIG_DIR, Target, format_target_table, load_targets, \
    resolve_target
from targets.errors import ConfigError, KilnError, UnknownTargetError

NAMES = ["x86_64", "i686", "aarch64", "armhf", "armel-vfp", "armel"]


def test_six_targets_in_table_order(all_targets: dict[str, Target]) -> None:
    assert list(all_targets) == NAMES


def test_targets_match_the_architecture(all_targets: dict[str, Target]) -> None:
    armel, armhf, vfp = all_targets["armel"], all_targets["armhf"], all_targets["armel-vfp"]
    assert (armel.qemu, armel.qemu_cpu, armel.has_fpu, armel.float_abi) == \
        ("qemu-arm", "arm926,vfp=off", False, "soft")
    assert "-march=armv5te" in armel.cflags
    assert armhf.cflags == ("-march=armv7-a", "-mfpu=vfpv3-d16", "-mfloat-abi=hard")
    assert vfp.cross_prefix == "arm-linux-gnueabi-"
    assert vfp.cflags == ("-march=armv7-a", "-mfpu=vfpv3-d16", "-mfloat-abi=softfp")
    assert vfp.multiarch == armel.multiarch == "arm-linux-gnueabi"
    assert all_targets["i686"].multiarch == "i386-linux-gnu"
    assert all_targets["i686"].qemu_cpu == "pentium2"
    assert all_targets["aarch64"].qemu_cpu == "cortex-a53"
    assert all_targets["x86_64"].qemu is None
    assert [all_targets[n].word_bits for n in NAMES] == [64, 32, 64, 32, 32, 32]
    assert all_targets["i686"].jit_backend is None


@pytest.mark.parametrize("spelling,name", [("amd64", "x86_64"), ("arm64", "aarch64"),
                                           ("x86_64", "x86_64"), ("armel-vfp", "armel-vfp")])
def test_resolve_accepts_names_and_aliases(spelling: str, name: str) -> None:
    assert resolve_target(spelling).name == name


def test_unknown_target_lists_names_and_aliases() -> None:
    with pytest.raises(UnknownTargetError) as err:
        resolve_target("arm7")
    message = str(err.value)
    assert isinstance(err.value, KilnError)
    assert message.startswith("unknown target 'arm7'; valid targets: ")
    for spelling in [*NAMES, "amd64", "arm64"]:
        assert spelling in message


def test_target_table(all_targets: dict[str, Target]) -> None:
    lines = format_target_table(all_targets.values()).splitlines()
    assert lines[0].split() == ["name", "aliases", "triple", "float", "ABI", "QEMU", "CPU",
                                "JIT", "backend"]
    assert [line.split()[0] for line in lines[1:]] == NAMES
    assert lines[1].split() == ["x86_64", "amd64", "x86_64-linux-gnu", "hard", "native",
                                "x86_64"]
    assert lines[6].split() == ["armel", "-", "arm-linux-gnueabi", "soft", "arm926,vfp=off",
                                "arm"]
    assert lines[2].split()[-1] == "none"


def _copy_configs(tmp_path: Path) -> Path:
    directory = tmp_path / "targets"
    shutil.copytree(DEFAULT_CONFIG_DIR, directory)
    return directory


def test_name_must_match_file(tmp_path: Path) -> None:
    directory = _copy_configs(tmp_path)
    path = directory / "armel.yaml"
    path.write_text(path.read_text().replace("name: armel\n", "name: armv5\n"))
    with pytest.raises(ConfigError, match=r"armel\.yaml: key 'name' is 'armv5'"):
        load_targets(directory)


def test_duplicate_alias_is_an_error(tmp_path: Path) -> None:
    directory = _copy_configs(tmp_path)
    path = directory / "armhf.yaml"
    path.write_text(path.read_text().replace("aliases: []", "aliases: [arm64]"))
    with pytest.raises(ConfigError, match="'arm64' names both target 'aarch64' and target 'armhf'"):
        load_targets(directory)


def test_qemu_keys_go_together(tmp_path: Path) -> None:
    directory = _copy_configs(tmp_path)
    path = directory / "aarch64.yaml"
    path.write_text(path.read_text().replace("qemu_cpu: cortex-a53", "qemu_cpu: null"))
    with pytest.raises(ConfigError, match="must be set together"):
        load_targets(directory)


def test_schema_error_in_a_target_file(tmp_path: Path) -> None:
    directory = _copy_configs(tmp_path)
    path = directory / "armhf.yaml"
    path.write_text(path.read_text().replace("float_abi: hard", "float_abi: hardfp"))
    with pytest.raises(ConfigError) as err:
        load_targets(directory)
    assert str(err.value) == (f"{path}: key 'float_abi': 'hardfp' is not allowed; "
                              "allowed values: hard, softfp, soft")


def test_empty_config_dir(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="no target configs"):
        load_targets(tmp_path)
