"""N-queens by backtracking over column, diagonal and anti-diagonal occupancy lists."""

from support import say


class Board:
    def __init__(self, n):
        self.n = n
        self.cols = [False] * n
        self.diag = [False] * (2 * n)
        self.anti = [False] * (2 * n)
        self.solutions = 0


def place(board, row):
    n = board.n
    if row == n:
        board.solutions += 1
        return
    for col in range(n):
        d = row - col + n
        a = row + col
        if board.cols[col] or board.diag[d] or board.anti[a]:
            continue
        board.cols[col] = True
        board.diag[d] = True
        board.anti[a] = True
        place(board, row + 1)
        board.cols[col] = False
        board.diag[d] = False
        board.anti[a] = False


def entry_point(argv):
    for n in range(1, 7):
        b = Board(n)
        place(b, 0)
        say(b"queens", b.solutions)
    return 0
