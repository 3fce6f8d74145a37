"""pop with and without a default, del, and KeyError from pop when caught."""

from support import line, say


def entry_point(argv):
    d = {}
    for i in range(10):
        d[i] = i * 100
    say(b"pop", d.pop(3))
    say(b"pop-default", d.pop(3, -1))
    del d[4]
    say(b"len", len(d))
    try:
        d.pop(4)
    except KeyError:
        line(b"pop KeyError")
    while len(d) > 0:
        first = 0
        for k in d:
            first = k
            break
        say(b"drain", d.pop(first))
    d[1] = 1
    say(b"reuse", len(d))
    return 0
