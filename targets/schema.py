"""A small validator for Kiln's YAML configs, where a schema is plain data.

A schema maps each allowed key to a field spec, a dict with:

- ``type``: ``"str"``, ``"int"``, ``"bool"``, ``"float"``, ``"list"`` or ``"mapping"``;
- ``default`` (optional): present means the key is optional and takes this value;
- ``nullable`` (optional, False): ``null`` is accepted;
- ``allowed`` (optional): the list of values accepted;
- ``items`` (``list`` only): the field spec every element must match;
- ``fields`` (``mapping`` only): a nested schema with fixed keys;
- ``values`` (``mapping`` only): the field spec for every value when keys are free
  (for example the boards of a lab, keyed by board name).

Unknown keys are errors. All problems of one file are reported together, each naming
the file, the key path and, where it helps, the allowed keys or values.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from targets.errors import ConfigError

Spec = dict[str, Any]
Schema = dict[str, Spec]

_PYTHON_TYPES: dict[str, type | tuple[type, ...]] = {
    "str": str,
    "int": int,
    "bool": bool,
    "float": (int, float),
    "list": list,
    "mapping": dict,
}


def load_yaml(path: Path) -> Any:
    """Parse one YAML file with `safe_load`; malformed YAML names the file and line."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as err:
        raise ConfigError(f"{path}: cannot read config file: {err.strerror}") from None
    try:
        return yaml.safe_load(text)
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        where = f"{path}:{mark.line + 1}:{mark.column + 1}" if mark else str(path)
        problem = getattr(err, "problem", None) or str(err)
        raise ConfigError(f"{where}: malformed YAML: {problem}") from None


def validate(data: Any, schema: Schema, source: str) -> dict[str, Any]:
    """Check `data` (a parsed YAML document) against `schema`.

    Returns a new dict with defaults filled in; raises `ConfigError` listing every
    problem found, each prefixed by `source` (usually the file name).
    """
    problems: list[str] = []
    result = _check_mapping(data, schema, "", problems)
    if problems:
        raise ConfigError("\n".join(f"{source}: {p}" for p in problems))
    return result


def load_and_validate(path: Path, schema: Schema) -> dict[str, Any]:
    """`load_yaml` then `validate`, with the file name as the source of errors."""
    return validate(load_yaml(path), schema, str(path))


def _check_mapping(data: Any, schema: Schema, prefix: str, problems: list[str]) -> dict[str, Any]:
    if not isinstance(data, dict):
        where = f"key '{prefix}'" if prefix else "the document"
        problems.append(f"{where} must be a mapping of keys to values, got {_describe(data)}")
        return {}
    result: dict[str, Any] = {}
    for key in data:
        if key not in schema:
            problems.append(
                f"unknown key '{prefix}{key}'; allowed keys: {', '.join(schema)}")
    for key, spec in schema.items():
        path = f"{prefix}{key}"
        if key in data:
            result[key] = _check_value(data[key], spec, path, problems)
        elif "default" in spec:
            result[key] = spec["default"]
        else:
            problems.append(f"missing required key '{path}'")
    return result


def _check_value(value: Any, spec: Spec, path: str, problems: list[str]) -> Any:
    if value is None:
        if spec.get("nullable", False):
            return None
        problems.append(f"key '{path}' must not be null; expected {spec['type']}")
        return None
    kind = spec["type"]
    expected = _PYTHON_TYPES[kind]
    # YAML `true` is a Python bool, which is also an int; never accept it as a number.
    if not isinstance(value, expected) or (kind in ("int", "float") and isinstance(value, bool)):
        problems.append(f"key '{path}' must be {_article(kind)}, got {_describe(value)}")
        return value
    if "allowed" in spec and value not in spec["allowed"]:
        allowed = ", ".join(str(a) for a in spec["allowed"])
        problems.append(f"key '{path}': {value!r} is not allowed; allowed values: {allowed}")
        return value
    if kind == "list" and "items" in spec:
        return [_check_value(item, spec["items"], f"{path}[{i}]", problems)
                for i, item in enumerate(value)]
    if kind == "mapping" and "fields" in spec:
        return _check_mapping(value, spec["fields"], f"{path}.", problems)
    if kind == "mapping" and "values" in spec:
        return {k: _check_value(v, spec["values"], f"{path}.{k}", problems)
                for k, v in value.items()}
    return value


def _article(kind: str) -> str:
    return {"int": "an int", "list": "a list", "mapping": "a mapping"}.get(kind, f"a {kind}")


def _describe(value: Any) -> str:
    names = {bool: "a bool", int: "an int", float: "a float", str: "a string",
             list: "a list", dict: "a mapping", type(None): "null"}
    return f"{names.get(type(value), type(value).__name__)} ({value!r})"
