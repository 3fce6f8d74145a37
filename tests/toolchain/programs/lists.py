from support import line, say

PREBUILT = [5, 3, 9]


def total(items):
    s = 0
    for item in items:
        s += item
    return s


def entry_point(argv):
    a = []
    for i in range(10):
        a.append(i * i)
    say(b"len", len(a))
    say(b"last", a[-1])
    say(b"first", a[0])
    a[3] = 1000
    say(b"set", a[3])
    say(b"pop", a.pop())
    say(b"len-after-pop", len(a))
    say(b"sum", total(a))
    say(b"prebuilt", total(PREBUILT))
    PREBUILT.append(100)
    say(b"prebuilt-grown", total(PREBUILT))
    if 1000 in a:
        line(b"contains 1000")
    if 2 not in a:
        line(b"no 2")
    nested = [[1, 2], [3], []]
    count = 0
    for inner in nested:
        count += len(inner)
    say(b"nested", count)
    words = [b"x", b"yy"]
    words.append(b"zzz")
    line(b"-".join(words))
    empty = []
    if not empty:
        line(b"empty is false")
    big = []
    for i in range(5000):
        big.append(i)
    say(b"big", total(big))
    return 0
