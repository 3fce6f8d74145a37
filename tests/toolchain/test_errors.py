"""Every mistake a user can make in the subset is a translation error with file:line,
the function and the construct, printed without a traceback, with a non-zero exit and
no output directory left behind."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from targets.config import REPO_ROOT


def translate_source(tmp_path: Path, source: str, *extra: str) -> tuple[subprocess.CompletedProcess[str], Path]:
    module = tmp_path / "prog.py"
    module.write_text(textwrap.dedent(source))
    out = tmp_path / "out"
    done = subprocess.run([sys.executable, "-m", "toolchain", "translate", str(module),
                           "-o", str(out), *extra], capture_output=True, text=True,
                          cwd=REPO_ROOT, timeout=120)
    return done, out


def expect_error(tmp_path: Path, source: str, *fragments: str, extra: tuple[str, ...] = ()) -> str:
    done, out = translate_source(tmp_path, source, *extra)
    assert done.returncode != 0
    assert "Traceback" not in done.stderr, done.stderr
    for fragment in fragments:
        assert fragment in done.stderr, done.stderr
    assert not out.exists(), "a failed translation left output behind"
    leftovers = [p for p in tmp_path.iterdir() if p.name.startswith(".out")]
    assert not leftovers
    return done.stderr


def test_unsupported_construct(tmp_path: Path) -> None:
    expect_error(tmp_path, """
        def entry_point(argv):
            with open("x") as f:
                pass
            return 0
        """, "prog.py:3", "in function 'entry_point'", "unsupported construct",
                 "With")


def test_nested_function_is_unsupported(tmp_path: Path) -> None:
    expect_error(tmp_path, """
        def entry_point(argv):
            f = lambda x: x
            return 0
        """, "prog.py:3", "nested function or class definition")


def test_type_clash_names_both_types_and_origins(tmp_path: Path) -> None:
    stderr = expect_error(tmp_path, """
        def pick(flag):
            if flag:
                x = 1
            else:
                x = b"one"
            return x

        def entry_point(argv):
            pick(len(argv) > 1)
            return 0
        """, "type clash", "int", "bytes", "prog.py:4", "prog.py:6")
    assert "in function 'pick'" in stderr


def test_list_item_clash(tmp_path: Path) -> None:
    expect_error(tmp_path, """
        def entry_point(argv):
            items = [1, 2]
            items.append(b"three")
            return 0
        """, "prog.py:4", "type clash", "items of a list", "int", "bytes")


def test_wrong_number_of_arguments(tmp_path: Path) -> None:
    expect_error(tmp_path, """
        def add(a, b):
            return a + b

        def entry_point(argv):
            return add(1)
        """, "prog.py:6", "add() missing required argument 'b'")
    expect_error(tmp_path, """
        def add(a, b):
            return a + b

        def entry_point(argv):
            return add(1, 2, 3)
        """, "prog.py:6", "add() takes 2 arguments but 3 were given")


def test_missing_attribute(tmp_path: Path) -> None:
    expect_error(tmp_path, """
        class Point:
            def __init__(self):
                self.x = 1

        def entry_point(argv):
            p = Point()
            return p.y
        """, "prog.py:8", "'Point' instances have no attribute 'y'")


def test_undefined_name(tmp_path: Path) -> None:
    expect_error(tmp_path, """
        def entry_point(argv):
            return undefined_thing + 1
        """, "prog.py:3", "name 'undefined_thing' is not defined")


def test_global_statement(tmp_path: Path) -> None:
    expect_error(tmp_path, """
        COUNT = 0

        def entry_point(argv):
            global COUNT
            COUNT = 1
            return 0
        """, "prog.py:5", "'global' is not supported")


def test_maybe_undefined_local(tmp_path: Path) -> None:
    expect_error(tmp_path, """
        def entry_point(argv):
            if len(argv) > 3:
                y = 1
            return y
        """, "prog.py:5", "local variable 'y' might be used before assignment")


def test_constant_too_big_for_32_bit_target(tmp_path: Path) -> None:
    source = """
        def entry_point(argv):
            return 5000000000 - 5000000000
        """
    expect_error(tmp_path, source, "does not fit in a 32-bit int of target 'armhf'",
                 extra=("--target", "armhf"))
    done, out = translate_source(tmp_path, source, "--target", "x86_64")
    assert done.returncode == 0, done.stderr


def test_unknown_target_lists_the_valid_ones(tmp_path: Path) -> None:
    stderr = expect_error(tmp_path, "def entry_point(argv):\n    return 0\n",
                          extra=("--target", "sparc"))
    for name in ("x86_64", "i686", "aarch64", "armhf", "armel-vfp", "armel", "arm64"):
        assert name in stderr


def test_missing_entry_point(tmp_path: Path) -> None:
    expect_error(tmp_path, "def main(argv):\n    return 0\n",
                 "has no function 'entry_point(argv)'")


def test_import_time_failure(tmp_path: Path) -> None:
    expect_error(tmp_path, "raise RuntimeError('boom')\n",
                 "importing", "RuntimeError: boom")


@pytest.mark.parametrize("target", ["x86_64", "armhf"])
def test_same_input_gives_identical_c(tmp_path: Path, target: str) -> None:
    bf = REPO_ROOT / "interpreters" / "bf" / "bf.py"
    outputs = []
    for i in range(2):
        out = tmp_path / f"out{i}"
        done = subprocess.run([sys.executable, "-m", "toolchain", "translate", str(bf),
                               "--target", target, "-o", str(out)],
                              capture_output=True, text=True, cwd=REPO_ROOT, timeout=120)
        assert done.returncode == 0, done.stderr
        outputs.append((out / "bf.c").read_bytes())
    assert outputs[0] == outputs[1]


def test_cli_help_describes_translate() -> None:
    done = subprocess.run([sys.executable, "-m", "toolchain", "translate", "--help"],
                          capture_output=True, text=True, cwd=REPO_ROOT, timeout=60)
    assert done.returncode == 0
    for word in ("--target", "-o", "--entry", "atomically"):
        assert word in done.stdout
