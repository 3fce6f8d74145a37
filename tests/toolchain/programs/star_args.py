from support import line, say


def total(*values):
    t = 0
    for v in values:
        t += v
    return t


def describe(label, *parts):
    say(label, len(parts))
    if len(parts) > 0:
        say(b"first", parts[0])


def entry_point(argv):
    say(b"none", total())
    say(b"one", total(5))
    say(b"three", total(1, 2, 3))
    describe(b"parts", 7, 8)
    describe(b"no parts")
    line(b"done")
    return 0
