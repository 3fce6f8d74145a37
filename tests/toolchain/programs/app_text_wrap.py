"""Greedy word wrap and full justification of a paragraph to a fixed width."""

import os


def out(s):
    os.write(1, (s + "|\n").encode("latin-1"))


TEXT = ("Kiln translates a restricted subset of Python into C and cross compiles "
        "it for six targets, from a modern sixty-four bit machine down to an old "
        "ARM board without any floating point unit at all.")


def wrap(words, width):
    lines = []
    current = []
    length = 0
    for w in words:
        if len(current) > 0 and length + 1 + len(w) > width:
            lines.append(current)
            current = []
            length = 0
        if current:
            length += 1
        current.append(w)
        length += len(w)
    if current:
        lines.append(current)
    return lines


def justify(words, width):
    if len(words) == 1:
        return words[0] + " " * (width - len(words[0]))
    letters = 0
    for w in words:
        letters += len(w)
    gaps = len(words) - 1
    spaces = width - letters
    parts = []
    for i in range(gaps):
        n = spaces // gaps + (1 if i < spaces % gaps else 0)
        parts.append(words[i] + " " * n)
    parts.append(words[-1])
    return "".join(parts)


def entry_point(argv):
    words = TEXT.split()
    for width in [30, 45]:
        lines = wrap(words, width)
        for i in range(len(lines)):
            if i == len(lines) - 1:
                out(" ".join(lines[i]))
            else:
                out(justify(lines[i], width))
        out("")
    return 0
