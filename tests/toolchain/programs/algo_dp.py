"""Dynamic programming: edit distance, longest common subsequence, 0/1 knapsack."""

import os


def out(s):
    os.write(1, (s + "\n").encode("latin-1"))


def edit_distance(a, b):
    prev = [j for j in range(len(b) + 1)]
    for i in range(1, len(a) + 1):
        cur = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cost = 0 if a[i - 1] == b[j - 1] else 1
            cur[j] = min(min(prev[j] + 1, cur[j - 1] + 1), prev[j - 1] + cost)
        prev = cur
    return prev[len(b)]


def lcs(a, b):
    table = [[0] * (len(b) + 1) for i in range(len(a) + 1)]
    for i in range(len(a)):
        for j in range(len(b)):
            if a[i] == b[j]:
                table[i + 1][j + 1] = table[i][j] + 1
            else:
                table[i + 1][j + 1] = max(table[i][j + 1], table[i + 1][j])
    result = []
    i = len(a)
    j = len(b)
    while i > 0 and j > 0:
        if a[i - 1] == b[j - 1]:
            result.append(a[i - 1])
            i -= 1
            j -= 1
        elif table[i - 1][j] >= table[i][j - 1]:
            i -= 1
        else:
            j -= 1
    result.reverse()
    return "".join(result)


def knapsack(weights, values, capacity):
    best = [0] * (capacity + 1)
    for k in range(len(weights)):
        w = weights[k]
        for c in range(capacity, w - 1, -1):
            best[c] = max(best[c], best[c - w] + values[k])
    return best[capacity]


def entry_point(argv):
    for a, b in [("kitten", "sitting"), ("flaw", "lawn"), ("", "abc"), ("same", "same")]:
        out(a + "/" + b + " " + str(edit_distance(a, b)) + " " + repr(lcs(a, b)))
    out(lcs("AGGTAB", "GXTXAYB"))
    out(str(knapsack([1, 3, 4, 5], [1, 4, 5, 7], 7)))
    out(str(knapsack([12, 7, 11, 8, 9], [24, 13, 23, 15, 16], 26)))
    return 0
