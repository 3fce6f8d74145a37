"""Recursive Fibonacci: call overhead and integer arithmetic."""

import os


def fib(n):
    if n < 2:
        return n
    return fib(n - 1) + fib(n - 2)


def entry_point(argv):
    n = int(argv[1])
    os.write(1, ("fib(" + str(n) + ") = " + str(fib(n)) + "\n").encode("latin-1"))
    return 0
