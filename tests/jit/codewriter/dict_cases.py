"""Subset functions over dicts (every key kind the runtime has: ints, strs, instances,
tuples; word, float and bool values), list edits, `[x] * n`, tuples and unsigned
division, for the codewriter's jitcodes of them: dict_program.py runs each translated in
the blackhole interpreter against the function itself.  Each takes an int and returns
an int that sums up what it saw."""

import os

from toolchain.rlib.rarithmetic import intmask, r_uint


class Box:
    def __init__(self, value):
        self.value = value


def int_dict(n):
    d = {1: 10, n: 20}
    d[5] = n * 3
    total = d[1] + d.get(n, -1) + d.get(99, -7) + len(d)
    if 5 in d:
        total += 100
    if 6 in d:
        total += 1000
    del d[1]
    total += d.setdefault(7, 70) + d.setdefault(5, 0)
    total += d.pop(7) + d.pop(123, 4)
    for k in d:
        total = total * 3 + k
    for v in d.values():
        total = total * 5 + v
    for k, v in d.items():
        total = total * 7 + k * v
    if d:
        total += 1
    return total


def str_dict(n):
    """str keys, instance values (the ref results a lookup returns); instance keys."""
    d = {}
    names = ["a", "bb", "a" + "b", str(n)]
    for i in range(len(names)):
        d[names[i]] = Box(i * 10 + n)
    d["bb"] = Box(-1)
    total = 0
    for name in ["a", "ab", "zz", str(n), "b" + "b"]:
        box = d.get(name, None)
        if box is not None:
            total = total * 7 + box.value
        else:
            total = total * 7 + 3
    keys = d.keys()
    for k in keys:
        total += len(k)
    for k, box in d.items():
        total += len(k) * box.value
    total += d[str(n)].value * 1000
    by_box = {d["a"]: n, d["bb"]: 5}       # instance keys: by identity
    total += by_box[d["a"]] * 100000 + by_box.get(Box(n), -2) * 10 + len(by_box)
    return total


def float_dict(n):
    """float values: a double on both sides of the call (dict keys are never floats)."""
    d = {0: 1.5, n: 2.0}
    d[3] = d.get(0, 0.0) * n
    total = d.get(3, -1.0) + d.get(7, 0.25) + d[n] + d.setdefault(8, 0.125)
    if n in d:
        total += 10.0
    total += d.pop(0) + d.pop(0, 0.75)
    for v in d.values():
        total = total * 2.0 + v
    return int(total * 100) + len(d)


def bool_values(n):
    """bool values (stored as one byte by genc) read and written through words."""
    d = {}
    for i in range(n + 5):
        d[i] = i % 3 == 0
    total = 0
    for i in range(n + 7):
        if d.get(i, False):
            total = total * 2 + 1
        else:
            total = total * 2
    d[0] = False
    if not d[0]:
        total += 1000
    return total


def tuple_keys(n):
    """tuple keys (the dict's keyops come from the generated C) and tuple_new."""
    d = {(1, "x"): 5}
    d[(n, "y")] = 6
    d[(1, "x")] = d[(1, "x")] + 1
    total = d[(1, "x")] * 10 + d.get((n, "y"), 0) + d.get((n, "z"), 9) * 100
    pair = make_pair(n)
    return total * 1000 + pair[0] + int(pair[1] * 4.0) + len(pair[2])


def make_pair(n):
    return (n * 2, n * 0.5, "abc" * (n % 3))


def key_errors(n):
    """A missing key raises KeyError inside try: getitem, delitem, pop."""
    d = {1: 2}
    total = 0
    try:
        total += d[n]
    except KeyError:
        total += 100
    try:
        del d[n + 1]
    except KeyError:
        total += 1000
    try:
        total += d.pop(n)
    except KeyError:
        total += 10000
    try:
        total += 10 // (n - 3)
    except ZeroDivisionError:
        total += 100000
    try:
        total += int(7.5 / (n - 2) * 10)
    except ZeroDivisionError:
        total += 1000000
    try:
        total += int(7.5 // (n - 1.0) + 7.5 % (n - 4.0))
    except ZeroDivisionError:
        total += 10000000
    try:
        total += [5, 6, 7].index(n + 4)
    except ValueError:
        total += 100000000
    return total


def list_edits(n):
    """pop(i), del, insert (ints, refs, floats, bools), reverse, sort, extend."""
    xs = [5, 3, n, 9, 1]
    total = xs.pop(1) + xs.pop(-1) * 10
    del xs[0]
    xs.insert(0, 42)
    xs.insert(-1, n * 2)
    xs.insert(100, 7)
    xs.reverse()
    xs.extend([n, 8])
    xs.sort()
    for x in xs:
        total = total * 11 + x
    boxes = [Box(1), Box(2)]
    boxes.insert(1, Box(n))
    boxes.reverse()
    total += boxes.pop(0).value * 7 + boxes[1].value
    fs = [2.5, 0.5]
    fs.insert(1, n * 1.0)
    fs.sort()
    total += int(fs[0] * 10 + fs[2])
    bs = [True, False]
    bs.insert(0, n > 2)
    bs.reverse()
    if bs[2]:
        total += 3
    words = ["pear", "fig", str(n)]
    words.sort()
    total = total * 100 + len(words[0]) + len(words[2])
    if "2" in words:                  # in, list.index: strs, ints, refs, floats, bools
        total += 1
    total = total * 10 + words.index("pear") + xs.index(8) * 3
    if n in xs:
        total += 5
    if boxes[0] in boxes and Box(0) not in boxes:
        total += 7
    if 0.5 in fs and n * 1.0 + 0.25 not in fs:
        total += 9
    if (n > 2) in bs:
        total += 11
    return total


def repeats(n):
    """`[x] * n` of every item kind (one call makes the list), n negative too."""
    ints = [n + 7] * (n + 2)
    zeros = [0] * 3
    boxes = [Box(n)] * n
    floats = [n * 0.5] * 2
    flags = [n > 1] * 3
    nones = [None] * (n - 2)
    total = len(ints) * 1000 + ints[-1] * 100 + len(zeros) + zeros[2] + len(nones) * 7
    for b in boxes:
        total += b.value
    total += int(floats[1] * 10)
    if flags[2]:
        total += 50000
    shared = [n] * 2
    twice = shared * 3               # not a fresh one-item list: kiln_list_repeat
    return total * 10 + len(twice) + shared[0]


def unsigned(n):
    """Unsigned and float floor division and modulo."""
    a = r_uint(n) * r_uint(1000003) + r_uint(17)
    b = r_uint(n % 7 + 1)
    f = (n - 2.5) // 0.75 + (n - 2.5) % -0.75
    return (intmask(a // b) + intmask(a % b) * 3 + intmask((r_uint(0) - a) // r_uint(3))
            + int(f * 1000))


CASES = [int_dict, str_dict, float_dict, bool_values, tuple_keys, key_errors, list_edits,
         repeats, unsigned]


def entry_point(argv):
    total = 0
    for case in CASES:
        total += case(len(argv))
    os.write(1, str(total).encode())
    return 0
