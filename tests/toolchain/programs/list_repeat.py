"""[x] * n and list * n: zero-filled buffers, repetition of patterns, no aliasing of ints."""

from support import say


def entry_point(argv):
    zeros = [0] * 10
    zeros[3] = 7
    say(b"len", len(zeros))
    say(b"sum", zeros[3] + zeros[4])
    pattern = [1, 2, 3] * 3
    say(b"pattern-len", len(pattern))
    say(b"pattern-7", pattern[7])
    none = [5] * 0
    say(b"zero", len(none))
    neg = [5] * -3
    say(b"neg", len(neg))
    flags = [False] * 5
    flags[2] = True
    count = 0
    for f in flags:
        if f:
            count += 1
    say(b"flags", count)
    names = ["?"] * 3
    names[1] = "x"
    say(b"names", len(names[0] + names[1] + names[2]))
    grid = [[0] * 3 for i in range(3)]
    grid[1][1] = 5
    say(b"grid", grid[0][1] + grid[1][1] + grid[2][1])
    return 0
