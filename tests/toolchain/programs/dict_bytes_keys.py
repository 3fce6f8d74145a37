"""Dicts keyed by bytes, as an interpreter's symbol table would be."""

from support import line, say


def intern(table, names, name):
    if name in table:
        return table[name]
    n = len(names)
    table[name] = n
    names.append(name)
    return n


def entry_point(argv):
    table = {}
    names = []
    ids = []
    for word in b"let x = y + x * let z".split():
        ids.append(intern(table, names, word))
    for i in ids:
        say(b"id", i)
    for name in names:
        line(name)
    say(b"lookup", table[b"x"])
    return 0
