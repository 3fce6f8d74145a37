"""User exceptions carrying fields, raised deep in calls and inspected by handlers."""

from support import line, say


class ParseError(Exception):
    def __init__(self, pos, expected):
        self.pos = pos
        self.expected = expected


def expect_digit(text, pos):
    if pos >= len(text) or not text[pos].isdigit():
        raise ParseError(pos, b"digit")
    return ord(text[pos]) - 48


def parse_number(text):
    value = expect_digit(text, 0)
    pos = 1
    while pos < len(text):
        value = value * 10 + expect_digit(text, pos)
        pos += 1
    return value


def entry_point(argv):
    for text in ["123", "12a4", "", "9"]:
        try:
            say(b"number", parse_number(text))
        except ParseError as e:
            line(b"expected " + e.expected)
            say(b"at", e.pos)
    return 0
