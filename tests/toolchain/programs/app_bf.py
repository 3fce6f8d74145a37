"""A Brainfuck interpreter with a precomputed bracket table, running a hello world."""

import os

HELLO = (b"++++++++[>++++[>++>+++>+++>+<<<<-]>+>+>->>+[<]<-]>>.>---.+++++++..+++.>>.<-."
         b"<.+++.------.--------.>>+.>++.")


def brackets(code):
    table = [0] * len(code)
    stack = []
    for i in range(len(code)):
        if code[i] == 91:
            stack.append(i)
        elif code[i] == 93:
            j = stack.pop()
            table[i] = j
            table[j] = i
    return table


def run(code):
    table = brackets(code)
    tape = [0] * 300
    ptr = 0
    pc = 0
    out = []
    while pc < len(code):
        c = code[pc]
        if c == 62:
            ptr += 1
        elif c == 60:
            ptr -= 1
        elif c == 43:
            tape[ptr] = (tape[ptr] + 1) & 255
        elif c == 45:
            tape[ptr] = (tape[ptr] - 1) & 255
        elif c == 46:
            out.append(chr(tape[ptr]).encode("latin-1"))
        elif c == 91:
            if tape[ptr] == 0:
                pc = table[pc]
        elif c == 93:
            if tape[ptr] != 0:
                pc = table[pc]
        pc += 1
    return b"".join(out)


def entry_point(argv):
    os.write(1, run(HELLO))
    os.write(1, run(b"++++++[>++++++++<-]>+.+.+.>++++++++++."))
    return 0
