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


def test_global_mutated_after_import(tmp_path: Path) -> None:
    expect_error(tmp_path, """
        import os

        class Config:
            LEVEL = 1

        def entry_point(argv):
            Config.LEVEL = 2
            return 0
        """, "prog.py:8", "'Config.LEVEL' is a global that would be mutated after import")


def test_method_missing_on_builtin_type(tmp_path: Path) -> None:
    expect_error(tmp_path, """
        def entry_point(argv):
            s = argv[0]
            return len(s.casefold())
        """, "prog.py:4", "str has no method 'casefold'")


def test_unsupported_operator_names_the_types(tmp_path: Path) -> None:
    expect_error(tmp_path, """
        def entry_point(argv):
            return len(argv) + argv[0]
        """, "prog.py:3", "unsupported operation: '+' on (int, str)")


def test_non_constant_range_step(tmp_path: Path) -> None:
    expect_error(tmp_path, """
        def entry_point(argv):
            t = 0
            for i in range(0, 10, len(argv)):
                t += i
            return t
        """, "prog.py:4", "range() step must be a non-zero constant")


def test_unexpected_keyword_argument(tmp_path: Path) -> None:
    expect_error(tmp_path, """
        def f(a, b=2):
            return a + b

        def entry_point(argv):
            return f(1, c=3)
        """, "prog.py:6", "f() got an unexpected keyword argument 'c'")


def test_unsupported_dict_key_type(tmp_path: Path) -> None:
    expect_error(tmp_path, """
        def entry_point(argv):
            d = {}
            d[1.5] = 1
            return len(d)
        """, "prog.py:4", "dict keys may be int, str, bytes, instances or tuples, not float")


def test_raising_a_non_exception(tmp_path: Path) -> None:
    expect_error(tmp_path, """
        def entry_point(argv):
            if len(argv) > 5:
                raise len(argv)
            return 0
        """, "prog.py:4", "only exception instances can be raised, not int")


def test_except_needs_exception_classes(tmp_path: Path) -> None:
    expect_error(tmp_path, """
        def entry_point(argv):
            try:
                return len(argv)
            except len:
                return 1
        """, "prog.py:5", "an 'except' clause must name exception classes")


def test_method_used_as_a_value(tmp_path: Path) -> None:
    expect_error(tmp_path, """
        class A:
            def f(self):
                return 1

        def entry_point(argv):
            g = A().f
            return 0
        """, "prog.py:7", "method 'f' of 'A' used as a value")


def test_star_args_iterated_with_mixed_types(tmp_path: Path) -> None:
    expect_error(tmp_path, """
        def f(*args):
            n = 0
            for a in args:
                n += 1
            return n

        def entry_point(argv):
            return f(1, b"two")
        """, "prog.py:4", "the items of a tuple iterated over", "int", "bytes")


def test_fstring_format_spec(tmp_path: Path) -> None:
    expect_error(tmp_path, """
        def entry_point(argv):
            x = len(argv)
            s = f"{x:>4}"
            return 0
        """, "prog.py:4", "format spec in an f-string field")


def test_bare_raise_outside_except(tmp_path: Path) -> None:
    expect_error(tmp_path, """
        def entry_point(argv):
            raise
        """, "prog.py:3", "bare 'raise' outside an 'except' block")


def test_at_least_fifteen_error_kinds_are_tested() -> None:
    kinds = [name for name in globals() if name.startswith("test_") and name not in (
        "test_same_input_gives_identical_c", "test_cli_help_describes_translate",
        "test_at_least_fifteen_error_kinds_are_tested")]
    assert len(kinds) >= 15, kinds
