"""The tracer, resume data and the warm state translated: the toy interpreter of
tracer_interp.py runs each program with the JIT (threshold 3, trace_eagerness 2) and
without, on the x86-64 backend, and prints both results and whether loops and bridges
were made.  Run untranslated and translated, the output must be the same."""

import os

from jit.backend.x86_64.assembler import CPU_X86_64
from jit.metainterp.blackhole import BlackholeInterpreter
from jit.metainterp.jitdriver import JitDriverStaticData
from jit.metainterp.params import JitParams
from tests.jit.metainterp import tracer_interp as toy
from toolchain.rlib.rawmem import malloc_function_address

# No CALL in these programs: a C function's address exists only translated.
CODESET = toy.build_portal(0)
SD = JitDriverStaticData(CODESET.drivers[0], CODESET, toy.Shapes())

PROGRAMS = [
    [toy.ADD, toy.DJNZ, toy.HALT],
    [toy.ADD, toy.PROMOTE, toy.CLASS, toy.BOX, toy.FADD, toy.DJNZ, toy.HALT],
    [toy.MULOVF, toy.DJNZ, toy.HALT],
    [toy.ADD, toy.BOX, toy.DJNZ, toy.HALT],
]
ARGS = [
    [3, 0, 0],
    [1, 0, 0, 0, 0, 0, 0],
    [7, 0, 0],
    [1, 0, 0, 0],
]


def entry_point(argv):
    params = JitParams()
    params.threshold = 3
    params.trace_eagerness = 2
    SD.params = params
    SD.set_cpu(CPU_X86_64(malloc_function_address()))
    interp = BlackholeInterpreter(CODESET, toy.Shapes())
    for i in range(len(PROGRAMS)):
        ops = PROGRAMS[i]
        args = ARGS[i]
        plain = toy.interpret(SD, interp, toy.make_program(ops, args), 1, 300,
                              toy.make_objects(), 0.25, False)
        jitted = toy.interpret(SD, interp, toy.make_program(ops, args), 1, 300,
                               toy.make_objects(), 0.25, True)
        line = "program %d: %d %d" % (i, plain, jitted)
        os.write(1, (line + "\n").encode("latin-1"))
    stats = SD.stats
    summary = "loops %s bridges %s aborts %d\n" % (
        str(stats.loops > 0), str(stats.bridges > 0), stats.total_aborts())
    os.write(1, summary.encode("latin-1"))
    return 0
