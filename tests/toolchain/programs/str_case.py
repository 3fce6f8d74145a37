"""lower and upper on ASCII letters, with digits and punctuation untouched."""

import os


def out(s):
    os.write(1, (s + "\n").encode("latin-1"))


def title(s):
    words = s.split()
    result = []
    for w in words:
        result.append(w[:1].upper() + w[1:].lower())
    return " ".join(result)


def swap(s):
    result = []
    for c in s:
        if c.isupper():
            result.append(c.lower())
        elif c.islower():
            result.append(c.upper())
        else:
            result.append(c)
    return "".join(result)


def entry_point(argv):
    s = "Hello, World! 123 abcXYZ"
    out(s.lower())
    out(s.upper())
    out(title("the QUICK brown fOX"))
    out(swap(s))
    out(str("ABC".lower() == "abc") + str("abc".upper() == "ABC"))
    out("".upper() + "|" + "123".lower())
    return 0
