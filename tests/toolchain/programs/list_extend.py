"""extend and + on lists: copying, self-extension, empty lists."""

from support import say


def entry_point(argv):
    a = [1, 2, 3]
    b = [4, 5]
    a.extend(b)
    say(b"len", len(a))
    a.extend([])
    c = a + b
    say(b"c-len", len(c))
    say(b"a-len", len(a))
    a.extend(a)
    say(b"self", len(a))
    d = [] + []
    say(b"empty", len(d))
    e = [0]
    e += [1, 2]
    say(b"iadd", len(e))
    total = 0
    for x in c + e:
        total += x
    say(b"total", total)
    words = ["a"]
    words.extend(["b", "c"])
    say(b"words", len(words))
    return 0
