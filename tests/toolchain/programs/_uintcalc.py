"""Reads lines `OP A B` from stdin (A and B unsigned) and prints each result of r_uint
arithmetic in decimal: a probe of translated unsigned semantics for the property tests."""

import os

from _intcalc import Reader, parse, read_all
from support import decimal

from toolchain.rlib.rarithmetic import intmask, r_uint


def compute(op, ai, bi):
    a = r_uint(ai)
    b = r_uint(bi)
    if op == 43:
        return a + b
    if op == 45:
        return a - b
    if op == 42:
        return a * b
    if op == 47:
        return a // b
    if op == 37:
        return a % b
    if op == 38:
        return a & b
    if op == 124:
        return a | b
    if op == 94:
        return a ^ b
    if op == 60:
        return a << b
    return a >> b


def udecimal(n):
    """An unsigned word in decimal (the top bit set would be negative as an int)."""
    low = n % r_uint(10)
    high = n // r_uint(10)
    if high == r_uint(0):
        return decimal(intmask(low))
    return udecimal(high) + decimal(intmask(low))


def entry_point(argv):
    reader = Reader(read_all())
    out = []
    while reader.pos < len(reader.text):
        op = reader.text[reader.pos]
        reader.pos += 2
        a = parse(reader)
        b = parse(reader)
        result = compute(op, a, b)
        out.append(udecimal(result))
        out.append(b"\n")
    os.write(1, b"".join(out))
    return 0
