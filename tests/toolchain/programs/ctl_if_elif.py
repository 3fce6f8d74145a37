"""if/elif/else chains, conditional expressions and truthiness of every type."""

import os


def out(s):
    os.write(1, (s + "\n").encode("latin-1"))


def fizzbuzz(n):
    if n % 15 == 0:
        return "FizzBuzz"
    elif n % 3 == 0:
        return "Fizz"
    elif n % 5 == 0:
        return "Buzz"
    else:
        return str(n)


def sign(x):
    return "neg" if x < 0 else "zero" if x == 0 else "pos"


def entry_point(argv):
    out(" ".join([fizzbuzz(i) for i in range(1, 21)]))
    out(sign(-3) + " " + sign(0) + " " + sign(8))
    checks = []
    if 0:
        checks.append("int")
    if 0.0:
        checks.append("float")
    if "":
        checks.append("str")
    if []:
        checks.append("list")
    if 7:
        if "x":
            if [0]:
                if 0.5:
                    checks.append("all true")
    out(",".join(checks))
    x = 5
    if not x > 10:
        out("not greater")
    return 0
