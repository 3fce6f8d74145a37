"""JIT parameters and `--jit` arguments (jit/metainterp/params.py): RPython's names and
defaults, clear errors with exit status 2, `--jit help`; the same behaviour translated
(x86_64 and 32-bit armel) as on CPython."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from jit.metainterp.params import (
    INT_PARAM_DEFAULTS, INT_PARAM_NAMES, JitParams, get_param, help_text,
    parse_jit_option, parse_number, set_enable_opts, set_param, strip_jit_args,
)
from jit.optimizer.optimizer import DEFAULT_ENABLE_OPTS
from targets.config import REPO_ROOT, load_targets
from targets.environments.host import HostEnvironment
from toolchain.driver import translate

VALID = ("threshold, function_threshold, trace_eagerness, trace_limit, decay, "
         "enable_opts, off, default, help")


def test_rpython_names_and_defaults() -> None:
    params = JitParams()
    assert (params.threshold, params.function_threshold, params.trace_eagerness,
            params.trace_limit, params.decay) == (1039, 1619, 200, 6000, 40)
    assert params.enable_opts == DEFAULT_ENABLE_OPTS
    assert params.enabled
    assert dict(zip(INT_PARAM_NAMES, INT_PARAM_DEFAULTS)) == {
        "threshold": 1039, "function_threshold": 1619, "trace_eagerness": 200,
        "trace_limit": 6000, "decay": 40}
    assert [get_param(params, n) for n in INT_PARAM_NAMES] == INT_PARAM_DEFAULTS
    assert get_param(params, "nope") == -1


def test_parse_several_items() -> None:
    params = JitParams()
    assert parse_jit_option(params, "threshold=3,function_threshold=3,trace_eagerness=2,"
                                    "trace_limit=100,decay=0") == ""
    assert [get_param(params, n) for n in INT_PARAM_NAMES] == [3, 3, 2, 100, 0]
    assert params.enabled


def test_spaces_around_items() -> None:
    params = JitParams()
    assert parse_jit_option(params, " threshold=3 , decay=5") == ""
    assert (params.threshold, params.decay) == (3, 5)
    assert "threshold= 3: the value must be" in parse_jit_option(params, "threshold= 3")


def test_off_then_default() -> None:
    params = JitParams()
    assert parse_jit_option(params, "off") == ""
    assert not params.enabled
    assert parse_jit_option(params, "threshold=5") == ""
    assert not params.enabled and params.threshold == 5
    assert parse_jit_option(params, "default,trace_limit=7") == ""
    assert params.enabled and params.threshold == 1039 and params.trace_limit == 7


@pytest.mark.parametrize("text,message", [
    ("treshold=5", "unknown JIT parameter 'treshold' (valid: " + VALID + ")"),
    ("threshold=abc", "threshold=abc: the value must be a whole number from 1 to 999999999"),
    ("threshold=-3", "threshold=-3: the value must be a whole number from 1 to 999999999"),
    ("threshold=+3", "threshold=+3: the value must be a whole number"),
    ("threshold=0", "threshold=0: the value must be a whole number from 1"),
    ("threshold=", "threshold=: the value must be a whole number"),
    ("threshold=1234567890", "threshold=1234567890: the value must be a whole number"),
    ("decay=1001", "decay=1001: the value must be a whole number from 0 to 1000"),
    ("threshold", "'threshold' is not NAME=VALUE, 'off' or 'default' (valid names: "
     + VALID + ")"),
    ("threshold=3,,decay=1", "empty item in the JIT options"),
    ("enable_opts=intbounds:fast", "enable_opts: unknown optimization 'fast' (known: "
     "intbounds, rewrite, virtualize, pure, heap, unroll)"),
])
def test_bad_items_name_the_problem_and_change_nothing(text: str, message: str) -> None:
    params = JitParams()
    before = vars(params).copy()
    error = parse_jit_option(params, "trace_limit=9," + text)
    assert message in error
    assert vars(params) == before


def test_enable_opts() -> None:
    params = JitParams()
    assert parse_jit_option(params, "enable_opts=intbounds:heap") == ""
    assert params.enable_opts == "intbounds:heap"
    assert parse_jit_option(params, "enable_opts=") == ""
    assert params.enable_opts == ""
    assert set_enable_opts(params, "nope") != "" and params.enable_opts == ""


def test_set_param_is_rpythons_hint() -> None:
    params = JitParams()
    assert set_param(params, "trace_eagerness", 2) == ""
    assert params.trace_eagerness == 2
    assert "unknown JIT parameter 'eagerness'" in set_param(params, "eagerness", 2)
    assert "from 0 to 1000" in set_param(params, "decay", -1)
    assert params.decay == 40


def test_parse_number() -> None:
    assert [parse_number(t) for t in ["0", "7", "999999999", "0012"]] == [0, 7, 999999999, 12]
    assert [parse_number(t) for t in ["", "1_000", " 5", "5 ", "1e3", "1234567890"]] == [-1] * 6


@pytest.mark.parametrize("argv,rest,threshold,enabled", [
    (["vm"], ["vm"], 1039, True),
    (["vm", "prog.b"], ["vm", "prog.b"], 1039, True),
    (["vm", "--jit", "threshold=3", "prog.b"], ["vm", "prog.b"], 3, True),
    (["vm", "--jit=threshold=4", "--jit", "off", "prog.b", "x"], ["vm", "prog.b", "x"], 4,
     False),
    # only before the program's own arguments
    (["vm", "prog.b", "--jit", "threshold=3"], ["vm", "prog.b", "--jit", "threshold=3"],
     1039, True),
    # `--` ends the JIT options and is removed; what follows is the program's
    (["vm", "--jit", "off", "--", "--jit", "x"], ["vm", "--jit", "x"], 1039, False),
    (["vm", "--", "--"], ["vm", "--"], 1039, True),
])
def test_strip_jit_args(argv: list[str], rest: list[str], threshold: int,
                        enabled: bool) -> None:
    params = JitParams()
    assert strip_jit_args(argv, params) == (rest, -1)
    assert params.threshold == threshold and params.enabled == enabled


def test_strip_errors_exit_2_with_a_message(capfd: pytest.CaptureFixture[str]) -> None:
    params = JitParams()
    _, status = strip_jit_args(["vm", "--jit", "threshold=x", "prog.b"], params)
    assert status == 2
    assert capfd.readouterr().err == ("error: --jit threshold=x: threshold=x: the value "
                                      "must be a whole number from 1 to 999999999\n")
    _, status = strip_jit_args(["vm", "--jit"], params)
    assert status == 2
    assert capfd.readouterr().err == "error: --jit needs a value (try --jit help)\n"
    assert params.threshold == 1039


def test_help_lists_every_parameter(capfd: pytest.CaptureFixture[str]) -> None:
    _, status = strip_jit_args(["vm", "--jit", "help", "prog.b"], JitParams())
    assert status == 0
    out = capfd.readouterr().out
    assert out == help_text()
    for name, default in zip(INT_PARAM_NAMES, INT_PARAM_DEFAULTS):
        assert f"\n {name}=N\n" in out
        assert f"(default {default})\n" in out
    assert "number of times a loop has to run for it to become hot (default 1039)" in out
    assert "enable_opts=NAME:NAME:...\n" in out and DEFAULT_ENABLE_OPTS in out
    assert "\n off\n    turn off the JIT\n" in out


# -- translated ---------------------------------------------------------------------------

DEMO = '''
import os
from jit.metainterp.params import JIT_PARAMS, set_param, strip_jit_args


def entry_point(argv):
    rest, status = strip_jit_args(argv, JIT_PARAMS)
    if status >= 0:
        return status
    p = JIT_PARAMS
    out = "threshold=%d function_threshold=%d trace_eagerness=%d trace_limit=%d" % (
        p.threshold, p.function_threshold, p.trace_eagerness, p.trace_limit)
    out += " decay=%d enable_opts=%s enabled=%d\\n" % (p.decay, p.enable_opts,
                                                     1 if p.enabled else 0)
    out += "argv: " + " ".join(rest[1:]) + "\\n"
    out += "set_param: [" + set_param(p, "decay", 2000) + "]\\n"
    os.write(1, out.encode("latin-1"))
    return 0
'''

CASES = [
    [],
    ["prog.b", "a"],
    ["--jit", "threshold=3,function_threshold=3,trace_eagerness=2", "prog.b"],
    ["--jit=off", "--jit", "enable_opts=intbounds:pure", "--", "--jit", "help"],
    ["--jit", "default, decay=1000", "prog.b", "--jit", "off"],
    ["--jit", "help"],
    ["--jit", "threshold=-1", "prog.b"],
    ["--jit", "trace_limit=12x"],
    ["--jit", "enable_opts=bogus"],
    ["--jit", "bogus=1"],
    ["--jit"],
]


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("params") / "params_demo.py"
    path.write_text(textwrap.dedent(DEMO))
    return path


def untranslated(demo: Path, args: list[str]) -> tuple[int, bytes, bytes]:
    done = subprocess.run([sys.executable, "-m", "targets.untranslated", str(demo), *args],
                          capture_output=True, cwd=REPO_ROOT, timeout=120)
    return done.returncode, done.stdout, done.stderr


@pytest.mark.parametrize("target_name", ["x86_64", "armel"])
def test_translated_agrees_with_cpython(target_name: str, demo: Path, tmp_path: Path) -> None:
    target = load_targets()[target_name]
    env = HostEnvironment()
    binary = tmp_path / "params_demo"
    env.compile(target, translate(demo, target, tmp_path / "c"), binary, REPO_ROOT / "build")
    expected = [untranslated(demo, args) for args in CASES]
    assert [e[0] for e in expected] == [0, 0, 0, 0, 0, 0, 2, 2, 2, 2, 2]
    with env.runner(target).session(binary, []) as session:
        for args, want in zip(CASES, expected):
            result = session.run(args, timeout=120)
            assert (result.returncode, result.stdout, result.stderr) == want, args
