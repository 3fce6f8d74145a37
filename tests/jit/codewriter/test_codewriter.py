"""The codewriter's jitcodes, run in the blackhole interpreter, compute what the
functions compute on CPython (tests/jit/codewriter/cases.py); a portal's merge point
hands over its greens and reds; a portal the codewriter cannot encode is an error naming
the operation and its line."""

from __future__ import annotations

import textwrap
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from jit.codewriter import jitcode as jc
from jit.codewriter.callshapes import write_module
from jit.codewriter.codewriter import CodeWriter
from jit.codewriter.jitcode import JitCodeSet
from jit.metainterp import resoperation as rop
from jit.metainterp.blackhole import (
    MERGE_POINT, RETURNED, BlackholeFrame, BlackholeInterpreter, BlackholeOutput, run_jitcode,
)
from targets.config import load_targets
from toolchain.driver import annotate_and_rtype, load_module
from toolchain.errors import TranslationError
from toolchain.rlib.rarithmetic import intmask
from toolchain.rlib.rawmem import raw_malloc

CASES = Path(__file__).parent / "cases.py"
ROOTS = ["arith", "compare", "sum_to", "swap_loop", "fib", "calls", "residuals", "floats",
         "float_compares", "hints", "promote_refs", "jitted", "bools", "raw_memory"]


class Compiled:
    """The cases module's jitcodes and a blackhole interpreter over them."""

    def __init__(self, tmp: Path) -> None:
        self.module = load_module(CASES)
        annotator, rtyper, _ = annotate_and_rtype(self.module.entry_point,
                                                  load_targets()["x86_64"], {})
        graphs = {g.name: g for g in annotator.graph_order}
        self.writer = CodeWriter(annotator, rtyper)
        self.codeset: JitCodeSet = self.writer.make([graphs[name] for name in ROOTS])
        self.interp = BlackholeInterpreter(self.codeset,
                                           write_module(self.codeset, tmp / "shapes.py"))

    def jitcode(self, name: str) -> jc.JitCode:
        return next(j for j in self.codeset.jitcodes if j.name == name)

    def run(self, name: str, ints: list[int] = (), floats: list[float] = ()) -> Any:
        out = run_jitcode(self.interp, self.jitcode(name), list(ints), [], list(floats))
        assert out.status == RETURNED
        return out


@pytest.fixture(scope="module")
def compiled(tmp_path_factory: pytest.TempPathFactory) -> Compiled:
    return Compiled(tmp_path_factory.mktemp("cw"))


small = st.integers(min_value=-(1 << 20), max_value=1 << 20)
words = st.integers(min_value=-(1 << 63), max_value=(1 << 63) - 1)


@settings(max_examples=200, deadline=None)
@given(words, words)
def test_arith(compiled: Compiled, a: int, b: int) -> None:
    expected = intmask(compiled.module.arith(a, b))
    # the subset wraps each operation; CPython's big result wraps to the same word
    assert compiled.run("arith", [a, b]).result_i == expected


@settings(max_examples=200, deadline=None)
@given(small, small)
def test_compare_and_bools(compiled: Compiled, a: int, b: int) -> None:
    assert compiled.run("compare", [a, b]).result_i == compiled.module.compare(a, b)
    assert compiled.run("bools", [a, b]).result_i == compiled.module.bools(a, b)
    assert compiled.run("compare", [a, a]).result_i == compiled.module.compare(a, a)


@pytest.mark.parametrize("n", [0, 1, 7, 100])
def test_loops(compiled: Compiled, n: int) -> None:
    assert compiled.run("sum_to", [n]).result_i == compiled.module.sum_to(n)
    assert (compiled.run("swap_loop", [3, 5, n]).result_i
            == intmask(compiled.module.swap_loop(3, 5, n)))


def test_inline_calls(compiled: Compiled) -> None:
    assert compiled.run("fib", [12]).result_i == 144
    for a, b in [(0, 0), (3, -4), (1000, 7)]:
        assert compiled.run("calls", [a, b]).result_i == compiled.module.calls(a, b)
    # helper was inlined (it has a jitcode), fib calls itself by jitcode index
    assert any(j.name == "helper" for j in compiled.codeset.jitcodes)


def test_residual_calls(compiled: Compiled) -> None:
    for a, b in [(0, 0), (3, -4), (-1000, 7)]:
        assert compiled.run("residuals", [a, b]).result_i == compiled.module.residuals(a, b)
    names = [j.name for j in compiled.codeset.jitcodes]
    assert "opaque" not in names and "pure" not in names
    elidable = [d for d in compiled.codeset.descrs
                if isinstance(d, rop.CallDescr) and d.is_elidable]
    assert elidable, "pure() is called through an elidable CallDescr"
    called = {a.func.__name__ for a in compiled.writer.residual_functions}
    assert {"opaque", "pure"} <= called


floats = st.floats(min_value=-1e6, max_value=1e6)


@settings(max_examples=200, deadline=None)
@given(floats, floats, small)
def test_floats(compiled: Compiled, x: float, y: float, n: int) -> None:
    assert compiled.run("floats", [n], [x, y]).result_f == compiled.module.floats(x, y, n)
    assert (compiled.run("float_compares", [], [x, y]).result_i
            == compiled.module.float_compares(x, y))
    assert (compiled.run("float_compares", [], [x, x]).result_i
            == compiled.module.float_compares(x, x))


def opnames(jitcode: jc.JitCode) -> list[str]:
    code = jitcode.code
    pcs = [0]
    while pcs[-1] < len(code):
        pcs.append(jc.next_pc(code, pcs[-1]))
    return [jc.OPNAMES[code[pc]] for pc in pcs[:-1]]


def test_hints(compiled: Compiled) -> None:
    """promote takes any type: the annotator gives it a graph per argument type
    (specialize:argtype(0)) and each call becomes the promote op of its kind, promote_i
    for an int and a bool, promote_f for a float, promote_r for a str and instances of
    unrelated classes."""
    for a in (3, 20):
        assert compiled.run("hints", [a]).result_i == compiled.module.hints(a)
    promotes = [g for g in compiled.writer.annotator.graph_order
                if g.func is compiled.module.promote]
    assert len(promotes) == 6            # int, bool, float, str, Tag, Label
    assert [n for n in opnames(compiled.jitcode("hints")) if n.startswith("promote_")] == [
        "promote_i", "promote_i", "promote_f"]
    assert [n for n in opnames(compiled.jitcode("promote_refs"))
            if n.startswith("promote_")] == ["promote_r"] * 3


def test_we_are_jitted_is_true_in_jitcodes(compiled: Compiled) -> None:
    assert compiled.module.jitted(20) == 20          # CPython (and C) take the False branch
    assert compiled.run("jitted", [20]).result_i == 120


@pytest.mark.parametrize("n", [0, 1, 300, -5])
def test_raw_memory(compiled: Compiled, n: int) -> None:
    addr = raw_malloc(32)
    assert compiled.run("raw_memory", [addr, n]).result_i == compiled.module.raw_memory(
        raw_malloc(32), n)


def test_portal_merge_point(compiled: Compiled) -> None:
    """From the start, the portal stops at its first merge point with CPython's values;
    resumed just after it, at the next one, with the next iteration's values."""
    info = compiled.codeset.drivers[0]
    assert info.name == "jitdriver" or info.portal.name == "portal"
    assert info.green_kinds == [rop.INT]
    assert info.red_kinds == [rop.INT, rop.INT, rop.FLOAT]
    out = run_jitcode(compiled.interp, info.portal, [5], [], [3.0])
    assert out.status == MERGE_POINT
    assert (out.out_i, out.out_f) == ([0, 5, 0], [3.0])
    frame = BlackholeFrame(info.portal)
    for kind, reg, value in zip(info.green_kinds + info.red_kinds,
                                info.green_regs + info.red_regs, [0, 5, 0, 3.0]):
        if kind == rop.FLOAT:
            frame.set_f(reg, value)
        else:
            frame.set_i(reg, value)
    frame.pc = jc.next_pc(info.portal.code, info.merge_point_pc)
    again = BlackholeOutput()
    assert compiled.interp.run([frame], again) == MERGE_POINT
    assert (again.out_i, again.out_f) == ([1, 4, 5], [1.5])


UNSUPPORTED = """
    from toolchain.rlib.jit import JitDriver
    from toolchain.rlib.rawmem import cast_addr_to_instance, cast_instance_to_addr
    driver = JitDriver(greens=[], reds=["box", "n"])

    class Box:
        def __init__(self, value):
            self.value = value

    def loop(box, n):
        while n > 0:
            driver.jit_merge_point(box=box, n=n)
            box = cast_addr_to_instance(Box, cast_instance_to_addr(box) + 0)
            n -= 1
        return box.value

    def entry_point(argv):
        return loop(Box(len(argv)), 3)
"""


def test_unencodable_portal_names_the_operation(tmp_path: Path) -> None:
    source = tmp_path / "bad_portal.py"
    source.write_text(textwrap.dedent(UNSUPPORTED))
    module = load_module(source)
    annotator, rtyper, _ = annotate_and_rtype(module.entry_point, load_targets()["x86_64"],
                                              {})
    with pytest.raises(TranslationError) as info:
        CodeWriter(annotator, rtyper).make()
    message = str(info.value)
    assert "cast_int_to_ptr" in message and "bad_portal.py:13" in message
