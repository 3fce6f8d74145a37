"""bytes indexing and iteration give ints; slicing gives bytes."""

from support import line, say


def checksum(data):
    total = 0
    for b in data:
        total = (total * 31 + b) % 65521
    return total


def entry_point(argv):
    data = b"\x00\x01\x7f\x80\xff ABC"
    say(b"len", len(data))
    for i in range(len(data)):
        say(b"byte", data[i])
    say(b"last", data[-1])
    line(data[5:])
    line(data[-3:-1])
    say(b"empty-slice", len(data[4:2]))
    say(b"checksum", checksum(b"The quick brown fox jumps over the lazy dog"))
    upper = 0
    for b in b"Hello World":
        if 65 <= b <= 90:
            upper += 1
    say(b"upper", upper)
    return 0
