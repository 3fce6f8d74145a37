"""Matrix multiply, identity, transpose and integer power on lists of lists."""

from support import say


def matmul(a, b):
    n = len(a)
    m = len(b[0])
    k = len(b)
    c = [[0] * m for i in range(n)]
    for i in range(n):
        row = a[i]
        out = c[i]
        for j in range(m):
            s = 0
            for x in range(k):
                s += row[x] * b[x][j]
            out[j] = s
    return c


def identity(n):
    return [[1 if i == j else 0 for j in range(n)] for i in range(n)]


def matpow(m, e):
    result = identity(len(m))
    while e > 0:
        if e % 2 == 1:
            result = matmul(result, m)
        m = matmul(m, m)
        e //= 2
    return result


def entry_point(argv):
    a = [[1, 2, 3], [4, 5, 6]]
    b = [[7, 8], [9, 10], [11, 12]]
    c = matmul(a, b)
    for row in c:
        for v in row:
            say(b"c", v)
    fib = matpow([[1, 1], [1, 0]], 30)
    say(b"fib30", fib[0][1])
    big = [[(i * 7 + j * 3) % 10 for j in range(20)] for i in range(20)]
    sq = matmul(big, big)
    trace = 0
    for i in range(20):
        trace += sq[i][i]
    say(b"trace", trace)
    return 0
