"""A subset program that runs the codewriter's jitcodes for heap_cases.py in the blackhole
interpreter, translated, and prints each result next to the function's own.

At import time (translation's pass 1 for this program) it annotates and rtypes
heap_cases on its own, as the JIT's pass 1 does, and makes the jitcodes: they become
prebuilt data of this program.  KILN_CW_TARGET names the target (the word size matters),
KILN_CW_SCRATCH the directory for the generated callshapes module."""

import os
import tempfile
from pathlib import Path

import heap_cases
from heap_cases import (
    Oops, Point, divisions, float_list, list_ops, make_point, outer_catcher, pick,
    pairs, pops_and_strs, shapes, str_ops, thrower,
)

from jit.metainterp.blackhole import BlackholeInterpreter, run_jitcode
from toolchain.rlib.rawmem import cast_addr_to_instance, cast_instance_to_addr

ROOTS = ["make_point", "pick", "list_ops", "float_list", "str_ops", "divisions", "shapes",
         "outer_catcher", "pops_and_strs", "thrower", "pairs"]


def build():
    from jit.codewriter.callshapes import write_module
    from jit.codewriter.codewriter import CodeWriter
    from targets.config import load_targets
    from toolchain.driver import annotate_and_rtype

    target = load_targets()[os.environ.get("KILN_CW_TARGET", "x86_64")]
    annotator, rtyper, _ = annotate_and_rtype(heap_cases.entry_point, target, {})
    graphs = {g.name: g for g in annotator.graph_order}
    codeset = CodeWriter(annotator, rtyper).make([graphs[name] for name in ROOTS])
    scratch = Path(os.environ.get("KILN_CW_SCRATCH") or tempfile.mkdtemp())
    shapes = write_module(codeset, scratch / "heap_callshapes.py")
    jitcodes = {j.name: j for j in codeset.jitcodes}
    return BlackholeInterpreter(codeset, shapes), [jitcodes[name] for name in ROOTS]


INTERP, JITCODES = build()


def show(name, jit, direct):
    os.write(1, (name + " " + jit + " " + direct + "\n").encode())


def entry_point(argv):
    k = len(argv)
    show("make_point", str(run_jitcode(INTERP, JITCODES[0], [k, -3], [], []).result_i),
         str(make_point(k, -3)))
    a = Point(1, 2)
    b = Point(3, 4)
    for first in [0, 1]:
        got = run_jitcode(INTERP, JITCODES[1], [first], [cast_instance_to_addr(a),
                                                         cast_instance_to_addr(b)], [])
        show("pick", str(got.result_r), str(cast_instance_to_addr(pick(a, b, first == 1))))
    for i in [0, 2, -1, -3]:
        mine = [k, 20, 300]
        theirs = [k, 20, 300]
        got = run_jitcode(INTERP, JITCODES[2], [i], [cast_instance_to_addr(mine)], [])
        show("list_ops", str(got.result_i), str(list_ops(theirs, i)))
        show("list_after", str(len(mine) * 1000 + mine[0] + mine[-1]),
             str(len(theirs) * 1000 + theirs[0] + theirs[-1]))
    xs = [0.25]
    ys = [0.25]
    for n in range(20):    # grows the list past its allocation several times
        got = run_jitcode(INTERP, JITCODES[3], [n], [cast_instance_to_addr(xs)], [])
        show("float_list", str(got.result_f), str(float_list(ys, n)))
    data = b"kiln"
    for i in [0, 3, -1, -4]:
        got = run_jitcode(INTERP, JITCODES[4], [i], [cast_instance_to_addr(data)], [])
        show("str_ops", str(got.result_i), str(str_ops(data, i)))
    for x, y in [(7, 2), (-7, 2), (7, -2), (-7, -2), (0, 5), (123456789, 1000)]:
        got = run_jitcode(INTERP, JITCODES[5], [x, y], [], [])
        show("divisions", str(got.result_i), str(divisions(x, y)))
    for n in [1, 2, 7]:
        show("shapes", str(run_jitcode(INTERP, JITCODES[6], [n], [], []).result_i),
             str(shapes(n)))
    for n in range(7):
        got = run_jitcode(INTERP, JITCODES[7], [n], [], [])
        show("exceptions", str(got.status) + ":" + str(got.result_i),
             "2:" + str(outer_catcher(n)))
    for n in [1, -4]:
        show("pairs", str(run_jitcode(INTERP, JITCODES[10], [n], [], []).result_i),
             str(pairs(n)))
    for n in [2, 5]:
        got = run_jitcode(INTERP, JITCODES[9], [n], [], [])
        if got.status == 3:
            jit = "raised " + str(cast_addr_to_instance(Oops, got.exception).code)
        else:
            jit = "returned " + str(got.result_i)
        try:
            direct = "returned " + str(thrower(n))
        except Oops as e:
            direct = "raised " + str(e.code)
        show("escapes", jit.replace(" ", "_"), direct.replace(" ", "_"))
    for s, t in [("ab", "b"), ("b", "ab"), ("xy", "xy"), ("q", "")]:
        mine = [5, 6, 7, k]
        theirs = [5, 6, 7, k]
        got = run_jitcode(INTERP, JITCODES[8], [], [cast_instance_to_addr(mine),
                                                    cast_instance_to_addr(s),
                                                    cast_instance_to_addr(t)], [])
        show("pops_and_strs", str(got.result_i) + ":" + str(len(mine)),
             str(pops_and_strs(theirs, s, t)) + ":" + str(len(theirs)))
    return 0
