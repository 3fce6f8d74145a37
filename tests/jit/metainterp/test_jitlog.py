"""KILNLOG (jit/metainterp/jitlog.py): PYPYLOG's syntax and prefix matching, the
jit-summary section in RPython's layout with real counts and exclusive timers,
jit-log-opt sections, jit-backend-dump files that the logged objdump command
disassembles; the same output translated (x86_64 and armel) as on CPython."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from jit.metainterp import jitlog
from jit.metainterp.jitlog import (
    BACKEND, GUARDS, OBJDUMP_X86_64, OPS, RECORDED_OPS, TOTAL_COMPILED_LOOPS, TRACING,
    JitLog,
)
from targets.config import REPO_ROOT, load_targets
from targets.environments.host import HostEnvironment
from toolchain.driver import translate
from toolchain.rlib.rawmem import raw_malloc, raw_store_byte

STAMP = re.compile(r"^\[([0-9a-f]+)\] ")
# PyPy's own parser of jit-summary (rpython/tool/jitlogparser), line by line.
RPYTHON_REGEXES = {
    "tracing": r"^Tracing:\s+(\d+)\s+([\d.]+)$",
    "backend": r"^Backend:\s+(\d+)\s+([\d.]+)$",
    "total": r"^TOTAL:\s+([\d.]+)$",
    "ops": r"^ops:\s+(\d+)$",
    "recorded_ops": r"^recorded ops:\s+(\d+)$",
    "calls": r"^\s+calls:\s+(\d+)$",
    "guards": r"^guards:\s+(\d+)$",
    "opt_ops": r"^opt ops:\s+(\d+)$",
    "opt_guards": r"^opt guards:\s+(\d+)$",
    "forcings": r"^forcings:\s+(\d+)$",
    "abort_too_long": r"^abort: trace too long:\s+(\d+)$",
    "abort_compiling": r"^abort: compiling:\s+(\d+)$",
    "abort_bad_loop": r"^abort: bad loop:\s+(\d+)$",
    "nvirtuals": r"^nvirtuals:\s+(\d+)$",
    "loops": r"^Total # of loops:\s+(\d+)$",
    "bridges": r"^Total # of bridges:\s+(\d+)$",
    "freed_loops": r"^Freed # of loops:\s+(\d+)$",
    "freed_bridges": r"^Freed # of bridges:\s+(\d+)$",
}


def configured(spec: str | None) -> JitLog:
    log = JitLog()
    log.configure(spec)
    return log


def sections(text: str) -> dict[str, list[str]]:
    """Each section's body lines; also checks the start/stop lines and timestamps."""
    found: dict[str, list[str]] = {}
    stamps = []
    current = None
    for line in text.splitlines():
        stamp = STAMP.match(line)
        if stamp:
            stamps.append(int(stamp.group(1), 16))
            rest = line[stamp.end():]
            if rest.startswith("{"):
                assert current is None
                current = rest[1:]
                found[current] = []
            else:
                assert rest == current + "}"
                current = None
        else:
            assert current is not None, line
            found[current].append(line)
    assert current is None
    assert stamps == sorted(stamps)
    return found


@pytest.mark.parametrize("spec,on,off", [
    ("jit-summary:-", ["jit-summary"], ["jit-log-opt-loop", "jit-backend-dump"]),
    ("jit:-", ["jit-summary", "jit-log-opt-loop", "jit-log-opt-bridge",
               "jit-backend-dump"], ["gc-collect"]),
    ("jit-log-opt,jit-backend:-", ["jit-log-opt-loop", "jit-log-opt-bridge",
                                   "jit-backend-dump"], ["jit-summary"]),
    (":-", [], ["jit-summary"]),
    ("", [], ["jit-summary"]),
    (None, [], ["jit-summary"]),
])
def test_sections_by_prefix(spec: str | None, on: list[str], off: list[str]) -> None:
    log = configured(spec)
    assert [s for s in on + off if log.enabled(s)] == on


def test_a_spec_without_colon_warns_and_logs_nothing(capfd: pytest.CaptureFixture[str]) -> None:
    log = configured("jit-summary")
    assert not log.enabled("jit-summary")
    assert "KILNLOG: expected SECTIONS:FILE" in capfd.readouterr().err


def test_an_unopenable_file_falls_back_to_stderr(capfd: pytest.CaptureFixture[str],
                                                 tmp_path: Path) -> None:
    log = configured(f"jit-summary:{tmp_path}/no/such/dir/log")
    log.finish()
    err = capfd.readouterr().err
    assert "KILNLOG: cannot open" in err and "; logging on stderr" in err
    assert "{jit-summary" in err


def test_a_failing_log_does_not_stop_the_program(tmp_path: Path) -> None:
    log = configured(f"jit-summary:{tmp_path / 'log'}")
    os.close(log.fd)                    # writes now fail with EBADF
    log.write_section("jit-summary", "lost\n")
    log.finish()
    assert not log.enabled("jit-summary")


def test_summary_in_rpython_layout(tmp_path: Path) -> None:
    path = tmp_path / "log"
    log = configured(f"jit-summary:{path}")
    for _ in range(3):
        log.start_timer(TRACING)
        log.count(OPS, 10)
        log.count(RECORDED_OPS, 7)
        log.count(GUARDS, 2)
        log.stop_timer(TRACING)
    log.start_timer(BACKEND)
    log.stop_timer(BACKEND)
    log.count(TOTAL_COMPILED_LOOPS, 1)
    log.abort(jitlog.ABORT_TOO_LONG)
    log.abort(jitlog.ABORT_TOO_LONG)
    log.abort("green not constant")
    log.finish()
    body = sections(path.read_text())["jit-summary"]
    values = {}
    for line in body:
        matched = [k for k, rx in RPYTHON_REGEXES.items() if re.match(rx, line)]
        if matched:
            values[matched[0]] = re.match(RPYTHON_REGEXES[matched[0]], line).groups()
    assert set(values) == set(RPYTHON_REGEXES)
    assert values["tracing"][0] == "3" and values["backend"][0] == "1"
    assert values["ops"] == ("30",) and values["recorded_ops"] == ("21",)
    assert values["guards"] == ("6",) and values["loops"] == ("1",)
    assert values["abort_too_long"] == ("2",) and values["abort_bad_loop"] == ("0",)
    assert "abort: green not constant:\t1" in body
    # RPython's exact padding: a name, a colon, spaces up to a column, then tabs.
    assert body[0].startswith("Tracing:      \t3\t")
    assert body[2].startswith("TOTAL:      \t\t")
    assert "recorded ops:    \t21" in body and "  calls:         \t0" in body
    assert "abort: bad loop: \t0" in body and "Total # of loops:\t1" in body
    assert body.index("ops:             \t30") < body.index("abort: trace too long:\t2")


def test_timers_are_exclusive() -> None:
    log = configured(None)
    log.start_timer(TRACING)
    time.sleep(0.05)
    log.start_timer(BACKEND)
    time.sleep(0.1)
    log.stop_timer(BACKEND)
    time.sleep(0.05)
    log.stop_timer(TRACING)
    time.sleep(0.05)
    assert 0.09 < log.times[TRACING] < 0.2
    assert 0.09 < log.times[BACKEND] < 0.2
    assert log.timer_counts == [1, 1]
    log.start_timer(TRACING)
    log.stop_timer(TRACING)
    assert log.timer_counts == [2, 1] and log.times[TRACING] < 0.2


def test_log_loop_and_bridge(tmp_path: Path) -> None:
    path = tmp_path / "log"
    log = configured(f"jit-log-opt-loop,jit-log-opt-bridge:{path}")
    trace = "[i0]\n# bf @3 +\ni1 = int_add(i0, 1)\njump(i1)\n"
    log.log_loop("loop", 4, "bf @3 +", trace)
    log.log_loop("bridge", 17, "bf @9 ]", "[i0]\nfinish(i0)")
    log.finish()
    found = sections(path.read_text())
    assert found["jit-log-opt-loop"] == ["# Loop 4 (bf @3 +) : loop with 2 ops", "[i0]",
                                         "# bf @3 +", "i1 = int_add(i0, 1)", "jump(i1)"]
    assert found["jit-log-opt-bridge"] == ["# bridge out of Guard 0x11 with 1 ops",
                                           "# bf @9 ]", "[i0]", "finish(i0)"]


def test_disabled_sections_write_nothing(capfd: pytest.CaptureFixture[str]) -> None:
    log = configured("jit-summary:-")
    log.log_loop("loop", 0, "", "[i0]\njump(i0)\n")
    log.dump_code(raw_malloc(8), 8, OBJDUMP_X86_64)
    assert capfd.readouterr().err == ""
    log.finish()
    assert "{jit-summary" in capfd.readouterr().err


MOV_RAX_42_RET = [0x48, 0xC7, 0xC0, 0x2A, 0x00, 0x00, 0x00, 0xC3]


def test_backend_dump_disassembles_with_the_logged_command(tmp_path: Path) -> None:
    path = tmp_path / "log"
    log = configured(f"jit-backend-dump:{path}")
    address = raw_malloc(len(MOV_RAX_42_RET))
    for i, byte in enumerate(MOV_RAX_42_RET):
        raw_store_byte(address, i, byte)
    log.dump_code(address, len(MOV_RAX_42_RET), OBJDUMP_X86_64)
    log.finish()
    body = sections(path.read_text())["jit-backend-dump"]
    binfile = Path(f"{path}.0.bin")
    assert body[0] == f"CODE_DUMP @{address:x} +0 8 bytes in {binfile}"
    assert list(binfile.read_bytes()) == MOV_RAX_42_RET
    assert body[1] == f"{OBJDUMP_X86_64} --adjust-vma=0x{address:x} {binfile}"
    if shutil.which("objdump") is None:
        pytest.fail("objdump is not installed (bootstrap.sh installs binutils)")
    listing = subprocess.run(body[1], shell=True, capture_output=True, text=True,
                             check=True).stdout
    assert re.search(rf"{address:x}:\s+48 c7 c0 2a 00 00 00\s+mov\s+\$0x2a,%rax", listing)
    assert re.search(rf"{address + 7:x}:\s+c3\s+ret", listing)


# -- translated ---------------------------------------------------------------------------

DEMO = '''
import os
from jit.metainterp import jitlog
from jit.metainterp.jitlog import JITLOG, finish_jitlog, start_jitlog
from jit.metainterp.resoperation import (INT, INT_ADD, JUMP, LABEL, ConstInt, InputArg,
                                         ResOperation, TargetToken, format_trace)
from toolchain.rlib.rawmem import raw_malloc, raw_store_byte

CODE = [0x48, 0xC7, 0xC0, 0x2A, 0x00, 0x00, 0x00, 0xC3]


def entry_point(argv):
    start_jitlog()
    for i in range(5):
        JITLOG.start_timer(jitlog.TRACING)
        JITLOG.count(jitlog.OPS, 3)
        JITLOG.count(jitlog.RECORDED_OPS, 2)
        JITLOG.count(jitlog.CALLS, 1)
        JITLOG.start_timer(jitlog.BACKEND)
        JITLOG.count(jitlog.OPT_OPS, 1)
        JITLOG.stop_timer(jitlog.BACKEND)
        JITLOG.stop_timer(jitlog.TRACING)
    JITLOG.count(jitlog.TOTAL_COMPILED_LOOPS, 2)
    JITLOG.count(jitlog.TOTAL_COMPILED_BRIDGES, 3)
    JITLOG.abort(jitlog.ABORT_BAD_LOOP)
    JITLOG.abort("portal returned while tracing")
    i0 = InputArg(INT, 0)
    token = TargetToken(0)
    i1 = ResOperation(INT_ADD, [i0, ConstInt(1)], None)
    ops = [ResOperation(LABEL, [i0], token), i1, ResOperation(JUMP, [i1], token)]
    JITLOG.log_loop("loop", 0, "demo @0", format_trace([i0], ops))
    address = raw_malloc(len(CODE))
    for i in range(len(CODE)):
        raw_store_byte(address, i, CODE[i])
    JITLOG.dump_code(address, len(CODE), jitlog.OBJDUMP_X86_64)
    os.write(1, b"done\\n")
    finish_jitlog()
    return 0
'''


def normalized(text: str) -> str:
    text = re.sub(r"\[[0-9a-f]+\] ", "[T] ", text)
    text = re.sub(r"\d+\.\d{6}", "S", text)
    return re.sub(r"(CODE_DUMP @|--adjust-vma=0x)[0-9a-f]+", r"\1ADDR", text)


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("jitlog") / "jitlog_demo.py"
    path.write_text(textwrap.dedent(DEMO))
    return path


@pytest.mark.parametrize("target_name", ["x86_64", "armel"])
def test_translated_log_equals_cpython(target_name: str, demo: Path, tmp_path: Path,
                                       monkeypatch: pytest.MonkeyPatch) -> None:
    target = load_targets()[target_name]
    env = HostEnvironment()
    binary = tmp_path / "jitlog_demo"
    env.compile(target, translate(demo, target, tmp_path / "c"), binary, REPO_ROOT / "build")
    logs = {}
    for kind in ("cpython", "translated"):
        log = tmp_path / f"{kind}.log"
        monkeypatch.setenv("KILNLOG", f"jit:{log}")
        if kind == "cpython":
            done = subprocess.run([sys.executable, "-m", "targets.untranslated", str(demo)],
                                  capture_output=True, cwd=REPO_ROOT, timeout=120)
            outcome = (done.returncode, done.stdout, done.stderr)
        else:
            with env.runner(target).session(binary, []) as session:
                result = session.run([], timeout=120)
            outcome = (result.returncode, result.stdout, result.stderr)
        assert outcome == (0, b"done\n", b"")
        text = log.read_text()
        found = sections(text)
        assert list(Path(f"{log}.0.bin").read_bytes()) == MOV_RAX_42_RET
        assert "Tracing:      \t5\t" in found["jit-summary"][0]
        logs[kind] = normalized(text.replace(str(log), "LOG"))
    assert logs["translated"] == logs["cpython"]
    assert "abort: portal returned while tracing:\t1\n" in logs["cpython"]
    assert "# Loop 0 (demo @0) : loop with 3 ops\n" in logs["cpython"]
