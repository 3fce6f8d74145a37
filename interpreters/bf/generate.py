"""Writes the generated BF corpus programs: the long-running prime search and deep nesting.

    python interpreters/bf/generate.py [--limit N]

Both are too long or too regular to write by hand. A small emitter tracks the data
pointer, so each step below reads as cell operations rather than as raw `<>`.
Expected outputs are then blessed from CPython (`python -m targets.corpus bless`).
"""

from __future__ import annotations

import argparse
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

TESTS = Path(__file__).resolve().parent / "tests"

# Primes below this limit. The trial division is deliberately naive (O(limit**4) BF
# commands), so that the limit tunes the run time: 145 runs for over a second
# natively once translated, and the limit must stay below 256 because cells are 8-bit.
DEFAULT_LIMIT = 145
NESTING_DEPTH = 200


class Emitter:
    """Builds BF code over named cells, keeping track of where the data pointer is."""

    def __init__(self, cells: list[str]) -> None:
        self.index = {name: i for i, name in enumerate(cells)}
        self.pointer = 0
        self.code: list[str] = []

    def goto(self, cell: str) -> None:
        target = self.index[cell]
        step = ">" if target > self.pointer else "<"
        self.code.append(step * abs(target - self.pointer))
        self.pointer = target

    def add(self, cell: str, amount: int) -> None:
        self.goto(cell)
        self.code.append(("+" if amount > 0 else "-") * abs(amount))

    def clear(self, cell: str) -> None:
        self.goto(cell)
        self.code.append("[-]")

    def output(self, cell: str) -> None:
        self.goto(cell)
        self.code.append(".")

    @contextmanager
    def loop(self, cell: str) -> Iterator[None]:
        """`while cell:` — the body must leave the pointer wherever it likes."""
        self.goto(cell)
        self.code.append("[")
        yield
        self.goto(cell)
        self.code.append("]")

    def move(self, source: str, *targets: str) -> None:
        """Adds `source` to every target and leaves `source` at zero."""
        with self.loop(source):
            self.add(source, -1)
            for target in targets:
                self.add(target, 1)

    def copy(self, source: str, target: str, scratch: str) -> None:
        """Adds `source` to `target`; `scratch` must be zero and ends zero."""
        self.move(source, target, scratch)
        self.move(scratch, source)

    @contextmanager
    def if_zero(self, cell: str, flag: str, scratch: str, spare: str) -> Iterator[None]:
        """`if cell == 0:`, leaving `cell` unchanged; flag, scratch and spare are zero
        before and after. Costs O(cell) because BF can only test a cell by looping."""
        self.add(flag, 1)
        self.copy(cell, scratch, spare)
        with self.loop(scratch):
            self.clear(scratch)
            self.add(flag, -1)
        with self.loop(flag):
            self.add(flag, -1)
            yield

    def print_text(self, text: bytes, scratch: str) -> None:
        for byte in text:
            self.add(scratch, byte)
            self.output(scratch)
            self.clear(scratch)

    def source(self) -> str:
        return "".join(self.code)


def divide_by_ten(em: Emitter, number: str, quotient: str, remainder: str) -> None:
    """quotient, remainder = divmod(number, 10); `number` ends at zero."""
    em.add("p_left", 10)
    with em.loop(number):
        em.add(number, -1)
        em.add(remainder, 1)
        em.add("p_left", -1)
        with em.if_zero("p_left", "f", "t", "t2"):
            em.clear(remainder)
            em.add(quotient, 1)
            em.add("p_left", 10)
    em.clear("p_left")


def emit_decimal(em: Emitter, value: str) -> None:
    """Prints `value` (0..255) in decimal without leading zeros; `value` is kept."""
    em.copy(value, "p_num", "t")
    divide_by_ten(em, "p_num", "p_tens", "p_ones")
    divide_by_ten(em, "p_tens", "p_hundreds", "p_mid")
    # Print the hundreds digit if non-zero, the tens if hundreds or tens are non-zero.
    em.copy("p_hundreds", "p_any", "t")
    em.copy("p_hundreds", "t2", "t")
    with em.loop("t2"):
        em.clear("t2")
        em.add("p_hundreds", 48)
        em.output("p_hundreds")
    em.clear("p_hundreds")
    em.copy("p_mid", "p_any", "t")
    with em.loop("p_any"):
        em.clear("p_any")
        em.add("p_mid", 48)
        em.output("p_mid")
    em.clear("p_mid")
    em.add("p_ones", 48)
    em.output("p_ones")
    em.clear("p_ones")


def primes_program(limit: int) -> str:
    """Prints the primes below `limit`, testing every n against every d in 2..n-1."""
    if not 3 <= limit <= 255:
        raise SystemExit(f"--limit must be in 3..255 (8-bit cells), not {limit}")
    em = Emitter(["numbers_left", "n", "divisors_left", "d", "steps", "rem", "until_wrap",
                  "divisors", "f", "t", "t2", "p_num", "p_left", "p_tens", "p_ones",
                  "p_hundreds", "p_mid", "p_any", "text"])
    em.print_text(b"primes below ", "text")
    em.add("d", limit)
    emit_decimal(em, "d")
    em.clear("d")
    em.print_text(b":", "text")
    em.add("numbers_left", limit - 2)
    em.add("n", 2)
    with em.loop("numbers_left"):
        em.add("numbers_left", -1)
        # Count the divisors of n among 2..n-1.
        em.copy("n", "divisors_left", "t")
        em.add("divisors_left", -2)
        em.add("d", 2)
        with em.loop("divisors_left"):
            em.add("divisors_left", -1)
            # rem = n % d, by counting n steps and wrapping rem to 0 every d steps.
            em.copy("n", "steps", "t")
            em.copy("d", "until_wrap", "t")
            with em.loop("steps"):
                em.add("steps", -1)
                em.add("rem", 1)
                em.add("until_wrap", -1)
                with em.if_zero("until_wrap", "f", "t", "t2"):
                    em.clear("rem")
                    em.copy("d", "until_wrap", "t")
            em.clear("until_wrap")
            with em.if_zero("rem", "f", "t", "t2"):
                em.add("divisors", 1)
            em.clear("rem")
            em.add("d", 1)
        em.clear("d")
        with em.if_zero("divisors", "f", "t", "t2"):
            em.print_text(b" ", "text")
            emit_decimal(em, "n")
        em.clear("divisors")
        em.add("n", 1)
    em.print_text(b"\n", "text")
    return em.source()


def nesting_program(depth: int) -> str:
    """Enters `depth` nested loops, each run once, then a skipped nest of the same depth,
    then prints "ok"; checks that bracket matching scales and is not off by one."""
    em = Emitter(["counter", "text"])
    em.add("counter", 1)
    for _ in range(depth):
        em.code.append("[")
    em.add("counter", -1)
    for _ in range(depth):
        em.code.append("]")
    em.code.append("[" * depth + "+" + "]" * depth)
    em.print_text(b"ok\n", "text")
    return em.source()


def write(path: Path, text: str) -> None:
    temporary = path.with_suffix(path.suffix + ".tmp")
    temporary.write_text(text)
    temporary.replace(path)
    print(f"wrote {path} ({len(text)} commands)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, default=DEFAULT_LIMIT,
                        help=f"primes below this (3..255, default {DEFAULT_LIMIT})")
    args = parser.parse_args()
    write(TESTS / "primes.b", primes_program(args.limit) + "\n")
    write(TESTS / "deep_nesting.b", nesting_program(NESTING_DEPTH) + "\n")


if __name__ == "__main__":
    main()
