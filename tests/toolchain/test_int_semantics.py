"""Property tests of translated int arithmetic against a Python model of machine words.

Ints are the target's word and wrap like C's unsigned arithmetic; `//` and `%` keep
Python's floor semantics; `>>` is arithmetic.  One translated probe per word size reads
many operations from stdin per process, so hypothesis can try thousands of cases.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import SYSROOT_BUILD_DIR
from hypothesis import given, settings
from hypothesis import strategies as st

from targets.config import load_targets
from targets.environments.host import HostEnvironment
from toolchain.driver import translate

PROGRAMS = Path(__file__).parent / "programs"
PROBES = {False: PROGRAMS / "_intcalc.py", True: PROGRAMS / "_uintcalc.py"}
OPS = "+-*/%&|^<>"


def wrap(value: int, bits: int) -> int:
    half = 1 << (bits - 1)
    return ((value + half) % (1 << bits)) - half


def unsigned_model(op: str, a: int, b: int, bits: int) -> int:
    operations = {"+": lambda: a + b, "-": lambda: a - b, "*": lambda: a * b,
                  "/": lambda: a // b, "%": lambda: a % b, "&": lambda: a & b,
                  "|": lambda: a | b, "^": lambda: a ^ b, "<": lambda: a << b,
                  ">": lambda: a >> b}
    return operations[op]() & ((1 << bits) - 1)


def model(op: str, a: int, b: int, bits: int) -> int:
    if op == "+":
        return wrap(a + b, bits)
    if op == "-":
        return wrap(a - b, bits)
    if op == "*":
        return wrap(a * b, bits)
    if op == "/":
        return wrap(a // b, bits)
    if op == "%":
        return wrap(a % b, bits)
    if op == "&":
        return a & b
    if op == "|":
        return a | b
    if op == "^":
        return a ^ b
    if op == "<":
        return wrap(a << b, bits)
    return a >> b


def build_probe(target_name: str, unsigned: bool, tmp_path_factory: pytest.TempPathFactory):
    target = load_targets()[target_name]
    out = tmp_path_factory.mktemp(f"intcalc-{target.name}")
    env = HostEnvironment()
    translation = translate(PROBES[unsigned], target, out / "c")
    binary = out / "intcalc"
    env.compile(target, translation, binary, SYSROOT_BUILD_DIR)
    runner = env.runner(target)

    def run(cases: list[tuple[str, int, int]]) -> list[int]:
        stdin = "".join(f"{op} {a} {b}\n" for op, a, b in cases).encode()
        with runner.session(binary, []) as session:
            result = session.run([], stdin=stdin, timeout=60)
        assert result.returncode == 0, result.stderr
        return [int(line) for line in result.stdout.split()]

    return target.word_bits, run


@pytest.fixture(scope="module", params=["x86_64", "armhf", "i686"])
def probe(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory):
    return build_probe(request.param, False, tmp_path_factory)


@pytest.fixture(scope="module", params=["x86_64", "armel"])
def uprobe(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory):
    return build_probe(request.param, True, tmp_path_factory)


def cases(bits: int, unsigned: bool = False) -> st.SearchStrategy[list[tuple[str, int, int]]]:
    lo, hi = -(1 << (bits - 1)), (1 << (bits - 1)) - 1
    if unsigned:
        lo, hi = 0, (1 << bits) - 1
    edges = [lo, hi, 0, 1, 2] + ([] if unsigned else [-1, -2])
    word = st.one_of(st.integers(lo, hi), st.sampled_from(edges))

    def legal(case: tuple[str, int, int]) -> tuple[str, int, int]:
        op, a, b = case
        if op in "/%" and b == 0:
            b = 1
        if op in "<>":
            b = abs(b) % bits
        return op, a, b

    return st.lists(st.tuples(st.sampled_from(OPS), word, word).map(legal),
                    min_size=1, max_size=400)


@settings(max_examples=25, deadline=None)
@given(data=st.data())
def test_r_uint_ops_match_the_word_model(uprobe, data: st.DataObject) -> None:
    bits, run = uprobe
    batch = data.draw(cases(bits, unsigned=True))
    assert run(batch) == [unsigned_model(op, a, b, bits) for op, a, b in batch]


@settings(max_examples=25, deadline=None)
@given(data=st.data())
def test_int_ops_match_the_word_model(probe, data: st.DataObject) -> None:
    bits, run = probe
    batch = data.draw(cases(bits))
    assert run(batch) == [model(op, a, b, bits) for op, a, b in batch]


def test_known_edges(probe) -> None:
    bits, run = probe
    lo = -(1 << (bits - 1))
    batch = [("/", lo, -1), ("%", lo, -1), ("*", lo, -1), ("-", lo, 1), ("/", -7, 2),
             ("%", -7, 2), ("%", 7, -2), ("<", 1, bits - 1), (">", lo, bits - 1)]
    assert run(batch) == [model(op, a, b, bits) for op, a, b in batch]
