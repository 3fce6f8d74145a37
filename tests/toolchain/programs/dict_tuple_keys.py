"""Dicts keyed by tuples: grid coordinates and (string, int) pairs."""

import os


def out(s):
    os.write(1, (s + "\n").encode("latin-1"))


def neighbours(grid, x, y):
    count = 0
    for dx in range(-1, 2):
        for dy in range(-1, 2):
            if (dx != 0 or dy != 0) and (x + dx, y + dy) in grid:
                count += 1
    return count


def entry_point(argv):
    grid = {}
    for p in [(0, 0), (1, 0), (2, 0), (1, 1), (-1, -1)]:
        grid[p] = True
    out(str(len(grid)) + " " + str(neighbours(grid, 1, 0)) + " " + str(neighbours(grid, 0, 0)))
    out(str((1, 1) in grid) + str((1, 2) in grid))
    scores = {}
    scores[("ada", 1)] = 10
    scores[("ada", 2)] = 20
    scores[("bob", 1)] = 5
    out(str(scores[("ada", 2)]) + " " + str(scores.get(("bob", 2), -1)))
    name = "ad" + "a"
    out(str(scores[(name, 1)]))
    for k in scores:
        out(k[0] + "/" + str(k[1]) + " " + str(scores[k]))
    return 0
