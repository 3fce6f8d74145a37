"""The board inventory: the schema of `configs/boards/*.yaml`, the `Board` record, and
choosing boards for `board=NAME` or `board=tag:TAG`.

One file per board. The inventory directory is `configs/boards/` unless the environment
variable `KILN_BOARDS` names another one, so that a lab can keep its inventory (host names,
key paths) outside the repository. Examples live in `configs/boards/examples/` and are
never loaded.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from targets.config import REPO_ROOT, resolve_target
from targets.errors import ConfigError, KilnError
from targets.runners.ssh_transport import Endpoint
from targets.schema import Schema, load_and_validate

DEFAULT_BOARDS_DIR = REPO_ROOT / "configs" / "boards"
BOARDS_ENV = "KILN_BOARDS"

_OPT_STR = {"type": "str", "nullable": True, "default": None}
_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")

_LOGIN_FIELDS: Schema = {
    "host": {"type": "str"},
    "port": {"type": "int", "default": 22},
    "user": {"type": "str"},
    "key_file": {"type": "str"},
    "host_key_fingerprint": _OPT_STR,
    "known_hosts": _OPT_STR,
    "insecure_accept_host_key": {"type": "bool", "default": False},
}

BOARD_SCHEMA: Schema = {
    "name": {"type": "str"},
    "target": {"type": "str"},
    **_LOGIN_FIELDS,
    "work_dir": {"type": "str", "default": "/tmp/kiln"},
    "tags": {"type": "list", "items": {"type": "str"}, "default": []},
    "max_parallel_jobs": {"type": "int", "default": 1},
    "jump_host": {"type": "mapping", "fields": _LOGIN_FIELDS, "nullable": True,
                  "default": None},
    # Not a `power: {on: ...}` mapping: YAML 1.1 reads the keys on/off as booleans.
    "power_on": _OPT_STR,
    "power_off": _OPT_STR,
    "power_cycle": _OPT_STR,
    "exec_wrapper": {"type": "list", "items": {"type": "str"}, "default": []},
    "connect_timeout": {"type": "float", "default": 15.0},
    "case_timeout": {"type": "float", "nullable": True, "default": None},
    "run_timeout": {"type": "float", "default": 3600.0},
    "retries": {"type": "int", "default": 2},
    "retry_delay": {"type": "float", "default": 5.0},
    "lock_wait": {"type": "float", "default": 300.0},
}


@dataclass(frozen=True)
class Power:
    """Shell commands run on this machine (not the board) to switch the board."""

    on: str | None = None
    off: str | None = None
    cycle: str | None = None


@dataclass(frozen=True)
class Board:
    name: str
    target: str                     # canonical target name
    login: Endpoint
    jump: Endpoint | None
    work_dir: str                   # absolute path on the board; each run uses a subdirectory
    tags: tuple[str, ...]
    max_parallel_jobs: int          # concurrent runs the board's lock admits
    power: Power
    exec_wrapper: tuple[str, ...]   # test labs only: e.g. an emulator in front of the binary
    connect_timeout: float
    case_timeout: float | None      # None: the check's own per-case deadline
    run_timeout: float              # the whole run on this board
    retries: int                    # extra attempts after an infrastructure failure
    retry_delay: float
    lock_wait: float                # 0: fail at once when the board is busy
    source: Path


def boards_dir() -> Path:
    override = os.environ.get(BOARDS_ENV)
    return Path(override) if override else DEFAULT_BOARDS_DIR


def load_boards(directory: Path | None = None) -> dict[str, Board]:
    """Every board of the inventory, keyed by name (an empty inventory is fine)."""
    directory = directory or boards_dir()
    if not directory.is_dir():
        raise ConfigError(f"{directory}: board inventory directory does not exist")
    boards: dict[str, Board] = {}
    for path in sorted(directory.glob("*.yaml")):
        board = load_board(path)
        if board.name in boards:
            raise ConfigError(f"{path}: board '{board.name}' is also defined in "
                              f"{boards[board.name].source}")
        boards[board.name] = board
    return boards


def load_board(path: Path) -> Board:
    fields = load_and_validate(path, BOARD_SCHEMA)
    problems = _problems(fields)
    if problems:
        raise ConfigError("\n".join(f"{path}: {p}" for p in problems))
    try:
        target = resolve_target(fields["target"]).name
    except KilnError as err:
        raise ConfigError(f"{path}: key 'target': {err}") from None
    name = fields["name"]
    jump = fields["jump_host"]
    return Board(
        name=name, target=target,
        login=_endpoint(fields, f"board {name}", path),
        jump=_endpoint(jump, f"jump host of board {name}", path) if jump else None,
        work_dir=fields["work_dir"].rstrip("/") or "/",
        tags=tuple(fields["tags"]),
        max_parallel_jobs=fields["max_parallel_jobs"],
        power=Power(on=fields["power_on"], off=fields["power_off"],
                    cycle=fields["power_cycle"]),
        exec_wrapper=tuple(fields["exec_wrapper"]),
        connect_timeout=float(fields["connect_timeout"]),
        case_timeout=None if fields["case_timeout"] is None else float(fields["case_timeout"]),
        run_timeout=float(fields["run_timeout"]),
        retries=fields["retries"], retry_delay=float(fields["retry_delay"]),
        lock_wait=float(fields["lock_wait"]), source=path)


def select_boards(spec: str, target: str | None = None,
                  directory: Path | None = None) -> list[Board]:
    """`NAME` or `tag:TAG`; with a target, only boards of that target may be chosen."""
    boards = load_boards(directory)
    where = directory or boards_dir()
    if spec.startswith("tag:"):
        tag = spec[4:]
        tagged = [b for b in boards.values() if tag in b.tags]
        if not tagged:
            known = sorted({t for b in boards.values() for t in b.tags})
            raise ConfigError(f"no board in {where} has tag '{tag}'; known tags: "
                              f"{', '.join(known) or '(none)'}")
        chosen = [b for b in tagged if target is None or b.target == target]
        if not chosen:
            others = ", ".join(f"{b.name} ({b.target})" for b in tagged)
            raise ConfigError(f"no board with tag '{tag}' is a {target} board; "
                              f"tagged boards: {others}")
        return chosen
    if spec not in boards:
        raise ConfigError(f"unknown board '{spec}' in {where}; known boards: "
                          f"{', '.join(boards) or '(none)'}; use board=NAME or board=tag:TAG")
    board = boards[spec]
    if target is not None and board.target != target:
        raise ConfigError(f"board '{spec}' is a {board.target} board but target={target} "
                          f"was asked; use target={board.target}")
    return [board]


def _problems(fields: dict[str, Any]) -> list[str]:
    problems = []
    if not _NAME.match(fields["name"]):
        problems.append(f"key 'name': {fields['name']!r} must be letters, digits, '.', "
                        "'_' or '-'")
    for tag in fields["tags"]:
        if not _NAME.match(tag):
            problems.append(f"key 'tags': {tag!r} must be letters, digits, '.', '_' or '-'")
    if not fields["work_dir"].startswith("/"):
        problems.append(f"key 'work_dir': {fields['work_dir']!r} must be an absolute path "
                        "on the board")
    if fields["max_parallel_jobs"] < 1:
        problems.append("key 'max_parallel_jobs' must be at least 1")
    for key in ("retries", "retry_delay", "lock_wait"):
        if fields[key] < 0:
            problems.append(f"key '{key}' must not be negative")
    for key in ("connect_timeout", "run_timeout", "case_timeout"):
        if fields[key] is not None and fields[key] <= 0:
            problems.append(f"key '{key}' must be positive")
    problems += _login_problems(fields, "")
    if fields["jump_host"]:
        problems += _login_problems(fields["jump_host"], "jump_host.")
    return problems


def _login_problems(fields: dict[str, Any], prefix: str) -> list[str]:
    problems = []
    if not 0 < fields["port"] < 65536:
        problems.append(f"key '{prefix}port': {fields['port']} is not a TCP port")
    trust = [k for k in ("host_key_fingerprint", "known_hosts", "insecure_accept_host_key")
             if fields[k]]
    if not trust:
        problems.append(
            f"no way to verify the host key of {fields['host']}: set '{prefix}"
            "host_key_fingerprint' (SHA256:... from `ssh-keygen -lf`) or "
            f"'{prefix}known_hosts'; '{prefix}insecure_accept_host_key: true' is for "
            "throw-away test labs only")
    elif len(trust) > 1:
        problems.append(f"keys {', '.join(prefix + k for k in trust)} exclude each other; "
                        "keep one")
    fingerprint = fields["host_key_fingerprint"]
    if fingerprint and not fingerprint.startswith("SHA256:"):
        problems.append(f"key '{prefix}host_key_fingerprint': {fingerprint!r} must be a "
                        "SHA256 fingerprint as `ssh-keygen -lf` prints it (SHA256:...)")
    return problems


def _endpoint(fields: dict[str, Any], label: str, source: Path) -> Endpoint:
    def local_path(value: str) -> Path:
        # Relative paths are relative to the board file, so an inventory can carry its keys.
        return (source.parent / Path(value).expanduser()).resolve()

    known_hosts = fields["known_hosts"]
    return Endpoint(label=label, host=fields["host"], port=fields["port"],
                    user=fields["user"], key_file=local_path(fields["key_file"]),
                    host_key_fingerprint=fields["host_key_fingerprint"],
                    known_hosts=local_path(known_hosts) if known_hosts else None,
                    insecure_accept_host_key=fields["insecure_accept_host_key"])
