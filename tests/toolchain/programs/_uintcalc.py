"""Reads lines `OP A B` from stdin (A and B unsigned) and prints each result of r_uint
arithmetic in decimal: a probe of translated unsigned semantics for the property tests."""

import os

from _intcalc import Reader, compute, parse, read_all
from support import decimal

from toolchain.rlib.rarithmetic import intmask, r_uint


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
        result = compute(op, r_uint(a), r_uint(b))
        out.append(udecimal(result))
        out.append(b"\n")
    os.write(1, b"".join(out))
    return 0
