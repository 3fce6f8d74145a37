import os


def out(s):
    os.write(1, (s + "\n").encode("latin-1"))


def show(items):
    return "[" + ", ".join([str(x) for x in items]) + "]"


class Key:
    def __init__(self, name):
        self.name = name


def pair(a, b):
    return (a, b)


def entry_point(argv):
    nums = [5, 3, 9, 1, 7]
    nums.insert(0, 10)
    nums.insert(-1, 4)
    nums.insert(100, 11)
    out(show(nums))
    nums.extend([20, 21])
    out(show(nums))
    out(str(nums.pop(0)) + " " + str(nums.pop(-1)) + " " + str(nums.index(9)))
    nums.reverse()
    out(show(nums))
    nums.sort()
    out(show(nums))
    out(show(nums[1:3]) + show(nums[:2]) + show(nums[-2:]) + show(nums[5:100]))
    out(show([0] * 4) + show([1, 2] + [3]))
    del nums[0]
    out(show(nums))
    squares = [i * i for i in range(6) if i % 2 == 0]
    out(show(squares))
    names = ["pear", "apple", "fig"]
    names.sort()
    out(", ".join(names))
    fl = [2.5, -1.0, 0.5]
    fl.sort()
    out(", ".join([str(x) for x in fl]))
    counts = {}
    for w in "a b a c b a".split():
        counts[w] = counts.get(w, 0) + 1
    for k in counts:
        out(k + "=" + str(counts[k]))
    for k, v in counts.items():
        out(k + ":" + str(v))
    out(show(counts.values()))
    out(", ".join(counts.keys()))
    del counts["b"]
    out(str(len(counts)) + str("b" in counts) + str(counts.pop("a")) + str(counts.pop("zz", -1)))
    out(str(counts.setdefault("new", 5)) + str(counts.setdefault("new", 6)))
    k1 = Key("one")
    k2 = Key("two")
    by_obj = {k1: 1, k2: 2}
    out(str(by_obj[k2]) + str(k1 in by_obj) + str(Key("one") in by_obj))
    grid = {}
    for x in range(3):
        for y in range(3):
            grid[(x, y)] = x * 10 + y
    out(str(grid[(2, 1)]) + " " + str((1, 1) in grid) + " " + str((5, 5) in grid))
    t = pair(3, "three")
    n, word = t
    out(str(n) + word + str(t[0]) + t[-1])
    out(str(pair(1, "a") == pair(1, "a")) + str(pair(1, "a") == pair(2, "a")))
    inv = {v: k for k, v in {"x": 1, "y": 2}.items()}
    out(inv[1] + inv[2])
    big = {}
    for i in range(1000):
        big[i] = i * 2
    for i in range(0, 1000, 2):
        del big[i]
    total = 0
    for k in big:
        total += big[k]
    out(str(len(big)) + " " + str(total))
    try:
        nums.index(12345)
    except ValueError:
        out("not in list")
    try:
        counts["missing"]
    except KeyError:
        out("key error")
    return 0
