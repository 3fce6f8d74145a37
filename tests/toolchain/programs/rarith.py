from support import line, say

from toolchain.rlib.rarithmetic import intmask, ovfcheck, r_uint


def checked_add(a, b):
    try:
        return ovfcheck(a + b)
    except OverflowError:
        return -1


def checked_mul(a, b):
    try:
        return ovfcheck(a * b)
    except OverflowError:
        return -2


def entry_point(argv):
    u = r_uint(5)
    say(b"sum", intmask(u + 7))
    big = r_uint(1500000000) * 2
    say(b"half", intmask(big // 2))
    say(b"shift", intmask(r_uint(1) << 20))
    say(b"mask", intmask((u - 6) >> 16) & 0xffff)
    if big > r_uint(5):
        line(b"unsigned compare")
    say(b"intmask", intmask(r_uint(12345)))
    say(b"ok", checked_add(1000, 2000))
    say(b"mul ok", checked_mul(1000, 1000))
    x = 1
    steps = 0
    while x > 0:
        x = checked_mul(x, 3)
        steps += 1
    say(b"tripling ends in", x)
    if steps > 15:
        line(b"after more than 15 steps")
    y = 1
    while y > 0:
        y = checked_add(y, y)
    say(b"doubling ends in", y)
    return 0
