"""Writes the long-running BF programs of benchmarks/bench_bf_jit.py, and knows in Python
what each must print (the oracle tests/test_bf_benchmark_programs.py checks them with).

    python benchmarks/bf_programs/generate.py

- `fib.b`: big Fibonacci numbers in decimal, one digit per group of cells. Every step
  walks the whole number with loops that travel the tape (`[>>>>>>>>>>]`-style), adds
  with carry through a divmod by ten, and prints walking back down, skipping leading
  zeros. Inner loops with data-dependent trip counts: the JIT needs bridges here.
- `loops.b`: nested arithmetic loops at fixed cells (a recurrence of sums by repeated
  addition, printed in decimal): few, very hot, regular loops.
- `mandel.b`: an ASCII Mandelbrot set in 4-bit fixed point on excess-128 cells, products
  and comparisons by counting: long loop bodies full of branches, many short inner
  loops, as in the well-known BF Mandelbrot renderers (written afresh here).

All three are written with the corpus generator's `Emitter` (interpreters/bf/generate.py),
which tracks the data pointer so that the code below reads as cell operations.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
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


# The Mandelbrot renderer works on numbers with 4 fractional bits (16 is 1.0) in
# excess-128 cells (a cell holds v + 128, so -128 <= v <= 127): adding is adding and
# subtracting 128. Products are taken on magnitudes and signed afterwards.
FIXED_ONE = 16
# A cell tested with zero_test is followed by two cells of its own ("_f", "_z").
TESTED = ["u", "until", "d", "esc", "esc2"]
MANDEL_CELLS = ["t", "race", "text", "frames_left", "maxit", "rows_left", "ci", "cols_left",
                "cr", "zr", "zi", "count", "iters", "cont", "nonneg", "negr", "negi", "mr",
                "mi", "zr2", "zi2", "sum", "prod", "pneg", "b", "k", "tmp", "tmp2", "e"] + [
                    name + suffix for name in TESTED for suffix in ("", "_f", "_z")]


@dataclass(frozen=True)
class Mandel:
    """ASCII Mandelbrot frames: `frames` renders of columns x rows points (real part from
    -2, imaginary from -1, in steps of 1/16), with maxit iterations in the first frame
    and `maxit_step` more in each next one; a point prints " " when it stays bounded,
    else chr(46 + iterations done before it escaped)."""
    frames: int
    columns: int = 40
    rows: int = 33
    maxit: int = 20
    maxit_step: int = 4

    def first_cr(self) -> int:
        return -2 * FIXED_ONE

    def first_ci(self) -> int:
        return -FIXED_ONE

    def expected(self) -> bytes:
        out = []
        for frame in range(self.frames):
            maxit = self.maxit + frame * self.maxit_step
            for row in range(self.rows):
                for column in range(self.columns):
                    count = mandel_count(self.first_cr() + column,
                                         self.first_ci() + row, maxit)
                    out.append(" " if count == maxit else chr(46 + count))
                out.append("\n")
            out.append("\n")
        return "".join(out).encode()

    def program(self) -> str:
        for value in (self.frames, self.columns, self.rows):
            check_counter(value)
        last_maxit = self.maxit + (self.frames - 1) * self.maxit_step
        if 46 + last_maxit > 126 or self.first_cr() + self.columns > 127 \
                or self.first_ci() + self.rows > 127:
            raise ValueError("maxit or the picture is too large for 8-bit cells")
        em = Emitter(MANDEL_CELLS)
        em.add("frames_left", self.frames)
        em.add("maxit", self.maxit)
        with em.loop("frames_left"):
            em.add("frames_left", -1)
            em.add("ci", 128 + self.first_ci())
            em.add("rows_left", self.rows)
            with em.loop("rows_left"):
                em.add("rows_left", -1)
                em.add("cr", 128 + self.first_cr())
                em.add("cols_left", self.columns)
                with em.loop("cols_left"):
                    em.add("cols_left", -1)
                    mandel_point(em)
                    em.add("cr", 1)
                em.clear("cr")
                em.print_text(b"\n", "text")
                em.add("ci", 1)
            em.clear("ci")
            em.print_text(b"\n", "text")
            em.add("maxit", self.maxit_step)
        return em.source()


def mandel_count(cr: int, ci: int, maxit: int) -> int:
    """Iterations of z = z * z + c that stay within |z| <= 2, as mandel_point does them."""
    zr = zi = 0
    for count in range(maxit):
        mr, mi = abs(zr), abs(zi)
        if mr > 2 * FIXED_ONE or mi > 2 * FIXED_ONE:
            return count
        zr2, zi2 = mr * mr // FIXED_ONE, mi * mi // FIXED_ONE
        if zr2 + zi2 > 4 * FIXED_ONE:
            return count
        twice = 2 * (mr * mi // FIXED_ONE)
        zi = (-twice if (zr < 0) != (zi < 0) else twice) + ci
        zr = zr2 - zi2 + cr
    return maxit


@contextmanager
def if_zero(em: Emitter, cell: str) -> Iterator[None]:
    """`if cell == 0:` in constant time (the Emitter's if_zero copies the cell, which
    costs O(cell)): with cell_f = 1, `[>-]>` ends on cell_z (zero) when the cell is
    non-zero and on cell_f (one) when it is zero, and only then is the body entered;
    both paths end back on the cell. The body must leave the pointer on `cell`."""
    em.goto(cell)
    em.code.append(">+<[>-]>[-<")
    yield
    em.goto(cell)
    em.code.append(">>]<<")


def at_least(em: Emitter, value: str, bound: int, out: str) -> None:
    """out += 1 if value >= bound (1..255), by counting both down; value is kept."""
    em.copy(value, "race", "t")
    em.add("u", bound)
    with em.loop("race"):
        em.add("race", -1)
        em.add("u", -1)
        with if_zero(em, "u"):
            em.add(out, 1)
            em.clear("race")
    em.clear("u")


def negate(em: Emitter, cell: str) -> None:
    em.move(cell, "tmp")
    with em.loop("tmp"):
        em.add("tmp", -1)
        em.add(cell, -1)


def when(em: Emitter, flag: str, body: Callable[[], None]) -> None:
    """Runs body() if flag is non-zero; flag is kept."""
    em.copy(flag, "tmp2", "t")
    with em.loop("tmp2"):
        em.clear("tmp2")
        body()


def sign_and_magnitude(em: Emitter, value: str, negative: str, magnitude: str) -> None:
    """negative = 1 if value < 0; magnitude = |value| (an excess-128 value in, plain out)."""
    at_least(em, value, 128, "nonneg")
    em.add(negative, 1)
    with em.loop("nonneg"):
        em.add("nonneg", -1)
        em.add(negative, -1)
    em.copy(value, magnitude, "t")
    em.add(magnitude, -128)
    when(em, negative, lambda: negate(em, magnitude))


def product(em: Emitter, left: str, right: str, out: str) -> None:
    """out += left * right // 16 for plain magnitudes, counting every unit of the product."""
    em.copy(right, "b", "t")
    em.add("until", FIXED_ONE)
    with em.loop("b"):
        em.add("b", -1)
        em.copy(left, "k", "t")
        with em.loop("k"):
            em.add("k", -1)
            em.add("until", -1)
            with if_zero(em, "until"):
                em.add(out, 1)
                em.add("until", FIXED_ONE)
    em.clear("until")


def subtract(em: Emitter, source: str, target: str) -> None:
    """target -= source; source ends at zero."""
    with em.loop(source):
        em.add(source, -1)
        em.add(target, -1)


def mandel_point(em: Emitter) -> None:
    """Iterates from z = 0 for the point (cr, ci) and prints its character."""
    em.add("zr", 128)
    em.add("zi", 128)
    em.copy("maxit", "iters", "t")
    em.add("cont", 1)
    with em.loop("cont"):
        em.clear("cont")
        em.add("iters", -1)
        sign_and_magnitude(em, "zr", "negr", "mr")
        sign_and_magnitude(em, "zi", "negi", "mi")
        at_least(em, "mr", 2 * FIXED_ONE + 1, "esc")
        at_least(em, "mi", 2 * FIXED_ONE + 1, "esc")
        with if_zero(em, "esc"):
            product(em, "mr", "mr", "zr2")
            product(em, "mi", "mi", "zi2")
            em.copy("zr2", "sum", "t")
            em.copy("zi2", "sum", "t")
            at_least(em, "sum", 4 * FIXED_ONE + 1, "esc2")
            em.clear("sum")
            with if_zero(em, "esc2"):
                product(em, "mr", "mi", "prod")
                em.move("prod", "tmp")
                with em.loop("tmp"):
                    em.add("tmp", -1)
                    em.add("prod", 2)
                em.copy("negr", "pneg", "t")
                em.copy("negi", "pneg", "t")
                # pneg is 0, 1 or 2: odd means the signs differ.
                em.move("pneg", "tmp")
                with em.loop("tmp"):
                    em.add("tmp", -1)
                    em.move("pneg", "d")
                    em.add("pneg", 1)
                    subtract(em, "d", "pneg")
                when(em, "pneg", lambda: negate(em, "prod"))
                em.clear("pneg")
                em.clear("zi")
                em.copy("ci", "zi", "t")
                em.move("prod", "zi")
                em.clear("zr")
                em.copy("cr", "zr", "t")
                em.move("zr2", "zr")
                subtract(em, "zi2", "zr")
                em.add("count", 1)
                when(em, "iters", lambda: em.add("cont", 1))
            em.clear("esc2")
            em.clear("zr2")
            em.clear("zi2")
        for cell in ("esc", "negr", "negi", "mr", "mi"):
            em.clear(cell)
    # Bounded (count == maxit): a space; else chr(46 + count).
    em.copy("maxit", "d", "t")
    em.copy("count", "tmp2", "t")
    subtract(em, "tmp2", "d")
    em.add("e", 1)
    with if_zero(em, "d"):
        em.add("e", -1)
        em.print_text(b" ", "text")
    with em.loop("e"):
        em.add("e", -1)
        em.add("count", 46)
        em.output("count")
    for cell in ("d", "count", "iters", "zr", "zi"):
        em.clear(cell)


def check_counter(value: int) -> None:
    if not 1 <= value <= 255:
        raise ValueError(f"a loop counter must be in 1..255 (8-bit cells), not {value}")


# The benchmark sizes: each runs for a few seconds in the translated BF without the JIT.
PROGRAMS: dict[str, Fib | Loops] = {
    "fib": Fib(prints=160, steps=40),
    "loops": Loops(rounds=3),
    "mandel": Mandel(frames=2, maxit=16, maxit_step=8),
}


def main() -> None:
    for name, spec in PROGRAMS.items():
        write(HERE / f"{name}.b", spec.program())
        (HERE / f"{name}.out").write_bytes(spec.expected())


if __name__ == "__main__":
    main()
