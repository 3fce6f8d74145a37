"""The generic config validator: every kind of mistake gets a message naming the file,
the key and (where there are some) the allowed values."""

from __future__ import annotations

from pathlib import Path

import pytest

from targets.errors import ConfigError
from targets.schema import load_and_validate, load_yaml, validate

SCHEMA = {
    "name": {"type": "str"},
    "bits": {"type": "int", "allowed": [32, 64]},
    "abi": {"type": "str", "allowed": ["hard", "soft"], "default": "hard"},
    "flags": {"type": "list", "items": {"type": "str"}, "default": []},
    "cpu": {"type": "str", "nullable": True, "default": None},
    "fpu": {"type": "bool", "default": True},
    "ssh": {"type": "mapping", "default": {},
            "fields": {"host": {"type": "str"}, "port": {"type": "int", "default": 22}}},
    "boards": {"type": "mapping", "default": {}, "values": {"type": "list",
                                                            "items": {"type": "str"}}},
}


def test_valid_document_gets_defaults() -> None:
    result = validate({"name": "x", "bits": 32, "ssh": {"host": "pi"}}, SCHEMA, "f.yaml")
    assert result == {"name": "x", "bits": 32, "abi": "hard", "flags": [], "cpu": None,
                      "fpu": True, "ssh": {"host": "pi", "port": 22}, "boards": {}}


def test_unknown_key_names_file_key_and_allowed_keys() -> None:
    with pytest.raises(ConfigError) as err:
        validate({"name": "x", "bits": 32, "qemu_cp": "a53"}, SCHEMA, "configs/t.yaml")
    message = str(err.value)
    assert message.startswith("configs/t.yaml: unknown key 'qemu_cp'; allowed keys: name, bits")
    assert "boards" in message


def test_wrong_type() -> None:
    with pytest.raises(ConfigError, match=r"^t\.yaml: key 'bits' must be an int, got a string \('32'\)$"):
        validate({"name": "x", "bits": "32"}, SCHEMA, "t.yaml")


def test_bool_is_not_an_int() -> None:
    with pytest.raises(ConfigError, match="key 'bits' must be an int, got a bool"):
        validate({"name": "x", "bits": True}, SCHEMA, "t.yaml")


def test_value_not_allowed_lists_allowed_values() -> None:
    with pytest.raises(ConfigError) as err:
        validate({"name": "x", "bits": 32, "abi": "hardfp"}, SCHEMA, "t.yaml")
    assert str(err.value) == ("t.yaml: key 'abi': 'hardfp' is not allowed; "
                              "allowed values: hard, soft")


def test_missing_required_key_and_null() -> None:
    with pytest.raises(ConfigError) as err:
        validate({"bits": None}, SCHEMA, "t.yaml")
    lines = str(err.value).splitlines()
    assert "t.yaml: missing required key 'name'" in lines
    assert "t.yaml: key 'bits' must not be null; expected int" in lines


def test_nested_paths_are_named() -> None:
    data = {"name": "x", "bits": 64, "flags": ["-O2", 3], "ssh": {"hots": "pi"},
            "boards": {"pi4": ["a", False]}}
    with pytest.raises(ConfigError) as err:
        validate(data, SCHEMA, "t.yaml")
    message = str(err.value)
    assert "key 'flags[1]' must be a str, got an int (3)" in message
    assert "unknown key 'ssh.hots'; allowed keys: host, port" in message
    assert "missing required key 'ssh.host'" in message
    assert "key 'boards.pi4[1]' must be a str, got a bool (False)" in message


def test_document_must_be_a_mapping() -> None:
    with pytest.raises(ConfigError, match="the document must be a mapping"):
        validate(["a"], SCHEMA, "t.yaml")


def test_malformed_yaml_names_file_and_line(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("name: x\nbits: [32\nabi: hard\n")
    with pytest.raises(ConfigError) as err:
        load_yaml(bad)
    assert str(err.value).startswith(f"{bad}:3:")
    assert "malformed YAML" in str(err.value)


def test_unreadable_file(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="cannot read config file"):
        load_and_validate(tmp_path / "missing.yaml", SCHEMA)


def test_load_and_validate_uses_file_name(tmp_path: Path) -> None:
    path = tmp_path / "t.yaml"
    path.write_text("name: x\nbits: 16\n")
    with pytest.raises(ConfigError, match=rf"^{path}: key 'bits': 16 is not allowed; allowed values: 32, 64$"):
        load_and_validate(path, SCHEMA)
