"""A portal for the weaving test: sums 0..n-1 with a merge point per iteration.  The test
weaves in fake hooks (weave_hooks.py) that jump ahead or finish the loop, as the JIT's
real hook does after running compiled code."""

import os

from toolchain.rlib.jit import JitDriver

driver = JitDriver(greens=["i"], reds=["total", "box"])


class Box:
    def __init__(self, value):
        self.value = value


def portal(n):
    i = 0
    total = 0
    box = Box(0)
    while i < n:
        driver.jit_merge_point(i=i, total=total, box=box)
        total = total + i
        box = Box(box.value + 1)
        i = i + 1
    return total * 1000 + box.value


def entry_point(argv):
    os.write(1, (str(portal(int(argv[1]))) + "\n").encode())
    return 0
