"""Latin-1 text beyond ASCII: repr escapes, ordering, sorting and ord/chr of high bytes."""

import os


def out(s):
    os.write(1, (s + "\n").encode("latin-1"))


def entry_point(argv):
    out(repr("\xe9") + repr("\x80") + repr("\xa0") + repr("\xff") + repr("caf\xe9"))
    out(str("\xe9" > "z") + str("\xe0" < "\xe9") + str("A" < "\xc0"))
    words = ["\xe9t\xe9", "zoo", "apple", "\xc0 la", "Zebra"]
    words.sort()
    out("|".join(words))
    out(str(ord("\xfe")) + " " + str(len("na\xefve")) + " " + chr(233))
    out(str("\xe9" in "caf\xe9") + str("caf\xe9".find("\xe9")))
    out("\xe9l\xe8ve".replace("\xe8", "e"))
    return 0
