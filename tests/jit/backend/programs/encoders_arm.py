"""Subset program: 32-bit ARM code emitted by the translated encoder, run from W^X memory.

`encoders_arm ARCH A B N` (ARCH: armv7 or armv5te) prints add(A, B), the sum 1..N (a loop
with a forward conditional exit and a backward branch through labels), and constants
that need more than one instruction: movw/movt on ARMv7, mov/mvn with orr/bic pieces on
ARMv5TE, whose CPU (arm926) traps on movw.
"""

import os

from jit.backend.arm.codebuilder import CodeBuilder
from jit.backend.arm.registers import R0, R1, R2
from jit.backend.codebuf import AL, LE
from toolchain.rlib.rawmem import (WORD, FuncSig, code_alloc, code_free,
                                   code_make_executable, flush_icache)

BINARY = FuncSig([WORD, WORD], WORD)
UNARY = FuncSig([WORD], WORD)
CODE_SIZE = 4096
WIDE = 0x12345678       # v5: mov + three orr
NEGATIVE = -100000      # v5: mvn + bic pieces


def emit_add(arch: str) -> CodeBuilder:
    b = CodeBuilder(arch, False)
    b.add_rr(R0, R0, R1, "lsl", 0, AL)
    b.ret(AL)
    return b


def emit_sum(arch: str) -> CodeBuilder:
    b = CodeBuilder(arch, False)
    top = b.new_label()
    done = b.new_label()
    b.load_imm(R1, 0, AL)
    b.bind(top)
    b.cmp_ri(R0, 0, AL)
    b.b_label(done, LE)
    b.add_rr(R1, R1, R0, "lsl", 0, AL)
    b.sub_ri(R0, R0, 1, AL)
    b.b_label(top, AL)
    b.bind(done)
    b.mov_rr(R0, R1, AL)
    b.ret(AL)
    return b


def emit_constants(arch: str, first: bool) -> CodeBuilder:
    # WIDE or NEGATIVE, plus the argument.
    b = CodeBuilder(arch, False)
    b.load_imm(R2, WIDE if first else NEGATIVE, AL)
    b.add_rr(R0, R0, R2, "lsl", 0, AL)
    b.ret(AL)
    return b


def install(b: CodeBuilder) -> int:
    """Copy the code into fresh code memory, switch it to read/execute, return it."""
    address = code_alloc(CODE_SIZE)
    b.copy_to_raw(address)
    code_make_executable(address, CODE_SIZE)
    flush_icache(address, CODE_SIZE)
    return address


def say(line: str) -> None:
    os.write(1, (line + "\n").encode("latin-1"))


def entry_point(argv: list[str]) -> int:
    arch = argv[1]
    a, b, n = int(argv[2]), int(argv[3]), int(argv[4])
    add = install(emit_add(arch))
    total = install(emit_sum(arch))
    wide = install(emit_constants(arch, True))
    negative = install(emit_constants(arch, False))
    say("add %d" % BINARY.call(add, a, b))
    say("sum %d %d" % (UNARY.call(total, n), UNARY.call(total, 0)))
    say("const %d %d" % (UNARY.call(wide, 1), UNARY.call(negative, 0)))
    code_free(add, CODE_SIZE)
    code_free(total, CODE_SIZE)
    code_free(wide, CODE_SIZE)
    code_free(negative, CODE_SIZE)
    return 0
