"""Output helpers shared by the translator's test programs (written in the subset)."""

import os

DIGITS = [bytes([48 + i]) for i in range(10)]


def decimal(n):
    """Also right for the most negative word, which has no positive counterpart."""
    negative = n < 0
    digits = []
    while True:
        d = n % 10
        if negative and d != 0:
            d = 10 - d
        digits.append(DIGITS[d])
        n = (n + d) // 10 if negative else n // 10
        if n == 0:
            break
    if negative:
        digits.append(b"-")
    result = []
    i = len(digits) - 1
    while i >= 0:
        result.append(digits[i])
        i -= 1
    return b"".join(result)


def say(label, n):
    os.write(1, b"".join([label, b" ", decimal(n), b"\n"]))


def line(text):
    os.write(1, text + b"\n")
