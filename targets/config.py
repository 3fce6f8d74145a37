"""Target configs: the schema of `configs/targets/*.yaml`, the `Target` record, lookup by
name or alias, and the `target=list` table."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable

from targets.errors import ConfigError, UnknownTargetError
from targets.schema import Schema, load_and_validate

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_CONFIG_DIR = REPO_ROOT / "configs" / "targets"

_STR_LIST = {"type": "list", "items": {"type": "str"}, "default": []}
_OPT_STR = {"type": "str", "nullable": True, "default": None}

TARGET_SCHEMA: Schema = {
    "name": {"type": "str"},
    "order": {"type": "int"},
    "aliases": _STR_LIST,
    "description": {"type": "str"},
    "triple": {"type": "str"},
    "cross_prefix": {"type": "str"},
    "compiler_package": {"type": "str"},
    "debian_arch": {"type": "str"},
    "multiarch": {"type": "str"},
    "word_bits": {"type": "int", "allowed": [32, 64]},
    "float_abi": {"type": "str", "allowed": ["hard", "softfp", "soft"]},
    "has_fpu": {"type": "bool"},
    "cflags": _STR_LIST,
    "ldflags": _STR_LIST,
    "qemu": _OPT_STR,
    "qemu_cpu": _OPT_STR,
    "qemu_ld_prefix": _OPT_STR,
    "jit_backend": {"type": "str", "nullable": True, "default": None,
                    "allowed": ["x86_64", "aarch64", "arm"]},
}


@dataclass(frozen=True)
class Target:
    name: str
    aliases: tuple[str, ...]
    description: str
    triple: str
    cross_prefix: str
    compiler_package: str
    debian_arch: str
    multiarch: str
    word_bits: int
    float_abi: str
    has_fpu: bool
    cflags: tuple[str, ...]
    ldflags: tuple[str, ...]
    qemu: str | None
    qemu_cpu: str | None
    qemu_ld_prefix: str | None
    jit_backend: str | None

    @property
    def compiler(self) -> str:
        return f"{self.cross_prefix}gcc"


def load_targets(config_dir: Path | None = None) -> dict[str, Target]:
    """Every target in `config_dir`, keyed by canonical name, in table order."""
    directory = config_dir or DEFAULT_CONFIG_DIR
    files = sorted(directory.glob("*.yaml"))
    if not files:
        raise ConfigError(f"{directory}: no target configs (*.yaml) found")
    ordered: list[tuple[int, Target]] = []
    for path in files:
        fields = load_and_validate(path, TARGET_SCHEMA)
        _check_consistency(fields, path)
        order = fields.pop("order")
        ordered.append((order, _make_target(fields)))
    ordered.sort(key=lambda pair: pair[0])
    targets = {t.name: t for _, t in ordered}
    _check_unique_names(targets.values(), directory)
    return targets


def resolve_target(name: str, config_dir: Path | None = None) -> Target:
    """The target called `name` or aliased to it; otherwise list every valid spelling."""
    targets = load_targets(config_dir)
    for target in targets.values():
        if name == target.name or name in target.aliases:
            return target
    valid = ", ".join(_spellings(targets.values()))
    raise UnknownTargetError(f"unknown target '{name}'; valid targets: {valid}")


def format_target_table(targets: Iterable[Target]) -> str:
    """The `scons target=list` table: one row per target, aligned columns."""
    header = ("name", "aliases", "triple", "float ABI", "QEMU CPU", "JIT backend")
    rows = [header] + [
        (t.name, ", ".join(t.aliases) or "-", t.triple, t.float_abi,
         t.qemu_cpu or "native", t.jit_backend or "none")
        for t in targets
    ]
    widths = [max(len(row[i]) for row in rows) for i in range(len(header))]
    return "\n".join(
        "  ".join(cell.ljust(w) for cell, w in zip(row, widths)).rstrip() for row in rows)


def _spellings(targets: Iterable[Target]) -> list[str]:
    out = []
    for t in targets:
        out.append(f"{t.name} (alias {', '.join(t.aliases)})" if t.aliases else t.name)
    return out


def _make_target(fields: dict[str, Any]) -> Target:
    for key in ("aliases", "cflags", "ldflags"):
        fields[key] = tuple(fields[key])
    return Target(**fields)


def _check_consistency(fields: dict[str, Any], path: Path) -> None:
    if fields["name"] != path.stem:
        raise ConfigError(
            f"{path}: key 'name' is '{fields['name']}' but the file is named "
            f"'{path.name}'; they must agree")
    emulated = [fields[k] is not None for k in ("qemu", "qemu_cpu", "qemu_ld_prefix")]
    if any(emulated) and not all(emulated):
        raise ConfigError(
            f"{path}: keys 'qemu', 'qemu_cpu' and 'qemu_ld_prefix' must be set together "
            "(an emulated target) or all be null (a native one)")


def _check_unique_names(targets: Iterable[Target], directory: Path) -> None:
    seen: dict[str, str] = {}
    for t in targets:
        for spelling in (t.name, *t.aliases):
            if spelling in seen:
                raise ConfigError(
                    f"{directory}: '{spelling}' names both target '{seen[spelling]}' "
                    f"and target '{t.name}'")
            seen[spelling] = t.name
