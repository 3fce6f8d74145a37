"""Misused JIT hints are translation errors naming the problem and the place
(toolchain/jithints.py, and the flow builder for a missing green or red); the BF and
Ember interpreters pass every check."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from targets.config import REPO_ROOT, load_targets, resolve_target
from targets.environments.host import HostEnvironment
from toolchain.annotator.annotator import Annotator, entry_point_annotations
from toolchain.driver import load_module, translate
from toolchain.errors import TranslationError
from toolchain.jithints import check_jit_hints
from toolchain.rlib.jit import promote
from toolchain.rtyper.rtyper import RTyper

HEADER = """\
from toolchain.rlib.jit import JitDriver, promote

class Box:
    def __init__(self, value):
        self.value = value

"""


def check_file(module_path: Path, rtyped: bool) -> None:
    """Annotates the module from its entry_point (and rtypes it, if asked), then runs
    the hint checks."""
    module = load_module(module_path)
    annotator = Annotator(load_targets()["x86_64"])
    annotator.build_types(module.entry_point, entry_point_annotations())
    if rtyped:
        RTyper(annotator).specialize()
    check_jit_hints(annotator)


def line_of(source: str, fragment: str) -> int:
    """The line number of `fragment` in the module a Checker writes."""
    lines = (HEADER + textwrap.dedent(source)).splitlines()
    return next(i + 1 for i, line in enumerate(lines) if fragment in line)


class Checker:
    """Checks a program given as source, on annotated or on rtyped graphs."""

    def __init__(self, tmp_path: Path, rtyped: bool) -> None:
        self.module = tmp_path / "prog.py"
        self.rtyped = rtyped

    def __call__(self, source: str) -> None:
        self.module.write_text(HEADER + textwrap.dedent(source))
        check_file(self.module, self.rtyped)

    def error(self, source: str, *fragments: str) -> str:
        with pytest.raises(TranslationError) as info:
            self(source)
        message = str(info.value)
        for fragment in fragments:
            assert fragment in message, message
        return message


@pytest.fixture(params=[False, True], ids=["annotated", "rtyped"])
def check(request: pytest.FixtureRequest, tmp_path: Path) -> Checker:
    return Checker(tmp_path, request.param)


GOOD = """
    driver = JitDriver(greens=['pc', 'program'], reds=['acc'])

    def run(program):
        pc = 0
        acc = Box(0)
        while pc < len(program):
            driver.jit_merge_point(pc=pc, program=program, acc=acc)
            if program[pc] == 1:
                acc.value += 1
            pc += 1
            driver.can_enter_jit(pc=pc, program=program, acc=acc)
        return acc.value

    def entry_point(argv):
        return run([1, 0, 1])
    """


def test_a_correct_driver_passes(check: Checker) -> None:
    check(GOOD)


def test_two_merge_points_name_both_places(check: Checker) -> None:
    source = """
    driver = JitDriver(greens=['pc'], reds=['n'])

    def first(n):
        pc = 0
        while pc < n:
            driver.jit_merge_point(pc=pc, n=n)
            pc += 1
        return pc

    def second(n):
        pc = 0
        while pc < n:
            driver.jit_merge_point(pc=pc, n=n)
            pc += 2
        return pc

    def entry_point(argv):
        return first(3) + second(4)
    """
    lines = [i for i, line in enumerate((HEADER + textwrap.dedent(source)).splitlines(), 1)
             if "jit_merge_point" in line]
    message = check.error(source, "a second jit_merge_point()",
                           "a driver has exactly one", f"prog.py:{lines[1]}",
                           "in function 'second'", f"prog.py:{lines[0]}",
                           "in function 'first'")
    assert message.index(f"prog.py:{lines[1]}") < message.index(f"prog.py:{lines[0]}")


def test_merge_point_outside_a_loop(check: Checker) -> None:
    source = """
    driver = JitDriver(greens=['pc'], reds=['n'])

    def once(pc, n):
        driver.jit_merge_point(pc=pc, n=n)
        return pc + n

    def entry_point(argv):
        return once(0, len(argv))
    """
    check.error(source, f"prog.py:{line_of(source, 'jit_merge_point')}",
                 "in function 'once'", "jit_merge_point() is not inside a loop")


def test_can_enter_jit_without_merge_point(check: Checker) -> None:
    source = """
    driver = JitDriver(greens=['pc'], reds=['n'])

    def run(n):
        pc = 0
        while pc < n:
            pc += 1
            driver.can_enter_jit(pc=pc, n=n)
        return pc

    def entry_point(argv):
        return run(5)
    """
    check.error(source, f"prog.py:{line_of(source, 'can_enter_jit')}",
                 "can_enter_jit() of a JitDriver that has no jit_merge_point()")


def test_can_enter_jit_outside_the_portal(check: Checker) -> None:
    source = """
    driver = JitDriver(greens=['pc'], reds=['n'])

    def jump(pc, n):
        driver.can_enter_jit(pc=pc, n=n)
        return pc + 1

    def run(n):
        pc = 0
        while pc < n:
            driver.jit_merge_point(pc=pc, n=n)
            pc = jump(pc, n)
        return pc

    def entry_point(argv):
        return run(5)
    """
    check.error(source, f"prog.py:{line_of(source, 'can_enter_jit')}",
                 "in function 'jump'", "can_enter_jit() outside the function of its "
                 "jit_merge_point() ('run')")


def test_missing_red_is_reported_by_the_flow_builder(check: Checker) -> None:
    source = """
    driver = JitDriver(greens=['pc'], reds=['n', 'acc'])

    def run(n):
        pc = 0
        acc = 0
        while pc < n:
            driver.jit_merge_point(pc=pc, n=n)
            acc += pc
            pc += 1
        return acc

    def entry_point(argv):
        return run(5)
    """
    check.error(source, f"prog.py:{line_of(source, 'jit_merge_point')}",
                 "in function 'run'", "jit_merge_point() is missing the red variable 'acc'")


def test_live_variable_neither_green_nor_red(check: Checker) -> None:
    source = """
    driver = JitDriver(greens=['pc'], reds=['n', 'acc'])

    def run(n):
        pc = 0
        acc = 0
        scale = n * 2
        while pc < n:
            driver.jit_merge_point(pc=pc, n=n, acc=acc)
            acc += pc
            pc += 1
        return acc * scale

    def entry_point(argv):
        return run(5)
    """
    check.error(source, f"prog.py:{line_of(source, 'jit_merge_point')}",
                 "'scale' is live at jit_merge_point() but neither a green nor a red",
                 "greens: pc; reds: n, acc")


def test_dead_variable_need_not_be_listed(check: Checker) -> None:
    # `tmp` is assigned before every use, so it is dead at the merge point although the
    # flow graph carries it around the loop.
    check("""
    driver = JitDriver(greens=['pc'], reds=['n', 'acc'])

    def run(n):
        pc = 0
        acc = 0
        tmp = 0
        while pc < n:
            driver.jit_merge_point(pc=pc, n=n, acc=acc)
            tmp = pc * 3
            acc += tmp
            pc += 1
        return acc

    def entry_point(argv):
        return run(5)
    """)


def test_green_computed_from_a_red(check: Checker) -> None:
    source = """
    driver = JitDriver(greens=['pc'], reds=['n', 'acc'])

    def run(n):
        pc = 0
        acc = Box(0)
        while pc < n:
            driver.jit_merge_point(pc=pc, n=n, acc=acc)
            acc.value += 1
            pc = acc.value + 1
        return pc

    def entry_point(argv):
        return run(5)
    """
    check.error(source, f"prog.py:{line_of(source, 'pc = acc.value')}",
                 "the green 'pc' is not constant per loop",
                 "computed from 'acc', which is not a green", "promote()",
                 "the jit_merge_point is at",
                 f"prog.py:{line_of(source, 'jit_merge_point')} in function 'run'")


def test_green_assigned_a_red_directly_on_one_path(check: Checker) -> None:
    source = """
    driver = JitDriver(greens=['pc'], reds=['n'])

    def run(n):
        pc = 0
        while pc < 100:
            driver.jit_merge_point(pc=pc, n=n)
            if pc == 7:
                pc = n
            else:
                pc += 1
        return pc

    def entry_point(argv):
        return run(len(argv))
    """
    check.error(source, "the green 'pc' is not constant per loop",
                 "computed from 'n'")


def test_green_from_a_red_through_an_inner_loop(check: Checker) -> None:
    source = """
    driver = JitDriver(greens=['pc'], reds=['n'])

    def run(n):
        pc = 0
        while pc < 100:
            driver.jit_merge_point(pc=pc, n=n)
            k = n
            while k < 5:
                k += 1
            pc = k + 3
        return pc

    def entry_point(argv):
        return run(len(argv))
    """
    check.error(source, "the green 'pc' is not constant per loop", "computed from 'n'")


def test_green_checked_at_can_enter_jit(check: Checker) -> None:
    source = """
    driver = JitDriver(greens=['pc'], reds=['n'])

    def run(n):
        pc = 0
        while pc < 100:
            driver.jit_merge_point(pc=pc, n=n)
            pc = n
            driver.can_enter_jit(pc=pc, n=n)
            pc = 5
        return pc

    def entry_point(argv):
        return run(len(argv))
    """
    check.error(source, "the green 'pc' is not constant per loop",
                 "at can_enter_jit()", f"prog.py:{line_of(source, 'can_enter_jit')}")


@pytest.mark.parametrize("first,then", [("Box(0)", "Box(n)"), ("[0]", "[n, 1]"),
                                        ("{0: 1}", "{n: 1}")])
def test_green_freshly_allocated(check: Checker, first: str, then: str) -> None:
    source = f"""
    driver = JitDriver(greens=['key'], reds=['n'])

    def run(n):
        key = {first}
        while n < 10:
            driver.jit_merge_point(key=key, n=n)
            n += 1
            key = {then}
        return n

    def entry_point(argv):
        return run(5)
    """
    check.error(source, "the green 'key' is not constant per loop",
                "newly allocated object", f"prog.py:{line_of(source, 'key = ' + then)}")


def test_greens_from_greens_reads_and_promote_pass(check: Checker) -> None:
    check("""
    driver = JitDriver(greens=['pc', 'code', 'targets'], reds=['stack'])

    def run(code, targets):
        pc = 0
        stack = [0]
        while pc < len(code):
            driver.jit_merge_point(pc=pc, code=code, targets=targets, stack=stack)
            op = code[pc]
            if op == 1:
                pc = targets[pc]                # a read of a green with a green key
            elif op == 2:
                pc = promote(stack.pop())       # a computed jump, said so
            else:
                stack.append(pc)
                pc = pc + 1
        return len(stack)

    def entry_point(argv):
        return run([0, 0, 2, 0], {})
    """)


def test_green_set_in_an_except_handler_is_exempt(check: Checker) -> None:
    check("""
    driver = JitDriver(greens=['pc'], reds=['frame'])

    class Oops(Exception):
        pass

    def step(frame):
        if frame.value > 3:
            raise Oops()
        frame.value += 1

    def run(frame):
        pc = 0
        while pc < 10:
            driver.jit_merge_point(pc=pc, frame=frame)
            try:
                if pc == 5:
                    raise Oops()            # caught by a raise statement
                step(frame)                 # caught from a call
                pc += 1
            except Oops:
                pc = frame.value + 10
        return pc

    def entry_point(argv):
        return run(Box(0))
    """)


def test_green_of_a_function_kind(check: Checker) -> None:
    source = """
    driver = JitDriver(greens=['fn'], reds=['n'])

    def inc(x):
        return x + 1

    def run(n):
        fn = inc
        while n < 10:
            driver.jit_merge_point(fn=fn, n=n)
            n = fn(n)
        return n

    def entry_point(argv):
        return run(0)
    """
    check.error(source, f"prog.py:{line_of(source, 'jit_merge_point')}",
                 "the green 'fn' is function", "a green must be an int, bool, float, str")


@pytest.mark.parametrize("rtyped", [False, True], ids=["annotated", "rtyped"])
@pytest.mark.parametrize("interpreter", ["bf/bf.py", "ember/ember.py"])
def test_interpreters_pass(interpreter: str, rtyped: bool) -> None:
    check_file(REPO_ROOT / "interpreters" / interpreter, rtyped)


def test_translate_with_jit_reports_a_misuse(tmp_path: Path) -> None:
    """Through the front door: `python -m toolchain translate --jit` runs the checks and
    prints the error without a traceback, leaving no output behind."""
    source = """
    driver = JitDriver(greens=['pc'], reds=['n'])

    def run(n):
        pc = 0
        while pc < n:
            driver.jit_merge_point(pc=pc, n=n)
            pc = n - 1
        return pc

    def entry_point(argv):
        return run(len(argv))
    """
    module = tmp_path / "prog.py"
    module.write_text(HEADER + textwrap.dedent(source))
    out = tmp_path / "out"
    done = subprocess.run([sys.executable, "-m", "toolchain", "translate", str(module),
                           "-o", str(out), "--jit"], capture_output=True, text=True,
                          cwd=REPO_ROOT, timeout=120)
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    assert f"prog.py:{line_of(source, 'pc = n - 1')}: in function 'run'" in done.stderr
    assert "the green 'pc' is not constant per loop" in done.stderr
    assert not out.exists()


def test_promote_has_one_graph_per_argument_type(tmp_path: Path) -> None:
    """An instance's graph is keyed by the root of its class hierarchy, so promoting
    instances of two subclasses (whose annotation generalises to the base) shares one
    graph, while an unrelated class, an int and a str get their own."""
    module = tmp_path / "prog.py"
    module.write_text(HEADER + textwrap.dedent("""
    class Sub1(Box):
        pass

    class Sub2(Box):
        pass

    class Other:
        pass

    def entry_point(argv):
        a = promote(Sub1(1)).value + promote(Sub2(2)).value
        promote(Other())
        return a + promote(len(argv)) + len(promote(argv[0]))
    """))
    annotator = Annotator(load_targets()["x86_64"])
    annotator.build_types(load_module(module).entry_point, entry_point_annotations())
    RTyper(annotator).specialize()
    graphs = [g for g in annotator.graph_order if g.func is promote]
    kinds = sorted(annotator.binding(g.startblock.inputargs[0]).describe() for g in graphs)
    assert kinds == ["instance of Box", "instance of Other", "int", "str"], kinds


PROMOTES = """\
import os

from toolchain.rlib.jit import JitDriver, promote, set_param


class Box:
    def __init__(self, value):
        self.value = value


class Name:
    # unrelated to Box: one program promotes both (and ints, floats, bools, strs)
    def __init__(self, text):
        self.text = text


driver = JitDriver(greens=['pc'], reds=['n', 'acc', 'box', 'name', 'x'])


def run(n):
    pc = 0
    acc = 0
    box = Box(3)
    name = Name("four")
    x = 0.25
    while n > 0:
        driver.jit_merge_point(pc=pc, n=n, acc=acc, box=box, name=name, x=x)
        acc += promote(box).value + len(promote(name).text) + promote(n % 3)
        acc += int(promote(x) * 8.0)
        word = "ab" if n % 5 == 0 else "xyz"
        acc += len(promote(word))
        if promote(n % 7 == 0):
            acc += 100
        n -= 1
    return acc


def entry_point(argv):
    if len(argv) > 2:
        set_param(driver, "threshold", int(argv[2]))
    os.write(1, (str(run(int(argv[1]))) + "\\n").encode())
    return 0
"""


def test_promote_of_many_types_translates_and_jits(tmp_path: Path) -> None:
    """promote is specialised per argument type (toolchain/rlib/jit.py): one program
    promotes instances of two unrelated classes, an int, a float, a str and a bool.  The
    binary (with the JIT, traced after 5 iterations, and without it) prints what CPython
    does, and the trace guards on the promoted values."""
    module = tmp_path / "promotes.py"
    module.write_text(PROMOTES)
    program = load_module(module)
    target = resolve_target("x86_64")
    binary = tmp_path / "promotes"
    HostEnvironment().compile(target, translate(module, target, tmp_path / "c", jit=True),
                              binary, REPO_ROOT / "build")
    for n in (1, 300):
        expected = f"{program.run(n)}\n"
        plain = subprocess.run([str(binary), str(n)], capture_output=True, text=True,
                               check=True, timeout=60)
        assert plain.stdout == expected
        jitted = subprocess.run([str(binary), str(n), "5"], capture_output=True, text=True,
                                check=True, env={"KILNLOG": "jit-log-opt-loop:-"},
                                timeout=60)
        assert jitted.stdout == expected
    assert "guard_value" in jitted.stderr, jitted.stderr
    assert "# Loop 1" in jitted.stderr, jitted.stderr
