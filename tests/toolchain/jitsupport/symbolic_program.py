"""Reads an instance's fields through FieldOffset symbolics and calls a graph through
its FunctionAddress (jitcall wrapper): what the JIT runtime does with prebuilt descrs."""

import os
from toolchain.rlib.symbolic import FieldOffset, SizeOf, VtableAddress, FunctionAddress, StructFieldOffset, CFunctionAddress
from toolchain.rlib.rawmem import WORD, cast_instance_to_addr, raw_load_word, FuncSig

class Base:
    def __init__(self):
        self.a = 1

class Point(Base):
    def __init__(self, x, y):
        Base.__init__(self)
        self.x = x
        self.y = y

def add(a, b):
    return a * 10 + b

class Table:
    def __init__(self):
        self.offs = [FieldOffset(Point, "x"), FieldOffset(Point, "y"), FieldOffset(Point, "a")]
        self.size = SizeOf(Point)
        self.vt = VtableAddress(Point)
        self.fn = FunctionAddress(add, 2, [WORD, WORD], WORD)
        self.lenoff = StructFieldOffset("kiln_list", "length")
        self.cf = CFunctionAddress("kiln_str_hash")

TABLE = Table()
SIG = FuncSig([WORD, WORD], WORD)
WORD_BYTES = 4  # at least: header + three word fields, on 32 and 64 bits

def entry_point(argv):
    p = Point(len(argv) + 4, 7)
    addr = cast_instance_to_addr(p)
    out = []
    for off in TABLE.offs:
        out.append(str(raw_load_word(addr, off)))
    out.append(str(raw_load_word(addr, 0) == TABLE.vt))
    out.append(str(TABLE.size >= 4 * WORD_BYTES))
    out.append(str(SIG.call(TABLE.fn, 3, 4)))
    out.append(str(TABLE.lenoff))
    out.append(str(add(1, 2)))
    os.write(1, (" ".join(out) + "\n").encode())
    return 0
