"""A subset program that runs the codewriter's jitcodes for dict_cases.py in the blackhole
interpreter, translated, and prints each result next to the function's own:
`name n status:jit direct` per line (status 2: the jitcode returned).

At import time (translation's pass 1 for this program) it annotates and rtypes
dict_cases on its own, as the JIT's pass 1 does, and makes the jitcodes: every case must
be encodable, since a root the codewriter cannot encode is an error.  KILN_CW_TARGET
names the target, KILN_CW_SCRATCH the directory for the generated callshapes module."""

import os
import tempfile
from pathlib import Path

import dict_cases

from jit.metainterp.blackhole import BlackholeInterpreter, run_jitcode

NAMES = [case.__name__ for case in dict_cases.CASES]


def build():
    from jit.codewriter.callshapes import write_module
    from jit.codewriter.codewriter import CodeWriter
    from targets.config import load_targets
    from toolchain.driver import annotate_and_rtype

    target = load_targets()[os.environ.get("KILN_CW_TARGET", "x86_64")]
    annotator, rtyper, _ = annotate_and_rtype(dict_cases.entry_point, target, {})
    graphs = {g.name: g for g in annotator.graph_order}
    codeset = CodeWriter(annotator, rtyper).make([graphs[name] for name in NAMES])
    scratch = Path(os.environ.get("KILN_CW_SCRATCH") or tempfile.mkdtemp())
    shapes = write_module(codeset, scratch / "dict_callshapes.py")
    jitcodes = {j.name: j for j in codeset.jitcodes}
    return BlackholeInterpreter(codeset, shapes), [jitcodes[name] for name in NAMES]


INTERP, JITCODES = build()


def entry_point(argv):
    for i in range(len(NAMES)):
        for n in [0, 1, 2, 3, 4]:
            got = run_jitcode(INTERP, JITCODES[i], [n], [], [])
            direct = dict_cases.CASES[i](n)
            os.write(1, (NAMES[i] + " " + str(n) + " " + str(got.status) + ":" +
                         str(got.result_i) + " 2:" + str(direct) + "\n").encode())
    return 0
