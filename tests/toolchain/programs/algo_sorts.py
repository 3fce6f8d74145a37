"""Hand-written quicksort, mergesort and insertion sort agree with list.sort."""

from support import say


def insertion_sort(items):
    for i in range(1, len(items)):
        x = items[i]
        j = i - 1
        while j >= 0 and items[j] > x:
            items[j + 1] = items[j]
            j -= 1
        items[j + 1] = x


def quicksort(items, lo, hi):
    if lo >= hi:
        return
    pivot = items[(lo + hi) // 2]
    i = lo
    j = hi
    while i <= j:
        while items[i] < pivot:
            i += 1
        while items[j] > pivot:
            j -= 1
        if i <= j:
            items[i], items[j] = items[j], items[i]
            i += 1
            j -= 1
    quicksort(items, lo, j)
    quicksort(items, i, hi)


def mergesort(items):
    if len(items) <= 1:
        return items
    mid = len(items) // 2
    left = mergesort(items[:mid])
    right = mergesort(items[mid:])
    out = []
    i = 0
    j = 0
    while i < len(left) and j < len(right):
        if left[i] <= right[j]:
            out.append(left[i])
            i += 1
        else:
            out.append(right[j])
            j += 1
    out.extend(left[i:])
    out.extend(right[j:])
    return out


def same(a, b):
    if len(a) != len(b):
        return 0
    for i in range(len(a)):
        if a[i] != b[i]:
            return 0
    return 1


def entry_point(argv):
    seed = 42
    data = []
    for i in range(500):
        seed = (seed * 421 + 1663) % 7875
        data.append(seed - 4000)
    expected = data[:]
    expected.sort()
    a = data[:]
    insertion_sort(a)
    b = data[:]
    quicksort(b, 0, len(b) - 1)
    c = mergesort(data)
    say(b"insertion", same(a, expected))
    say(b"quick", same(b, expected))
    say(b"merge", same(c, expected))
    say(b"min", expected[0])
    say(b"median", expected[250])
    say(b"max", expected[-1])
    return 0
