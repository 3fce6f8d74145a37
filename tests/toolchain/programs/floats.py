import math
import os


def out(s):
    os.write(1, (s + "\n").encode("latin-1"))


def entry_point(argv):
    values = [0.0, 1.0, -1.5, 0.1, 1e16, 1.5e-5, 123456789.125, 1e22, 2.5e-10, 100.0,
              1e-4, 0.3, 2.0 / 3.0, 1e308, -0.0, 12345678901234567.0, 1234567890123456.0]
    for v in values:
        out(repr(v) + " " + str(v))
    a = 7.5
    b = -2.0
    out(str(a + b) + " " + str(a - b) + " " + str(a * b) + " " + str(a / b))
    out(str(a // b) + " " + str(a % b) + " " + str(-a // b) + " " + str(-a % b))
    out(str(7 / 2) + " " + str(-7 / 2) + " " + str(1 / 3))
    out(str(3 + 0.5) + " " + str(2 * 1.25) + " " + str(float(3)))
    out(str(int(3.9)) + " " + str(int(-3.9)))
    out(str(math.sqrt(2.0)) + " " + str(math.floor(2.7)) + " " + str(math.fabs(-3.0)))
    out(str(math.pow(2.0, 10.0)) + " " + str(math.exp(1.0)) + " " + str(math.log(10.0)))
    out(str(math.sin(0.5)) + " " + str(math.cos(0.5)))
    out(str(math.isnan(a)) + str(math.isinf(a)))
    out(str(abs(-2.5)) + " " + str(abs(-3)) + " " + str(min(2, 3)) + " " + str(max(2.5, 1)))
    out(str(float("1.5e3")) + " " + str(float(" -2.25 ")))
    out(str(a < b) + str(a > 7) + str(a == 7.5) + str(2 <= 2.0))
    total = 0.0
    for i in range(1000):
        total += 0.001
    out(repr(total))
    try:
        math.sqrt(-1.0)
    except ValueError:
        out("domain")
    try:
        a / 0.0
    except ZeroDivisionError:
        out("float zero division")
    if a:
        out("truthy")
    return 0
