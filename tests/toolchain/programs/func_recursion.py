"""Recursion: factorial, fibonacci, Ackermann, gcd, power set size, Hanoi moves."""

from support import say


def fact(n):
    if n <= 1:
        return 1
    return n * fact(n - 1)


def fib(n):
    if n < 2:
        return n
    return fib(n - 1) + fib(n - 2)


def ackermann(m, n):
    if m == 0:
        return n + 1
    if n == 0:
        return ackermann(m - 1, 1)
    return ackermann(m - 1, ackermann(m, n - 1))


def gcd(a, b):
    if b == 0:
        return a
    return gcd(b, a % b)


def hanoi(n, src, dst, via, moves):
    if n == 0:
        return
    hanoi(n - 1, src, via, dst, moves)
    moves.append(src * 10 + dst)
    hanoi(n - 1, via, dst, src, moves)


def entry_point(argv):
    say(b"fact12", fact(12))
    say(b"fib20", fib(20))
    say(b"ack", ackermann(2, 3))
    say(b"gcd", gcd(1071, 462))
    moves = []
    hanoi(10, 1, 3, 2, moves)
    say(b"hanoi", len(moves))
    say(b"first-move", moves[0])
    return 0
