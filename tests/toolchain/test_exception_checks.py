"""Which calls genc follows with an exception check, and that leaving some out changes
nothing a program can see.

A call that may raise needs no check when only quiet arithmetic runs between it and
the function's return (`toolchain.rtyper.raising.propagating_calls`).  The program below
has functions where that holds and functions where it must not (a handler, a `finally`,
a side effect, a division or field read that would trap on the meaningless result, a
`raise` that would replace the pending exception, a loop).  Each test reads the
generated C, and the program's output, translated, must equal CPython's.

The same notion of a quiet operation lets `d[k] = f(d.get(k, 0))` probe the dict once
(the last tests, on a second program).
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import run_untranslated

from targets.config import REPO_ROOT

PROGRAM = '''
import os


class Box:
    def __init__(self, value):
        self.value = value


class Counter:
    def __init__(self):
        self.calls = 0


COUNTER = Counter()
LOG = []


def say(label, text):
    os.write(1, (label + " " + text + "\\n").encode("latin-1"))


def fail(n):
    if n < 0:
        raise ValueError
    return n


def fib(n):
    if n < 2:
        return n
    return fib(n - 1) + fib(n - 2)


def depth(n):
    if n == 0:
        return 0
    return depth(n - 1) + 1


# The next two recurse as deep as they are asked: gcc cannot turn their calls into loops
# (neither an exclusive or nor, without -ffast-math, a float sum is an accumulator it
# knows), so they reach the stack limit and raise RecursionError through frames that
# do not check.

def mix(n):
    if n == 0:
        return 0
    return mix(n - 1) ^ (n & 7)


def runaway(x):
    if x < 0.0:
        return x
    return runaway(x + 1.0) * 0.5 + 1.0


def branching(n):
    r = fail(n)
    if r > 10:
        return r * 2
    return -r


def is_even(n):
    if n == 0:
        return True
    return not is_odd(n - 1)


def is_odd(n):
    if n == 0:
        return False
    return not is_even(n - 1)


def handled(n):
    try:
        return fail(n) + 1
    except ValueError:
        return -1


def with_finally(n):
    r = 0
    try:
        r = fail(n) + 1
    finally:
        LOG.append(n)
    return r


def side_effect(n):
    r = fail(n)
    COUNTER.calls += 1
    return r


def divides(n):
    return 100 // fail(n)


def reads_field(n):
    return make_box(n).value + 1


def make_box(n):
    return Box(fail(n))


def raises_after(n):
    r = fail(n)
    if r == 0:
        raise KeyError
    return r


def loops_after(n):
    r = fail(n)
    total = 0
    while r > 0:
        total += r
        r -= 1
    return total


def shifts(n):
    return (fail(n) << 2) | (fail(n) >> n)


def attempt(name, function, n):
    try:
        say(name, str(function(n)))
    except ValueError:
        say(name, "ValueError")
    except KeyError:
        say(name, "KeyError")


def entry_point(argv):
    say("fib", str(fib(20)))
    for n in [12, 3, -1]:
        attempt("branching", branching, n)
    say("even", str(is_even(301)))
    for n in [4, 1, -2]:
        attempt("handled", handled, n)
        attempt("with_finally", with_finally, n)
        attempt("side_effect", side_effect, n)
        attempt("divides", divides, n)
        attempt("reads_field", reads_field, n)
        attempt("raises_after", raises_after, n)
        attempt("loops_after", loops_after, n)
        attempt("shifts", shifts, n)
    attempt("raises_after", raises_after, 0)
    say("log", str(len(LOG)))
    say("counter", str(COUNTER.calls))
    try:
        say("mix", str(mix(100000000)))
    except RecursionError:
        say("mix", "RecursionError")
    try:
        say("runaway", str(runaway(0.0)))
    except RecursionError:
        say("runaway", "RecursionError")
    say("mix", str(mix(500)))
    say("depth", str(depth(500)))
    say("fib", str(fib(15)))
    return 0
'''

# Function: how many of its calls are followed by an exception check.
CHECKED_CALLS = {
    "fib": 1,           # the first call only: the second call is followed by an add
    "depth": 0,
    "mix": 0,
    "runaway": 0,
    "branching": 0,     # a branch on the result, each side returning quiet arithmetic
    "is_even": 0,
    "is_odd": 0,
    "handled": 0,       # caught: the handler's test instead, see the next test
    "with_finally": 0,  # likewise: `finally` is a handler that re-raises
    "side_effect": 1,   # a field write between the call and the return
    "divides": 1,       # 100 // 0 would be fatal instead of the pending exception
    "reads_field": 1,   # reading a field of the NULL returned with the exception
    "make_box": 1,      # an allocation and a field write after the call
    "raises_after": 1,  # raising would replace the pending exception
    "loops_after": 1,   # a loop over a meaningless count
    "shifts": 2,        # a shift by a meaningless count is undefined in C; the first
                        # call also has the second after it
}
# The check that propagates (a handler's test goes on with `{` and a jump instead).
CHECK = "if (KILN_UNLIKELY(kiln_exc_value != NULL)) return"


@pytest.fixture(scope="module")
def program(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("exc") / "checks.py"
    path.write_text(PROGRAM)
    return path


def translate_c(module: Path, out: Path, target: str = "x86_64") -> str:
    done = subprocess.run([sys.executable, "-m", "toolchain", "translate", str(module),
                           "--target", target, "-o", str(out)],
                          capture_output=True, text=True, cwd=REPO_ROOT, timeout=300)
    assert done.returncode == 0, done.stderr
    return (out / f"{module.stem}.c").read_text()


def function_body(c_source: str, name: str) -> str:
    match = re.search(rf"^static [^\n(]*\bkiln_g_{name}\([^\n]*\) {{\n(.*?)^}}\n", c_source,
                      re.S | re.M)
    assert match, f"no function kiln_g_{name} in the generated C"
    return match.group(1)


def test_checks_follow_exactly_the_calls_that_need_them(program: Path,
                                                        tmp_path: Path) -> None:
    c_source = translate_c(program, tmp_path / "c")
    got = {name: function_body(c_source, name).count(CHECK) for name in CHECKED_CALLS}
    assert got == CHECKED_CALLS


def test_handlers_still_test_the_exception(program: Path, tmp_path: Path) -> None:
    c_source = translate_c(program, tmp_path / "c")
    for name in ("handled", "with_finally", "attempt"):
        assert "kiln_exc_value = NULL;" in function_body(c_source, name), name


def test_generated_c_is_deterministic(program: Path, tmp_path: Path) -> None:
    assert translate_c(program, tmp_path / "a") == translate_c(program, tmp_path / "b")


@pytest.mark.parametrize("target_name", ["x86_64", "i686", "aarch64"])
def test_translated_matches_cpython(program: Path, target_name: str, targets_by_name,
                                    build_and_run) -> None:
    expected = run_untranslated(program, [])
    assert b"mix RecursionError" in expected.stdout
    got = build_and_run(program, targets_by_name[target_name])
    assert got.stdout.decode() == expected.stdout.decode()
    assert got.returncode == expected.returncode == 0, got.stderr


# -- d[k] = f(d.get(k, 0)) in one probe (toolchain/genc/funcgen.py, fused_dict_updates) --

DICT_PROGRAM = '''
import os


def say(label, text):
    os.write(1, (label + " " + text + "\\\\n").encode("latin-1"))


def peek(d, k):
    if k in d:
        return 100
    return 0


def count(words):
    d = {}
    for w in words:
        d[w] = d.get(w, 0) + 1
    return d


def total(values):
    d = {}
    i = 0
    for x in values:
        k = i % 3
        d[k] = d.get(k, 0.0) + x
        i += 1
    return d


def negative_zero(keys):
    d = {}
    for k in keys:
        d[k] = d.get(k, -0.0) * 2.0
    return d


def starts_at_one(words):
    d = {}
    for w in words:
        d[w] = d.get(w, 1) * 2
    return d


def looks_between(words):
    d = {}
    for w in words:
        d[w] = d.get(w, 0) + peek(d, w)
    return d


def entry_point(argv):
    words = "a b a c b a".split()
    for w, n in count(words).items():
        say("count " + w, str(n))
    for k, v in total([0.5, 1.0, 2.0, 4.0]).items():
        say("total " + str(k), str(v))
    for k, v in negative_zero([1, 2, 1]).items():
        say("negative_zero " + str(k), str(v))
    for w, n in starts_at_one(words).items():
        say("starts_at_one " + w, str(n))
    for w, n in looks_between(words).items():
        say("looks_between " + w, str(n))
    return 0
'''

# Function: whether its get and setitem share one probe.
FUSED = {"count": True, "total": True, "negative_zero": False, "starts_at_one": False,
         "looks_between": False}


@pytest.fixture(scope="module")
def dict_program(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("dicts") / "dicts.py"
    path.write_text(DICT_PROGRAM)
    return path


def test_get_then_set_probes_once_only_where_nothing_can_tell(dict_program: Path,
                                                              tmp_path: Path) -> None:
    c_source = translate_c(dict_program, tmp_path / "c")
    got = {}
    for name in FUSED:
        body = function_body(c_source, name)
        got[name] = "kiln_fused0 = kiln_dict_insert_slot" in body
        assert ("kiln_dict_lookup" in body) != got[name], name
    assert got == FUSED


@pytest.mark.parametrize("target_name", ["x86_64", "armhf"])
def test_fused_dict_updates_match_cpython(dict_program: Path, target_name: str,
                                          targets_by_name, build_and_run) -> None:
    expected = run_untranslated(dict_program, [])
    assert b"negative_zero 1 -0.0" in expected.stdout
    got = build_and_run(dict_program, targets_by_name[target_name])
    assert got.stdout.decode() == expected.stdout.decode()
    assert got.returncode == expected.returncode == 0, got.stderr
