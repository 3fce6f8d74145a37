"""Sieve of Eratosthenes over a list of bools, repeated: list indexing in tight loops."""

import os


def sieve(limit):
    flags = [True] * (limit + 1)
    flags[0] = False
    flags[1] = False
    i = 2
    while i * i <= limit:
        if flags[i]:
            j = i * i
            while j <= limit:
                flags[j] = False
                j += i
        i += 1
    count = 0
    last = 0
    for k in range(limit + 1):
        if flags[k]:
            count += 1
            last = k
    return count * 1000003 + last


def entry_point(argv):
    limit = int(argv[1])
    checksum = 0
    for _ in range(10):
        checksum += sieve(limit)
    os.write(1, ("sieve(" + str(limit) + ") x10 = " + str(checksum) + "\n").encode("latin-1"))
    return 0
