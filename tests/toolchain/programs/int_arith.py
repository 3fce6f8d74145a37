"""Int arithmetic: precedence, negatives, augmented assignment, powers by loop."""

from support import say


def power(base, exp):
    result = 1
    while exp > 0:
        result *= base
        exp -= 1
    return result


def entry_point(argv):
    a = 17
    b = -5
    say(b"add", a + b)
    say(b"sub", a - b)
    say(b"mul", a * b)
    say(b"prec", 2 + 3 * 4 - 10 // 3)
    say(b"paren", (2 + 3) * (4 - 10))
    say(b"neg", -a)
    say(b"negneg", -(-a))
    x = 10
    x += 5
    x -= 3
    x *= 4
    x //= 5
    x %= 7
    say(b"augmented", x)
    say(b"pow", power(3, 13))
    say(b"pow-neg", power(-2, 21))
    say(b"big", 46340 * 46340)
    say(b"max32", 2147483647)
    say(b"min32", -2147483647 - 1)
    total = 0
    for i in range(1, 101):
        total += i * i
    say(b"squares", total)
    return 0
