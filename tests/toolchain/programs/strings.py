import os

from support import line, say


def entry_point(argv):
    s = b"hello, world"
    say(b"len", len(s))
    say(b"byte", s[1])
    say(b"last", s[-1])
    t = s + b"!"
    line(t)
    if s == b"hello, world":
        line(b"equal")
    if s != t:
        line(b"different")
    if b"abc" < b"abd":
        line(b"ordered")
    parts = [b"a", b"b", b"c"]
    line(b", ".join(parts))
    line(b"".join([]))
    name = argv[0]
    say(b"argv", len(argv))
    if len(name) > 0:
        line(b"has a name")
    u = "text"
    if u[1] == "e":
        line(b"str index")
    count = 0
    for c in s:
        if c == 108:
            count += 1
    say(b"count-l", count)
    os.write(1, b"raw\x00bytes\xff\n")
    return 0
