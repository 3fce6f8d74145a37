"""Writes the long-running BF programs of benchmarks/bench_bf_jit.py, and knows in Python
what each must print (the oracle tests/test_bf_benchmark_programs.py checks them with).

    python benchmarks/bf_programs/generate.py

- `fib.b`: big Fibonacci numbers in decimal, one digit per group of cells. Every step
  walks the whole number with loops that travel the tape (`[>>>>>>>>>>]`-style), adds
  with carry through a divmod by ten, and prints walking back down, skipping leading
  zeros. Inner loops with data-dependent trip counts: the JIT needs bridges here.
- `loops.b`: nested arithmetic loops at fixed cells (row sums of a multiplication table
  by repeated addition, printed in decimal): few, very hot, regular loops.

Both are written with the corpus generator's `Emitter` (interpreters/bf/generate.py),
which tracks the data pointer so that the code below reads as cell operations.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent.parent))

from interpreters.bf.generate import Emitter, emit_decimal, write  # noqa: E402

# The fib program's tape: the loop counters and printing cells, then groups of GROUP
# cells, one per decimal digit (least significant first). The bottom group is a
# sentinel (its flag stays 0, so walks down stop there), then come the digits, then an
# unused group where walks up stop. Cell names below are those of the bottom sentinel
# ("low_*"), the current digit's group, and the next group up ("up_*"): travelling code
# is written for digit 1 and shifted by GROUP with raw `>`/`<` that the Emitter does not
# count, so a name means "this cell of the group the pointer is in".
GROUP = 10
DIGIT_CELLS = ["flag", "a", "b", "carry", "sum", "ten", "rem", "quot", "zero1", "zero2"]
# divmod of `sum` by `ten` (the esolangs wiki algorithm): needs sum, ten, rem, quot and
# two more cells laid out in this order, rem..zero2 zero; leaves ten - sum % 10 in `ten`.
DIVMOD = "[->-[>+>>]>[+[-<+>]>+>>]<<<<<]"
FIB_CONTROL = ["prints_left", "steps_left", "t", "t2", "text"]


@dataclass(frozen=True)
class Fib:
    """Prints F(steps + 1), F(2 * steps + 1), ..., `prints` numbers, one per line."""
    prints: int
    steps: int

    def digits(self) -> int:
        """Digit groups to allocate: one more than the largest number needs."""
        return len(str(fib(self.prints * self.steps + 1))) + 1

    def expected(self) -> bytes:
        lines = [str(fib(k * self.steps + 1)) for k in range(1, self.prints + 1)]
        return "".join(line + "\n" for line in lines).encode()

    def program(self) -> str:
        check_counter(self.prints)
        check_counter(self.steps)
        em = Emitter(FIB_CONTROL + ["low_" + name for name in DIGIT_CELLS] + DIGIT_CELLS
                     + ["up_" + name for name in DIGIT_CELLS])
        # Mark the digit groups and set a = F(0) = 0, b = F(1) = 1.
        em.add("b", 1)
        for _ in range(self.digits()):
            em.add("flag", 1)
            em.code.append(">" * GROUP)
        walk_down(em)
        em.add("prints_left", self.prints)
        with em.loop("prints_left"):
            em.add("prints_left", -1)
            em.add("steps_left", self.steps)
            with em.loop("steps_left"):
                em.add("steps_left", -1)
                fib_step(em)
                walk_down(em)
            em.goto("flag")
            with em.loop("flag"):
                em.code.append(">" * GROUP)
            print_walking_down(em)
            em.print_text(b"\n", "text")
        return em.source()


def fib(n: int) -> int:
    a, b = 0, 1
    for _ in range(n):
        a, b = b, a + b
    return a


def fib_step(em: Emitter) -> None:
    """(a, b) = (b, a + b) on every digit, from digit 1 up; ends on the unused group."""
    with em.loop("flag"):
        em.move("a", "sum")
        em.move("b", "a", "sum")
        em.move("carry", "sum")
        em.add("ten", 10)
        em.goto("sum")
        em.code.append(DIVMOD)
        em.clear("ten")
        em.move("rem", "b")
        em.move("quot", "up_carry")
        em.goto("flag")
        em.code.append(">" * GROUP)


def walk_down(em: Emitter) -> None:
    """From the unused group above the digits back to the bottom sentinel."""
    em.goto("flag")
    em.code.append("<" * GROUP)
    with em.loop("flag"):
        em.code.append("<" * GROUP)
    em.pointer = em.index["low_flag"]


def print_walking_down(em: Emitter) -> None:
    """From the unused group down, prints b of every digit once a non-zero one has been
    seen (or at digit 1); `sum` carries the "seen" flag down. Ends on the sentinel."""
    em.code.append("<" * GROUP)
    with em.loop("flag"):
        em.copy("b", "ten", "rem")
        with em.loop("ten"):
            em.clear("ten")
            em.clear("sum")
            em.add("sum", 1)
        with em.loop("sum"):
            em.copy("b", "ten", "rem")
            em.add("ten", 48)
            em.output("ten")
            em.clear("ten")
            em.add("low_sum", 1)
            em.clear("sum")
        em.goto("flag")
        em.code.append("<" * GROUP)
    em.pointer = em.index["low_flag"]
    em.clear("low_sum")


COLUMNS = 251
# emit_decimal's cells, then the nested loops' own.
LOOPS_CELLS = ["f", "t", "t2", "p_num", "p_left", "p_tens", "p_ones", "p_hundreds", "p_mid",
               "p_any", "text", "rounds_left", "round", "rows_left", "i", "columns_left",
               "acc", "s"]


@dataclass(frozen=True)
class Loops:
    """`rounds` lines; line r has, for i in 1..rows, s after COLUMNS steps of
    acc += i + s; s += acc (from acc = 0, s = r; mod 256), all by repeated addition."""
    rounds: int
    rows: int = 255

    def expected(self) -> bytes:
        lines = []
        for r in range(1, self.rounds + 1):
            sums = []
            for i in range(1, self.rows + 1):
                acc, s = 0, r
                for _ in range(COLUMNS):
                    acc = (acc + i + s) % 256
                    s = (s + acc) % 256
                sums.append(str(s))
            lines.append(" ".join(sums) + "\n")
        return "".join(lines).encode()

    def program(self) -> str:
        check_counter(self.rounds)
        check_counter(self.rows)
        em = Emitter(LOOPS_CELLS)
        em.add("rounds_left", self.rounds)
        with em.loop("rounds_left"):
            em.add("rounds_left", -1)
            em.add("round", 1)
            em.add("rows_left", self.rows)
            with em.loop("rows_left"):
                em.add("rows_left", -1)
                em.add("i", 1)
                em.copy("round", "s", "t")
                em.add("columns_left", COLUMNS)
                with em.loop("columns_left"):
                    em.add("columns_left", -1)
                    em.copy("i", "acc", "t")
                    em.copy("s", "acc", "t")
                    em.copy("acc", "s", "t")
                em.clear("acc")
                emit_decimal(em, "s")
                em.clear("s")
                # A space between numbers: when rows are left.
                em.copy("rows_left", "t2", "t")
                with em.loop("t2"):
                    em.clear("t2")
                    em.print_text(b" ", "text")
            em.clear("i")
            em.print_text(b"\n", "text")
        return em.source()


def check_counter(value: int) -> None:
    if not 1 <= value <= 255:
        raise ValueError(f"a loop counter must be in 1..255 (8-bit cells), not {value}")


# The benchmark sizes: each runs for a few seconds in the translated BF without the JIT.
PROGRAMS: dict[str, Fib | Loops] = {
    "fib": Fib(prints=160, steps=40),
    "loops": Loops(rounds=3),
}


def main() -> None:
    for name, spec in PROGRAMS.items():
        write(HERE / f"{name}.b", spec.program())
        (HERE / f"{name}.out").write_bytes(spec.expected())


if __name__ == "__main__":
    main()
