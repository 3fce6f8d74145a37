"""Module-level data computed at import time becomes prebuilt tables in the binary."""

import os


def out(s):
    os.write(1, (s + "\n").encode("latin-1"))


def _build_primes(limit):
    sieve = [True] * limit
    primes = []
    for i in range(2, limit):
        if sieve[i]:
            primes.append(i)
            for j in range(i * i, limit, i):
                sieve[j] = False
    return primes


PRIMES = _build_primes(200)
SQUARES = {i: i * i for i in range(20)}
HEX = "0123456789abcdef"
POINTS = [(i, i * 2) for i in range(5)]
GREETING = " ".join(["hello", "from", "import", "time"])
WEIGHTS = [0.5 * i for i in range(4)]
NESTED = [[c for c in w] for w in ["ab", "cde"]]


def to_hex(n):
    if n == 0:
        return "0"
    digits = []
    while n > 0:
        digits.append(HEX[n % 16])
        n //= 16
    digits.reverse()
    return "".join(digits)


def entry_point(argv):
    out(str(len(PRIMES)) + " " + str(PRIMES[-1]) + " " + str(PRIMES[10]))
    out(str(SQUARES[13]) + " " + str(len(SQUARES)))
    out(to_hex(48879) + " " + to_hex(255))
    out(str(POINTS[3][1]) + " " + GREETING)
    out(repr(WEIGHTS[3]) + " " + NESTED[1][2])
    return 0
