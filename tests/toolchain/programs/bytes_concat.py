"""bytes concatenation, repetition, comparison, and building output in a list."""

from support import line, say

LETTERS = b"ABCDEFGHIJ"


def hexdump(data):
    digits = b"0123456789abcdef"
    out = []
    for b in data:
        out.append(digits[b // 16:b // 16 + 1] + digits[b % 16:b % 16 + 1])
    return b" ".join(out)


def entry_point(argv):
    line(b"ab" + b"cd" + b"")
    line(b"=" * 20)
    line(hexdump(b"Kiln\x00\xff"))
    say(b"lt", 1 if b"abc" < b"abd" else 0)
    say(b"eq", 1 if b"ab" + b"c" == b"abc" else 0)
    say(b"prefix-lt", 1 if b"ab" < b"abc" else 0)
    acc = b""
    for i in range(5):
        acc += LETTERS[i:i + 1]
    line(acc)
    return 0
