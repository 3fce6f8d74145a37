"""os.open, read, lseek and close on this program's own source file."""

import os

from support import line, say

SOURCE = __file__


def read_all(fd):
    chunks = []
    while True:
        chunk = os.read(fd, 64)
        if len(chunk) == 0:
            break
        chunks.append(chunk)
    return b"".join(chunks)


def entry_point(argv):
    fd = os.open(SOURCE, os.O_RDONLY, 0)
    first = os.read(fd, 3)
    line(first)
    os.lseek(fd, 0, 0)
    data = read_all(fd)
    say(b"starts-with-first", 1 if data.startswith(first) else 0)
    lines = data.split(b"\n")
    line(lines[0])
    pos = os.lseek(fd, 4, 0)
    say(b"seek", pos)
    line(os.read(fd, 2))
    end = os.lseek(fd, 0, 2)
    say(b"size-matches", 1 if end == len(data) else 0)
    os.close(fd)
    return 0
