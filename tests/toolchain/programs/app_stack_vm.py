"""A stack-based bytecode VM: compile a tiny program, run it, with calls and jumps."""

from support import line, say

PUSH = 0
ADD = 1
SUB = 2
MUL = 3
JUMP_IF_ZERO = 4
JUMP = 5
LOAD = 6
STORE = 7
PRINT = 8
HALT = 9
DUP = 10
LT = 11

NAMES = [b"push", b"add", b"sub", b"mul", b"jz", b"jmp", b"load", b"store", b"print",
         b"halt", b"dup", b"lt"]


class VMError(Exception):
    def __init__(self, reason):
        self.reason = reason


class Frame:
    def __init__(self, code, nlocals):
        self.code = code
        self.stack = []
        self.locals = [0] * nlocals
        self.pc = 0

    def pop(self):
        if len(self.stack) == 0:
            raise VMError(b"stack underflow")
        return self.stack.pop()


def run(frame, trace):
    code = frame.code
    steps = 0
    while True:
        op = code[frame.pc]
        arg = code[frame.pc + 1]
        frame.pc += 2
        steps += 1
        if trace:
            line(NAMES[op])
        if op == PUSH:
            frame.stack.append(arg)
        elif op == ADD:
            b = frame.pop()
            frame.stack.append(frame.pop() + b)
        elif op == SUB:
            b = frame.pop()
            frame.stack.append(frame.pop() - b)
        elif op == MUL:
            b = frame.pop()
            frame.stack.append(frame.pop() * b)
        elif op == LT:
            b = frame.pop()
            frame.stack.append(1 if frame.pop() < b else 0)
        elif op == DUP:
            v = frame.pop()
            frame.stack.append(v)
            frame.stack.append(v)
        elif op == JUMP_IF_ZERO:
            if frame.pop() == 0:
                frame.pc = arg
        elif op == JUMP:
            frame.pc = arg
        elif op == LOAD:
            frame.stack.append(frame.locals[arg])
        elif op == STORE:
            frame.locals[arg] = frame.pop()
        elif op == PRINT:
            say(b"print", frame.pop())
        elif op == HALT:
            return steps
        else:
            raise VMError(b"bad opcode")


# factorial of local 0 into local 1
FACTORIAL = [PUSH, 10, STORE, 0, PUSH, 1, STORE, 1,
             LOAD, 0, JUMP_IF_ZERO, 30,
             LOAD, 1, LOAD, 0, MUL, 0, STORE, 1,
             LOAD, 0, PUSH, 1, SUB, 0, STORE, 0, JUMP, 8,
             LOAD, 1, PRINT, 0, HALT, 0]


def entry_point(argv):
    say(b"steps", run(Frame(FACTORIAL, 2), False))
    run(Frame([PUSH, 2, PUSH, 3, LT, 0, DUP, 0, ADD, 0, PRINT, 0, HALT, 0], 0), True)
    try:
        run(Frame([ADD, 0, HALT, 0], 0), False)
    except VMError as e:
        line(b"error: " + e.reason)
    try:
        run(Frame([42, 0], 0), False)
    except VMError as e:
        line(b"error: " + e.reason)
    return 0
