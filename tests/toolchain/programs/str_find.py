"""find, rfind and count, with start positions and missing needles."""

import os


def out(s):
    os.write(1, (s + "\n").encode("latin-1"))


def positions(text, needle):
    found = []
    start = text.find(needle)
    while start >= 0:
        found.append(str(start))
        start = text.find(needle, start + 1)
    return ",".join(found)


def entry_point(argv):
    text = "the cat sat on the mat with the hat"
    out(str(text.find("the")) + " " + str(text.rfind("the")) + " " + str(text.find("dog")))
    out(str(text.find("at", 10)) + " " + str(text.find("")) + " " + str(text.rfind("z")))
    out(positions(text, "at"))
    out(positions(text, "the"))
    out(positions("aaaa", "aa"))
    out(str(text.count("at")) + " " + str(text.count("the")) + " " + str(text.count("x")))
    out(str("aaaa".count("aa")) + " " + str("abc".count("")))
    out(str("abc".find("abcd")) + " " + str("".find("a")) + " " + str("".find("")))
    out(str("hello".rfind("l")) + " " + str("hello".rfind("hello")))
    return 0
