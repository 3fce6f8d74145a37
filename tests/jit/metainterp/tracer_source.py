"""An interpreter of a tiny register machine, for the tracer tests that go through the
real codewriter: its jitcodes come from these functions' graphs, and CPython runs the
same functions as the oracle.  Only ints and raw memory, so that the JIT runs it
untranslated (a CPython list or instance has no address for traces to read).

The program is an array of words in raw memory, read through an elidable function (so
the tracer folds it for the green pc and program); the machine's registers a, b, c are
the reds.
"""

from toolchain.rlib.jit import JitDriver, elidable, promote
from toolchain.rlib.rawmem import raw_load_word, raw_malloc, raw_store_word

driver = JitDriver(greens=["pc", "program"], reds=["a", "b", "c"])

# opcode, operand: 0 a += b;  1 b -= 1 down to 0;  2 jump to operand if b != 0;
#                  3 c += promote(a & 3);  4 a = step(a, c);  5 halt;  6 c ^= operand
# (b only decreases, and stays at 0: every program ends.)
PROGRAM = [0, 0, 3, 0, 4, 0, 6, 5, 1, 0, 2, 0, 5, 0]


@elidable
def fetch(program: int, pc: int) -> int:
    return raw_load_word(program, pc * 8)


def step(a: int, c: int) -> int:
    """Inlined by the tracer: a branch inside a call."""
    if c & 1:
        return a + c
    return a - (c & 7)


def run(program: int, b: int) -> int:
    pc = 0
    a = 1
    c = 0
    while True:
        driver.jit_merge_point(pc=pc, program=program, a=a, b=b, c=c)
        op = fetch(program, pc)
        arg = fetch(program, pc + 1)
        pc += 2
        if op == 0:
            a = (a + b) & 0xFFFFFF
        elif op == 1:
            if b > 0:
                b -= 1
        elif op == 2:
            if b != 0:
                pc = arg
        elif op == 3:
            c += promote(a & 3)
        elif op == 4:
            a = step(a, c)
        elif op == 6:
            c = c ^ arg
        else:
            return a * 1000 + c


def load(words: list[int]) -> int:
    program = raw_malloc(8 * len(words))
    for i in range(len(words)):
        raw_store_word(program, 8 * i, words[i])
    return program


def entry_point(argv: list[str]) -> int:
    return run(load(PROGRAM), int(argv[1]))
