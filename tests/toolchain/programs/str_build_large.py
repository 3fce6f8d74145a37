"""Building large strings and lists: 20000-piece joins, repeated concatenation, splits."""

from support import say


def entry_point(argv):
    parts = []
    for i in range(20000):
        parts.append(str(i % 10))
    big = "".join(parts)
    say(b"len", len(big))
    say(b"count", big.count("7"))
    csv = ",".join([str(i) for i in range(5000)])
    fields = csv.split(",")
    say(b"fields", len(fields))
    say(b"last", int(fields[-1]))
    s = ""
    for i in range(2000):
        s += "ab"
    say(b"concat", len(s))
    say(b"replaced", len(s.replace("ab", "abc")))
    return 0
