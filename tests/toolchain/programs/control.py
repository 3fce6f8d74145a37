from support import line, say


def classify(n):
    if n < 0:
        return b"negative"
    elif n == 0:
        return b"zero"
    elif 0 < n < 10:
        return b"small"
    return b"large"


def fib(n):
    if n < 2:
        return n
    return fib(n - 1) + fib(n - 2)


def find(items, wanted):
    for i in range(len(items)):
        if items[i] == wanted:
            break
    else:
        return -1
    return i


def entry_point(argv):
    for n in [-5, 0, 3, 10, 99]:
        line(classify(n))
    say(b"fib20", fib(20))
    i = 0
    odd = 0
    while True:
        i += 1
        if i > 50:
            break
        if i % 2 == 0:
            continue
        odd += i
    say(b"odd", odd)
    for j in range(10, 0, -3):
        say(b"down", j)
    say(b"find", find([4, 5, 6], 6))
    say(b"find-miss", find([4, 5, 6], 7))
    x = 3
    y = x > 2 and x < 5
    if y:
        line(b"and")
    z = 0 or 7
    say(b"or", z)
    w = 1 if x == 3 else 2
    say(b"ifexp", w)
    k = 0
    while k < 3:
        k += 1
    else:
        line(b"while-else")
    assert k == 3
    return 0
