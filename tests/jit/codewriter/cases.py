"""Small subset functions the codewriter tests turn into jitcodes and run in the
blackhole interpreter against CPython.  `entry_point` calls each one, so that the
annotator types them; the tests never run it."""

import os

from toolchain.rlib.jit import JitDriver, dont_look_inside, elidable, promote, we_are_jitted
from toolchain.rlib.rawmem import (raw_load_byte, raw_load_double, raw_load_word,
                                   raw_store_byte, raw_store_double, raw_store_word)

driver = JitDriver(greens=["step"], reds=["n", "acc", "scale"])


def arith(a, b):
    x = (a + b) * 3 - (a ^ b)
    y = (a & 0xFFFF) | (b << 3)
    z = -x + ~y
    return x + y * 2 + z - (a >> 2) + (b >> 1)


def compare(a, b):
    score = 0
    if a < b:
        score += 1
    if a <= b:
        score += 2
    if a == b:
        score += 4
    if a != b:
        score += 8
    if a > b:
        score += 16
    if a >= b:
        score += 32
    if not (a > 0 and b > 0):
        score += 64
    if a > 0 or b < -5:
        score += 128
    return score


def sum_to(n):
    total = 0
    i = 0
    while i < n:
        total += i * i
        i += 1
    return total


def swap_loop(a, b, n):
    """A loop whose back edge exchanges two variables."""
    while n > 0:
        t = a
        a = b
        b = t + b
        n -= 1
    return a - b


def fib(n):
    if n < 2:
        return n
    return fib(n - 1) + fib(n - 2)


def helper(x, y):
    return x * 10 + y


def calls(a, b):
    return helper(a, b) - helper(b, a) + helper(a + 1, 0)


@dont_look_inside
def opaque(a, f):
    return a * 3 + int(f)


@elidable
def pure(a, b):
    return a * a - b


def residuals(a, b):
    return opaque(a, 2.5) + pure(b, a) + pure(a, 7)


def floats(x, y, n):
    z = x * y + x - y
    w = -z
    if x < y:
        w = w * 2.0
    if x == y or z >= 0.0:
        w = w + float(n)
    return w / 4.0 + z


def float_compares(x, y):
    r = 0
    if x < y:
        r += 1
    if x <= y:
        r += 2
    if x > y:
        r += 4
    if x >= y:
        r += 8
    if x != y:
        r += 16
    return r


class Tag:
    def __init__(self, n):
        self.n = n


class Label:
    # unrelated to Tag: promote takes both (one graph per argument type)
    def __init__(self, text):
        self.text = text


def hints(a):
    """promote of an int, a bool and a float."""
    r = promote(a) + 1
    if promote(a > 10):
        r += 2
    if promote(a * 0.5) > 4.0:
        r += 4
    return r


def promote_refs(a):
    """promote of a str and of instances of two unrelated classes (the blackhole runs
    no heap operations untranslated: only its jitcode is looked at)."""
    return (len(promote("ab" if a > 5 else "c")) + promote(Tag(a)).n
            + len(promote(Label("xyz")).text))


def jitted(a):
    """C takes the False branch, jitcodes the True one."""
    if we_are_jitted():
        return a + 100
    return a


def bools(a, b):
    p = a > b
    q = a == 0
    if p and not q:
        return 1
    if p or q:
        return 2
    return 3


def raw_memory(addr, n):
    raw_store_word(addr, 0, n)
    raw_store_byte(addr, 8, n)
    raw_store_double(addr, 16, n * 0.5)
    total = raw_load_word(addr, 0) + raw_load_byte(addr, 8)
    if raw_load_double(addr, 16) == n * 0.5:
        total += 1000
    return total


def portal(n, scale):
    acc = 0
    step = 0
    while n > 0:
        driver.jit_merge_point(step=step, n=n, acc=acc, scale=scale)
        acc = acc * 2 + n
        scale = scale * 0.5
        n -= 1
        step += 1
    return acc


def entry_point(argv):
    k = len(argv)
    f = k * 0.25
    total = (arith(k, k + 1) + compare(k, 2) + sum_to(k) + swap_loop(k, 1, k) + fib(k)
             + calls(k, 3) + residuals(k, 2) + int(floats(f, 1.5, k))
             + float_compares(f, 0.5) + hints(k) + promote_refs(k) + jitted(k) + bools(k, 1) + raw_memory(k, k)
             + portal(k, f))
    os.write(1, str(total).encode())
    return 0
