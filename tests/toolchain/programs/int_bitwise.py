"""Bitwise operators and shifts on ints that fit in 32 bits."""

from support import say


def popcount(n):
    count = 0
    while n:
        count += n & 1
        n >>= 1
    return count


def entry_point(argv):
    a = 0b1100_1010
    b = 0x0F0F
    say(b"and", a & b)
    say(b"or", a | b)
    say(b"xor", a ^ b)
    say(b"not", ~a)
    say(b"not-neg", ~-1)
    say(b"shl", 1 << 20)
    say(b"shl-neg", -3 << 4)
    say(b"shr", 1000 >> 3)
    say(b"shr-neg", -1000 >> 3)
    say(b"shr-minus-one", -1 >> 10)
    say(b"mask", -5 & 0xFF)
    say(b"popcount", popcount(0x7FFF_FFFF))
    say(b"octal", 0o777)
    x = 0
    for i in range(0, 16, 2):
        x |= 1 << i
    say(b"evens", x)
    x ^= 0x5555
    say(b"cleared", x)
    x <<= 3
    x >>= 1
    x &= 0x3FFF
    say(b"shifted", x)
    return 0
