"""Arbitrary-precision decimal arithmetic on digit lists: factorial of 50, powers of 2."""

import os


def out(s):
    os.write(1, (s + "\n").encode("latin-1"))


def mul_small(digits, k):
    """digits are little-endian base 10000 limbs."""
    carry = 0
    for i in range(len(digits)):
        v = digits[i] * k + carry
        digits[i] = v % 10000
        carry = v // 10000
    while carry > 0:
        digits.append(carry % 10000)
        carry //= 10000


def add(a, b):
    result = []
    carry = 0
    for i in range(max(len(a), len(b))):
        v = carry
        if i < len(a):
            v += a[i]
        if i < len(b):
            v += b[i]
        result.append(v % 10000)
        carry = v // 10000
    if carry:
        result.append(carry)
    return result


def to_str(digits):
    parts = [str(digits[-1])]
    for i in range(len(digits) - 2, -1, -1):
        s = str(digits[i])
        parts.append("0" * (4 - len(s)) + s)
    return "".join(parts)


def entry_point(argv):
    f = [1]
    for k in range(2, 51):
        mul_small(f, k)
    out("50! = " + to_str(f))
    p = [1]
    for i in range(200):
        mul_small(p, 2)
    out("2^200 = " + to_str(p))
    a = [0]
    b = [1]
    for i in range(300):
        a, b = b, add(a, b)
    out("fib300 = " + to_str(a))
    return 0
