"""The str methods on bytes: split, strip, find, replace, case, predicates, join."""

from support import line, say


def entry_point(argv):
    data = b"  GET /index.html HTTP/1.0  "
    parts = data.strip().split()
    say(b"parts", len(parts))
    for p in parts:
        line(p)
    line(b"/".join([b"usr", b"local", b"bin"]))
    line(b"a=1&b=2&c=3".replace(b"&", b"; "))
    say(b"find", b"hello".find(b"ll"))
    say(b"rfind", b"hello".rfind(b"l"))
    say(b"count", b"banana".count(b"a"))
    line(b"Mixed Case".lower() + b" " + b"Mixed Case".upper())
    if b"123".isdigit() and b"abc".isalpha() and b" \t".isspace() and b"a1".isalnum():
        line(b"predicates")
    if b"header: value".startswith(b"header") and b"file.txt".endswith(b".txt"):
        line(b"prefix and suffix")
    line(b"xxkeepxx".strip(b"x") + b"|" + b"  l".lstrip() + b"|" + b"r  ".rstrip() + b"|")
    fields = b"a,b,,c".split(b",")
    say(b"fields", len(fields))
    if b"ell" in b"hello" and b"z" not in b"hello":
        line(b"in")
    return 0
