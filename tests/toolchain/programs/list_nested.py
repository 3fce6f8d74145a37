"""Lists of lists: ragged rows, transposition, in-place updates through rows."""

from support import say


def transpose(m):
    rows = len(m)
    cols = len(m[0])
    result = []
    for c in range(cols):
        row = []
        for r in range(rows):
            row.append(m[r][c])
        result.append(row)
    return result


def entry_point(argv):
    m = [[1, 2, 3], [4, 5, 6]]
    t = transpose(m)
    say(b"rows", len(t))
    for row in t:
        say(b"row", row[0] * 10 + row[1])
    ragged = [[], [1], [1, 2], [1, 2, 3]]
    total = 0
    for row in ragged:
        total += len(row)
    say(b"ragged", total)
    row = ragged[2]
    row.append(99)
    say(b"aliased", ragged[2][-1])
    triangle = [[1]]
    for i in range(1, 10):
        prev = triangle[-1]
        new = [1]
        for j in range(1, i):
            new.append(prev[j - 1] + prev[j])
        new.append(1)
        triangle.append(new)
    say(b"pascal", triangle[9][4])
    return 0
