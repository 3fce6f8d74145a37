"""A Brainfuck interpreter written in Kiln's version-0 subset, in the RPython style.

It owns the BF language semantics: 8-bit wrapping cells, a tape that grows to the right,
`,` storing 0 at end of input, and comments (every byte that is not a command).

    python -m targets.untranslated interpreters/bf/bf.py PROGRAM.b     (CPython)
    scons target=aarch64 interp=bf                                      (translated)
"""

import os

from toolchain.rlib.jit import JitDriver, elidable

# One single-byte bytes object per cell value, built at import time, so that output
# needs no bytes construction inside the subset.
BYTE = [bytes([i]) for i in range(256)]

PLUS = 43       # +
COMMA = 44      # ,
MINUS = 45      # -
DOT = 46        # .
LESS = 60       # <
GREATER = 62    # >
LBRACKET = 91   # [
RBRACKET = 93   # ]

READ_CHUNK = 65536
# Output is buffered because a write per byte is slow natively and far slower under
# QEMU; the bound keeps memory flat for programs that print a lot.
FLUSH_AT = 8192

COMMAND_NAMES = {PLUS: "+", COMMA: ",", MINUS: "-", DOT: ".", LESS: "<", GREATER: ">",
                 LBRACKET: "[", RBRACKET: "]"}


def get_location(pc, program, bracket_map):
    """What jit-log-opt prints beside each traced command: its position and itself."""
    return "bf " + str(pc) + " " + COMMAND_NAMES[program[pc]]


jitdriver = JitDriver(greens=['pc', 'program', 'bracket_map'], reds=['tape'],
                      get_printable_location=get_location)


@elidable
def matching_bracket(bracket_map, pc):
    """The map never changes once built, so the JIT folds this for a constant pc."""
    return bracket_map[pc]


class Tape:
    """The data tape plus the output buffer: everything the main loop mutates."""

    def __init__(self):
        self.cells = [0]
        self.position = 0
        self.out = []

    def get(self):
        return self.cells[self.position]

    def set(self, value):
        self.cells[self.position] = value & 255

    def inc(self):
        self.cells[self.position] = (self.cells[self.position] + 1) & 255

    def dec(self):
        self.cells[self.position] = (self.cells[self.position] - 1) & 255

    def advance(self):
        self.position = self.position + 1
        if self.position == len(self.cells):
            self.cells.append(0)

    def devance(self):
        """Moves left; False when already at the first cell (the tape has no left part)."""
        if self.position == 0:
            return False
        self.position = self.position - 1
        return True

    def emit(self):
        self.out.append(BYTE[self.get()])
        if len(self.out) >= FLUSH_AT:
            self.flush()

    def flush(self):
        if len(self.out) > 0:
            os.write(1, b"".join(self.out))
            self.out = []

    def read(self):
        self.flush()
        data = os.read(0, 1)
        if len(data) == 0:
            self.set(0)
        else:
            self.set(data[0])


def decimal(n):
    """The decimal digits of a non-negative int, as bytes (for error messages)."""
    digits = []
    while True:
        digits.append(BYTE[48 + n % 10])
        n = n // 10
        if n == 0:
            break
    result = []
    i = len(digits) - 1
    while i >= 0:
        result.append(digits[i])
        i = i - 1
    return b"".join(result)


def error(message):
    os.write(2, b"".join([b"bf: ", message, b"\n"]))
    return 1


def read_file(fd):
    chunks = []
    while True:
        chunk = os.read(fd, READ_CHUNK)
        if len(chunk) == 0:
            break
        chunks.append(chunk)
    return b"".join(chunks)


def is_command(c):
    return (c == PLUS or c == MINUS or c == LESS or c == GREATER or c == DOT
            or c == COMMA or c == LBRACKET or c == RBRACKET)


def strip_comments(source):
    """Keeps only the eight command bytes, so that pc indexes commands directly."""
    kept = []
    for i in range(len(source)):
        c = source[i]
        if is_command(c):
            kept.append(BYTE[c])
    return b"".join(kept)


def unmatched_position(program, bracket_map):
    """Fills `bracket_map` both ways; returns -1, or the pc of an unmatched bracket."""
    opens = []
    for pc in range(len(program)):
        c = program[pc]
        if c == LBRACKET:
            opens.append(pc)
        elif c == RBRACKET:
            if len(opens) == 0:
                return pc
            start = opens.pop()
            bracket_map[start] = pc
            bracket_map[pc] = start
    if len(opens) > 0:
        return opens.pop()
    return -1


def mainloop(program, bracket_map):
    """Runs the program; returns 0, or 1 when it moves left of the first cell."""
    tape = Tape()
    pc = 0
    while pc < len(program):
        jitdriver.jit_merge_point(pc=pc, program=program, bracket_map=bracket_map,
                                  tape=tape)
        code = program[pc]
        if code == PLUS:
            tape.inc()
        elif code == MINUS:
            tape.dec()
        elif code == GREATER:
            tape.advance()
        elif code == LESS:
            if not tape.devance():
                tape.flush()
                return error(b"".join([b"moved left of the first cell at command ",
                                          decimal(pc)]))
        elif code == DOT:
            tape.emit()
        elif code == COMMA:
            tape.read()
        elif code == LBRACKET:
            if tape.get() == 0:
                pc = matching_bracket(bracket_map, pc)
        elif code == RBRACKET:
            if tape.get() != 0:
                pc = matching_bracket(bracket_map, pc)
        pc = pc + 1
    tape.flush()
    return 0


def entry_point(argv):
    if len(argv) < 2:
        return error(b"usage: bf PROGRAM.b")
    # A missing or unreadable file is reported by os.open itself (an OSError: a
    # "Fatal error: OSError" line and exit status 1 once translated).
    fd = os.open(argv[1], os.O_RDONLY, 0)
    program = strip_comments(read_file(fd))
    os.close(fd)
    bracket_map = {}
    bad = unmatched_position(program, bracket_map)
    if bad >= 0:
        return error(b"".join([b"unmatched bracket at command ", decimal(bad)]))
    return mainloop(program, bracket_map)
