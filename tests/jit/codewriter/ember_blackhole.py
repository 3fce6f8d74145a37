"""Ember with its main loop run entirely by the blackhole interpreter: each bytecode of
the top-level frame is one run of the portal's jitcode from its merge point to the next,
so the jitcodes the codewriter makes for Ember are checked against Ember itself (calls
of guest functions re-enter the interpreter: the portal is residual inside itself).

At import time it annotates and rtypes Ember on its own (the JIT's pass 1) and makes
the jitcodes.  KILN_CW_TARGET names the target, KILN_CW_SCRATCH a scratch directory."""

import os
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[3] / "interpreters" / "ember"))

import ember  # noqa: E402
from em_builtins import ExitProgram, read_all  # noqa: E402
from em_lexer import SyntaxProblem  # noqa: E402
from ember import VM, Frame, GuestError  # noqa: E402

from jit.codewriter import jitcode as jc  # noqa: E402
from jit.metainterp import resoperation as rop  # noqa: E402
from jit.metainterp.blackhole import (  # noqa: E402
    BlackholeFrame, BlackholeInterpreter, BlackholeOutput,
)
from toolchain.rlib.rawmem import cast_instance_to_addr, restore_exception  # noqa: E402


def build():
    from jit.codewriter.callshapes import write_module
    from jit.codewriter.codewriter import CodeWriter
    from targets.config import load_targets
    from toolchain.driver import annotate_and_rtype

    target = load_targets()[os.environ.get("KILN_CW_TARGET", "x86_64")]
    annotator, rtyper, _ = annotate_and_rtype(ember.entry_point, target, {})
    codeset = CodeWriter(annotator, rtyper).make()
    scratch = Path(os.environ.get("KILN_CW_SCRATCH") or tempfile.mkdtemp())
    shapes = write_module(codeset, scratch / "ember_callshapes.py")
    return BlackholeInterpreter(codeset, shapes), codeset.drivers[0]


INTERP, INFO = build()


def set_operand(frame, kind, n, out, counts):
    """Puts the next out_* value of `kind` in operand n, if n is a register."""
    if kind == rop.FLOAT:
        value_f = out.out_f[counts[2]]
        counts[2] += 1
        if n < frame.jitcode.num_regs_f:
            frame.set_f(n, value_f)
    elif kind == rop.REF:
        value_r = out.out_r[counts[1]]
        counts[1] += 1
        if n < frame.jitcode.num_regs_r:
            frame.set_r(n, value_r)
    else:
        value_i = out.out_i[counts[0]]
        counts[0] += 1
        if n < frame.jitcode.num_regs_i:
            frame.set_i(n, value_i)


def run_in_blackhole(vm, frame):
    """execute(vm, frame), one merge point to the next in the blackhole."""
    portal = INFO.portal
    first = BlackholeFrame(portal)
    first.set_r(0, cast_instance_to_addr(vm))
    first.set_r(1, cast_instance_to_addr(frame))
    out = BlackholeOutput()
    status = INTERP.run([first], out)
    steps = 0
    while status == 1:
        steps += 1
        again = BlackholeFrame(portal)
        counts = [0, 0, 0]
        for k in range(len(INFO.green_kinds)):
            set_operand(again, INFO.green_kinds[k], INFO.green_regs[k], out, counts)
        for k in range(len(INFO.red_kinds)):
            set_operand(again, INFO.red_kinds[k], INFO.red_regs[k], out, counts)
        again.pc = jc.next_pc(portal.code, INFO.merge_point_pc)
        status = INTERP.run([again], out)
    if status == 3:
        restore_exception(out.exception)
    return steps


def entry_point(argv):
    path = argv[1]
    fd = os.open(path, os.O_RDONLY, 0)
    source = read_all(fd).decode("latin-1")
    os.close(fd)
    vm = VM(argv[2:])
    vm.run_prelude()
    try:
        code = vm.load(source)
    except SyntaxProblem as problem:
        return ember.error_exit(path + ": syntax error: " + problem.message, 2)
    try:
        steps = run_in_blackhole(vm, Frame(code, []))
    except GuestError as err:
        vm.flush()
        return ember.error_exit(vm.report(err), 1)
    except ExitProgram as done:
        vm.flush()
        return done.status
    vm.flush()
    os.write(2, ("blackhole steps: " + str(steps) + "\n").encode())
    return 0
