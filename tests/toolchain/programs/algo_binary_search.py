"""Binary search: exact match, lower bound, and integer square root by bisection."""

from support import say


def lower_bound(items, x):
    lo = 0
    hi = len(items)
    while lo < hi:
        mid = (lo + hi) // 2
        if items[mid] < x:
            lo = mid + 1
        else:
            hi = mid
    return lo


def index_of(items, x):
    i = lower_bound(items, x)
    if i < len(items) and items[i] == x:
        return i
    return -1


def isqrt(n):
    lo = 0
    hi = 46340
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if mid * mid <= n:
            lo = mid
        else:
            hi = mid - 1
    return lo


def entry_point(argv):
    items = [i * 3 for i in range(1000)]
    for x in [0, 3, 2997, 1500, 1501, -5, 5000]:
        say(b"index", index_of(items, x))
        say(b"bound", lower_bound(items, x))
    for n in [0, 1, 15, 16, 17, 1000000, 2147395600, 2147483647]:
        say(b"isqrt", isqrt(n))
    return 0
