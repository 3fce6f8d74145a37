"""A portal entered many times whose loop runs only three iterations per entry, for the
function_threshold test: `entries N` calls it N times.  Its green `pc` differs at
each iteration, so no loop closes: traced from the entry, the trace ends where the
portal returns."""

import os

from toolchain.rlib.jit import JitDriver


def location(pc):
    return "entries at " + str(pc)


driver = JitDriver(greens=["pc"], reds=["x"], get_printable_location=location)


def step(x):
    pc = 0
    while pc < 3:
        driver.jit_merge_point(pc=pc, x=x)
        if pc == 0:
            x = x * 3
        elif pc == 1:
            x = x + 7
        else:
            x = x % 1000
        pc += 1
    return x


def entry_point(argv):
    total = 0
    for i in range(int(argv[1])):
        total += step(i)
    os.write(1, (str(total) + "\n").encode())
    return 0
