"""Reads lines `OP A B` from stdin (A and B unsigned) and prints each result of r_uint
arithmetic in decimal: a probe of translated unsigned semantics for the property tests."""

import os

from support import decimal

from toolchain.rlib.rarithmetic import intmask, r_uint

class Reader:
    def __init__(self, text):
        self.text = text
        self.pos = 0


def parse(reader):
    """The int at the reader's position; moves past it and one separator."""
    text = reader.text
    start = reader.pos
    negative = False
    if text[start] == 45:
        negative = True
        start += 1
    n = 0
    while start < len(text) and 48 <= text[start] <= 57:
        n = n * 10 + (text[start] - 48)
        start += 1
    if negative:
        n = -n
    reader.pos = start + 1
    return n


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


def read_all():
    chunks = []
    while True:
        chunk = os.read(0, 65536)
        if len(chunk) == 0:
            break
        chunks.append(chunk)
    return b"".join(chunks)


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
