"""Run an interpreter untranslated on CPython, exactly as its translated binary is run.

    python -m targets.untranslated path/to/vm.py ARGS...

imports the module by path, calls `entry_point([path] + ARGS)` and exits with its
result. This is the oracle the corpus' expected outputs come from. It is also run as a
plain script (`python targets/untranslated.py ...`, which needs no working directory),
so it imports nothing from `targets` at module level.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

REPO_ROOT = Path(__file__).resolve().parent.parent


def load_module(path: Path) -> ModuleType:
    """Import the file at `path` as a fresh module, its directory first on sys.path
    (for sibling imports) and the repository root after it (for toolchain.rlib)."""
    directory = str(path.resolve().parent)
    # As a script, sys.path[0] is targets/, whose module names must not shadow the VM's.
    if sys.path and Path(sys.path[0] or ".").resolve() == Path(__file__).resolve().parent:
        sys.path.pop(0)
    sys.path.insert(0, directory)
    if str(REPO_ROOT) not in sys.path:
        sys.path.append(str(REPO_ROOT))
    spec = importlib.util.spec_from_file_location(path.stem, path)
    if spec is None or spec.loader is None:
        raise ImportError(f"cannot import {path}")
    module = importlib.util.module_from_spec(spec)
    sys.modules[path.stem] = module
    spec.loader.exec_module(module)
    return module


def main(argv: list[str]) -> int:
    if not argv or argv[0] in ("-h", "--help"):
        print(__doc__.strip().splitlines()[0])
        print("usage: python -m targets.untranslated path/to/vm.py ARGS...")
        return 0 if argv else 2
    path = Path(argv[0])
    if not path.is_file():
        print(f"error: {path}: no such interpreter module", file=sys.stderr)
        return 2
    if path.suffix != ".py":
        print(f"error: {path}: an interpreter module is a .py file", file=sys.stderr)
        return 2
    module = load_module(path)
    entry = getattr(module, "entry_point", None)
    if not callable(entry):
        print(f"error: {path} defines no entry_point(argv) function", file=sys.stderr)
        return 2
    result = entry([str(path), *argv[1:]])
    if not isinstance(result, int) or isinstance(result, bool):
        print(f"error: {path}: entry_point returned {result!r}, not an int", file=sys.stderr)
        return 2
    return result


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
