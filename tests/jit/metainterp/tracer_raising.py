"""A woven interpreter whose hot loop calls a function that raises now and then, caught
in the portal: compiled code must notice the exception right after the call (the
trace's check of the pending-exception word) and resume the handler in the blackhole.
Translated only: untranslated, a residual call cannot raise.  The result is the exit
status's low byte."""

from toolchain.rlib.jit import JitDriver, dont_look_inside

driver = JitDriver(greens=["pc"], reds=["n", "total", "caught"])


class Odd(Exception):
    pass


@dont_look_inside
def check(n: int) -> int:
    if n % 7 == 3:
        raise Odd()
    return n * 2


def run(n: int) -> int:
    pc = 0
    total = 0
    caught = 0
    while n > 0:
        driver.jit_merge_point(pc=pc, n=n, total=total, caught=caught)
        try:
            total += check(n)
        except Odd:
            caught += 1
            total -= 5
        n -= 1
    return total + caught * 1000


def entry_point(argv: list[str]) -> int:
    return run(int(argv[1])) & 0xFF
