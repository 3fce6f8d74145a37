"""The CI matrix: the schema of `configs/ci.yaml`, its expansion into jobs, the exclusion
rules, and the `--only key=value,...` filter."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Sequence

from targets.config import REPO_ROOT, load_targets, resolve_target
from targets.errors import ConfigError, KilnError
from targets.schema import Schema, load_and_validate

DEFAULT_CI_CONFIG = REPO_ROOT / "configs" / "ci.yaml"
JIT_VALUES = ("off", "on")
KEYS = ("target", "interp", "jit", "board")

_STR_LIST = {"type": "list", "items": {"type": "str"}}

CI_SCHEMA: Schema = {
    "targets": _STR_LIST,
    "interpreters": _STR_LIST,
    "jit": {"type": "list", "items": {"type": "str", "allowed": list(JIT_VALUES)}},
    "exclude": {"type": "list", "default": [], "items": {"type": "mapping", "fields": {
        "target": {"type": "str", "default": None, "nullable": True},
        "interp": {"type": "str", "default": None, "nullable": True},
        "jit": {"type": "str", "default": None, "nullable": True,
                "allowed": list(JIT_VALUES)},
        "reason": {"type": "str"},
    }}},
    "boards": {"type": "list", "default": [], "items": {"type": "mapping", "fields": {
        "board": {"type": "str"},
        "interpreters": {"type": "list", "items": {"type": "str"}, "default": ["bf"]},
    }}},
    "github": {"type": "mapping", "fields": {
        "runs_on": {"type": "str"},
        "container": {"type": "str"},
        "lab_runner": _STR_LIST,
    }},
    "gitlab": {"type": "mapping", "fields": {
        "image": {"type": "str"},
        "lab_tags": _STR_LIST,
    }},
}


@dataclass(frozen=True)
class Job:
    target: str
    interp: str
    jit: str                    # "off" | "on"
    board: str | None = None    # a board job runs the corpus on that board over SSH
    excluded: str | None = None  # the reason, when a rule leaves this job out

    @property
    def id(self) -> str:
        """A file-name-safe, unique name: `aarch64-bf-jit-off`, `board-rpi4-bf-jit-off`."""
        base = f"{self.target}-{self.interp}-jit-{self.jit}"
        name = f"board-{self.board}-{base}" if self.board else base
        # An interpreter may be given as a path; keep the name one file name.
        return re.sub(r"[^A-Za-z0-9_.-]+", "_", name).strip("_")

    @property
    def label(self) -> str:
        where = f" board={self.board}" if self.board else ""
        return f"{self.target} {self.interp} jit={self.jit}{where}"

    def value(self, key: str) -> str | None:
        return getattr(self, key)

    def scons_args(self, build_dir: Path) -> list[str]:
        """The same command line a user types, in a build directory of the job's own."""
        args = [f"target={self.target}", f"interp={self.interp}",
                f"jit={'1' if self.jit == 'on' else '0'}", f"build_dir={build_dir}"]
        if self.board:
            args.append(f"board={self.board}")
        return [*args, "check"]


@dataclass(frozen=True)
class Matrix:
    targets: tuple[str, ...]
    interpreters: tuple[str, ...]
    jit: tuple[str, ...]
    excludes: tuple[dict[str, str], ...]    # each: key -> value, plus "reason"
    jobs: tuple[Job, ...]                   # every combination, excluded ones marked
    settings: dict[str, Any]                # the github/gitlab sections

    @property
    def active(self) -> list[Job]:
        return [job for job in self.jobs if job.excluded is None]


def load_matrix(path: Path = DEFAULT_CI_CONFIG) -> Matrix:
    fields = load_and_validate(path, CI_SCHEMA)
    targets = tuple(_canonical_targets(fields["targets"], path))
    excludes = tuple({k: v for k, v in rule.items() if v is not None}
                     for rule in fields["exclude"])
    for rule in excludes:
        if len(rule) == 1:
            raise ConfigError(f"{path}: an exclude rule needs at least one of target, "
                              "interp, jit besides its reason")
    jobs = [Job(t, i, j) for t in targets for i in fields["interpreters"] for j in fields["jit"]]
    jobs += _board_jobs(fields["boards"], path)
    jobs = [_apply_excludes(job, excludes) for job in jobs]
    settings = {"github": fields["github"], "gitlab": fields["gitlab"]}
    return Matrix(targets, tuple(fields["interpreters"]), tuple(fields["jit"]), excludes,
                  tuple(jobs), settings)


def _canonical_targets(names: Sequence[str], path: Path) -> list[str]:
    if list(names) == ["all"]:
        return list(load_targets())
    try:
        return [resolve_target(name).name for name in names]
    except KilnError as err:
        raise ConfigError(f"{path}: key 'targets': {err}") from None


def _board_jobs(entries: Sequence[dict[str, Any]], path: Path) -> list[Job]:
    if not entries:
        return []
    from targets.boards import load_boards   # only when boards are configured
    inventory = load_boards()
    jobs = []
    for entry in entries:
        board = inventory.get(entry["board"])
        if board is None:
            raise ConfigError(f"{path}: board '{entry['board']}' is not in the board "
                              f"inventory; known boards: {', '.join(inventory) or '(none)'}")
        jobs += [Job(board.target, interp, "off", board=board.name)
                 for interp in entry["interpreters"]]
    return jobs


def _apply_excludes(job: Job, excludes: Sequence[dict[str, str]]) -> Job:
    for rule in excludes:
        if all(job.value(k) == v for k, v in rule.items() if k != "reason"):
            return Job(job.target, job.interp, job.jit, job.board, rule["reason"])
    return job


def parse_only(spec: str | None) -> dict[str, set[str]]:
    """`target=armhf,target=aarch64,jit=off` -> {"target": {...}, "jit": {"off"}}."""
    wanted: dict[str, set[str]] = {}
    if not spec:
        return wanted
    for item in spec.split(","):
        key, sep, value = item.strip().partition("=")
        if not sep or not value:
            raise KilnError(f"--only {spec}: '{item}' is not KEY=VALUE; keys: "
                            f"{', '.join(KEYS)}")
        if key not in KEYS:
            raise KilnError(f"--only: unknown key '{key}'; keys: {', '.join(KEYS)}")
        if key == "target":
            value = resolve_target(value).name
        wanted.setdefault(key, set()).add(value)
    return wanted


def select(jobs: Sequence[Job], wanted: dict[str, set[str]]) -> list[Job]:
    """Jobs matching every key of `wanted` (any of its values); an empty pick is an error."""
    for key, values in wanted.items():
        known = {job.value(key) for job in jobs} - {None}
        unknown = sorted(values - known)
        if unknown:
            raise KilnError(f"--only: {key}={','.join(unknown)} is not in the matrix; "
                            f"values in configs/ci.yaml: {', '.join(sorted(known)) or '(none)'}")
    return [job for job in jobs
            if all(job.value(key) in values for key, values in wanted.items())]
