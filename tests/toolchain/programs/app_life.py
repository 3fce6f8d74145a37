"""Conway's game of life on a small torus, printed as text."""

import os


def out(s):
    os.write(1, (s + "\n").encode("latin-1"))


def step(grid, w, h):
    new = [[False] * w for i in range(h)]
    for y in range(h):
        for x in range(w):
            n = 0
            for dy in range(-1, 2):
                for dx in range(-1, 2):
                    if (dx != 0 or dy != 0) and grid[(y + dy) % h][(x + dx) % w]:
                        n += 1
            new[y][x] = n == 3 or (n == 2 and grid[y][x])
    return new


def show(grid):
    for row in grid:
        out("".join(["#" if c else "." for c in row]))


def entry_point(argv):
    w = 8
    h = 6
    grid = [[False] * w for i in range(h)]
    for x, y in [(1, 0), (2, 1), (0, 2), (1, 2), (2, 2)]:
        grid[y][x] = True
    for gen in range(4):
        out("gen " + str(gen))
        show(grid)
        grid = step(grid, w, h)
    alive = 0
    for i in range(20):
        grid = step(grid, w, h)
    for row in grid:
        for c in row:
            if c:
                alive += 1
    out("alive " + str(alive))
    return 0
