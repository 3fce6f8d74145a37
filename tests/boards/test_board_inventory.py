"""The board inventory: schema errors name the file and key, selection by name and tag,
and the shipped examples stay valid."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from targets.boards import DEFAULT_BOARDS_DIR, load_board, load_boards, select_boards
from targets.errors import ConfigError

pytestmark = pytest.mark.timeout(60)

VALID = {"name": "pi", "target": "arm64", "host": "pi.lab", "user": "kiln",
         "key_file": "keys/pi", "host_key_fingerprint": "SHA256:abc", "tags": ["lab"]}


def write(directory: Path, **fields) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    data = {**VALID, **fields}
    data = {k: v for k, v in data.items() if v is not None}
    path = directory / f"{data.get('name', 'noname')}.yaml"
    path.write_text(yaml.safe_dump(data))
    return path


def test_valid_board_gets_defaults_and_canonical_target(tmp_path):
    board = load_board(write(tmp_path))
    assert board.target == "aarch64"
    assert board.login.port == 22 and board.work_dir == "/tmp/kiln"
    assert board.login.key_file == (tmp_path / "keys" / "pi").resolve()
    assert board.retries == 2 and board.max_parallel_jobs == 1 and board.exec_wrapper == ()


@pytest.mark.parametrize("fields, message", [
    ({"host_key_fingerprint": None}, "no way to verify the host key"),
    ({"known_hosts": "kh"}, "exclude each other"),
    ({"host_key_fingerprint": "MD5:aa:bb"}, "must be a SHA256 fingerprint"),
    ({"target": "sparc"}, "unknown target 'sparc'"),
    ({"prot": 22}, "unknown key 'prot'"),
    ({"port": 70000}, "is not a TCP port"),
    ({"work_dir": "tmp/kiln"}, "must be an absolute path"),
    ({"max_parallel_jobs": 0}, "must be at least 1"),
    ({"user": None}, "missing required key 'user'"),
    ({"jump_host": {"host": "b", "user": "u", "key_file": "k"}},
     "jump_host.host_key_fingerprint"),
])
def test_schema_errors_name_file_and_key(tmp_path, fields, message):
    path = write(tmp_path, **fields)
    with pytest.raises(ConfigError) as err:
        load_board(path)
    assert message in str(err.value)
    assert str(path) in str(err.value)


def test_duplicate_names_are_rejected(tmp_path):
    write(tmp_path)
    (tmp_path / "copy.yaml").write_text((tmp_path / "pi.yaml").read_text())
    with pytest.raises(ConfigError, match="also defined in"):
        load_boards(tmp_path)


def test_selection_by_name_and_tag(tmp_path):
    write(tmp_path, name="a", tags=["lab", "fast"])
    write(tmp_path, name="b", tags=["lab"])
    write(tmp_path, name="c", target="armhf", tags=["lab"])
    assert [b.name for b in select_boards("a", "aarch64", tmp_path)] == ["a"]
    assert [b.name for b in select_boards("tag:lab", "aarch64", tmp_path)] == ["a", "b"]
    with pytest.raises(ConfigError, match="unknown board 'z'.*known boards: a, b, c"):
        select_boards("z", "aarch64", tmp_path)
    with pytest.raises(ConfigError, match="known tags: fast, lab"):
        select_boards("tag:slow", "aarch64", tmp_path)
    with pytest.raises(ConfigError, match="board 'c' is a armhf board"):
        select_boards("c", "aarch64", tmp_path)
    with pytest.raises(ConfigError, match="no board with tag 'fast' is a armhf board"):
        select_boards("tag:fast", "armhf", tmp_path)


def test_inventory_directory_from_environment(tmp_path, monkeypatch):
    write(tmp_path / "lab", name="envboard")
    monkeypatch.setenv("KILN_BOARDS", str(tmp_path / "lab"))
    assert list(load_boards()) == ["envboard"]
    monkeypatch.setenv("KILN_BOARDS", str(tmp_path / "missing"))
    with pytest.raises(ConfigError, match="does not exist"):
        load_boards()


def test_shipped_examples_are_valid_and_never_loaded():
    examples = sorted((DEFAULT_BOARDS_DIR / "examples").glob("*.yaml"))
    assert len(examples) >= 2
    for path in examples:
        assert "EXAMPLE" in path.read_text()
        load_board(path)
    assert not set(load_boards(DEFAULT_BOARDS_DIR)) & {load_board(p).name for p in examples}
