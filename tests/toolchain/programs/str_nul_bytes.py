"""NUL bytes inside strings and bytes: dict keys, comparison, find, split, replace, sort,
and a 10 KB prebuilt literal."""

import os


def out(s):
    os.write(1, (s + "\n").encode("latin-1"))


BIG = "x" * 10000 + "end"


def entry_point(argv):
    d = {"a\x00b": 1, "a": 2, "a\x00c": 3, "\x00": 4, "": 5}
    out(str(d["a\x00b"]) + str(d["a"]) + str(d["a\x00c"]) + str(d["\x00"]) + str(d[""]))
    out(str(len(d)) + str("a\x00b" == "a\x00c") + str("a\x00" < "a\x00\x01") + str("a" < "a\x00"))
    out(str("x\x00y\x00z".find("\x00", 2)) + str(len("x\x00y".split("\x00"))))
    out(repr("a\x00b".replace("\x00", "-")) + str("ab\x00".strip("\x00") == "ab"))
    b = b"k\x00"
    out(str(b < b"k\x00\x00") + str(b.count(b"\x00")) + str(len(b + b"\x00")))
    keys = ["b\x00", "b", "a\x00z"]
    keys.sort()
    out(repr(keys[0]) + repr(keys[1]) + repr(keys[2]))
    out(str(len(BIG)) + BIG[-3:])
    return 0
