"""A tiny register VM for the hint tests: `countdown N [THRESHOLD]` runs a loop N times
with a merge point per iteration; with a THRESHOLD it first calls set_param."""

import os

from toolchain.rlib.jit import JitDriver, set_param

def location(pc):
    return "countdown at " + str(pc)


driver = JitDriver(greens=["pc"], reds=["n", "acc"], get_printable_location=location)


def run(n):
    pc = 0
    acc = 0
    while n > 0:
        driver.jit_merge_point(pc=pc, n=n, acc=acc)
        acc = acc + n * 3
        n = n - 1
    return acc


def entry_point(argv):
    if len(argv) > 2:
        set_param(driver, "threshold", int(argv[2]))
    os.write(1, (str(run(int(argv[1]))) + "\n").encode())
    return 0
