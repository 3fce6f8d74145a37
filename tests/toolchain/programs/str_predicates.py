"""isdigit, isalpha, isspace, isalnum, isupper, islower on strings and characters."""

import os


def out(s):
    os.write(1, (s + "\n").encode("latin-1"))


def flags(s):
    result = ""
    for b in [s.isdigit(), s.isalpha(), s.isspace(), s.isalnum(), s.isupper(),
              s.islower()]:
        result += "1" if b else "0"
    return result


def classify(text):
    digits = 0
    letters = 0
    spaces = 0
    other = 0
    for c in text:
        if c.isdigit():
            digits += 1
        elif c.isalpha():
            letters += 1
        elif c.isspace():
            spaces += 1
        else:
            other += 1
    return str(digits) + " " + str(letters) + " " + str(spaces) + " " + str(other)


def entry_point(argv):
    for s in ["0", "0123", "abc", "ABC", "aBc", "a1", "A1", " ", " \t\n", "", "!",
              "a b", "12a", "HELLO WORLD", "hello world", "x_y"]:
        out(repr(s) + " " + flags(s))
    out(classify("In 2024, 3 cats ate 12 mice!"))
    return 0
